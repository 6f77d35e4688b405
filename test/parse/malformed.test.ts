// Malformed, hostile and odd mail through the production parser (mailparser in a worker, within
// limits): nothing throws, every mail ends parsed or with a quarantine reason from the
// catalogue, decoded text is clean UTF-16, and legacy charsets decode to the right words. The
// worker is the daemon's (src/ingest/analyseWorker.ts), whose analysis of each mail after the
// parse must fit the same budget.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalSchema } from '../../src/config/schema.js';
import { QuarantineReasons, type QuarantineReason } from '../../src/core/errors.js';
import { ANALYSE_WORKER } from '../../src/ingest/analyse.js';
import { MailParser, type ParseLimits, type ParseOutcome } from '../../src/parse/parse.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import { generatedHostileMails, htmlTagFlood, hugeFromHeader, hugeMail, manyHeaderFields } from '../fixtures/malformed/generate.js';

const DIR = fileURLToPath(new URL('../fixtures/malformed/', import.meta.url));
/** The production defaults (25 MiB, 256 KiB of headers, 15 s): what a fresh install runs with. */
const LIMITS: ParseLimits = globalSchema.parse({}).limits;
const CATALOGUE: readonly string[] = Object.values(QuarantineReasons);

type Outcome = 'ok' | QuarantineReason;

interface Expectation {
  /** Outcomes accepted for this mail; the first is what a mail a person could send must get. */
  outcomes: Outcome[];
  check?: (msg: ParsedMessage) => void;
}

const textHas =
  (...words: string[]) =>
  (m: ParsedMessage): void => {
    for (const w of words) expect(m.text).toContain(w);
  };

function attachment(m: ParsedMessage, filename: string) {
  const a = m.attachments.find((x) => x.filename === filename);
  expect(a, `attachment ${filename} in ${JSON.stringify(m.attachments.map((x) => x.filename))}`).toBeDefined();
  return a!;
}

function expectDeepHtml(m: ParsedMessage): void {
  expect(m.html).toContain('Klacht in de diepte van de tabellen');
  textHas('Na de tabellen')(m);
  if (!m.text.includes('Klacht in de diepte van de tabellen')) expect(m.text).toContain('...');
}

const EXPECTED: Record<string, Expectation> = {
  'charset-iso-8859-1.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('café', 'Garçon', 'crème brûlée', 'naïef', 'Zoë')(m);
      expect(m.subject).toBe('Klacht over het café');
      expect(m.from).toEqual({ name: 'René Dupré', address: 'rene@klant.example' });
    },
  },
  'charset-iso-8859-15.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('250 €', 'cœur', 'Œuvre')(m);
      expect(m.text).not.toContain('¤'); // what 0xA4 would be if read as ISO-8859-1
    },
  },
  'charset-windows-1252.eml': { outcomes: ['ok'], check: textHas('“morgen komen we”', 'kwam…', '€120', ' – ') },
  'charset-windows-1251.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('Здравствуйте', 'Привет', 'жалобу')(m);
      expect(m.subject).toBe('Жалоба на сервис');
    },
  },
  'charset-gb18030.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('您好', '投诉', '𠮷')(m); // 𠮷 is a four-byte GB18030 sequence
      expect(m.subject).toBe('投诉信');
    },
  },
  'charset-iso-2022-jp.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('お世話になっております', '苦情を申し上げます')(m);
      expect(m.subject).toBe('苦情について');
    },
  },
  'charset-utf-7.eml': { outcomes: ['ok'], check: textHas('Grüße', 'München', '日本', 'möchte') },
  'charset-shift-jis.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('納品が遅れています', '返金を希望します')(m);
      expect(m.subject).toBe('返金のお願い');
    },
  },
  'charset-unknown.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('Complaint about the delivery')(m);
      expect(m.subject).toContain('Unknown charset subject');
    },
  },
  'charset-broken-utf8.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('Goed: café', '\uFFFD')(m);
      expect(m.subject).toMatch(/^Kapot .* onderwerp$/);
    },
  },
  'line-endings-bare-lf.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('alleen LF regeleinden', 'Tweede regel')(m);
      expect(attachment(m, 'notitie.txt').size).toBe(12);
    },
  },
  'line-endings-mixed.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('eerste regel', 'tweede regel', 'derde regel')(m);
      expect(m.subject).toBe('Gemengde regeleinden');
      expect(m.from?.address).toBe('mix@klant.example');
    },
  },
  'nul-bytes.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.subject).toBe('Klacht over NUL');
      expect(m.from).toEqual({ name: 'Jan Jansen', address: 'jan.nul@klant.example' });
      textHas('met NUL-bytes')(m);
    },
  },
  'rfc2231-filename.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(attachment(m, 'Klacht brief café € 12.pdf')).toMatchObject({ contentType: 'application/pdf', size: 9 });
      expect(attachment(m, 'résumé.txt').size).toBe(6);
    },
  },
  'rfc2047-encoded-words.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.from).toEqual({ name: 'Élodée Müller', address: 'elodee@klant.example' });
      expect(m.subject).toBe('Klacht: levering te laat – déjà vu');
    },
  },
  'rfc2047-malformed.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.from?.address).toBe('broken.words@klant.example');
      expect(m.subject).toContain('ok part');
      textHas('tekst niet')(m);
    },
  },
  'uuencoded-body.eml': {
    outcomes: ['ok'],
    check: (m) => {
      // Not decoded (mailparser has no uudecode): kept as text and as the part's bytes.
      textHas('Mijn klacht staat hieronder', 'begin 644 klacht.txt')(m);
      expect(attachment(m, 'klacht.txt').content.toString('latin1')).toContain('begin 644 klacht.txt');
    },
  },
  'nested-rfc822-3-levels.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('outer level text')(m);
      expect(m.attachments).toHaveLength(1);
      const fwd = attachment(m, 'level1.eml');
      expect(fwd.contentType).toBe('message/rfc822');
      // The forwarded mail is kept whole, with its own forwarded mails inside it.
      expect(fwd.content.toString('utf8')).toContain('innermost level three text');
    },
  },
  'tnef-winmail.eml': {
    outcomes: ['ok'],
    check: (m) => {
      const a = attachment(m, 'winmail.dat');
      expect(a).toMatchObject({ contentType: 'application/ms-tnef', size: 256 });
      expect([...a.content.subarray(0, 4)]).toEqual([0x78, 0x9f, 0x3e, 0x22]);
    },
  },
  'multipart-missing-closing-boundary.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('begin van de klacht')(m);
      expect(attachment(m, 'bewijs.txt').content.toString()).toContain('bewijs dat nooit eindigt');
    },
  },
  // mailparser cannot split a multipart without a boundary: the text comes out empty (the raw
  // source, stored with the mail, still has it).
  'multipart-no-boundary.eml': { outcomes: ['ok'], check: (m) => expect(m.from?.address).toBe('nob@klant.example') },
  'no-headers.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.from).toBeNull();
      textHas('Ik heb een klacht')(m);
    },
  },
  'no-headers-text-only.eml': { outcomes: ['ok'], check: (m) => expect(m.from).toBeNull() },
  'headers-only.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.subject).toBe('Alleen headers');
      expect(m.text).toBe('');
    },
  },
  'empty.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.from).toBeNull();
      expect(m.text).toBe('');
    },
  },
  'binary-garbage.eml': { outcomes: ['ok', 'parse-failed'], check: (m) => expect(m.from).toBeNull() },
  'base64-invalid-chars.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.text.startsWith('Dit is de klacht.')).toBe(true);
      attachment(m, 'kapot.bin');
    },
  },
  'qp-broken-soft-breaks.eml': { outcomes: ['ok'], check: textHas('Klacht over de levering', 'Zacht', 'Laatste regel') },
  // mailparser substitutes the current time for a Date it cannot parse; the pipeline must not.
  'date-garbage.eml': { outcomes: ['ok'], check: (m) => expect(m.date).toBeNull() },
  'duplicate-message-id.eml': {
    outcomes: ['ok'],
    check: (m) => expect(['malformed-dup-first@fixtures.example', 'malformed-dup-second@fixtures.example']).toContain(m.messageId),
  },
  'message-id-spaces.eml': { outcomes: ['ok'], check: (m) => expect(m.messageId).toMatch(/^[^\s<>]+@fixtures\.example$/) },
  'message-id-no-brackets.eml': { outcomes: ['ok'], check: (m) => expect(m.messageId).toBe('malformed-nobrackets@fixtures.example') },
  'in-reply-to-garbage.eml': {
    outcomes: ['ok'],
    check: (m) => {
      for (const id of [...m.inReplyTo, ...m.references]) expect(id).toMatch(/^[^\s<>]+$/);
      expect(m.references).toContain('ok-looking@fixtures.example');
    },
  },
  'from-display-name-is-address.eml': {
    outcomes: ['ok'],
    check: (m) => expect(m.from).toEqual({ name: 'daan.bakker@example.nl', address: 'mallory@evil.example' }),
  },
  'from-group-empty.eml': { outcomes: ['ok'], check: (m) => expect(m.from).toBeNull() },
  // Outlook-style layout nesting (60 tables, 180 DOM levels): the words must reach the text.
  'html-nested-tables.eml': {
    outcomes: ['ok'],
    check: (m) => {
      textHas('Klacht in de diepte van de tabellen', 'Na de tabellen')(m);
      expect(m.html).toContain('<table>');
    },
  },
  // Past the HTML-to-text depth cap (400 and 2,500 tables): the text keeps what lies above the
  // cap and marks the cut with "..."; the HTML (and the raw source) keep the words.
  'html-nested-tables-deep.eml': { outcomes: ['ok'], check: (m) => expectDeepHtml(m) },
  'html-nested-tables-hostile.eml': { outcomes: ['ok', 'parse-failed'], check: (m) => expectDeepHtml(m) },
  'attachment-exe-zip.eml': {
    outcomes: ['ok'],
    check: (m) => {
      expect(m.attachments.map((a) => a.filename)).toEqual(['factuur.pdf.exe', 'bijlagen.zip']);
      const exe = attachment(m, 'factuur.pdf.exe');
      expect(exe.size).toBe(128);
      expect(exe.content.subarray(0, 2).toString('latin1')).toBe('MZ');
      const zip = attachment(m, 'bijlagen.zip');
      expect(zip).toMatchObject({ contentType: 'application/zip', size: 175 });
      expect(zip.content.readUInt32LE(0)).toBe(0x04034b50); // still the zip, not what is inside it
    },
  },
  'oversize-70k.eml': { outcomes: ['ok'], check: textHas('vertraagde pentest') },
  'header-leading-continuation.eml': { outcomes: ['ok'], check: (m) => expect(m.from?.address).toBe('orphan@klant.example') },
  'content-type-garbage.eml': { outcomes: ['ok'], check: textHas('Rommelige content-type') },
};

const NORMAL = Buffer.from(
  [
    'From: Gewone Klant <gewoon@klant.example>',
    'To: klachten@purasec.nl',
    'Subject: Gewone klacht',
    'Date: Mon, 16 Nov 2026 10:00:00 +0100',
    'Message-ID: <normal@fixtures.example>',
    '',
    'Een gewone klacht.',
    '',
  ].join('\r\n'),
);

/** Every string a ParsedMessage carries: none may hold a NUL or a lone surrogate. */
function strings(m: ParsedMessage): string[] {
  const addrs = [m.from, ...m.to, ...m.cc, ...m.replyTo].flatMap((a) => (a ? [a.name, a.address] : []));
  return [
    m.subject,
    m.text,
    m.html ?? '',
    m.messageId ?? '',
    ...m.inReplyTo,
    ...m.references,
    ...addrs,
    ...m.headers.flatMap((h) => [h.key, h.value]),
    ...m.attachments.flatMap((a) => [a.filename ?? '', a.contentType]),
  ];
}

function expectClean(m: ParsedMessage): void {
  for (const s of strings(m)) {
    expect(s.includes('\u0000'), `NUL in ${JSON.stringify(s.slice(0, 80))}`).toBe(false);
    expect(s.isWellFormed(), `lone surrogate in ${JSON.stringify(s.slice(0, 80))}`).toBe(true);
  }
  for (const a of m.attachments) {
    expect(Buffer.isBuffer(a.content)).toBe(true);
    expect(a.content.length).toBe(a.size);
  }
}

function outcomeOf(r: ParseOutcome): Outcome {
  return r.ok ? 'ok' : r.reason;
}

const results: Array<{ mail: string; outcome: string; ms: number; detail: string }> = [];

function record(mail: string, r: ParseOutcome, ms: number): void {
  const detail = r.ok
    ? `from=${r.msg.from?.address ?? '-'} text=${r.msg.text.length}ch attachments=${r.msg.attachments.map((a) => `${a.filename}:${a.contentType}:${a.size}`).join(',')}`
    : r.detail;
  results.push({ mail, outcome: outcomeOf(r), ms, detail });
}

async function timedParse(parser: MailParser, raw: Buffer): Promise<{ r: ParseOutcome; ms: number }> {
  const start = performance.now();
  const r = await parser.parse(raw);
  return { r, ms: Math.round(performance.now() - start) };
}

describe('malformed mail through MailParser', () => {
  const fixtures = readdirSync(DIR)
    .filter((n) => n.endsWith('.eml'))
    .sort();
  let parser: MailParser;

  beforeAll(async () => {
    parser = new MailParser(LIMITS, { worker: ANALYSE_WORKER });
    // Load mailparser into the worker outside any test's measurement.
    expect((await parser.parse(NORMAL)).ok).toBe(true);
  });
  afterAll(async () => {
    await parser?.close();
    console.log(
      `parse results (limits ${JSON.stringify(LIMITS)}):\n${results.map((x) => `  ${x.mail.padEnd(42)} ${x.outcome.padEnd(18)} ${String(x.ms).padStart(5)} ms  ${x.detail.slice(0, 110)}`).join('\n')}`,
    );
  });

  it('has an expectation for every committed fixture, and at least 35 of them', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(35);
    expect(fixtures.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((f) => !fixtures.includes(f))).toEqual([]);
  });

  it.each(Object.keys(EXPECTED).sort())('%s: parsed or quarantined with a catalogued reason, never thrown', async (file) => {
    const exp = EXPECTED[file]!;
    const { r, ms } = await timedParse(parser, readFileSync(`${DIR}${file}`));
    record(file, r, ms);
    if (!r.ok) {
      expect(CATALOGUE).toContain(r.reason);
      expect(r.detail.length).toBeGreaterThan(0);
    }
    expect(exp.outcomes).toContain(outcomeOf(r));
    if (r.ok) {
      expectClean(r.msg);
      exp.check?.(r.msg);
    }
  });

  it('quarantines a mail over maxMessageBytes as too-large before parsing it', async () => {
    const small = new MailParser({ ...LIMITS, maxMessageBytes: 64 * 1024 });
    try {
      const raw = readFileSync(`${DIR}oversize-70k.eml`);
      const r = await small.parse(raw);
      record('oversize-70k.eml (64 KiB cap)', r, 0);
      expect(r).toEqual({ ok: false, reason: 'too-large', detail: `${raw.length} bytes exceeds the 65536-byte limit` });
    } finally {
      await small.close();
    }
  });

  it('parses the 200 KB From header within the production budget, then parses a normal mail', async () => {
    const g = hugeFromHeader();
    const { r, ms } = await timedParse(parser, g.raw);
    record(g.name, r, ms);
    console.log(`${g.name} (${g.about}): ${outcomeOf(r)} in ${ms} ms (budget ${LIMITS.parseTimeoutMs} ms)`);
    // A fraction of a second of work: well inside the 15 s a fresh install gives each mail.
    expect(outcomeOf(r)).toBe('ok');
    expect(ms).toBeLessThan(LIMITS.parseTimeoutMs);
    if (!r.ok) throw new Error('unreachable');
    expectClean(r.msg);
    expect(r.msg.from?.address).toBe('flood@klant.example');
    expect(r.msg.text).toContain('Een gewone klacht');
    const after = await timedParse(parser, NORMAL);
    expect(after.r.ok && after.r.msg.subject).toBe('Gewone klacht');
  });

  it.each(generatedHostileMails().map((g) => [g.name, g] as const))('%s: answered within budget, and the parser still works after it', async (_name, g) => {
    const { r, ms } = await timedParse(parser, g.raw);
    record(g.name, r, ms);
    expect(['ok', ...CATALOGUE]).toContain(outcomeOf(r));
    expect(ms).toBeLessThan(LIMITS.parseTimeoutMs + 2_000);
    if (r.ok) {
      expectClean(r.msg);
      expect(r.msg.from?.address).toMatch(/@klant\.example$/);
    } else {
      expect(r.detail.length).toBeGreaterThan(0);
    }
    const after = await parser.parse(NORMAL);
    expect(after.ok && after.msg.subject).toBe('Gewone klacht');
  });

  it('parses the unclosed-tag HTML flood within the production budget: slow, not endless', async () => {
    const g = htmlTagFlood();
    const { r, ms } = await timedParse(parser, g.raw);
    record(`${g.name} (${LIMITS.parseTimeoutMs} ms budget)`, r, ms);
    console.log(`${g.name} (${g.about}): ${outcomeOf(r)} after ${ms} ms (budget ${LIMITS.parseTimeoutMs} ms)`);
    expect(outcomeOf(r)).toBe('ok');
    expect(ms).toBeLessThan(LIMITS.parseTimeoutMs);
    expect(r.ok && r.msg.from?.address).toBe('tagflood@klant.example');
  });

  it('stops a mail that outlasts its budget (the same flood against 100 ms) as parse-timeout, then parses the next mail', async () => {
    // 100 ms is the smallest budget the config accepts (limits.parseTimeoutMs); the flood takes
    // about a second (the test above), a normal mail a few milliseconds.
    const budgetMs = 100;
    const short = new MailParser({ ...LIMITS, parseTimeoutMs: budgetMs }, { worker: ANALYSE_WORKER });
    try {
      expect((await short.parse(NORMAL)).ok).toBe(true); // worker loaded outside the budget
      const g = htmlTagFlood();
      const { r, ms } = await timedParse(short, g.raw);
      record(`${g.name} (${budgetMs} ms budget)`, r, ms);
      console.log(`${g.name} (${g.about}): ${outcomeOf(r)} after ${ms} ms (budget ${budgetMs} ms)`);
      expect(r).toEqual({ ok: false, reason: 'parse-timeout', detail: `parsing took longer than ${budgetMs} ms` });
      // The budget is enforced by a timer; allow the timer's own latency, not a second budget.
      expect(ms).toBeLessThan(budgetMs + 2_000);
      // The stuck worker was terminated and replaced: the next mail parses normally.
      const after = await timedParse(short, NORMAL);
      expect(after.r.ok && after.r.msg.subject).toBe('Gewone klacht');
    } finally {
      await short.close();
    }
  });

  it('quarantines a 30 MB mail (default cap 25 MiB) and a header block over 256 KiB without handing them to mailparser', async () => {
    const big = hugeMail(30 * 1024 * 1024);
    const a = await timedParse(parser, big.raw);
    record(big.name, a.r, a.ms);
    expect(outcomeOf(a.r)).toBe('too-large');
    const headers = manyHeaderFields(20_000);
    const b = await timedParse(parser, headers.raw);
    record(headers.name, b.r, b.ms);
    expect(outcomeOf(b.r)).toBe('headers-too-large');
  });
});
