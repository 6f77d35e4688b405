/**
 * Subject-line threading evidence (SPEC §4 Threading, rule 2): reply/forward prefixes and the
 * complaint reference token `[PS-2026-0007]`.
 */

/**
 * Reply and forward prefixes of the clients our customers use: English (Re, Fw, Fwd), Dutch
 * Outlook (Antw, Antwoord, Doorst, Doorgestuurd), German (AW, WG), French (TR), Scandinavian
 * (Sv, Vs) and Italian (R, RIF). Optional counters as in "Re[2]:" or "RE (3):"; Outlook in
 * East-Asian locales writes a full-width colon.
 */
const REPLY_PREFIX = /^\s*(?:re|aw|antw|antwoord|fwd?|doorst|doorgestuurd|wg|tr|sv|vs|r|rif)\s*(?:[[(]\s*\d{1,4}\s*[\])])?\s*[:：]/i;

/**
 * Tags that gateways put in front of (or between) the prefixes, e.g. "[EXTERNAL] RE: …". Only
 * these exact words: a reference token is bracketed too and must survive.
 */
const GATEWAY_TAG = /^\s*[[(](?:external|extern|ext|externe e-mail)[\])]\s*:?/i;

/**
 * The subject without any leading sequence of reply/forward prefixes, gateway tags and the
 * whitespace between them: "RE: AW: Antw: [PS-2026-0007] #outcome partly" becomes
 * "[PS-2026-0007] #outcome partly". Whitespace is collapsed to single spaces.
 */
export function stripReplyPrefixes(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim();
  for (;;) {
    const match = REPLY_PREFIX.exec(rest) ?? GATEWAY_TAG.exec(rest);
    if (match === null) return rest.trim();
    rest = rest.slice(match[0].length);
  }
}

export interface ComplaintReference {
  /** Upper case, e.g. "PS". */
  prefix: string;
  year: number;
  seq: number;
}

const PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,9}$/;

/** "PS-2026-0007": prefix upper-cased, sequence zero-padded to at least 4 digits. */
export function formatReference(prefix: string, year: number, seq: number): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new RangeError(`invalid reference prefix: ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid reference year: ${year}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`invalid reference sequence: ${seq}`);
  return `${prefix.toUpperCase()}-${year}-${String(seq).padStart(4, '0')}`;
}

const REFERENCE = /^\[?\s*([A-Za-z][A-Za-z0-9]{0,9})-(\d{4})-(\d{1,9})\s*\]?$/;

/**
 * Parses "PS-2026-0007" (any case, brackets and a shorter or longer sequence accepted) into its
 * parts; null for anything else, including a sequence of 0.
 */
export function parseReference(token: string): ComplaintReference | null {
  const match = REFERENCE.exec(token.trim());
  if (match === null) return null;
  const [, prefix, year, seq] = match;
  if (prefix === undefined || year === undefined || seq === undefined) return null;
  if (token.trim().startsWith('[') !== token.trim().endsWith(']')) return null;
  const seqNumber = Number(seq);
  if (seqNumber < 1) return null;
  return { prefix: prefix.toUpperCase(), year: Number(year), seq: seqNumber };
}

/**
 * The reference tokens of the given tenants' prefixes found in a subject, normalised by
 * formatReference, deduplicated, in order of appearance.
 *
 * Only the bracketed form counts: `[PS-2026-0007]`, any case, spaces inside the brackets and a
 * sequence without zero padding tolerated. A bare `PS-2026-0007` or `#PS-2026-0007` does not:
 * the brackets are what the bot writes and every client keeps, while a bare mention ("same as
 * PS-2026-0003") in a handler's command subject names another complaint and must not re-thread
 * the mail; `#` is the command marker. Because the token must fill the brackets, it is never
 * matched inside a longer word ("[XPS-2026-0007]", "[PS-2026-0007a]").
 */
export function findReferenceTokens(subject: string, prefixes: string[]): string[] {
  const wanted = new Set(prefixes.map((p) => p.toUpperCase()));
  const found: string[] = [];
  for (const match of subject.matchAll(/\[\s*([A-Za-z][A-Za-z0-9]{0,9})-(\d{4})-(\d{1,9})\s*\]/g)) {
    const [, prefix, year, seq] = match;
    if (prefix === undefined || year === undefined || seq === undefined) continue;
    if (!wanted.has(prefix.toUpperCase()) || Number(seq) < 1) continue;
    const token = formatReference(prefix, Number(year), Number(seq));
    if (!found.includes(token)) found.push(token);
  }
  return found;
}
