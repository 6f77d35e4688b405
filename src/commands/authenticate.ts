import type { Person } from '../config/schema.js';
import { headerValues, type ParsedMessage } from '../parse/types.js';
import { parseAuthResults, type AuthResultsHeader } from './authResults.js';

export type AuthVerdict =
  | { ok: true; person: Person; method: 'signed-reply'; detail: string }
  | { ok: true; person: Person; method: 'dmarc'; detail: string }
  | { ok: true; person: Person; method: 'dkim-dmarc'; detail: string }
  | { ok: false; person: Person | null; reason: string };

/** One DKIM signature of the mail as the desk verified it itself (ingest/mailAuth.ts). */
export interface DkimCheck {
  /** The signing domain (d=). */
  domain: string;
  /** pass, fail, neutral (body hash did not verify, no key), temperror (DNS), policy (weak key), none. */
  result: string;
  comment: string | null;
  /** DMARC relaxed alignment with the From domain: the same organisational domain. */
  aligned: boolean;
  /** Header fields the signature covers (lower case). */
  signedHeaders: string[];
  /** Body bytes after the signature's l= limit, which the signature does not cover. */
  unsignedBodyBytes: number;
}

/**
 * What the desk found checking the mail's own DKIM signatures and the From domain's DMARC record
 * over DNS, for mail whose receiving server recorded no trusted Authentication-Results.
 */
export interface DirectAuthCheck {
  /** The From domain as the verifier read the From header: it must be the parser's. */
  fromDomain: string | null;
  dkim: DkimCheck[];
  /** The From domain's DMARC result and policy; null when not looked up (no aligned DKIM pass, or a DNS failure before). */
  dmarc: { result: string; policy: string | null } | null;
  /** Why the check could not finish (DNS failure, time-out): no proof either way. */
  error: string | null;
}

export interface AuthPolicy {
  /** Is this one of our signed Message-IDs (thread/messageId.ts)? */
  isOurMessageId: (messageId: string) => boolean;
  people: readonly Person[];
  /** authserv-ids of the tenant's own receiving mail server (RFC 8601); empty: DMARC proof is not accepted. */
  trustedAuthservIds: readonly string[];
  /** Who one of our Message-IDs was sent to (outbox lookup), or null when it is not ours. */
  sentTo: (messageId: string) => string | null;
  /** The desk's own DKIM + DMARC check of this mail, when it ran (commands.verifyDkim). */
  direct?: DirectAuthCheck | null;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** DKIM alignment (RFC 7489 §3.1.1, relaxed): the signing domain is the From domain or a parent of it. */
function aligned(signingDomain: string, fromDomain: string): boolean {
  return fromDomain === signingDomain || fromDomain.endsWith(`.${signingDomain}`);
}

/** Headers that decide what a command does and to which complaint: a signature must cover them, once each. */
const COMMAND_HEADERS = ['from', 'subject', 'message-id', 'in-reply-to', 'references'] as const;

/** A reply to a mail of ours (signed Message-ID) that was sent to this person: the id that proves it, or null. */
export function signedReplyProof(msg: ParsedMessage, person: Person, policy: Pick<AuthPolicy, 'isOurMessageId' | 'sentTo'>): string | null {
  for (const id of [...msg.inReplyTo, ...msg.references]) {
    if (policy.isOurMessageId(id) && policy.sentTo(id) === person.email) return id;
  }
  return null;
}

/** The topmost Authentication-Results header with a trusted authserv-id, if any. */
export function trustedAuthResults(msg: ParsedMessage, trustedAuthservIds: readonly string[]): AuthResultsHeader | null {
  const trusted = new Set(trustedAuthservIds.map((s) => s.toLowerCase()));
  if (trusted.size === 0) return null;
  return (
    headerValues(msg, 'authentication-results')
      .map(parseAuthResults)
      .find((h) => h !== null && trusted.has(h.authservId)) ?? null
  );
}

/**
 * The desk's own check as proof (RFC 7489): DMARC pass for the From domain through a DKIM
 * signature that verified, is aligned, covers the whole body and every header a command reads
 * — each present once, since a verifier signs the bottom-most copy and a parser may show the
 * top one. SPF never counts: the desk does not know the connecting IP. A DMARC policy of none
 * still needs this aligned pass; no DMARC record is no proof.
 */
function directProof(msg: ParsedMessage, fromDomain: string, d: DirectAuthCheck): { ok: true; detail: string } | { ok: false; why: string } {
  if (d.dkim.length === 0) return { ok: false, why: d.error ?? 'no DKIM signature' };
  // A DNS failure explains most refusals below; it is named first, what it caused after it.
  const fail = (why: string) => ({ ok: false as const, why: d.error ? `${d.error} (${why})` : why });
  if (d.fromDomain !== fromDomain) return fail(`the verifier read the From domain as ${d.fromDomain ?? 'nothing'}, not ${fromDomain}`);
  const duplicated = COMMAND_HEADERS.filter((h) => headerValues(msg, h).length > 1);
  if (duplicated.length > 0) return fail(`more than one ${duplicated.join(', ')} header`);
  const passes = d.dkim.filter((k) => k.result === 'pass');
  if (passes.length === 0) return fail(`DKIM ${d.dkim.map((k) => `${k.result} for ${k.domain}${k.comment ? ` (${k.comment})` : ''}`).join(', ')}`);
  const aligned = passes.filter((k) => k.aligned);
  if (aligned.length === 0) return fail(`DKIM pass only for ${passes.map((k) => k.domain).join(', ')}, not aligned with ${fromDomain}`);
  const present = COMMAND_HEADERS.filter((h) => headerValues(msg, h).length > 0);
  const covering = aligned.find((k) => k.unsignedBodyBytes === 0 && present.every((h) => k.signedHeaders.includes(h)));
  if (!covering) {
    const k = aligned[0]!;
    const missing = present.filter((h) => !k.signedHeaders.includes(h));
    return fail(
      `the DKIM signature of ${k.domain} does not cover ${missing.length ? `the ${missing.join(', ')} header` : `the last ${k.unsignedBodyBytes} bytes of the body`}`,
    );
  }
  if (!d.dmarc) return fail(`no DMARC result for ${fromDomain}`);
  if (d.dmarc.result === 'none') return fail(`${fromDomain} publishes no DMARC record`);
  if (d.dmarc.result !== 'pass') return fail(`dmarc=${d.dmarc.result} for ${fromDomain}`);
  return {
    ok: true,
    detail: `verified by the desk: dkim=pass header.d=${covering.domain}, dmarc=pass (p=${d.dmarc.policy ?? 'none'}) header.from=${fromDomain}`,
  };
}

/**
 * May this mail run a command? A From address alone never suffices (it is trivially forged).
 * It must come from a configured person AND carry proof:
 *  (a) it replies to a mail of ours (signed Message-ID in In-Reply-To/References) that was sent
 *      to that same person — only they received that Message-ID; or
 *  (b) the tenant's own receiving server recorded a DMARC pass with aligned DKIM for the From
 *      domain. Only the topmost Authentication-Results header with a trusted authserv-id counts:
 *      headers a sender wrote into their message sit below it, and RFC 8601 §5 has the server
 *      strip forged copies carrying its own id. When such a header exists its verdict stands; or
 *  (c) no trusted server recorded anything and the desk's own check (policy.direct) found a
 *      DMARC pass through an aligned DKIM signature that covers what the command reads.
 */
export function authenticateCommand(msg: ParsedMessage, policy: AuthPolicy): AuthVerdict {
  const from = msg.from?.address ?? '';
  // Exactly one From mailbox; an address list or a Sender/From mismatch is not a person's command.
  const fromHeaders = headerValues(msg, 'from');
  const person = policy.people.find((p) => p.email === from) ?? null;
  // Checked first: with two From headers the parser keeps one and a mail client may show the other.
  if (fromHeaders.length !== 1) return { ok: false, person, reason: `${fromHeaders.length} From headers` };
  if (!person) return { ok: false, person: null, reason: `${from || 'no sender'} is not one of the tenant's people` };

  const repliedTo = signedReplyProof(msg, person, policy);
  if (repliedTo) return { ok: true, person, method: 'signed-reply', detail: `replies to <${repliedTo}>, which was sent to ${person.email}` };

  const fromDomain = domainOf(from);
  const header = trustedAuthResults(msg, policy.trustedAuthservIds);
  if (header) {
    const dmarc = header.results.find((r) => r.method === 'dmarc');
    const dkim = header.results.find((r) => r.method === 'dkim' && r.result === 'pass' && r.props['header.d'] && aligned(r.props['header.d'], fromDomain));
    if (dmarc?.result === 'pass' && dmarc.props['header.from'] === fromDomain && dkim) {
      return {
        ok: true,
        person,
        method: 'dmarc',
        detail: `${header.authservId}: dmarc=pass header.from=${fromDomain}, dkim=pass header.d=${dkim.props['header.d']}`,
      };
    }
    return {
      ok: false,
      person,
      reason: `${header.authservId} recorded ${dmarc ? `dmarc=${dmarc.result}` : 'no DMARC result'}${dkim ? '' : ' and no aligned DKIM pass'} for ${fromDomain}`,
    };
  }
  if (policy.direct) {
    const p = directProof(msg, fromDomain, policy.direct);
    if (p.ok) return { ok: true, person, method: 'dkim-dmarc', detail: p.detail };
    return {
      ok: false,
      person,
      reason: `no proof: not a reply to a mail sent to this person, no Authentication-Results from a trusted mail server, and ${p.why}`,
    };
  }
  return { ok: false, person, reason: 'no proof: not a reply to a mail sent to this person, and no DMARC pass from the trusted mail server' };
}
