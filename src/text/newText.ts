/**
 * What the sender newly wrote, separated from quoted history and signature (SPEC §4 "Quoted
 * text"), for the Dutch and English clients our customers use: Outlook (desktop, web, Mac),
 * Gmail, Apple Mail / iOS. Heuristic by nature; the full original stays stored, so a wrong
 * guess hides text from the record's summary but never loses it. When in doubt, text stays in
 * newText.
 */

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
  from: 'from', van: 'from', von: 'from', de: 'from',
  sent: 'date', verzonden: 'date', verstuurd: 'date', date: 'date', datum: 'date', gesendet: 'date', envoyé: 'date',
  to: 'to', aan: 'to', an: 'to', à: 'to',
  cc: 'cc',
  subject: 'subject', onderwerp: 'subject', betreff: 'subject', objet: 'subject',
};
/** "From: x", "*From:* x" (Gmail's rendering of Outlook's bold), "**Van:** x". */
const HEADER_FIELD = /^\s*[*_]{0,2}\s*([\p{L}]+)\s*:[*_]{0,2}(?:\s|$)/u;

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
const DISCLAIMER_LINE = /disclaimer|vertrouwelijk|confidential|uitsluitend bestemd|intended (?:solely|only)|geadresseerde|addressee|aansprakelijk|liab(?:le|ility)/i;

/**
 * Splits a plain-text body into what the sender newly wrote, the quoted history (attribution,
 * "> " blocks, forwarded or Outlook-quoted mail) and the sender's signature. CRLF becomes LF;
 * each part is trimmed. Interleaved replies keep every unquoted stretch in newText.
 */
export function splitReply(text: string): ReplyParts {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const roles: Role[] = lines.map(() => 'new');
  const cut = findHistoryStart(lines);
  for (let i = cut; i < lines.length; i++) roles[i] = 'quoted';
  markQuoteBlocks(lines, roles, cut);
  markSignature(lines, roles);
  return { newText: collect(lines, roles, 'new'), quoted: collect(lines, roles, 'quoted'), signature: collect(lines, roles, 'signature') };
}

/** First line of unmarked history (Outlook, forwards, Apple Mail); lines.length when none. */
function findHistoryStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (QUOTE_LINE.test(line) || line.trim() === '') continue;
    if (SEPARATOR.test(line) || FORWARD_INTRO.test(line)) return i;
    if (isHeaderBlock(lines, i)) {
      const above = previousNonBlank(lines, i);
      return above !== -1 && RULE_LINE.test(lines[above] as string) ? above : i;
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
  const name = HEADER_FIELD.exec(line)?.[1]?.toLowerCase();
  return name === undefined ? null : (HEADER_NAMES[name] ?? null);
}

/** Number of lines (1–3) forming an attribution starting at `start`, 0 when none. */
function attributionLength(lines: string[], start: number, loose: boolean): number {
  let joined = '';
  for (let k = 0; k < MAX_ATTRIBUTION_LINES && start + k < lines.length; k++) {
    const line = lines[start + k] as string;
    if (line.trim() === '' || QUOTE_LINE.test(line)) return 0;
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

/**
 * Marks the signature among the new lines: from the first "-- " delimiter, mobile signature or
 * sign-off ("Met vriendelijke groet," + name block) that only short signature-like lines follow.
 */
function markSignature(lines: string[], roles: Role[]): void {
  const own = roles.flatMap((role, i) => (role === 'new' ? [i] : []));
  // Non-blank own lines after position n, so candidates far from the end are rejected cheaply.
  const after = new Array<number>(own.length).fill(0);
  let count = 0;
  for (let n = own.length - 1; n >= 0; n--) {
    after[n] = count;
    if ((lines[own[n] as number] as string).trim() !== '') count++;
  }
  for (let n = 0; n < own.length; n++) {
    const raw = lines[own[n] as number] as string;
    if (raw.trim() === '' || (after[n] as number) > MAX_SIGNATURE_LINES + 5) continue;
    const tail = own.slice(n + 1).map((i) => (lines[i] as string).trim()).filter((l) => l !== '');
    if (isSignatureStart(raw, tail)) {
      for (const i of own.slice(n)) roles[i] = 'signature';
      return;
    }
  }
}

function isSignatureStart(raw: string, tail: string[]): boolean {
  const line = raw.trim();
  if (SIGNATURE_DELIMITER.test(raw)) return tail.length <= (raw.startsWith('-- ') ? MAX_SIGNATURE_LINES + 5 : 10);
  if (MOBILE_SIGNATURE.some((re) => re.test(line))) return tail.length <= 10;
  if (CLOSING_ALONE.test(line)) return tail.length > 0 && isNameBlock(tail);
  const name = CLOSING_THEN.exec(line)?.[1];
  return name !== undefined && PERSON_NAME.test(name) && (tail.length === 0 || isNameBlock(tail));
}

/** A name / title / company / contact block, not prose: the conservative part of sign-off detection. */
function isNameBlock(tail: string[]): boolean {
  if (tail.length > MAX_SIGNATURE_LINES) return false;
  let nameLines = 0;
  for (const line of tail) {
    if (DISCLAIMER_LINE.test(line)) continue;
    if (CONTACT_LINE.test(line) && line.length <= 120) continue;
    const prose = line.split(/\s+/).length >= 6 && /[.?!]$/.test(line);
    if (prose || line.length > MAX_NAME_LINE_CHARS || ++nameLines > MAX_NAME_LINES) return false;
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
function collect(lines: string[], roles: Role[], role: Role): string {
  const out: string[] = [];
  let gap = false;
  lines.forEach((line, i) => {
    if (roles[i] !== role) {
      gap ||= line.trim() !== '';
      return;
    }
    if (gap && out.length > 0) out.push('');
    gap = false;
    out.push(line.trimEnd());
  });
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
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
 * "00"; skips numbers labelled as fax and dates such as 03-11-2026.
 */
export function extractPhone(signatureOrText: string): string | null {
  for (const match of signatureOrText.matchAll(PHONE_CANDIDATE)) {
    const start = match.index ?? 0;
    const lineStart = signatureOrText.lastIndexOf('\n', start) + 1;
    if (FAX_LABEL.test(signatureOrText.slice(Math.max(lineStart, start - 12), start))) continue;
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
