/**
 * Small, pure readings of a parsed message shared by the guards: address local parts, the
 * top-level Content-Type, a bounded head of the body. Every reader here is linear in its input
 * and looks at a capped amount of it, so no guard can be made slow by a large or hostile mail.
 */
import { headerValues, type ParsedMessage } from '../parse/types.js';

/** How much body text the content rules read: machine notices say what they are at the top. */
export const BODY_SCAN_CHARS = 4096;
/** Header values longer than this are cut before any pattern sees them. */
const HEADER_SCAN_CHARS = 2048;

/** Drops RFC 5322 comments `(…)` (not nested; enough for the one-token headers read here). */
export function stripComments(value: string): string {
  return value.replace(/\([^()]*\)/g, ' ').trim();
}

/** Local part of an address, lower-cased, with a `+tag` sub-address removed. */
export function localPart(address: string): string {
  const local = fullLocalPart(address);
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(0, plus) : local;
}

/** Local part of an address, lower-cased, sub-address kept (`group+owners`). */
export function fullLocalPart(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(0, at) : address).toLowerCase();
}

/**
 * Senders that only ever emit delivery reports (RFC 5321 §4.5.1 postmaster, MTA daemons),
 * including the spellings carriers use for them (`post_master`, `mail-daemon`) and Exchange's
 * system mailbox (`MicrosoftExchange` + 32 hex digits, the sender of its NDRs and DSNs).
 */
export function isDeliverySystemAddress(address: string): boolean {
  const local = localPart(address.slice(0, 320));
  return /^(mailer[-_.]?daemon|mail[-_.]?daemon|post[-_.]?master|mail[-_.]?delivery[-_.]?(system|subsystem)|microsoftexchange[0-9a-f]{32})$/.test(local);
}

export interface ContentType {
  /** `type/subtype`, lower-cased; `text/plain` when the header is absent (RFC 2045 §5.2). */
  type: string;
  /** Parameter names lower-cased, values unquoted. */
  params: Map<string, string>;
  /** The header as it appeared (cut), for the record. */
  raw: string;
}

/** The top-level Content-Type (the first one: a second copy is a malformation, not an override). */
export function topContentType(msg: Pick<ParsedMessage, 'headers'>): ContentType {
  const raw = (headerValues(msg, 'content-type')[0] ?? '').slice(0, HEADER_SCAN_CHARS).trim();
  const params = new Map<string, string>();
  for (const m of raw.matchAll(/;\s*([\w!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/g)) {
    params.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? '');
  }
  const type = raw === '' ? 'text/plain' : raw.split(';')[0]!.trim().toLowerCase();
  return { type, params, raw };
}

/** The first BODY_SCAN_CHARS of the plain-text body, line endings normalised. */
export function bodyHead(msg: Pick<ParsedMessage, 'text'>): string {
  return msg.text.slice(0, BODY_SCAN_CHARS).replace(/\r\n?/g, '\n');
}

/** First value of a header, cut to a size that patterns can scan cheaply; null when absent. */
export function firstHeader(msg: Pick<ParsedMessage, 'headers'>, name: string): string | null {
  const value = headerValues(msg, name)[0];
  return value === undefined ? null : value.slice(0, HEADER_SCAN_CHARS);
}

// Reply prefixes only (Dutch, English, German, Scandinavian, French, GroupWise "Antw").
const REPLY_PREFIX = /^\s*(?:re|aw|antw|ant|sv|vs|r)\s*(?:\[\d+\])?\s*[:：]\s*/i;
// Forward prefixes: a person passing a machine's mail on is writing to us themselves.
const FORWARD_PREFIX = /^\s*(?:fwd?|doorst|wg|tr|wtr|enc|rv)\s*(?:\[\d+\])?\s*[:：]/i;

/** The subject with leading reply prefixes (`Re: AW: Antw:`) removed, at most ten of them. */
export function withoutReplyPrefixes(subject: string): string {
  let rest = subject.slice(0, HEADER_SCAN_CHARS);
  for (let i = 0; i < 10; i++) {
    const stripped = rest.replace(REPLY_PREFIX, '');
    if (stripped === rest) break;
    rest = stripped;
  }
  return rest.trim();
}

/** True when the subject starts as a forward (`Fwd:`, `Doorst:`, `WG:`), after any reply prefixes. */
export function isForwardSubject(subject: string): boolean {
  return FORWARD_PREFIX.test(withoutReplyPrefixes(subject));
}
