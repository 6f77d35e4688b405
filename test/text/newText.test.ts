import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPhone, splitReply } from '../../src/text/newText.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/text/${name}`, import.meta.url), 'utf8');

interface Case {
  file: string;
  newText: string;
  signature: string;
  /** How the quoted part starts; '' when there is none. */
  quotedStart: string;
}

const CASES: Case[] = [
  {
    file: 'outlook-nl-reply.txt',
    newText:
      'Beste mevrouw De Vries,\n\nDank voor uw reactie. De installatie is op 3 november niet uitgevoerd, terwijl dat wel zo was afgesproken.\n' +
      'Ik verwacht uiterlijk vrijdag een voorstel voor een nieuwe afspraak.',
    signature:
      'Met vriendelijke groet,\n\nPieter Bakker\nFacilitair manager\nBakker Logistiek B.V.\nT +31 (0)15 200 2193\nM 06-12345678\nwww.bakkerlogistiek.nl',
    quotedStart: 'Van: PuraSec Klachten <klachten@purasec.nl>\nVerzonden: maandag 3 november 2026 10:00\n',
  },
  {
    file: 'outlook-en-original-message.txt', // CRLF line ends
    newText: 'Hi,\n\nThe report you sent is still missing the findings for the second web server.\nCan you send the complete version?',
    signature: 'Regards,\nMark Jansen\nIT Manager | Example Corp\nTel: +44 20 7946 0958',
    quotedStart: '-----Original Message-----\nFrom: PuraSec Complaints',
  },
  {
    file: 'outlook-en-underscore.txt',
    newText: 'Thank you for the quick response. Friday 14:00 works for us; please call the main number.',
    signature: 'Kind regards,\n\nJohn Smith\nOperations Director',
    quotedStart: '________________________________\nFrom: PreAct Software',
  },
  {
    file: 'gmail-outlook-bold-forward.txt',
    newText: 'Please register this one, the customer called me about it yesterday.',
    signature: '',
    quotedStart: '*From:* Karin Visser <karin@example.nl>\n*Sent:*',
  },
  {
    file: 'outlook-oorspronkelijk.txt',
    newText: "Goedemiddag,\n\nBijgaand de foto's van de schade aan de deur.",
    signature: 'Mvg,\nSandra',
    quotedStart: '-----Oorspronkelijk bericht-----\nVan:',
  },
  {
    file: 'outlook-ios.txt',
    newText: 'Yes, go ahead with the replacement.',
    signature: 'Get Outlook for iOS<https://aka.ms/o0ukef>',
    quotedStart: '________________________________\nFrom: PuraSec Complaints',
  },
  {
    file: 'outlook-mac-en.txt',
    newText: 'The engineer arrived two hours late again today.',
    signature: '',
    quotedStart: 'From: PuraSec Complaints <klachten@purasec.nl>\nDate: Monday',
  },
  {
    file: 'outlook-web-nl.txt',
    newText: 'Hallo,\n\nIk heb de gevraagde gegevens hieronder ingevuld:\n- Dienst: beveiligingsonderzoek\n- Datum: 28 oktober 2026',
    signature: 'Met vriendelijke groeten,\nMr. J. (Joost) van den Berg\nAdvocaat\n\nOutlook voor iOS downloaden<https://aka.ms/o0ukef>',
    quotedStart: '________________________________\nVan: PuraSec Klachten',
  },
  {
    file: 'gmail-en-reply.txt',
    newText: "Thanks, that solves it for me. I'm happy with the proposed credit note.",
    signature: '',
    quotedStart: 'On Mon, 3 Nov 2026 at 10:00, PreAct Software <info@preact-software.nl> wrote:\n> Dear Ms Brown,',
  },
  {
    file: 'gmail-en-wrapped.txt',
    newText: 'I still have not received the outcome letter that was promised within three weeks.',
    signature: 'Best regards,\nEmma Brown',
    quotedStart: 'On Mon, 3 Nov 2026 at 10:00, PreAct Software Klachtenafhandeling <info@preact-software.nl>\nwrote:\n> Dear',
  },
  {
    file: 'gmail-nl-wrapped.txt',
    newText: 'Ik ben het niet eens met de uitkomst en maak hierbij bezwaar.\nDe monteur is aantoonbaar niet langs geweest.',
    signature: 'Groet,\nErik',
    quotedStart: 'Op ma 3 nov 2026 om 10:00 schreef PreAct Software Klachtenafhandeling <\ninfo@preact-software.nl>:\n> Geachte',
  },
  {
    file: 'apple-nl-unmarked.txt',
    newText: 'Prima, dank u wel. Dinsdag om 10:00 kan ik.',
    signature: 'Verstuurd vanaf mijn iPad',
    quotedStart: 'Op 3 nov. 2026, om 10:00 heeft PuraSec Klachten <klachten@purasec.nl> het volgende geschreven:\n\nGeachte mevrouw Smit,',
  },
  {
    file: 'apple-en-iphone.txt', // CRLF line ends
    newText: 'See the attached photos of the broken lock.',
    signature: 'Sent from my iPhone',
    quotedStart: '> On 3 Nov 2026, at 10:00, PuraSec Complaints <klachten@purasec.nl> wrote:\n>\n> Dear Mr Taylor,',
  },
  {
    file: 'iphone-nl.txt',
    newText: 'Nee, ik heb nog niets gehoord van de monteur.',
    signature: 'Verzonden vanaf mijn iPhone',
    quotedStart: '> Op 3 nov. 2026 om 10:00 heeft PuraSec Klachten',
  },
  {
    file: 'forward-apple-nl.txt',
    newText: 'Ter info: onderstaande klacht kwam binnen op mijn eigen adres. Graag registreren.',
    signature: '',
    quotedStart: 'Begin doorgestuurd bericht:\n\nVan: Klaas de Boer',
  },
  {
    file: 'forward-apple-en.txt',
    newText: 'Another one for the complaints desk.',
    signature: '',
    quotedStart: 'Begin forwarded message:\n\nFrom: Tom White',
  },
  {
    file: 'forward-gmail-en.txt',
    newText: 'FYI - customer called about this as well, please treat as a complaint.',
    signature: '',
    quotedStart: '---------- Forwarded message ---------\nFrom: Lisa Green',
  },
  {
    file: 'forward-gmail-nl.txt',
    newText: '',
    signature: '',
    quotedStart: '---------- Doorgestuurd bericht ---------\nVan: Lisa de Groot',
  },
  {
    file: 'rfc3676-bottom-post.txt',
    newText: 'Yes, since this morning.\n\nNo, not yet.',
    signature: '--\nJan Jansen\nExample B.V. | +31 6 1234 5678',
    quotedStart: 'Jan Jansen <jan@example.nl> wrote:\n> Is the issue with the VPN resolved?\n\n> And did you receive the report?',
  },
  {
    file: 'closing-mid-text.txt',
    newText:
      'Hierbij mijn klacht over de storing van vorige week.\n\nBedankt!\n\n' +
      'Ik wil er nog aan toevoegen dat de monteur drie keer te laat kwam en dat niemand mij daarover heeft geïnformeerd, ondanks mijn herhaalde verzoeken per telefoon en per e-mail.\n\n' +
      'Daarnaast is de factuur twee keer verstuurd, met verschillende bedragen. Ik verwacht dat u dit rechtzet.',
    signature: 'Groet,\nAnna',
    quotedStart: '',
  },
  {
    file: 'new-complaint-nl.txt', // CRLF line ends, with a disclaimer
    newText:
      'Geachte heer, mevrouw,\n\nOp 28 oktober is bij ons een penetratietest uitgevoerd. Het rapport is nog steeds niet ontvangen, terwijl dit binnen vijf werkdagen was toegezegd.\n' +
      'Ik wil hierover een formele klacht indienen.',
    signature:
      'Met vriendelijke groeten,\n\nJ. de Vries\nDirecteur\nDe Vries Advies\nMolengraaffsingel 10\n2629 JD Delft\n015-2002193\n\n' +
      'Dit e-mailbericht is uitsluitend bestemd voor de geadresseerde(n). Als u dit bericht onterecht ontvangt, wordt u verzocht de inhoud niet te gebruiken en de afzender direct te informeren door het bericht te retourneren.',
    quotedStart: '',
  },
  {
    file: 'name-on-closing-line.txt',
    newText: 'Please call me back about the cancelled audit.',
    signature: 'Kind regards, John Smith',
    quotedStart: '',
  },
];

describe('splitReply on client fixtures', () => {
  it.each(CASES)('$file', ({ file, newText, signature, quotedStart }) => {
    const parts = splitReply(fixture(file));
    expect(parts.newText).toBe(newText);
    expect(parts.signature).toBe(signature);
    if (quotedStart === '') expect(parts.quoted).toBe('');
    else expect(parts.quoted.startsWith(quotedStart), parts.quoted).toBe(true);
    expect(`${parts.newText}${parts.quoted}${parts.signature}`).not.toContain('\r');
  });

  it('keeps the whole quoted history, to its last line', () => {
    expect(splitReply(fixture('outlook-nl-reply.txt')).quoted.endsWith('Met vriendelijke groet,\nPuraSec B.V.')).toBe(true);
    expect(splitReply(fixture('forward-gmail-en.txt')).quoted.endsWith('Nobody showed up this morning.')).toBe(true);
  });
});

describe('splitReply edge cases', () => {
  it('handles empty and quote-only bodies', () => {
    expect(splitReply('')).toEqual({ newText: '', quoted: '', signature: '' });
    expect(splitReply('> only\n> quoted\n')).toEqual({ newText: '', quoted: '> only\n> quoted', signature: '' });
  });

  it('normalises CR and CRLF line ends', () => {
    expect(splitReply('Line one\r\nLine two\rLine three\r\n').newText).toBe('Line one\nLine two\nLine three');
  });

  it('keeps interleaved answers in order', () => {
    const text = 'Hello,\n\n> Question one?\nAnswer one.\n> Question two?\nAnswer two.\n';
    expect(splitReply(text)).toEqual({
      newText: 'Hello,\n\nAnswer one.\n\nAnswer two.',
      quoted: '> Question one?\n\n> Question two?',
      signature: '',
    });
  });

  it('does not take a sentence ending in "wrote:" for an attribution without a date or "> " block', () => {
    const text = 'On Monday the manager wrote:\nwe will come back to you.\n\nThat never happened.';
    expect(splitReply(text).newText).toBe(text);
  });

  it('finds a header block in Apple Mail order without a forward line', () => {
    const text =
      'Zie hieronder.\n\nVan: Klaas de Boer <klaas@example.nl>\nOnderwerp: Klacht\nDatum: 3 november 2026 om 09:15:22 CET\n' +
      'Aan: Handler One <h1@example.nl>\n\nDe factuur klopt niet.';
    expect(splitReply(text).newText).toBe('Zie hieronder.');
    expect(splitReply(text).quoted.endsWith('De factuur klopt niet.')).toBe(true);
  });

  it('finds an Outlook header block with a wrapped recipient list and Cc', () => {
    const text =
      'Akkoord.\n\nFrom: Jan <jan@example.nl>\nSent: 03 November 2026 10:00\nTo: A <a@example.nl>; B <b@example.nl>;\n' +
      'C <c@example.nl>\nCc: D <d@example.nl>\nSubject: RE: [PS-2026-0007] Planning\n\nTekst';
    expect(splitReply(text).newText).toBe('Akkoord.');
  });

  it('does not take a "Van:" line in the body for an Outlook header block', () => {
    const text = 'Van: de klant kreeg ik gisteren een foto.\nAan de hand daarvan is de schade duidelijk.\nGraag actie.';
    expect(splitReply(text).newText).toBe(text);
  });

  it('leaves a closing in the middle of the text alone when prose follows', () => {
    const text = 'Kind regards,\nJohn\n\nPS: I forgot to mention that the engineer also damaged the wall next to the door when he left.';
    expect(splitReply(text)).toEqual({ newText: text, quoted: '', signature: '' });
  });

  it('does not take "Thanks, I will ..." for a closing with a name', () => {
    const text = 'Thanks, I will call you tomorrow.';
    expect(splitReply(text).newText).toBe(text);
    expect(splitReply('Thanks. The invoice is still wrong.').signature).toBe('');
  });

  it('does not cut at a closing that has nothing after it', () => {
    expect(splitReply('Please fix this.\n\nThank you').newText).toBe('Please fix this.\n\nThank you');
  });

  it('does not take a long block after "-- " for a signature', () => {
    const text = `Intro\n-- \n${Array.from({ length: 40 }, (_, i) => `point ${i}`).join('\n')}`;
    expect(splitReply(text).signature).toBe('');
  });

  it('treats "Sent from my iPhone" followed by long text as body', () => {
    const text = `Sent from my iPhone, sorry for typos.\n${'More text here.\n'.repeat(20)}`;
    expect(splitReply(text).signature).toBe('');
  });

  it('stays linear on hostile input', () => {
    const many = 'Thanks,\n--\nOn 3 Nov 2026 wrote\nFrom: x\n'.repeat(50_000);
    const parts = splitReply(many);
    expect(parts.newText.length).toBeGreaterThan(0);
    const longLine = 'On '.repeat(300_000);
    expect(splitReply(longLine).newText).toBe(longLine.trim());
  });
});

describe('extractPhone', () => {
  it.each([
    ['T +31 6 1234 5678', '+31 6 1234 5678'],
    ['Mobiel: 06-12345678', '06-12345678'],
    ['Telefoon 015-2002193 (ma-vr)', '015-2002193'],
    ['+31 (0)15 200 2193', '+31 (0)15 200 2193'],
    ['tel. 0031 15 2002193', '0031 15 2002193'],
    ['Phone: +44 20 7946 0958', '+44 20 7946 0958'],
    ['Bel gratis 0800-1234', '0800-1234'],
    ['(015) 200 21 93', '(015) 200 21 93'],
    ['06 12 34 56 78', '06 12 34 56 78'],
    ['+31\u00A06\u00A012345678', '+31 6 12345678'],
  ])('finds %s', (text, phone) => {
    expect(extractPhone(text)).toBe(phone);
  });

  it('takes the first of two numbers written next to each other', () => {
    expect(extractPhone('015-2002193  06-12345678')).toBe('015-2002193');
  });

  it('skips fax numbers', () => {
    expect(extractPhone('F +31 15 200 2194\nT +31 15 200 2193')).toBe('+31 15 200 2193');
    expect(extractPhone('Fax: 015-2002194')).toBeNull();
  });

  it('ignores dates, IBANs, KvK numbers, references and short numbers', () => {
    expect(extractPhone('Datum: 03-11-2026 10:00')).toBeNull();
    expect(extractPhone('op 01.02.2026 10 uur')).toBeNull();
    expect(extractPhone('IBAN NL91ABNA0417164300')).toBeNull();
    expect(extractPhone('KvK 27312345, factuur 2026-0001')).toBeNull();
    expect(extractPhone('[PS-2026-0007]')).toBeNull();
    expect(extractPhone('Postcode 2629 JD, huisnummer 10')).toBeNull();
    expect(extractPhone('ordernummer 061234567890123')).toBeNull();
    expect(extractPhone('')).toBeNull();
  });

  it('reads the phone from a split signature', () => {
    expect(extractPhone(splitReply(fixture('outlook-nl-reply.txt')).signature)).toBe('+31 (0)15 200 2193');
    expect(extractPhone(splitReply(fixture('new-complaint-nl.txt')).signature)).toBe('015-2002193');
  });
});
