/**
 * What the sender newly wrote, separated from quoted history and signature (SPEC §4 "Quoted
 * text"), for the Dutch and English clients our customers use: Outlook (desktop, web, Mac),
 * Gmail, Apple Mail / iOS. Heuristic by nature; the full original stays stored, so a wrong
 * guess hides text from the record's summary but never loses it. When in doubt, text stays in
 * newText.
 *
 * Linear and bounded whatever the sender wrote (issue 9): only the lines that start within the
 * first ANALYSIS_MAX_CHARS and the last ANALYSIS_TAIL_CHARS are read line by line (the text
 * between them takes the part its surroundings say), line patterns never run on lines longer
 * than ANALYSIS_MAX_LINE_CHARS, and the signature is looked for among the last few lines only.
 */

import { ANALYSIS_MAX_CHARS, ANALYSIS_MAX_LINE_CHARS, ANALYSIS_TAIL_CHARS, HEADER_PROBE_CHARS } from './limits.js';

export interface ReplyParts {
  newText: string;
  quoted: string;
  signature: string;
}

type Role = 'new' | 'quoted' | 'signature';

/** "> " quoting (RFC 3676 §4.5); a few leading spaces tolerated for re-indented quotes. */
const QUOTE_LINE = /^ {0,3}>/;

/** Separator lines after which everything is history (Outlook, Gmail/Outlook forwards). */
const SEPARATOR =
  /^\s*-{2,}\s*(?:original message|oorspronkelijk bericht|forwarded message|doorgestuurd bericht|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine)\s*-{2,}\s*$/i;
/** Apple Mail forwards. */
const FORWARD_INTRO = /^\s*(?:begin forwarded message|begin doorgestuurd bericht|start of forwarded message)\s*:\s*$/i;
/** Outlook's line above its header block (plain text "____", HTML <hr> via htmlToPlainText). */
const RULE_LINE = /^\s*(?:_{10,}|-{10,})\s*$/;

/**
 * Attribution lines ("On … wrote:") as Gmail, Apple Mail and Thunderbird write them, tested on
 * up to three joined lines because Gmail wraps long ones. They must carry a date or time so
 * that a sentence such as "On Monday the manager wrote:" is not taken for one.
 */
const ATTRIBUTIONS = [
  /^On\s.{4,250}?\swrote\s?:$/i,
  /^Op\s.{4,250}?\sschreef\s.{1,200}:$/i,
  /^Op\s.{4,250}?\sheeft\s.{1,200}\shet volgende geschreven\s?:$/i,
  /^Am\s.{4,250}?\sschrieb\s.{1,200}:$/i,
  /^Le\s.{4,250}?\sa écrit\s?:$/i,
];
const DATE_OR_TIME = /\b\d{1,2}[:.]\d{2}\b|\b(?:19|20)\d{2}\b/;
/** "Jan wrote:" without a date: an attribution only when a "> " block follows. */
const LOOSE_ATTRIBUTION = /^.{1,200}\s(?:wrote|schreef|geschreven|schrieb|a écrit)\s?:$/i;
const MAX_ATTRIBUTION_LINES = 3;

type HeaderKind = 'from' | 'date' | 'to' | 'cc' | 'subject';
const HEADER_NAMES: Record<string, HeaderKind> = {
  from: 'from',
  van: 'from',
  von: 'from',
  de: 'from',
  sent: 'date',
  verzonden: 'date',
  verstuurd: 'date',
  date: 'date',
  datum: 'date',
  gesendet: 'date',
  envoyé: 'date',
  to: 'to',
  aan: 'to',
  an: 'to',
  à: 'to',
  cc: 'cc',
  subject: 'subject',
  onderwerp: 'subject',
  betreff: 'subject',
  objet: 'subject',
};
/**
 * "From: x", "*From:* x" (Gmail's rendering of Outlook's bold), "**Van:** x". The emphasis group
 * needs a "*" or "_", so the two whitespace runs around it cannot trade characters: as
 * `\s*[*_]{0,2}\s*` they did, and a long indented line took quadratic time to fail.
 */
const HEADER_FIELD = /^\s*(?:[*_]{1,2}\s*)?(\p{L}+)\s*:[*_]{0,2}(?:\s|$)/u;

/** Mobile-client and app signatures. */
const MOBILE_SIGNATURE = [
  /^(?:sent|verzonden|verstuurd|gestuurd)\s(?:from|with|via|vanaf|vanuit|met)\s.{0,30}\b(?:iphone|ipad|android|samsung|galaxy|mobile|mobiel|smartphone|blackberry|outlook|mail for windows|mail voor windows|yahoo mail|proton ?mail)\b.{0,60}$/i,
  /^(?:get|download)\s+outlook\s+for\s+(?:ios|android)\b.{0,60}$/i,
  /^outlook\s+voor\s+(?:ios|android)\s+downloaden\b.{0,60}$/i,
];
/** RFC 3676 §4.3 "-- " delimiter; many clients strip the trailing space. */
const SIGNATURE_DELIMITER = /^--[ \t]*$/;

const CLOSING_WORDS =
  '(?:met\\s+)?(?:vriendelijke|hartelijke|beste|lieve|warme|zonnige|sportieve)\\s+groet(?:en)?|groet(?:en|jes)?|gr|mvg|m\\.v\\.g|' +
  'hoogachtend|met dank|alvast bedankt|bedankt|dank u wel|dank je wel|' +
  '(?:with\\s+)?(?:kind|best|warm|warmest|many)\\s+regards|regards|best wishes|best|cheers|(?:yours\\s+)?sincerely|yours faithfully|' +
  '(?:many\\s+)?thanks(?:\\s+again)?|thank you';
/** The closing alone on its line ("Met vriendelijke groet,"), or with a name after it ("Groet, Jan"). */
const CLOSING_ALONE = new RegExp(`^(?:${CLOSING_WORDS})\\s*[,.!]*$`, 'iu');
const CLOSING_THEN = new RegExp(`^(?:${CLOSING_WORDS})\\s*[,.!]\\s*(.+)$`, 'iu');
/** Capitalised words (Dutch particles allowed), so that "Thanks, I will call you" is not a name. */
const PERSON_NAME = /^\p{Lu}[\p{L}'.-]*(?:\s+(?:van|de|der|den|het|ter|ten|\p{Lu}[\p{L}'.-]*)){0,3}$/u;
/** Limits on what may follow a closing for it to be a sign-off, not a mid-text "thanks". */
const MAX_NAME_LINES = 6;
const MAX_NAME_LINE_CHARS = 60;
const MAX_SIGNATURE_LINES = 20;
const CONTACT_LINE = /(?:\+|\b0)\d[\d ()-]{6,}|@|\b[Ww]{3}\.|https?:\/\/|\b\d{4}\s?[A-Z]{2}\b|^[TMEF][:.]?\s/;
const DISCLAIMER_LINE =
  /disclaimer|vertrouwelijk|confidential|uitsluitend bestemd|intended (?:solely|only)|geadresseerde|addressee|aansprakelijk|liab(?:le|ility)/i;

/**
 * Splits a plain-text body into what the sender newly wrote, the quoted history (attribution,
 * "> " blocks, forwarded or Outlook-quoted mail) and the sender's signature. CRLF becomes LF;
 * each part is trimmed. Interleaved replies keep every unquoted stretch in newText.
 */
export function splitReply(text: string): ReplyParts {
  const { lines, middleAt, middle } = readableLines(text.replace(/\r\n?/g, '\n'));
  const roles: Role[] = lines.map(() => 'new');
  const cut = findHistoryStart(lines);
  for (let i = cut; i < lines.length; i++) roles[i] = 'quoted';
  markQuoteBlocks(lines, roles, cut);
  if (middleAt !== -1) roles[middleAt] = middleRole(lines, roles, middleAt, cut);
  // A signature ends the mail: it cannot start before unread new text.
  markSignature(lines, roles, middleAt !== -1 && roles[middleAt] === 'new' && /\S/.test(middle) ? middleAt + 1 : 0);
  const lineAt = (i: number): string => (i === middleAt ? middle : (lines[i] as string));
  return { newText: collect(lineAt, roles, 'new'), quoted: collect(lineAt, roles, 'quoted'), signature: collect(lineAt, roles, 'signature') };
}

/**
 * The lines read one by one: those starting within the first ANALYSIS_MAX_CHARS and within the
 * last ANALYSIS_TAIL_CHARS, with one blank line standing in for the unread `middle` between them
 * (middleAt: its index, -1 when the whole text is read).
 */
function readableLines(text: string): { lines: string[]; middleAt: number; middle: string } {
  const headEnd = text.length > ANALYSIS_MAX_CHARS + ANALYSIS_TAIL_CHARS ? text.indexOf('\n', ANALYSIS_MAX_CHARS - 1) : -1;
  if (headEnd === -1) return { lines: text.split('\n'), middleAt: -1, middle: '' };
  const tailBreak = text.indexOf('\n', Math.max(headEnd + 1, text.length - ANALYSIS_TAIL_CHARS - 1));
  const head = text.slice(0, headEnd).split('\n');
  const tail = tailBreak === -1 ? [] : text.slice(tailBreak + 1).split('\n');
  const middle = text.slice(headEnd + 1, tailBreak === -1 ? text.length : tailBreak);
  return { lines: [...head, '', ...tail], middleAt: head.length, middle };
}

/**
 * What the unread middle of a long mail is: history when the history started before it, a quote
 * block when quoted lines stand on both sides of it, and otherwise new text (when in doubt, text
 * stays in newText).
 */
function middleRole(lines: string[], roles: Role[], middleAt: number, cut: number): Role {
  if (cut <= middleAt) return 'quoted';
  const before = previousNonBlank(lines, middleAt);
  const after = nextNonBlank(lines, middleAt + 1);
  const quotedBefore = before !== -1 && roles[before] === 'quoted';
  return quotedBefore && (after === -1 || roles[after] === 'quoted') ? 'quoted' : 'new';
}

function isLongLine(line: string): boolean {
  return line.length > ANALYSIS_MAX_LINE_CHARS;
}

/** First line of unmarked history (Outlook, forwards, Apple Mail); lines.length when none. */
function findHistoryStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (QUOTE_LINE.test(line) || line.trim() === '') continue;
    if (!isLongLine(line) && (SEPARATOR.test(line) || FORWARD_INTRO.test(line))) return i;
    if (isHeaderBlock(lines, i)) {
      const above = previousNonBlank(lines, i);
      return above !== -1 && !isLongLine(lines[above] as string) && RULE_LINE.test(lines[above] as string) ? above : i;
    }
    const attribution = attributionLength(lines, i, false);
    // Followed by "> " lines it is a quote block, handled by markQuoteBlocks, and text after
    // the block may be a bottom-posted answer; otherwise the quote is unmarked history.
    if (attribution > 0 && !isQuoteLine(lines, nextNonBlank(lines, i + attribution))) return i;
  }
  return lines.length;
}

/**
 * "From:" followed by at least two of date / to / subject within a few lines, in any order (Apple
 * Mail puts Subject second), allowing Cc and wrapped recipient lists.
 */
function isHeaderBlock(lines: string[], start: number): boolean {
  if (headerKind(lines[start] as string) !== 'from') return false;
  const kinds = new Set<HeaderKind>();
  let continuations = 0;
  for (let j = start + 1; j < Math.min(lines.length, start + 12); j++) {
    const line = lines[j] as string;
    if (line.trim() === '') continue;
    const kind = headerKind(line);
    if (kind === null || kind === 'from') {
      if (++continuations > 2) break;
      continue;
    }
    kinds.add(kind);
  }
  return ['date', 'to', 'subject'].filter((k) => kinds.has(k as HeaderKind)).length >= 2;
}

function headerKind(line: string): HeaderKind | null {
  const name = HEADER_FIELD.exec(line.slice(0, HEADER_PROBE_CHARS))?.[1]?.toLowerCase();
  return name === undefined ? null : (HEADER_NAMES[name] ?? null);
}

/** Number of lines (1–3) forming an attribution starting at `start`, 0 when none. */
function attributionLength(lines: string[], start: number, loose: boolean): number {
  let joined = '';
  for (let k = 0; k < MAX_ATTRIBUTION_LINES && start + k < lines.length; k++) {
    const line = lines[start + k] as string;
    if (isLongLine(line) || line.trim() === '' || QUOTE_LINE.test(line)) return 0;
    joined = `${joined} ${line.trim()}`.trim();
    if (joined.length > 500) return 0;
    if (ATTRIBUTIONS.some((re) => re.test(joined)) && DATE_OR_TIME.test(joined)) return k + 1;
    if (loose && k === 0 && LOOSE_ATTRIBUTION.test(joined)) return 1;
  }
  return 0;
}

/** "> " lines before the history start, and the attribution line(s) introducing them. */
function markQuoteBlocks(lines: string[], roles: Role[], cut: number): void {
  for (let i = 0; i < cut; i++) {
    if (QUOTE_LINE.test(lines[i] as string)) {
      roles[i] = 'quoted';
      continue;
    }
    const attribution = attributionLength(lines, i, true);
    if (attribution > 0 && isQuoteLine(lines, nextNonBlank(lines, i + attribution))) {
      for (let k = i; k < i + attribution; k++) roles[k] = 'quoted';
      i += attribution - 1;
    }
  }
}

/** A non-blank line near the end of the new text, with what sign-off detection asks of it, worked out once. */
interface TailLine {
  index: number;
  raw: string;
  line: string;
  disclaimer: boolean;
  /** A short contact line (phone, address, web site, postcode). */
  contact: boolean;
  /** At most MAX_NAME_LINE_CHARS and not a sentence: a name, title or company. */
  nameLike: boolean;
}

/**
 * Marks the signature among the new lines: from the first "-- " delimiter, mobile signature or
 * sign-off ("Met vriendelijke groet," + name block) that only short signature-like lines follow.
 * A signature ends the mail, so only the last MAX_SIGNATURE_LINES + 6 non-blank new lines can
 * start one; each is tested once, and the work stays bounded however long the mail is.
 */
function markSignature(lines: string[], roles: Role[], from: number): void {
  const tail: TailLine[] = [];
  for (let i = lines.length - 1; i >= from && tail.length < MAX_SIGNATURE_LINES + 6; i--) {
    const raw = lines[i] as string;
    const line = roles[i] === 'new' ? raw.trim() : '';
    if (line !== '') tail.push(tailLine(i, raw, line));
  }
  tail.reverse();
  for (let n = 0; n < tail.length; n++) {
    const start = tail[n] as TailLine;
    if (isSignatureStart(start, tail.slice(n + 1))) {
      for (let i = start.index; i < lines.length; i++) if (roles[i] === 'new') roles[i] = 'signature';
      return;
    }
  }
}

function tailLine(index: number, raw: string, line: string): TailLine {
  const short = line.length <= MAX_NAME_LINE_CHARS;
  return {
    index,
    raw,
    line,
    disclaimer: DISCLAIMER_LINE.test(line),
    contact: line.length <= 120 && CONTACT_LINE.test(line),
    nameLike: short && !(line.split(/\s+/).length >= 6 && /[.?!]$/.test(line)),
  };
}

function isSignatureStart(start: TailLine, after: TailLine[]): boolean {
  const { raw, line } = start;
  if (SIGNATURE_DELIMITER.test(raw)) return after.length <= (raw.startsWith('-- ') ? MAX_SIGNATURE_LINES + 5 : 10);
  // A closing or a mobile signature is a short line; the patterns below backtrack on long ones.
  if (isLongLine(line)) return false;
  if (MOBILE_SIGNATURE.some((re) => re.test(line))) return after.length <= 10;
  if (CLOSING_ALONE.test(line)) return after.length > 0 && isNameBlock(after);
  const name = CLOSING_THEN.exec(line)?.[1];
  return name !== undefined && PERSON_NAME.test(name) && (after.length === 0 || isNameBlock(after));
}

/** A name / title / company / contact block, not prose: the conservative part of sign-off detection. */
function isNameBlock(tail: TailLine[]): boolean {
  if (tail.length > MAX_SIGNATURE_LINES) return false;
  let nameLines = 0;
  for (const line of tail) {
    if (line.disclaimer || line.contact) continue;
    if (!line.nameLike || ++nameLines > MAX_NAME_LINES) return false;
  }
  return true;
}

function isQuoteLine(lines: string[], index: number): boolean {
  return index !== -1 && QUOTE_LINE.test(lines[index] as string);
}

function nextNonBlank(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if ((lines[i] as string).trim() !== '') return i;
  return -1;
}

function previousNonBlank(lines: string[], before: number): number {
  for (let i = before - 1; i >= 0; i--) if ((lines[i] as string).trim() !== '') return i;
  return -1;
}

/** The lines of one role; a stretch of other-role text between them becomes one blank line. */
function collect(lineAt: (i: number) => string, roles: Role[], role: Role): string {
  const out: string[] = [];
  let gap = false;
  roles.forEach((r, i) => {
    const line = lineAt(i);
    if (r !== role) {
      gap ||= line.trim() !== '';
      return;
    }
    if (gap && out.length > 0) out.push('');
    gap = false;
    out.push(line.trimEnd());
  });
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Candidate phone numbers: Dutch and international numbers start with "+", "00" or "0" (also
 * "(0"), never directly after a letter or digit (IBANs, order numbers).
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+])(?:\+|\(?0)[\d \u00A0().-]{6,24}\d/gu;
/** 03-11-2026, 3.11.26 — but not 06-12-34-56-78, which goes on with more digit groups. */
const DATE_LIKE = /^\d{1,2}([-./])\d{1,2}\1(?:19|20)?\d{2}(?![-./]?\d)/;
const FAX_LABEL = /\b(?:fax|f)\s*[:.]?\s*$/i;

/**
 * The first phone number in a signature or text, as written (e.g. "+31 (0)15 200 2193",
 * "06-12345678"), or null. Accepts Dutch numbers (10 digits from 0; 0800/0900 numbers),
 * +31/0031 with an optional "(0)", and other international numbers of 8–15 digits after "+" or
 * "00"; skips numbers labelled as fax and dates such as 03-11-2026. Reads the first
 * ANALYSIS_MAX_CHARS only.
 */
export function extractPhone(signatureOrText: string): string | null {
  const text = signatureOrText.slice(0, ANALYSIS_MAX_CHARS);
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const start = match.index ?? 0;
    // The label sits just before the number on its own line. Looking back a fixed 12 characters
    // (not to the line start, which made a long line of number-like tokens quadratic).
    const before = text.slice(Math.max(0, start - 12), start);
    if (FAX_LABEL.test(before.slice(before.lastIndexOf('\n') + 1))) continue;
    // The run may join two numbers ("015-2002193  06-12345678"): try the longest valid prefix
    // that ends at the end of a digit group.
    const run = match[0];
    for (let end = run.length; end > 0; end--) {
      if (!/\d/.test(run[end - 1] as string) || /\d/.test(run[end] ?? '')) continue;
      const candidate = run.slice(0, end).trim();
      if (!DATE_LIKE.test(candidate) && isPhoneNumber(candidate)) return candidate.replace(/\u00A0/g, ' ');
    }
  }
  return null;
}

function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (candidate.startsWith('+') || digits.startsWith('00')) {
    const international = candidate.startsWith('+') ? digits : digits.slice(2);
    if (international.startsWith('31')) return /^0?[1-9]\d{8}$/.test(international.slice(2));
    return /^[1-9]\d{7,14}$/.test(international);
  }
  return /^0[1-9]\d{8}$/.test(digits) || /^0[89]0\d{5}(?:\d{3})?$/.test(digits);
}
