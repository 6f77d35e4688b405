import { describe, expect, it } from 'vitest';
import { parseCommands } from '../../src/commands/parse.js';
import { extractInformation } from '../../src/ingest/customerAnswer.js';
import { findIncidentDate } from '../../src/intake/incidentDate.js';
import { understand } from '../../src/intake/understand.js';
import type { TenantContext } from '../../src/tenant/context.js';
import { classifyIntake } from '../../src/intake/classify.js';
import { defaultClassifierRules } from '../../src/intake/defaultRules.js';
import { looksLikeObjection } from '../../src/intake/objection.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import { htmlToPlainText } from '../../src/text/htmlToText.js';
import { detectLanguage } from '../../src/text/language.js';
import { extractPhone, splitReply } from '../../src/text/newText.js';
import { writeTestConfig } from '../helpers/testConfig.js';

/**
 * Issue 9: pathological but legal text must not stall the daemon. Mail analysis runs on the main
 * thread inside the store transaction; before the fix a 2 MB line of phone-like tokens took
 * minutes (phone extraction scanned back to the line start per candidate) and a long indented
 * line never finished (two `\s*` around an optional group in the header-field pattern). Each
 * shape below is a few MB after a normal complaint; every entry point must finish well within
 * BUDGET_MS and still read the complaint at the top correctly.
 */

const SIZE = 3 * 1024 * 1024;
/** Generous for a loaded 2-core machine: the slowest shape takes ~0.3 s, the old code minutes. */
const BUDGET_MS = 2_000;

const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const COMPLAINT =
  'Beste mevrouw,\n\nIk heb een klacht over de pentest van vorige week: het rapport is nog steeds niet ontvangen.\n' +
  'Bel mij graag terug op 06-12345678.\n\n';
const COMPLAINT_HTML = '<p>Beste mevrouw,</p><p>Ik heb een klacht over de pentest van vorige week.</p><p>Bel mij op 06-12345678.</p>';

/** Text shapes, each SIZE characters; where one carries a phone number it is the complaint's own. */
const TEXT_SHAPES: Record<string, () => string> = {
  'phone numbers on one line (+31 6 1234 5678)': () => fill('+31 6 1234 5678 '),
  'phone numbers on one line (0612345678,)': () => fill('0612345678,'),
  'phone-like digits with dots and dashes': () => fill('06.12.34-56.78 (0)1-2.3 '),
  'invalid phone-like tokens on one line (00 00 00)': () => fill('00 00 00 00 '),
  'too-short +31 numbers on one line': () => fill('+31 6 1234 567 '),
  'one line of digits': () => fill('0'),
  'one line of quote markers (>>>>)': () => fill('>'),
  'one line of "> > > >"': () => fill('> '),
  'quote markers on many lines': () => fill('>>>>>>>>>> >\n'),
  'indented quote markers': () => fill('    >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> wrote:\n'),
  'signature delimiters (-- ) on every line': () => fill('-- \n'),
  'one word without spaces': () => fill('abcdefghij'),
  'spaces only': () => fill(' '),
  'spaces then a word on one line': () => `${fill(' ')}x`,
  'spaces then a header field on one line': () => `${fill(' ')}Van: x`,
  'mixed whitespace and CRLF': () => fill(' \t \n\n \u00a0 \r\n'),
  '"Op … schreef:" lines': () => fill('Op 3 november 2026 om 10:00 schreef Jan de Vries <jan@example.nl>:\n'),
  '"On … wrote:" lines': () => fill('On Mon, 3 Nov 2026 at 10:00, Jan <jan@example.nl> wrote:\n'),
  '"On … wrote:" on one line': () => fill('On Mon, 3 Nov 2026 at 10:00, Jan wrote: '),
  'Outlook header blocks': () => fill('From: Jan <jan@example.nl>\nSent: maandag 3 november 2026 10:00\nTo: x@example.nl\nSubject: test\n'),
  'a run of hyphens on one line': () => `${fill('-')} x`,
  'a run of underscores on one line': () => `${fill('_')} x`,
  'closing lines': () => fill('Met vriendelijke groet,\nJan de Vries\n'),
  'a closing, spaces and a line separator': () => `Groet, Jan${fill(' ')}\u2028x`,
  '#tags on one line': () => fill('#tag '),
  mixed: () => fill(`> quoted 06-12345678\n-- \nOp 3 nov 2026 10:00 schreef Jan:\n#note x\n${' '.repeat(200)}\n06-12345678 www.example.nl\n`),
};

/** Shapes of English words: in the new text they rightly outvote the Dutch complaint's language. */
const ENGLISH_WORDS = new Set(['"On … wrote:" lines', '"On … wrote:" on one line', 'Outlook header blocks']);

const HTML_SHAPES: Record<string, () => string> = {
  '<div> nested 600k deep': () => '<div>'.repeat(Math.floor(SIZE / 5)),
  'unclosed <table><tr><td>': () => '<table><tr><td>'.repeat(Math.floor(SIZE / 15)),
  // Within HTML_MAX_INPUT_CHARS: runs of 100,000 blanks or slashes that do not end where a
  // trailing-run pattern wants them to.
  '<pre> blocks of spaces': () => fill(`<pre>${' '.repeat(100_000)}x</pre>`),
  'links whose href is a run of slashes': () => fill(`<a href="${'/'.repeat(100_000)}x">link</a>`),
  'one paragraph of words': () => `<p>${fill('woord ')}</p>`,
};

function timed<T>(fn: () => T): T {
  const start = performance.now();
  const value = fn();
  expect(performance.now() - start).toBeLessThan(BUDGET_MS);
  return value;
}

function message(subject: string, text: string): ParsedMessage {
  return {
    messageId: 'pathological@example.nl',
    inReplyTo: [],
    references: [],
    subject,
    from: { name: 'Klant', address: 'klant@example.nl' },
    to: [{ name: '', address: 'klachten@purasec.nl' }],
    cc: [],
    replyTo: [],
    date: null,
    headers: [],
    text,
    html: null,
    attachments: [],
  };
}

const nonSpace = (s: string): number => s.replace(/\s+/g, '').length;

// extractInformation reads the tenant's service catalogue (PuraSec: Pentest) and, for the date, its local day.
const purasec = writeTestConfig([{ id: 'purasec' }]).tenants[0]!;
const tenant = { cfg: purasec, calendar: { localDate: (d: Date) => d.toISOString().slice(0, 10) } } as unknown as TenantContext;
const RECEIVED = new Date('2026-11-12T09:00:00Z');

describe.each(Object.entries(TEXT_SHAPES))('%s', (name, shape) => {
  it('on its own (nothing for a search to stop at), every analysis finishes in time', () => {
    const alone = shape();
    const msg = message(alone.slice(0, 200), alone);
    const u = timed(() => understand(msg, 'nl'));
    timed(() => extractInformation(tenant, msg, u, RECEIVED));
    timed(() => findIncidentDate(alone, '2026-11-12'));
    timed(() => splitReply(alone));
    timed(() => extractPhone(alone));
    timed(() => detectLanguage(alone, 'nl'));
    timed(() => classifyIntake({ subject: msg.subject, text: alone }, defaultClassifierRules));
    timed(() => looksLikeObjection(alone));
    timed(() => parseCommands({ subject: '#note', body: alone }));
    timed(() => htmlToPlainText(alone));
  });
});

describe.each(Object.entries(TEXT_SHAPES))('a complaint followed by %s', (name, shape) => {
  const text = COMPLAINT + shape();
  const language = ENGLISH_WORDS.has(name) ? expect.stringMatching(/^(?:nl|en)$/) : 'nl';

  it('understand() and the complaint extraction finish in time and read the complaint at the top', () => {
    const msg = message('Rapport', text);
    // Fallback 'en': the Dutch must be detected, not defaulted to.
    const u = timed(() => understand(msg, 'en'));
    expect(u.newText.startsWith(COMPLAINT.trim())).toBe(true);
    expect(u.language).toEqual(language);
    expect(u.phone).toBe('06-12345678');
    const info = timed(() => extractInformation(tenant, msg, u, RECEIVED));
    expect(info.service).toBe('Pentest');
    expect(info.present).toContain('description');
  });

  it('splitReply() loses nothing: every visible character lands in one of the parts', () => {
    const parts = timed(() => splitReply(text));
    expect(nonSpace(parts.newText) + nonSpace(parts.quoted) + nonSpace(parts.signature)).toBe(nonSpace(text));
  });

  it('phone, language, triage and objection finish in time', () => {
    expect(timed(() => extractPhone(text))).toBe('06-12345678');
    expect(timed(() => detectLanguage(text, 'en'))).toEqual(language);
    expect(timed(() => classifyIntake({ subject: 'Rapport', text }, defaultClassifierRules)).label).toBe('complaint');
    expect(timed(() => looksLikeObjection(text))).toBe(false);
    expect(timed(() => looksLikeObjection(`Ik ga niet akkoord met de uitkomst.\n${shape()}`))).toBe(true);
  });

  it('a command mail with this body is parsed in time', () => {
    const note = timed(() => parseCommands({ subject: '#note', body: text }));
    expect(note.ok).toBe(true);
    timed(() => parseCommands({ subject: '#register', body: text }));
  });

  it('the same text as HTML converts in time', () => {
    const plain = timed(() => htmlToPlainText(`${COMPLAINT_HTML}<pre>${shape()}</pre>`));
    expect(plain.startsWith('Beste mevrouw,')).toBe(true);
  });
});

describe.each(Object.entries(HTML_SHAPES))('an HTML complaint followed by %s', (_name, shape) => {
  it('converts in time, keeps the complaint, and its text is understood in time', () => {
    const plain = timed(() => htmlToPlainText(COMPLAINT_HTML + shape()));
    expect(plain.startsWith('Beste mevrouw,\n\nIk heb een klacht over de pentest')).toBe(true);
    const u = timed(() => understand(message('Rapport', plain), 'en'));
    expect(u.phone).toBe('06-12345678');
    expect(u.language).toBe('nl');
  });
});

describe('what is analysed is capped, what is kept is not', () => {
  it('a long new text keeps all of its words, and its signature is still found at the end', () => {
    const prose = 'Het rapport over de pentest is nog steeds niet ontvangen en niemand belt terug.\n'.repeat(5_000);
    const signature = 'Met vriendelijke groet,\n\nPieter Bakker\nT 015-2002193';
    const parts = splitReply(`${COMPLAINT}${prose}\n${signature}`);
    expect(parts.signature).toBe(signature);
    expect(parts.newText).toBe(`${COMPLAINT}${prose}`.trim());
  });

  it('a bottom-posted answer below a long quoted thread stays new text', () => {
    const thread = '> Dit is een regel uit een eerder bericht in een lange discussie over het rapport.\n'.repeat(5_000);
    const parts = splitReply(`${COMPLAINT}On Mon, 3 Nov 2026 at 10:00, Jan wrote:\n${thread}\nMijn antwoord staat hieronder.\n\nGroet,\nPieter`);
    expect(parts.newText).toBe(`${COMPLAINT.trim()}\n\nMijn antwoord staat hieronder.`);
    expect(parts.signature).toBe('Groet,\nPieter');
    expect(parts.quoted.startsWith('On Mon, 3 Nov 2026 at 10:00, Jan wrote:\n> Dit is')).toBe(true);
    expect(nonSpace(parts.quoted)).toBe(nonSpace(`On Mon, 3 Nov 2026 at 10:00, Jan wrote:\n${thread}`));
  });

  it('Outlook history starting near the top is cut off however long it is', () => {
    const history = 'Van: Jan <jan@example.nl>\nVerzonden: maandag 3 november 2026 10:00\nAan: klachten@purasec.nl\nOnderwerp: rapport\n\n';
    const parts = splitReply(`${COMPLAINT}${history}${'Eerdere tekst.\n'.repeat(20_000)}`);
    expect(parts.newText).toBe(COMPLAINT.trim());
  });
});
