import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import { LetterRenderer, type Language } from '../../src/letters/render.js';
import { htmlToPlainText } from '../../src/text/htmlToText.js';
import { VARIANTS, type SampleName } from './samples.js';

/**
 * Every customer letter read as the customer reads it: each language, each sample variant,
 * both the text part and the HTML part (as text). Catches what a careful secretary would
 * strike out — a second salutation, a field label with nothing after it, "null" or
 * "undefined", a line or paragraph said twice, the company signing twice, a generic subject
 * quoted as if it were a title — whichever template or data change brings it in.
 */

const CUSTOMER_LETTERS: readonly SampleName[] = [
  'acknowledgement',
  'information-request',
  'inadmissible',
  'handler-message',
  'contact-changed',
  'outcome',
  'objection-received',
  'hearing-invitation',
  'decision',
  'closing',
];
const LANGS: readonly Language[] = ['nl', 'en'];
const renderer = new LetterRenderer(join(PACKAGE_ROOT, 'templates'), 'purasec', 'Europe/Amsterdam');

const SALUTATION = /^(?:beste|geachte|lieve|dear|hello|hi|hallo|hoi)\b.{0,80}[,!]?$/iu;
const SIGNOFF = /^(?:met vriendelijke groet|kind regards|groet|hoogachtend|best regards|regards)\b.*$/imu;
/** Field labels our letters use; with nothing after them the field is empty. */
const FIELD_LABEL = /^\s*(?:e-?mail|telefoon|phone|wanneer|when|hoe|how|met|with|adres|address|referentie|reference)\s*:\s*$/imu;
const NOT_TEXT = /\b(?:undefined|null|NaN)\b|\[object|Invalid Date/u;
const GENERIC = '(?:klacht|complaint|vraag|question|bezwaar|objection)';
const QUOTED_GENERIC = new RegExp(`["“]\\s*(?:re:\\s*)?${GENERIC}\\s*[!.]?\\s*["”]`, 'iu');

interface Reading {
  lang: Language;
  part: 'text' | 'html';
  subject: string;
  body: string;
  tenantName: string;
}

/** What is wrong with one part of a letter, as short findings (empty: nothing). */
function findings({ subject, body, tenantName }: Reading): string[] {
  const out: string[] = [];
  const lines = body.split('\n').map((l) => l.trimEnd());
  const nonBlank = lines.filter((l) => l.trim() !== '');

  const salutations = nonBlank.filter((l) => SALUTATION.test(l.trim()));
  if (salutations.length !== 1) out.push(`${salutations.length} salutation lines: ${JSON.stringify(salutations)}`);
  if (nonBlank[0] !== salutations[0]) out.push(`the letter does not open with its salutation: ${JSON.stringify(nonBlank[0])}`);

  for (const l of lines) {
    if (FIELD_LABEL.test(l)) out.push(`empty field: ${JSON.stringify(l)}`);
    if (NOT_TEXT.test(l)) out.push(`not text: ${JSON.stringify(l)}`);
    if (/^\s*[,;:.]\s*$/.test(l) || /\s[,;]/.test(l.replace(/^\s+/, ''))) out.push(`stray punctuation: ${JSON.stringify(l)}`);
  }
  if (NOT_TEXT.test(subject)) out.push(`not text in subject: ${subject}`);
  if (/\n\s*\n\s*\n/.test(body.trim())) out.push('two blank lines in a row');

  for (let i = 1; i < nonBlank.length; i++) {
    if (nonBlank[i] === nonBlank[i - 1] && (nonBlank[i] ?? '').trim().length > 2) out.push(`line twice in a row: ${JSON.stringify(nonBlank[i])}`);
  }
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 30);
  const seen = new Set<string>();
  for (const p of paragraphs) {
    if (seen.has(p)) out.push(`paragraph twice: ${JSON.stringify(p.slice(0, 60))}`);
    seen.add(p);
  }
  // The same sentence twice anywhere in the letter.
  const sentences = body
    .replace(/\s+/g, ' ')
    .split(/(?<=[.?!])\s+/)
    .filter((s) => s.length > 25);
  const said = new Set<string>();
  for (const s of sentences) {
    if (said.has(s)) out.push(`sentence twice: ${JSON.stringify(s)}`);
    said.add(s);
  }

  const signoffs = body.match(new RegExp(SIGNOFF.source, 'gimu')) ?? [];
  if (signoffs.length !== 1) out.push(`${signoffs.length} sign-offs: ${JSON.stringify(signoffs)}`);
  const signoffAt = body.search(SIGNOFF);
  if (signoffAt !== -1) {
    const signature = body.slice(signoffAt);
    const times = signature.split(tenantName).length - 1;
    if (times > 1) out.push(`the company signs ${times} times: ${JSON.stringify(signature)}`);
  }

  if (QUOTED_GENERIC.test(body)) out.push(`generic subject quoted as a title: ${JSON.stringify(body.match(QUOTED_GENERIC)?.[0])}`);
  if (new RegExp(`:\\s*${GENERIC}\\s*$`, 'iu').test(subject)) out.push(`generic subject echoed in the subject line: ${subject}`);
  return out;
}

function read(letter: SampleName, lang: Language, data: Record<string, unknown>): Reading[] {
  const r = renderer.render(letter as string, lang, data);
  const tenantName = (data.tenant as { name: string }).name;
  // The layout's header and footer bar are the letterhead, not the letter.
  const html = r.html.replace(/^[\s\S]*?<td style="padding:24px 28px;[^>]*>/, '').replace(/<\/td><\/tr>\s*<tr><td style="padding:16px 28px;[\s\S]*$/, '');
  return [
    { lang, part: 'text', subject: r.subject, body: r.text, tenantName },
    { lang, part: 'html', subject: r.subject, body: htmlToPlainText(html), tenantName },
  ];
}

describe('customer letters read as the customer reads them', () => {
  const variants = VARIANTS.filter((v) => CUSTOMER_LETTERS.includes(v.letter) && !v.invalid);

  it('every customer letter has variants for a generic subject, the company as contact and no footer', () => {
    for (const letter of CUSTOMER_LETTERS) {
      const labels = variants.filter((v) => v.letter === letter).map((v) => v.label);
      expect(labels).toEqual(expect.arrayContaining(['full', 'generic-subject', 'company-contact', 'no-footer', 'no-phone', 'hostile']));
    }
  });

  for (const v of variants) {
    for (const lang of LANGS) {
      it(`${v.letter} / ${v.label} (${lang})`, () => {
        for (const reading of read(v.letter, lang, v.data)) {
          expect(findings(reading), `${reading.part} part`).toEqual([]);
        }
      });
    }
  }
});

describe('the checks themselves find what they look for', () => {
  const base = (body: string, subject = '[PS-1] Bericht over uw klacht'): Reading => ({ lang: 'nl', part: 'text', subject, body, tenantName: 'PuraSec B.V.' });
  const good = 'Beste Jan,\n\nHet rapport komt vrijdag.\n\nMet vriendelijke groet,\n\nEva Visser\nPuraSec B.V. · klachten@purasec.nl';

  it('a good letter has no findings', () => {
    expect(findings(base(good))).toEqual([]);
  });
  it.each([
    ['double salutation', good.replace('Beste Jan,\n', 'Beste Jan,\n\nBeste mevrouw De Boer,\n'), /2 salutation lines/],
    ['empty phone', good.replace('Het rapport', '  Telefoon: \nHet rapport'), /empty field/],
    ['null', good.replace('vrijdag', 'null'), /not text/],
    ['undefined', good.replace('vrijdag', 'undefined'), /not text/],
    ['object', good.replace('vrijdag', '[object Object]'), /not text/],
    ['line twice', good.replace('Het rapport komt vrijdag.', 'Het rapport komt vrijdag.\nHet rapport komt vrijdag.'), /line twice in a row/],
    [
      'paragraph twice',
      good.replace('Het rapport komt vrijdag.', 'Het rapport komt vrijdag, zoals afgesproken.\n\nHet rapport komt vrijdag, zoals afgesproken.'),
      /paragraph twice/,
    ],
    ['company twice', good.replace('Eva Visser\n', 'Eva Visser\nPuraSec B.V.\n'), /company signs 2 times/],
    ['quoted generic subject', good.replace('Het rapport', 'Uw klacht "Klacht" is ontvangen. Het rapport'), /quoted as a title/],
    ['two blank lines', good.replace('\n\nHet', '\n\n\nHet'), /two blank lines/],
    ['lone comma', good.replace('Het rapport', ',\nHet rapport'), /stray punctuation/],
    ['two sign-offs', `${good}\n\nGroet,\nEva`, /2 sign-offs/],
  ])('%s', (_name, body, finding) => {
    expect(findings(base(body)).join('\n')).toMatch(finding);
  });
  it('a generic subject line', () => {
    expect(findings(base(good, '[PS-1] Ontvangstbevestiging van uw klacht: Klacht')).join('\n')).toMatch(/echoed in the subject line/);
  });
});
