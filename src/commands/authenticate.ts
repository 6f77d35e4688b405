import type { Person } from '../config/schema.js';
import { headerValues, type ParsedMessage } from '../parse/types.js';
import { parseAuthResults } from './authResults.js';

export type AuthVerdict =
  | { ok: true; person: Person; method: 'signed-reply'; detail: string }
  | { ok: true; person: Person; method: 'dmarc'; detail: string }
  | { ok: false; person: Person | null; reason: string };

export interface AuthPolicy {
  /** Is this one of our signed Message-IDs (thread/messageId.ts)? */
  isOurMessageId: (messageId: string) => boolean;
  people: readonly Person[];
  /** authserv-ids of the tenant's own receiving mail server (RFC 8601); empty: DMARC proof is not accepted. */
  trustedAuthservIds: readonly string[];
  /** Who one of our Message-IDs was sent to (outbox lookup), or null when it is not ours. */
  sentTo: (messageId: string) => string | null;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** DKIM alignment (RFC 7489 §3.1.1, relaxed): the signing domain is the From domain or a parent of it. */
function aligned(signingDomain: string, fromDomain: string): boolean {
  return fromDomain === signingDomain || fromDomain.endsWith(`.${signingDomain}`);
}

/**
 * May this mail run a command? A From address alone never suffices (it is trivially forged).
 * It must come from a configured person AND carry proof:
 *  (a) it replies to a mail of ours (signed Message-ID in In-Reply-To/References) that was sent
 *      to that same person — only they received that Message-ID; or
 *  (b) the tenant's own receiving server recorded a DMARC pass with aligned DKIM for the From
 *      domain. Only the topmost Authentication-Results header with a trusted authserv-id counts:
 *      headers a sender wrote into their message sit below it, and RFC 8601 §5 has the server
 *      strip forged copies carrying its own id.
 */
export function authenticateCommand(msg: ParsedMessage, policy: AuthPolicy): AuthVerdict {
  const from = msg.from?.address ?? '';
  // Exactly one From mailbox; an address list or a Sender/From mismatch is not a person's command.
  const fromHeaders = headerValues(msg, 'from');
  const person = policy.people.find((p) => p.email === from) ?? null;
  // Checked first: with two From headers the parser keeps one and a mail client may show the other.
  if (fromHeaders.length !== 1) return { ok: false, person, reason: `${fromHeaders.length} From headers` };
  if (!person) return { ok: false, person: null, reason: `${from || 'no sender'} is not one of the tenant's people` };

  for (const id of [...msg.inReplyTo, ...msg.references]) {
    if (!policy.isOurMessageId(id)) continue;
    const to = policy.sentTo(id);
    if (to === person.email) return { ok: true, person, method: 'signed-reply', detail: `replies to <${id}>, which was sent to ${person.email}` };
  }

  const trusted = new Set(policy.trustedAuthservIds.map((s) => s.toLowerCase()));
  if (trusted.size > 0) {
    const header = headerValues(msg, 'authentication-results')
      .map(parseAuthResults)
      .find((h) => h !== null && trusted.has(h.authservId));
    if (header) {
      const fromDomain = domainOf(from);
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
  }
  return { ok: false, person, reason: 'no proof: not a reply to a mail sent to this person, and no DMARC pass from the trusted mail server' };
}
