// Generated complaint mails for the benchmark: Dutch and English, 1–20 KB, some with an
// attachment, some with an HTML alternative, each with its own Message-ID and customer. The
// same (seed, index) always gives the same mail, so runs are comparable.
import MailComposer from 'nodemailer/lib/mail-composer';

export interface GeneratedMail {
  raw: Buffer;
  /** Without angle brackets, as the store keeps it. */
  messageId: string;
  from: string;
  language: 'nl' | 'en';
  hasAttachment: boolean;
  hasHtml: boolean;
}

const COMPLAINTS_ADDRESS = 'klachten@purasec.nl';
/** Aimed-for sizes; with the fit tolerance every mail lands within 1–20 KB. */
const TARGET_MIN_BYTES = 1_400;
const TARGET_MAX_BYTES = 19_800;
const FIT_TOLERANCE_BYTES = 300;
const FIT_ATTEMPTS = 4;
/** Of the mails aimed over 4 KB (about 60 % of them), this share has an attachment: ≈ 25 % of all. */
const ATTACHMENT_SHARE_OF_LARGE = 0.42;
const ATTACHMENT_MIN_BYTES = 4 * 1024;
const HTML_SHARE = 0.4;
/** base64 plus its line breaks: 76 characters + CRLF per 57 bytes. */
const BASE64_GROWTH = 78 / 57;
/** Headers and MIME boundaries of a typical generated mail, bytes. */
const OVERHEAD_BYTES = 900;

/** mulberry32: tiny, fast, good enough to vary test data reproducibly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Jan', 'Sanne', 'Pieter', 'Fatima', 'Kees', 'Lotte', 'Mohamed', 'Anouk', 'Sarah', 'Tom', 'Emily', 'Daniel', 'Ingrid', 'Ruben', 'Noor', 'Olivia'];
const LAST = [
  'de Jong',
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'El Amrani',
  'Visser',
  'Smit',
  'Miller',
  'Brown',
  'Meijer',
  'de Boer',
  'Mulder',
  'Wilson',
  'Hendriks',
  'Yilmaz',
];
const DOMAINS = [
  'ziggo.example',
  'kpnmail.example',
  'hotmail.example',
  'bakkerij-dejong.example',
  'transport-visser.example',
  'acme-logistics.example',
  'gemeente-voorbeeld.example',
];

interface LanguagePool {
  subjects: string[];
  greetings: string[];
  paragraphs: string[];
  closings: string[];
  quoteIntro: (name: string) => string;
  attachmentNames: string[];
}

const NL: LanguagePool = {
  subjects: [
    'Klacht over de rapportage van de pentest',
    'Klacht: factuur klopt niet',
    'Ontevreden over de afhandeling van mijn melding',
    'Beveiligingsscan veel te laat opgeleverd',
    'Klacht over het gedrag van een medewerker tijdens de audit',
    'Formele klacht over de dienstverlening',
    'Nog steeds geen reactie op mijn vraag',
  ],
  greetings: ['Geachte heer/mevrouw,', 'Beste PuraSec,', 'Goedemiddag,', 'Geachte klachtenafdeling,'],
  paragraphs: [
    'Op 3 november hebben wij een penetratietest laten uitvoeren op onze webapplicatie. Er was afgesproken dat wij binnen tien werkdagen de rapportage zouden ontvangen, maar tot op heden hebben wij niets ontvangen.',
    'Ik heb meerdere keren gebeld en ben telkens doorverbonden met iemand die niet op de hoogte was. Dat vind ik onprofessioneel, zeker voor een bedrijf dat zich op beveiliging richt.',
    'De factuur die wij op 12 november ontvingen bevat twee keer dezelfde post voor de nacontrole. Wij verzoeken u dit te corrigeren en een creditnota te sturen.',
    'Tijdens de audit op locatie is een van uw medewerkers zonder afspraak de serverruimte binnengegaan. Onze facilitair manager heeft dit gemeld, maar er is niets mee gedaan.',
    'De bevindingen in het rapport zijn onvolledig: de kwetsbaarheden in de API worden genoemd, maar zonder uitleg over de ernst of een advies voor herstel.',
    'Wij zijn al vier jaar klant en waren altijd tevreden, maar de laatste maanden gaat de communicatie steeds vaker mis. Ik hoop dat u dit serieus oppakt.',
    'Graag ontvang ik binnen een week een reactie met een voorstel hoe u dit gaat oplossen. Ik ben telefonisch bereikbaar op werkdagen tussen 9 en 17 uur.',
    'In de bijlage vindt u de correspondentie tot nu toe en een schermafdruk van de foutmelding die wij na de scan kregen.',
  ],
  closings: ['Met vriendelijke groet,', 'Vriendelijke groeten,', 'Met vriendelijke groet en alvast bedankt,'],
  quoteIntro: (name) => `Op 10 nov. 2026 om 14:02 schreef ${name}:`,
  attachmentNames: ['factuur-2026-1187.pdf', 'schermafdruk-foutmelding.png', 'correspondentie.pdf', 'logboek-scan.csv'],
};

const EN: LanguagePool = {
  subjects: [
    'Complaint about the penetration test report',
    'Invoice dispute: we were charged twice',
    'Unhappy with how my ticket was handled',
    'Security scan delivered far too late',
    'Complaint about a consultant during the audit',
    'Formal complaint about your service',
  ],
  greetings: ['Dear Sir or Madam,', 'Dear PuraSec team,', 'Hello,', 'Dear complaints department,'],
  paragraphs: [
    'On 3 November you carried out a penetration test of our web application. We agreed that the report would be delivered within ten working days, yet we still have not received it.',
    'I have called several times and was passed on to colleagues who did not know about our case. For a security company this is simply not good enough.',
    'The invoice we received on 12 November lists the retest twice. Please correct this and send us a credit note for the duplicate line.',
    'During the on-site audit one of your consultants entered our server room without an appointment. Our facility manager reported this, but nothing was done about it.',
    'The findings in the report are incomplete: the API vulnerabilities are listed, but there is no assessment of their severity and no remediation advice.',
    'We have been a customer for four years and were always satisfied, but lately communication keeps going wrong. I trust you will take this seriously.',
    'I would like to receive a reply within a week with a proposal for resolving this. I can be reached by phone on working days between 9 am and 5 pm.',
    'Please find attached our correspondence so far and a screenshot of the error we got after the scan.',
  ],
  closings: ['Kind regards,', 'Best regards,', 'Yours faithfully,'],
  quoteIntro: (name) => `On Tue, 10 Nov 2026 at 14:02, ${name} wrote:`,
  attachmentNames: ['invoice-2026-1187.pdf', 'screenshot-error.png', 'correspondence.pdf', 'scan-log.csv'],
};

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function shuffled<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/**
 * What the customer writes (up to four paragraphs), the signature, then quoted history until the
 * text reaches `targetChars`, as a reply in a real thread looks.
 */
function bodyText(rand: () => number, pool: LanguagePool, name: string, targetChars: number): string {
  const parts = [pick(rand, pool.greetings), ''];
  let length = 0;
  // Four different paragraphs of the customer's own, then quotes of anything.
  const own = shuffled(rand, pool.paragraphs);
  for (let i = 0; i < 4 && length < targetChars; i++) {
    const para = own[i]!;
    parts.push(para, '');
    length += para.length + 2;
  }
  parts.push(pick(rand, pool.closings), name, `Tel. 06-${String(10_000_000 + Math.floor(rand() * 89_999_999))}`);
  if (length < targetChars) parts.push('', pool.quoteIntro('PuraSec Service Desk <service@purasec.nl>'));
  while (length < targetChars) {
    const para = `> ${pick(rand, pool.paragraphs)}`;
    parts.push(para, '>');
    length += para.length + 3;
  }
  return parts.join('\n');
}

function html(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paras = escaped.split('\n\n').map((p) => `<p style="font-family:Calibri,sans-serif;font-size:11pt">${p.replace(/\n/g, '<br>')}</p>`);
  return `<html><head><meta charset="utf-8"></head><body>${paras.join('\n')}</body></html>`;
}

function attachmentBytes(rand: () => number, name: string, size: number): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = Math.floor(rand() * 256);
  const magic = name.endsWith('.pdf') ? '%PDF-1.7\n' : name.endsWith('.png') ? '\x89PNG\r\n\x1a\n' : 'datum;tijd;bron;melding\n';
  buf.write(magic, 0, 'latin1');
  return buf;
}

/**
 * Mail `index` of a run; `tag` keeps Message-IDs and senders apart between batches (bulk load,
 * latency samples) so none is taken for a duplicate or throttled as a repeat sender.
 */
export async function generateMail(index: number, tag: string, seed = 20_261_116): Promise<GeneratedMail> {
  const rand = rng(seed ^ Math.imul(index + 1, 0x9e3779b1) ^ hash(tag));
  const language = rand() < 0.6 ? 'nl' : 'en';
  const pool = language === 'nl' ? NL : EN;
  const first = pick(rand, FIRST);
  const last = pick(rand, LAST);
  const name = `${first} ${last}`;
  // One customer per mail: a per-sender reply limit must not decide what is measured.
  const from = `${first}.${last.replace(/\s+/g, '')}.${tag}${index}@${pick(rand, DOMAINS)}`.toLowerCase();
  const messageId = `${tag}-${index}.${Math.floor(rand() * 1e9).toString(36)}@${from.split('@')[1]}`;

  // Log-uniform within 1–20 KB (with a margin for the fit below): mostly short mails, a tail of
  // long ones, as in a real inbox.
  const target = Math.round(TARGET_MIN_BYTES * Math.pow(TARGET_MAX_BYTES / TARGET_MIN_BYTES, rand()));
  const hasHtml = rand() < HTML_SHARE;
  const hasAttachment = target > ATTACHMENT_MIN_BYTES && rand() < ATTACHMENT_SHARE_OF_LARGE;
  const attachmentSize = hasAttachment ? Math.floor(((target - OVERHEAD_BYTES) * (0.4 + 0.3 * rand())) / BASE64_GROWTH) : 0;
  const attachmentName = pick(rand, pool.attachmentNames);
  const attachment = hasAttachment ? attachmentBytes(rand, attachmentName, attachmentSize) : null;
  const subject = `${pick(rand, pool.subjects)}${rand() < 0.3 ? ` (klantnummer ${100_000 + index})` : ''}`;
  const mailer = pick(rand, ['Microsoft Outlook 16.0', 'Apple Mail (2.3774)', 'Thunderbird 128.4']);
  const bodySeed = Math.floor(rand() * 2 ** 32);

  const compose = (text: string): Promise<Buffer> =>
    new MailComposer({
      from: { name, address: from },
      to: COMPLAINTS_ADDRESS,
      subject,
      messageId: `<${messageId}>`,
      date: new Date(Date.UTC(2026, 10, 16, 8, 0, 0) + index * 37_000),
      text,
      ...(hasHtml ? { html: html(text) } : {}),
      ...(attachment ? { attachments: [{ filename: attachmentName, content: attachment }] } : {}),
      headers: { 'X-Mailer': mailer },
    })
      .compile()
      .build();

  // The HTML alternative repeats the text with markup: each text character costs about 2.3 bytes.
  const bytesPerChar = hasHtml ? 2.3 : 1;
  let textChars = (target - OVERHEAD_BYTES - attachmentSize * BASE64_GROWTH) / bytesPerChar;
  let raw = await compose(bodyText(rng(bodySeed), pool, name, textChars));
  // The body grows by whole paragraphs, so the first guess can miss: correct it a few times.
  for (let attempt = 0; attempt < FIT_ATTEMPTS && Math.abs(target - raw.length) > FIT_TOLERANCE_BYTES; attempt++) {
    textChars += (target - raw.length) / bytesPerChar;
    raw = await compose(bodyText(rng(bodySeed), pool, name, textChars));
  }
  return { raw, messageId, from, language, hasAttachment, hasHtml };
}
