import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import type { MissingItem } from '../../src/letters/data.js';
import { LetterRenderer, type Language, type RenderedLetter } from '../../src/letters/render.js';

/**
 * Every shipped letter (§6), in both languages, rendered from templates/default with the data
 * its caller passes. The acknowledgement and the bounce alert have their own tests in
 * render.test.ts; the renderer's mechanics (lookup, header safety) are tested there too.
 */

/** As src/daemon/daemon.ts: the shipped templates at the package root. */
const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
const renderer = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'Europe/Amsterdam');

const LANGS: readonly Language[] = ['nl', 'en'];
const REF = 'PS-2026-0007';
const SCRIPT = '<script>alert(1)</script>';
const SCRIPT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

const CUSTOMER_LETTERS = [
  'information-request',
  'inadmissible',
  'handler-message',
  'outcome',
  'objection-received',
  'hearing-invitation',
  'decision',
  'closing',
] as const;
const INTERNAL_MAILS = ['assignment', 'command-reply', 'reminder', 'escalation', 'forged-command-alert', 'objection-notice'] as const;
type LetterName = (typeof CUSTOMER_LETTERS)[number] | (typeof INTERNAL_MAILS)[number];
const ALL_LETTERS: readonly LetterName[] = [...CUSTOMER_LETTERS, ...INTERNAL_MAILS];

type Data = Record<string, unknown>;

const tenant = { name: 'PuraSec B.V.', address: 'klachten@purasec.nl', footer: 'PuraSec B.V. · klachten@purasec.nl · +31 15 200 2193' };
// Friday 6 March 2026, 09:15 UTC = 10:15 in Amsterdam (CET).
const complaint = { reference: REF, subject: 'Rapportage pentest te laat', receivedAt: '2026-03-06T09:15:00.000Z' };
const customer = { name: 'Jan Klant', email: 'jan@klant.example' };
const contact = { name: 'Daan Bakker', email: 'daan.bakker@example.nl', phone: '+31 15 555 0201' };
const management = { name: 'Frank Mulder', phone: '+31 15 555 0200' };
// End of the local day, as the calendar computes deadlines: Thursday 30 April 2026 23:59:59.999 CEST.
const OBJECTION_UNTIL = '2026-04-30T21:59:59.999Z';
// Monday 20 April 2026, 12:30 UTC = 14:30 in Amsterdam (CEST).
const HEARING_AT = '2026-04-20T12:30:00.000Z';

/** Realistic data for each letter, as its caller builds it (queueLetter adds `tenant` and `lang`). */
function letterData(name: LetterName): Data {
  const letter = {
    tenant,
    complaint: { ...complaint, topic: complaint.subject },
    customer: { ...customer, phone: null },
    contact: { ...contact },
    alsoConcerning: [],
  };
  switch (name) {
    case 'information-request':
      return {
        ...letter,
        missing: ['contact', 'service', 'date', 'description'],
        services: ['Pentest', 'Security Operations Center', 'Vulnerability scan'],
        question: 'Om welk rapport gaat het precies?\nWilt u ook het projectnummer noemen?',
      };
    case 'inadmissible':
      return { ...letter, justification: 'Uw klacht betreft de dienstverlening van een andere leverancier.\nWij verwijzen u graag naar die partij.' };
    case 'handler-message':
      return {
        ...letter,
        body: 'Ik heb u vanochtend geprobeerd te bellen.\n\nKunt u mij terugbellen?',
        salutation: null,
        closing: null,
        handler: { name: 'Eva Visser' },
      };
    case 'outcome':
      return {
        ...letter,
        verdict: 'partly',
        body: 'Het rapport is twee weken te laat opgeleverd.\nWij crediteren 10% van het projectbedrag.',
        serviceChanges: 'Wij leggen de opleverdatum voortaan vast in de opdrachtbevestiging.',
        objection: { until: OBJECTION_UNTIL, to: 'directie@example.nl', hearing: true },
      };
    case 'objection-received':
      // Friday 10 April 2026, 08:00 UTC = 10:00 CEST.
      return {
        ...letter,
        objection: { receivedAt: '2026-04-10T08:00:00.000Z', hearing: true, decisionWithin: { count: 4, unit: 'weeks' } },
        management: { name: management.name },
      };
    case 'hearing-invitation':
      return {
        ...letter,
        hearing: { at: HEARING_AT, mode: 'office', note: null },
        management: { ...management },
        address: ['Kanaalweg 1', '2628 EB Delft'],
        decisionWithin: { count: 4, unit: 'weeks' },
      };
    case 'decision':
      return { ...letter, verdict: 'rejected', body: 'Na het gesprek op 20 april blijven wij bij ons oordeel.', management: { name: management.name } };
    case 'closing':
      return { ...letter, body: 'De creditnota is op 12 maart verstuurd.', objectionWindow: null };
    case 'assignment':
      return {
        tenant,
        person: { name: 'Daan Bakker' },
        complaint: {
          ...complaint,
          description: 'Het pentestrapport kwam twee weken te laat.\nDaardoor liep onze audit vertraging op.',
          service: 'Pentest',
          channel: 'email',
        },
        customer: { ...customer, phone: '+31 6 1234 5678' },
        deadlines: [
          { label: 'Ontvangstbevestiging', dueAt: '2026-03-10T22:59:59.999Z' },
          { label: 'Uitkomst', dueAt: '2026-03-20T22:59:59.999Z' },
        ],
        cheatSheet: {
          now: ['#antwoord — bericht aan de klant', '#notitie — interne notitie'],
          later: ['#uitkomst gegrond|deels|ongegrond — uitkomstbrief'],
        },
      };
    case 'command-reply':
      return {
        tenant,
        person: { name: 'Daan Bakker' },
        complaint: { reference: REF, subject: complaint.subject },
        ok: true,
        command: '#uitkomst deels',
        lines: ['Uitkomstbrief verstuurd aan jan@klant.example', 'Bezwaartermijn loopt tot en met 30 april 2026'],
      };
    case 'reminder':
      return {
        tenant,
        person: { name: 'Daan Bakker' },
        complaint: { ...complaint },
        deadline: { label: 'Uitkomst', dueAt: '2026-03-20T22:59:59.999Z' },
        workingDaysLeft: 2,
        next: 'Stuur de klant de uitkomst van het onderzoek.',
        commands: ['#uitkomst gegrond|deels|ongegrond', '#opvragen'],
      };
    case 'escalation':
      return {
        tenant,
        person: { name: 'Frank Mulder' },
        complaint: { ...complaint },
        deadline: { label: 'Uitkomst', dueAt: '2026-03-20T22:59:59.999Z' },
        overdueDays: 3,
        handler: { name: 'Daan Bakker' },
      };
    case 'forged-command-alert':
      return {
        tenant,
        person: { name: 'Daan Bakker' },
        complaint: { reference: REF, subject: complaint.subject },
        // Monday 9 March 2026, 10:00 UTC = 11:00 CET.
        attempt: {
          from: 'daan.bakker@example.nl',
          subject: `Re: [${REF}] #sluiten`,
          at: '2026-03-09T10:00:00.000Z',
          reason: 'no DKIM pass recorded by the trusted mail server',
        },
      };
    case 'objection-notice':
      return {
        tenant,
        person: { name: 'Frank Mulder' },
        complaint: { ...complaint },
        excerpt: 'Ik ben het niet eens met deze afhandeling.\nIk maak bezwaar.',
        until: OBJECTION_UNTIL,
      };
  }
}

function withField(data: Data, path: string, value: unknown): Data {
  const copy = structuredClone(data);
  const parts = path.split('.');
  let obj = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) obj = obj[p] as Record<string, unknown>;
  obj[parts.at(-1)!] = value;
  return copy;
}

function without(data: Data, path: string): Data {
  const copy = structuredClone(data);
  const parts = path.split('.');
  let obj = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) obj = obj[p] as Record<string, unknown>;
  delete obj[parts.at(-1)!];
  return copy;
}

/** What a reader sees of the HTML part: tags dropped, entities decoded, whitespace collapsed. */
function visible(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return (
    body
      // Inline elements join the words around them; block elements and line breaks separate.
      .replace(/<\/?(?:strong|b|em|a|span)\b[^>]*>/g, '')
      .replace(/<br\s*\/?>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&ldquo;|&rdquo;|&quot;/g, '"')
      .replace(/&nbsp;/g, ' ')
      .replace(/&ndash;/g, '–')
      .replace(/&mdash;/g, '—')
      .replace(/&bull;/g, '•')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Loose on purpose: these tests also feed data outside the contract (an unknown verdict, a missing field). */
function render(name: LetterName, lang: Language, data: Data = letterData(name)): RenderedLetter {
  return renderer.renderLoose(name, lang, data);
}

/** The phrases appear in the text part and in what the HTML part shows. */
function expectInBoth(letter: RenderedLetter, ...phrases: string[]): void {
  const text = flat(letter.text);
  const html = visible(letter.html);
  for (const phrase of phrases) {
    expect(text, `text part should contain "${phrase}"`).toContain(phrase);
    expect(html, `html part should show "${phrase}"`).toContain(phrase);
  }
}

function expectInNeither(letter: RenderedLetter, ...phrases: string[]): void {
  const text = flat(letter.text);
  const html = visible(letter.html);
  for (const phrase of phrases) {
    expect(text, `text part should not contain "${phrase}"`).not.toContain(phrase);
    expect(html, `html part should not show "${phrase}"`).not.toContain(phrase);
  }
}

describe('every letter, both languages', () => {
  for (const name of ALL_LETTERS) {
    for (const lang of LANGS) {
      it(`${name} (${lang}): a reference-tagged one-line subject, plain text, a complete HTML document`, () => {
        expect(renderer.has(name, lang)).toBe(true);
        const letter = render(name, lang);
        expect(letter.subject.startsWith(`[${REF}] `)).toBe(true);
        expect(letter.subject).not.toMatch(/[\r\n]/);
        expect(letter.subject.length).toBeGreaterThan(`[${REF}] `.length + 5);
        expect(letter.text).not.toMatch(/\r/);
        expect(letter.text.endsWith('\n')).toBe(true);
        expect(letter.text).not.toMatch(/\n\n\n/);
        expect(letter.text).not.toMatch(/<[a-z]/i);
        // No Handlebars left over, no "undefined"/"null" from a field that was not filled.
        for (const part of [letter.subject, letter.text, letter.html]) {
          expect(part).not.toMatch(/\{\{|\}\}|undefined|null|\[object Object\]|NaN/);
        }
        expect(letter.html).toContain(`<html lang="${lang}">`);
        expect(letter.html).toContain(REF);
        expect(letter.html).toContain(tenant.footer);
        expect(letter.html).not.toContain('<script');
        // Inline styles only: no style blocks or stylesheets, which Gmail and Outlook drop.
        expect(letter.html).not.toMatch(/<style|<link/i);
      });

      it(`${name} (${lang}): a missing reference throws instead of producing a half-filled letter`, () => {
        expect(() => render(name, lang, without(letterData(name), 'complaint.reference'))).toThrow(/"reference" not defined/);
      });
    }
  }

  it('customer letters are in the customer language: Dutch with "u", English with "Dear"', () => {
    for (const name of CUSTOMER_LETTERS) {
      const nl = render(name, 'nl');
      expect(nl.text.startsWith('Beste Jan Klant,\n')).toBe(true);
      expect(nl.text).toMatch(/\b(u|uw)\b/);
      expect(nl.text).not.toMatch(/\b(je|jij|jouw)\b/i);
      expect(nl.text).toContain('Met vriendelijke groet,');
      expect(nl.text).toContain(tenant.footer);
      const en = render(name, 'en');
      expect(en.text.startsWith('Dear Jan Klant,\n')).toBe(true);
      expect(en.text).toContain('Kind regards,');
      expect(en.text).not.toMatch(/Beste|Met vriendelijke groet/);
    }
  });

  it('internal mails never carry customer or forger text, or a #tag, in the subject', () => {
    // A handler replies to these mails with command tags in the subject; a tag carried over from
    // a customer's subject would run as the handler's own command.
    for (const name of INTERNAL_MAILS) {
      for (const lang of LANGS) {
        const data = withField(letterData(name), 'complaint.subject', 'Slechte dienst #sluiten #close');
        const { subject } = render(name, lang, data);
        expect(subject).not.toContain('#');
        expect(subject).not.toContain('Slechte dienst');
      }
    }
  });

  // Optional values are passed as null and tested with {{#if}}; these must be there.
  it('required fields are required', () => {
    const required: Array<[LetterName, string]> = [
      ['information-request', 'contact.name'],
      ['inadmissible', 'justification'],
      ['handler-message', 'body'],
      ['handler-message', 'handler'],
      ['outcome', 'body'],
      ['objection-received', 'management'],
      ['hearing-invitation', 'hearing.at'],
      ['hearing-invitation', 'management'],
      ['decision', 'body'],
      ['decision', 'management'],
      ['closing', 'contact'],
      ['assignment', 'complaint.description'],
      ['assignment', 'person'],
      ['command-reply', 'command'],
      ['reminder', 'next'],
      ['reminder', 'deadline.dueAt'],
      ['escalation', 'deadline.label'],
      ['forged-command-alert', 'attempt.reason'],
      ['objection-notice', 'excerpt'],
      ['objection-notice', 'until'],
    ];
    for (const [name, path] of required) {
      for (const lang of LANGS) {
        expect(() => render(name, lang, without(letterData(name), path)), `${name} (${lang}) without ${path}`).toThrow();
      }
    }
  });
});

describe('information-request', () => {
  it('lists each missing item in Dutch, the services to choose from, and the question verbatim', () => {
    const letter = render('information-request', 'nl');
    expect(letter.subject).toBe(`[${REF}] Aanvullende informatie nodig voor uw klacht: Rapportage pentest te laat`);
    expectInBoth(
      letter,
      'vrijdag 6 maart 2026',
      'uw contactgegevens',
      'op welke dienst van PuraSec B.V. uw klacht betrekking heeft',
      'Pentest',
      'Security Operations Center',
      'Vulnerability scan',
      'de datum waarop het voorval waarover u klaagt plaatsvond',
      'een beschrijving van uw klacht',
      'Daarnaast hebben wij de volgende vraag voor u:',
      'U kunt eenvoudig op deze e-mail antwoorden.',
      'Daan Bakker',
    );
    expect(letter.text).toContain('Om welk rapport gaat het precies?\nWilt u ook het projectnummer noemen?');
    expect(letter.html).toContain('white-space:pre-wrap;">Om welk rapport gaat het precies?\nWilt u ook het projectnummer noemen?</p>');
  });

  it('lists them in English', () => {
    const letter = render('information-request', 'en');
    expectInBoth(
      letter,
      'Friday 6 March 2026',
      'your contact details',
      'which service of PuraSec B.V. your complaint concerns',
      'Vulnerability scan',
      'the date on which the matter you are complaining about occurred',
      'a description of your complaint',
      'You can simply reply to this email.',
    );
  });

  it('lists only what is missing, and no service list when the catalogue is empty', () => {
    const data = { ...letterData('information-request'), missing: ['service'], services: [], question: null };
    for (const lang of LANGS) {
      const letter = render('information-request', lang, data);
      expectInNeither(
        letter,
        'contactgegevens',
        'contact details',
        'datum',
        'the date',
        'beschrijving',
        'description',
        'kiezen uit',
        'choose from',
        'vraag',
        'question',
        'Pentest',
      );
    }
    expectInBoth(render('information-request', 'nl', data), 'op welke dienst van PuraSec B.V. uw klacht betrekking heeft');
  });

  it("only the handler's question, when nothing required is missing", () => {
    const data = { ...letterData('information-request'), missing: [], question: 'Heeft u het rapport inmiddels ontvangen?' };
    const nl = render('information-request', 'nl', data);
    expectInBoth(nl, 'Wij hebben de volgende vraag voor u:', 'Heeft u het rapport inmiddels ontvangen?');
    expectInNeither(nl, 'Wilt u ons het volgende laten weten?', 'Daarnaast');
    const en = render('information-request', 'en', data);
    expectInBoth(en, 'We have the following question for you:');
    expectInNeither(en, 'Could you please let us know', 'also have');
  });

  it('an unknown missing item is an error, not an empty bullet', () => {
    const data = { ...letterData('information-request'), missing: ['contact', 'shoe size'] };
    for (const lang of LANGS) expect(() => render('information-request', lang, data)).toThrow(/missingItemMustBeContactServiceDateOrDescription/);
  });

  it('escapes the question in HTML and keeps it verbatim in text', () => {
    const data = { ...letterData('information-request'), question: SCRIPT };
    for (const lang of LANGS) {
      const letter = render('information-request', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(SCRIPT);
    }
  });
});

describe('inadmissible', () => {
  it('states that the complaint is not admissible, with the justification, and offers the contact person', () => {
    const nl = render('inadmissible', 'nl');
    expect(nl.subject).toBe(`[${REF}] Uw klacht is niet ontvankelijk: Rapportage pentest te laat`);
    expectInBoth(
      nl,
      'niet ontvankelijk',
      'Onderbouwing',
      'Uw klacht betreft de dienstverlening van een andere leverancier.',
      'De klachtenprocedure is hiermee beëindigd.',
      'Daan Bakker',
      'daan.bakker@example.nl',
      '+31 15 555 0201',
    );
    expect(nl.text).toContain('Uw klacht betreft de dienstverlening van een andere leverancier.\nWij verwijzen u graag naar die partij.');
    const en = render('inadmissible', 'en');
    expectInBoth(en, 'not admissible', 'The complaints procedure ends here.', 'Daan Bakker');
  });

  it('leaves out the phone line when the contact has none', () => {
    const data = withField(letterData('inadmissible'), 'contact.phone', null);
    expectInNeither(render('inadmissible', 'nl', data), 'Telefoon');
    expectInNeither(render('inadmissible', 'en', data), 'Phone');
    expect(render('inadmissible', 'nl', data).text).not.toMatch(/\n\n\n/);
  });

  it('escapes the justification in HTML and keeps it verbatim in text', () => {
    const data = { ...letterData('inadmissible'), justification: `Zie ${SCRIPT} & "bijlage"` };
    for (const lang of LANGS) {
      const letter = render('inadmissible', lang, data);
      expect(letter.html).toContain(`Zie ${SCRIPT_ESCAPED} &amp; &quot;bijlage&quot;`);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(`Zie ${SCRIPT} & "bijlage"`);
    }
  });
});

describe('handler-message', () => {
  it("carries the handler's message verbatim, signed by the handler", () => {
    for (const lang of LANGS) {
      const letter = render('handler-message', lang);
      expect(letter.text).toContain('Ik heb u vanochtend geprobeerd te bellen.\n\nKunt u mij terugbellen?');
      expect(letter.html).toContain('white-space:pre-wrap;">Ik heb u vanochtend geprobeerd te bellen.\n\nKunt u mij terugbellen?</p>');
      // Signed once: the name, then the footer line that carries the company's name.
      expect(letter.text).toMatch(/\n\nEva Visser\nPuraSec B\.V\. · klachten@purasec\.nl/);
      expectInBoth(letter, 'Eva Visser');
    }
    expect(render('handler-message', 'nl').subject).toBe(`[${REF}] Bericht over uw klacht: Rapportage pentest te laat`);
  });

  it('escapes the message in HTML, never compiles it, and keeps it verbatim in text', () => {
    const data = { ...letterData('handler-message'), body: `${SCRIPT}\n{{tenant.name}}` };
    for (const lang of LANGS) {
      const letter = render('handler-message', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(`${SCRIPT}\n{{tenant.name}}`);
    }
  });
});

describe('outcome', () => {
  const verdicts = [
    { verdict: 'founded', nl: 'achten deze gegrond', en: 'consider it founded', nlHeading: 'Voorgestelde oplossing', enHeading: 'Proposed solution' },
    {
      verdict: 'partly',
      nl: 'achten deze deels gegrond',
      en: 'consider it partly founded',
      nlHeading: 'Toelichting en voorgestelde oplossing',
      enHeading: 'Explanation and proposed solution',
    },
    { verdict: 'unfounded', nl: 'achten deze ongegrond', en: 'consider it unfounded', nlHeading: 'Toelichting', enHeading: 'Explanation' },
  ] as const;

  for (const v of verdicts) {
    it(`states the verdict "${v.verdict}" in the customer's language, with the solution or reasoning`, () => {
      const data = { ...letterData('outcome'), verdict: v.verdict };
      const nl = render('outcome', 'nl', data);
      expectInBoth(nl, v.nl, v.nlHeading, 'Het rapport is twee weken te laat opgeleverd.');
      const en = render('outcome', 'en', data);
      expectInBoth(en, v.en, v.enHeading, 'Het rapport is twee weken te laat opgeleverd.');
      if (v.verdict === 'unfounded') {
        // No solution is offered for an unfounded complaint: the body is the reasoning.
        expectInNeither(nl, 'oplossing');
        expectInNeither(en, 'solution');
      }
    });
  }

  it('an unknown verdict is an error, not a letter without a verdict', () => {
    for (const lang of LANGS) {
      expect(() => render('outcome', lang, { ...letterData('outcome'), verdict: 'gegrond' })).toThrow(/verdictMustBeFoundedPartlyOrUnfounded/);
    }
  });

  it('lists the changes to the service only when there are any', () => {
    expectInBoth(render('outcome', 'nl'), 'Aanpassingen in onze dienstverlening', 'Wij leggen de opleverdatum voortaan vast in de opdrachtbevestiging.');
    expectInBoth(render('outcome', 'en'), 'Changes to our service');
    const none = { ...letterData('outcome'), serviceChanges: null };
    expectInNeither(render('outcome', 'nl', none), 'Aanpassingen');
    expectInNeither(render('outcome', 'en', none), 'Changes to our service');
  });

  it('states how to object (PreAct): to the management, by email or reply, until the written-out date, then orally', () => {
    const nl = render('outcome', 'nl');
    expectInBoth(
      nl,
      'bezwaar maken',
      'directie van PuraSec B.V.',
      'uiterlijk donderdag 30 april 2026',
      'directie@example.nl',
      'of antwoord op deze e-mail',
      'mondeling toe te lichten, op afspraak of telefonisch',
    );
    expect(nl.html).toContain('href="mailto:directie@example.nl"');
    const en = render('outcome', 'en');
    expectInBoth(en, 'lodge an objection', 'no later than Thursday 30 April 2026', 'directie@example.nl', 'explain your objection orally');
  });

  it('without a hearing the decision follows in writing, and no conversation is promised', () => {
    const data = { ...letterData('outcome'), objection: { until: OBJECTION_UNTIL, to: 'directie@example.nl', hearing: false } };
    expectInBoth(
      render('outcome', 'nl', data),
      'directie@example.nl',
      'uiterlijk donderdag 30 april 2026',
      'U ontvangt daarna van de directie een schriftelijke uitspraak.',
    );
    expectInNeither(render('outcome', 'nl', data), 'mondeling');
    expectInBoth(render('outcome', 'en', data), 'The management will then send you its decision in writing.');
    expectInNeither(render('outcome', 'en', data), 'orally');
  });

  it('has no objection route when the procedure has none (PuraSec)', () => {
    const data = { ...letterData('outcome'), objection: null };
    expectInNeither(render('outcome', 'nl', data), 'bezwaar', 'directie', 'uiterlijk', '30 april');
    expectInNeither(render('outcome', 'en', data), 'objection', 'management', 'no later than', '30 April');
  });

  it('escapes the body and the service changes in HTML and keeps them verbatim in text', () => {
    const data = { ...letterData('outcome'), body: `Oplossing: ${SCRIPT}`, serviceChanges: `<img src=x onerror=alert(1)>` };
    for (const lang of LANGS) {
      const letter = render('outcome', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(letter.html).not.toMatch(/<script|<img/);
      expect(letter.text).toContain(`Oplossing: ${SCRIPT}`);
      expect(letter.text).toContain('<img src=x onerror=alert(1)>');
    }
  });
});

describe('objection-received', () => {
  it('confirms receipt with the written-out time and announces the oral explanation', () => {
    const nl = render('objection-received', 'nl');
    expect(nl.subject).toBe(`[${REF}] Ontvangstbevestiging van uw bezwaar: Rapportage pentest te laat`);
    expectInBoth(
      nl,
      'vrijdag 10 april 2026 om 10:00',
      'uw bezwaar ontvangen',
      'Frank Mulder',
      'U heeft het recht uw bezwaar mondeling toe te lichten: persoonlijk op ons kantoor of telefonisch',
      'Binnen 4 weken na dit gesprek ontvangt u van de directie een schriftelijke uitspraak.',
    );
    const en = render('objection-received', 'en');
    expectInBoth(
      en,
      'Friday 10 April 2026 at 10:00',
      'we received your objection',
      'Frank Mulder',
      'You have the right to explain your objection orally: in person at our office or by phone',
      'Within 4 weeks after this conversation, the management will send you its decision in writing.',
    );
  });
});

describe('hearing-invitation', () => {
  it('invites at the written-out date and time, at the office, with the address', () => {
    const nl = render('hearing-invitation', 'nl');
    expect(nl.subject).toBe(`[${REF}] Uitnodiging voor een gesprek over uw bezwaar op maandag 20 april 2026 om 14:30`);
    expectInBoth(
      nl,
      'maandag 20 april 2026 om 14:30',
      'ons kantoor',
      'Kanaalweg 1',
      '2628 EB Delft',
      'Frank Mulder',
      'Komt dit moment u niet goed uit? Antwoord dan op deze e-mail of bel Frank Mulder op +31 15 555 0200',
    );
    const en = render('hearing-invitation', 'en');
    expect(en.subject).toBe(`[${REF}] Invitation to discuss your objection on Monday 20 April 2026 at 14:30`);
    expectInBoth(
      en,
      'Monday 20 April 2026 at 14:30',
      'our office',
      'Kanaalweg 1',
      '2628 EB Delft',
      'If this time does not suit you, please reply to this email',
      'Within 4 weeks after this conversation, the management will send you its decision on your objection in writing.',
    );
  });

  it('by phone: the manager calls, no address', () => {
    const data = withField(letterData('hearing-invitation'), 'hearing.mode', 'phone');
    const nl = render('hearing-invitation', 'nl', data);
    expectInBoth(nl, 'Frank Mulder belt u op dat moment', 'op welk telefoonnummer');
    expectInNeither(nl, 'Kanaalweg');
    const en = render('hearing-invitation', 'en', data);
    expectInBoth(en, 'Frank Mulder will call you at that time', 'the phone number on which we can best reach you');
    expectInNeither(en, 'Kanaalweg');
  });

  it('mode open: phone or office, as the customer prefers; no manager phone, no address', () => {
    let data = withField(letterData('hearing-invitation'), 'hearing.mode', null);
    data = withField(withField(data, 'management.phone', null), 'address', null);
    const nl = render('hearing-invitation', 'nl', data);
    expectInBoth(nl, 'of op ons kantoor, wat u het beste uitkomt', 'Antwoord dan op deze e-mail, dan zoeken wij samen een ander moment');
    expectInNeither(nl, 'bel Frank Mulder', 'Adres');
    const en = render('hearing-invitation', 'en', data);
    expectInBoth(en, 'or at our office, whichever suits you best', 'please reply to this email and we will find another time');
    expectInNeither(en, 'call Frank Mulder on', 'address');
  });
});

describe('decision', () => {
  const verdicts = [
    { verdict: 'upheld', nl: 'de directie verklaart uw bezwaar gegrond', en: 'the management upholds your objection.' },
    { verdict: 'partly', nl: 'de directie verklaart uw bezwaar deels gegrond', en: 'the management upholds your objection in part' },
    { verdict: 'rejected', nl: 'de directie verklaart uw bezwaar ongegrond', en: 'the management rejects your objection' },
  ] as const;
  for (const v of verdicts) {
    it(`states the decision "${v.verdict}" with its reasons, signed for the management; final`, () => {
      const data = { ...letterData('decision'), verdict: v.verdict };
      const nl = render('decision', 'nl', data);
      expectInBoth(
        nl,
        v.nl,
        'Motivering',
        'Na het gesprek op 20 april blijven wij bij ons oordeel.',
        'klachtenprocedure van PuraSec B.V. voor uw klacht afgerond',
        'Frank Mulder namens de directie PuraSec B.V. · klachten@purasec.nl',
      );
      const en = render('decision', 'en', data);
      expectInBoth(en, v.en, 'Reasons', 'has been completed', 'Frank Mulder on behalf of the management PuraSec B.V. · klachten@purasec.nl');
    });
  }

  it('an unknown verdict is an error', () => {
    for (const lang of LANGS)
      expect(() => render('decision', lang, { ...letterData('decision'), verdict: 'founded' })).toThrow(/verdictMustBeUpheldPartlyOrRejected/);
  });

  it('escapes the reasons in HTML and keeps them verbatim in text', () => {
    const data = { ...letterData('decision'), body: SCRIPT };
    for (const lang of LANGS) {
      const letter = render('decision', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(SCRIPT);
    }
  });
});

describe('closing', () => {
  it('closes with thanks and the reference, with or without a closing note', () => {
    const nl = render('closing', 'nl');
    expect(nl.subject).toBe(`[${REF}] Uw klacht is afgesloten: Rapportage pentest te laat`);
    expectInBoth(nl, 'afgesloten onder referentie PS-2026-0007', 'Hartelijk dank', 'De creditnota is op 12 maart verstuurd.', 'vrijdag 6 maart 2026');
    expectInBoth(render('closing', 'en'), 'closed under reference PS-2026-0007', 'Thank you', 'Friday 6 March 2026');
    const bare = render('closing', 'nl', { ...letterData('closing'), body: null });
    expectInNeither(bare, 'creditnota');
    expect(bare.text).not.toMatch(/\n\n\n/);
  });

  it('escapes the note in HTML and keeps it verbatim in text', () => {
    const data = { ...letterData('closing'), body: SCRIPT };
    for (const lang of LANGS) {
      const letter = render('closing', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(SCRIPT);
    }
  });
});

describe('assignment', () => {
  it('tells the handler they are the contact person, with the complaint, a deadline table and the cheat sheet', () => {
    const nl = render('assignment', 'nl');
    expect(nl.subject).toBe(`[${REF}] Klacht aan u toegewezen`);
    expectInBoth(
      nl,
      'U bent de contactpersoon voor klacht PS-2026-0007',
      'Rapportage pentest te laat',
      'vrijdag 6 maart 2026 om 10:15',
      'e-mail',
      'Pentest',
      'Jan Klant',
      'jan@klant.example',
      '+31 6 1234 5678',
      'Het pentestrapport kwam twee weken te laat.',
      'dinsdag 10 maart 2026',
      'Ontvangstbevestiging',
      'vrijdag 20 maart 2026',
      'Uitkomst',
      'op deze e-mail en zet de opdracht in het onderwerp',
    );
    const sheet = letterData('assignment').cheatSheet as { now: string[]; later: string[] };
    for (const line of [...sheet.now, ...sheet.later]) {
      expect(nl.text).toContain(`  ${line}\n`);
      expect(nl.html).toContain(line);
    }
    // The cheat sheet is a monospace block; the deadlines a table.
    expect(nl.html).toMatch(/monospace[^>]*>\s*<strong>Nu mogelijk<\/strong><br>\s*#antwoord — bericht aan de klant<br>/);
    // One cell per deadline, the label above its date (two columns squeezed each other on a phone).
    expect(nl.html).toMatch(/<tr><td[^>]*>Ontvangstbevestiging<br><span[^>]*>dinsdag 10 maart 2026, einde van de dag<\/span><\/td><\/tr>/);

    const en = render('assignment', 'en');
    expect(en.subject).toBe(`[${REF}] Complaint assigned to you`);
    expectInBoth(
      en,
      'You are the contact person for complaint PS-2026-0007',
      'Friday 6 March 2026 at 10:15',
      'Tuesday 10 March 2026',
      'to this email and put the command in the subject',
    );
  });

  it('a phone complaint without service or customer phone', () => {
    let data = withField(letterData('assignment'), 'complaint.service', null);
    data = withField(withField(data, 'complaint.channel', 'phone'), 'customer.phone', null);
    const nl = render('assignment', 'nl', data);
    expectInBoth(nl, '(nog niet bekend)', 'telefoon');
    expectInNeither(nl, 'Telefoon:');
    expectInBoth(render('assignment', 'en', data), '(not known yet)', 'phone');
  });

  it('an empty description (a mail with only a subject) says so', () => {
    const data = withField(letterData('assignment'), 'complaint.description', '');
    expectInBoth(render('assignment', 'nl', data), 'Omschrijving (geen omschrijving)');
    expectInBoth(render('assignment', 'en', data), 'Description (no description)');
  });

  it('escapes the description and customer name in HTML and keeps them verbatim in text', () => {
    let data = withField(letterData('assignment'), 'complaint.description', SCRIPT);
    data = withField(data, 'customer.name', 'Jansen & Zn <b>');
    for (const lang of LANGS) {
      const letter = render('assignment', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).toContain('Jansen &amp; Zn &lt;b&gt;');
      expect(letter.html).not.toMatch(/<script|<b>/);
      expect(letter.text).toContain(SCRIPT);
      expect(letter.text).toContain('Jansen & Zn <b>');
    }
  });
});

describe('command-reply', () => {
  it('done: plain words in the subject, the command and what changed in the body', () => {
    const nl = render('command-reply', 'nl');
    expect(nl.subject).toBe(`[${REF}] Uitgevoerd: uw opdracht is verwerkt`);
    expectInBoth(nl, 'is uitgevoerd', '#uitkomst deels', 'Uitkomstbrief verstuurd aan jan@klant.example', 'Bezwaartermijn loopt tot en met 30 april 2026');
    expectInNeither(nl, 'niet uitgevoerd');
    const en = render('command-reply', 'en');
    expect(en.subject).toBe(`[${REF}] Done: your command has been carried out`);
    expectInBoth(en, 'has been carried out', '#uitkomst deels');
  });

  it('not done: the errors, and that nothing changed', () => {
    const data = { ...letterData('command-reply'), ok: false, command: '#uitkomts deels', lines: ['Onbekende opdracht #uitkomts; bedoelt u #uitkomst?'] };
    const nl = render('command-reply', 'nl', data);
    expect(nl.subject).toBe(`[${REF}] Niet uitgevoerd: uw opdracht is geweigerd`);
    expectInBoth(nl, 'niet uitgevoerd', '#uitkomts deels', 'Onbekende opdracht #uitkomts; bedoelt u #uitkomst?', 'Er is niets gewijzigd');
    const en = render('command-reply', 'en', data);
    expect(en.subject).toBe(`[${REF}] Not done: your command was refused`);
    expectInBoth(en, 'has not been carried out', 'Nothing has been changed');
  });

  it('never repeats the command in the subject, where a reply would run it again', () => {
    for (const lang of LANGS) {
      for (const ok of [true, false]) expect(render('command-reply', lang, { ...letterData('command-reply'), ok }).subject).not.toContain('#');
    }
  });

  it('a command without a complaint (a failed #register) has no reference', () => {
    const data = { ...letterData('command-reply'), complaint: null, ok: false, command: '#registreer', lines: ['Beschrijving ontbreekt'] };
    const letter = render('command-reply', 'nl', data);
    expect(letter.subject).toBe('Niet uitgevoerd: uw opdracht is geweigerd');
    expectInBoth(letter, 'Beschrijving ontbreekt');
  });

  it('escapes the lines in HTML and keeps them verbatim in text', () => {
    const data = { ...letterData('command-reply'), ok: false, lines: [SCRIPT] };
    for (const lang of LANGS) {
      const letter = render('command-reply', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(SCRIPT);
    }
  });
});

describe('reminder', () => {
  it('names the deadline, the written-out date, the working days left, the next step and the commands', () => {
    const nl = render('reminder', 'nl');
    expect(nl.subject).toBe(`[${REF}] Herinnering: Uitkomst uiterlijk vrijdag 20 maart 2026`);
    expectInBoth(
      nl,
      '"Uitkomst"',
      'vrijdag 20 maart 2026',
      'nog 2 werkdagen',
      'Stuur de klant de uitkomst van het onderzoek.',
      '#uitkomst gegrond|deels|ongegrond',
      '#opvragen',
    );
    const en = render('reminder', 'en');
    expect(en.subject).toBe(`[${REF}] Reminder: Uitkomst due Friday 20 March 2026`);
    expectInBoth(en, 'Friday 20 March 2026', '2 working days from now');
  });

  it('says "today" and "1 working day"', () => {
    expectInBoth(render('reminder', 'nl', { ...letterData('reminder'), workingDaysLeft: 0 }), 'Dat is vandaag.');
    expectInBoth(render('reminder', 'en', { ...letterData('reminder'), workingDaysLeft: 0 }), 'That is today.');
    expectInBoth(render('reminder', 'nl', { ...letterData('reminder'), workingDaysLeft: 1 }), 'nog 1 werkdag.');
    expectInBoth(render('reminder', 'en', { ...letterData('reminder'), workingDaysLeft: 1 }), '1 working day from now');
  });
});

describe('escalation', () => {
  it('names the missed deadline, how late, and the contact person', () => {
    const nl = render('escalation', 'nl');
    expect(nl.subject).toBe(`[${REF}] Termijn verstreken: Uitkomst`);
    expectInBoth(nl, 'verstreken', 'vrijdag 20 maart 2026', '3 dagen geleden', 'Contactpersoon', 'Daan Bakker', '#toewijzen NAAM');
    const en = render('escalation', 'en');
    expect(en.subject).toBe(`[${REF}] Deadline missed: Uitkomst`);
    expectInBoth(en, 'has passed', 'Friday 20 March 2026', '3 days ago', 'Daan Bakker', '#assign NAME');
  });

  it('says so when no contact person is assigned', () => {
    const data = { ...letterData('escalation'), handler: null, overdueDays: 1 };
    const nl = render('escalation', 'nl', data);
    expectInBoth(nl, 'er is nog geen contactpersoon toegewezen', '1 dag geleden');
    expectInNeither(nl, 'Daan Bakker');
    expectInBoth(render('escalation', 'en', data), 'no contact person has been assigned', '1 day ago');
  });
});

describe('forged-command-alert', () => {
  it('tells the real person a command in their name was refused, with the attempt', () => {
    const nl = render('forged-command-alert', 'nl');
    expect(nl.subject).toBe(`[${REF}] Geweigerd: opdracht op uw naam door onbekende afzender`);
    expectInBoth(
      nl,
      'geweigerd en niet uitgevoerd',
      'maandag 9 maart 2026 om 11:00',
      'daan.bakker@example.nl',
      `Re: [${REF}] #sluiten`,
      'no DKIM pass recorded by the trusted mail server',
      'Er is niets gewijzigd',
    );
    const en = render('forged-command-alert', 'en');
    expect(en.subject).toBe(`[${REF}] Refused: a command in your name from an unverified sender`);
    expectInBoth(en, 'refused and not carried out', 'Monday 9 March 2026 at 11:00', 'Nothing has been changed');
  });

  it("escapes the forger's subject and address in HTML; never puts them in the subject", () => {
    const data = withField(withField(letterData('forged-command-alert'), 'attempt.subject', `#sluiten ${SCRIPT}`), 'attempt.from', '"<x>" <evil@example.com>');
    for (const lang of LANGS) {
      const letter = render('forged-command-alert', lang, data);
      expect(letter.subject).not.toMatch(/#|script|evil/);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).toContain('&quot;&lt;x&gt;&quot; &lt;evil@example.com&gt;');
      expect(letter.html).not.toMatch(/<script|<x>|<evil/);
      expect(letter.text).toContain(`#sluiten ${SCRIPT}`);
    }
  });

  it('an attempt on no known complaint has no reference', () => {
    const letter = render('forged-command-alert', 'en', { ...letterData('forged-command-alert'), complaint: null });
    expect(letter.subject).toBe('Refused: a command in your name from an unverified sender');
  });
});

describe('objection-notice', () => {
  it('shows the excerpt and the window end, and asks to confirm with the tag of the language', () => {
    const nl = render('objection-notice', 'nl');
    expect(nl.subject).toBe(`[${REF}] Mogelijk bezwaar van de klant: bevestigen?`);
    expectInBoth(nl, 'Ik ben het niet eens met deze afhandeling.', 'donderdag 30 april 2026', '#bezwaar', 'hoeft u niets te doen');
    expect(nl.text).toContain('Ik ben het niet eens met deze afhandeling.\nIk maak bezwaar.');
    expect(flat(nl.text)).not.toContain('#objection');
    const en = render('objection-notice', 'en');
    expectInBoth(en, 'Thursday 30 April 2026', '#objection', 'you do not need to do anything');
    expect(flat(en.text)).not.toContain('#bezwaar');
  });

  it('escapes the excerpt in HTML and keeps it verbatim in text', () => {
    const data = { ...letterData('objection-notice'), excerpt: SCRIPT };
    for (const lang of LANGS) {
      const letter = render('objection-notice', lang, data);
      expect(letter.html).toContain(SCRIPT_ESCAPED);
      expect(letter.html).not.toContain('<script');
      expect(letter.text).toContain(SCRIPT);
    }
  });
});

describe('auto-reply-hold: the circuit breaker tells the managers (not about one complaint)', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`${lang}: says how many, the limit, since when, and the two commands`, () => {
      const r = renderer.render('auto-reply-hold', lang, {
        tenant,
        person: { name: 'Frank Mulder' },
        hold: { count: 31, limit: 30, since: HEARING_AT, tenantId: 'purasec' },
      });
      expect(r.subject).toContain('30');
      expect(r.text).toContain('31');
      expect(r.text).toContain('complaintdesk outbox release --tenant purasec');
      expect(r.text).toContain('complaintdesk outbox --status held --tenant purasec');
      expect(r.text).toContain(lang === 'nl' ? '20 april 2026' : '20 April 2026');
      expect(r.html).toContain('<code>complaintdesk outbox release --tenant purasec</code>');
    });
  }
});

describe('acknowledgement: folded information request and collapsed letters', () => {
  const base = { tenant, complaint: { ...complaint, topic: complaint.subject }, customer: { ...customer, phone: null }, contact: { ...contact } };
  const information = { missing: ['service', 'date'] as MissingItem[], question: null, services: ['Pentest', 'Vulnerability scan'] };
  const alsoConcerning = [
    { reference: 'PS-2026-0003', subject: `Eerdere klacht ${SCRIPT}` },
    { reference: 'PS-2026-0005', subject: 'Nog een' },
  ];
  it('nl: confirms receipt and asks for what is missing in one letter', () => {
    const r = renderer.render('acknowledgement', 'nl', { ...base, information, alsoConcerning: [] });
    expect(r.text).toContain('Wij hebben uw klacht over "Rapportage pentest te laat" ontvangen');
    expect(r.text).toContain('op welke dienst van PuraSec B.V.');
    expect(r.text).toContain('· Vulnerability scan');
    expect(r.text).toContain('de datum waarop het voorval');
    expect(r.text).not.toContain('een beschrijving van uw klacht');
    expect(r.html).toContain('Wilt u ons het volgende laten weten?');
  });
  it('en: the same in English', () => {
    const r = renderer.render('acknowledgement', 'en', { ...base, information, alsoConcerning: [] });
    expect(r.text).toContain('which service of PuraSec B.V.');
    expect(r.text).toContain('the date on which');
  });
  it('without missing information the letter asks nothing', () => {
    const r = renderer.render('acknowledgement', 'nl', { ...base, information: null, alsoConcerning: [] });
    expect(r.text).not.toContain('informatie van u nodig');
    expect(r.text).not.toContain('andere berichten');
  });
  for (const lang of ['nl', 'en'] as const) {
    it(`${lang}: a collapsed letter lists the other complaints, escaped in HTML`, () => {
      const r = renderer.render('acknowledgement', lang, { ...base, information: null, alsoConcerning });
      expect(r.text).toContain('PS-2026-0003');
      expect(r.text).toContain('PS-2026-0005');
      expect(r.text).toContain(SCRIPT);
      expect(r.html).toContain(SCRIPT_ESCAPED);
      expect(r.html).not.toContain(SCRIPT);
      const info = renderer.renderLoose('information-request', lang, { ...letterData('information-request'), alsoConcerning });
      expect(info.text).toContain('PS-2026-0005');
    });
  }
});
