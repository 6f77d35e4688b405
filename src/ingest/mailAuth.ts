// The desk's own DKIM + DMARC check of a command mail (RFC 6376, RFC 7489), for mailboxes whose
// receiving server writes no Authentication-Results the tenant trusts. DNS is slow and can fail,
// so this runs before the ingest transaction and only for the few mails that need it; what it
// found is a plain value that the pure decision (commands/authenticate.ts) weighs.
import { promises as dnsPromises } from 'node:dns';
import type { DKIMResult } from 'mailauth';
import type { dkimVerify as DkimVerify } from 'mailauth/lib/dkim/verify.js';
import type { dmarc as Dmarc } from 'mailauth/lib/dmarc/index.js';
import { signedReplyProof, trustedAuthResults, type DirectAuthCheck, type DkimCheck } from '../commands/authenticate.js';
import { hasCommandTag } from '../commands/parse.js';
import { headerValues, type ParsedMessage } from '../parse/types.js';
import { outboxByMessageId } from '../store/outbox.js';
import type { DnsLookup, DnsResolver, TenantContext } from '../tenant/context.js';

/**
 * mailauth is loaded on the first mail that needs it: most daemons never check a signature
 * themselves (their server's Authentication-Results is trusted), and its whole entry point
 * (SPF, ARC, BIMI with an HTTP client and XML parser) costs ~30 MB of RSS. The DKIM verifier and
 * DMARC modules alone cost ~19 MB; both ship their own typings.
 */
interface Mailauth {
  dkimVerify: typeof DkimVerify;
  dmarc: typeof Dmarc;
}
let mailauth: Promise<Mailauth> | null = null;
function loadMailauth(): Promise<Mailauth> {
  mailauth ??= Promise.all([import('mailauth/lib/dkim/verify.js'), import('mailauth/lib/dmarc/index.js')]).then(([v, d]) => ({
    dkimVerify: v.dkimVerify,
    dmarc: d.dmarc,
  }));
  return mailauth;
}

/** DNS answers that mean "no such record" rather than "could not ask". */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

/** The configured DNS servers (global `dns.servers`), or the system's resolvers when none are. */
export function systemDnsResolver(servers: readonly string[]): DnsResolver {
  const resolver = new dnsPromises.Resolver({ timeout: 2_000, tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * The DKIM/DMARC check a command mail needs, or null when it needs none: verification is off, the
 * From is not one of the tenant's people, the subject has no command tag, the tenant's receiving
 * server recorded its verdict (that one wins), or the mail replies to one of our mails sent to
 * that person (proof without DNS). Everything else that reaches ingest never touches DNS.
 */
export async function commandMailAuth(tenant: TenantContext, msg: ParsedMessage, raw: Buffer): Promise<DirectAuthCheck | null> {
  const { cfg } = tenant;
  const person = tenant.people.byEmail(msg.from?.address);
  if (!cfg.commands.verifyDkim || !person || !hasCommandTag(msg.subject)) return null;
  if (trustedAuthResults(msg, cfg.commands.trustedAuthservIds)) return null;
  const ours = {
    isOurMessageId: (id: string) => tenant.ids.verify(id) !== null,
    sentTo: (id: string) => {
      const o = outboxByMessageId(tenant.db, id);
      return o && o.tenant === tenant.id ? o.toAddress : null;
    },
  };
  if (signedReplyProof(msg, person, ours)) return null;
  // Without a signature DMARC cannot pass (SPF does not count here): no DNS lookup at all.
  if (headerValues(msg, 'dkim-signature').length === 0) return { fromDomain: null, dkim: [], dmarc: null, error: null };
  return verifyDkimDmarc(raw, tenant.dns, tenant.clock.now());
}

/**
 * Verify every DKIM signature of `raw`, then — when one passed aligned with the From domain —
 * that domain's DMARC record. All lookups together get `dns.timeoutMs`; a lookup that fails or
 * runs past it leaves the check without proof and says why, it never throws.
 */
export async function verifyDkimDmarc(raw: Buffer, dns: DnsLookup, now: Date): Promise<DirectAuthCheck> {
  // Loaded before the clock starts: the first check must not spend its DNS time on module loading.
  const lib = await loadMailauth();
  let failure: string | null = null;
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no DNS answer within ${dns.timeoutMs} ms`), { code: 'ETIMEOUT' })), dns.timeoutMs);
  });
  expired.catch(() => undefined); // observed by whichever race is still waiting
  const resolver: DnsResolver = async (name, rrtype) => {
    inFlight.add(name);
    try {
      return await Promise.race([dns.resolve(name, rrtype), expired]);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string' || !NO_RECORD.has(code)) {
        const why = code === 'ETIMEOUT' ? `no answer within ${dns.timeoutMs} ms` : `failed (${typeof code === 'string' ? code : String(err)})`;
        failure ??= `DNS lookup of ${name} ${why}`;
      }
      throw err;
    } finally {
      inFlight.delete(name);
    }
  };
  try {
    const found = await Promise.race([check(lib, raw, resolver, now), expired]);
    return { ...found, error: failure };
  } catch (err) {
    const timedOut = (err as { code?: unknown }).code === 'ETIMEOUT';
    const error = timedOut
      ? `DNS lookup of ${[...inFlight].join(', ') || 'DKIM keys and DMARC records'} no answer within ${dns.timeoutMs} ms`
      : `DKIM/DMARC check failed: ${err instanceof Error ? err.message : String(err)}`;
    return { fromDomain: null, dkim: [], dmarc: null, error: failure ?? error };
  } finally {
    clearTimeout(timer);
  }
}

async function check({ dkimVerify, dmarc }: Mailauth, raw: Buffer, resolver: DnsResolver, now: Date): Promise<Omit<DirectAuthCheck, 'error'>> {
  const verified = await dkimVerify(raw, { resolver, curTime: now });
  const from = verified.headerFrom ?? [];
  // The pure check compares this with the parser's From: two readings of one header must agree.
  const fromDomain = from.length === 1 && from[0] ? domainOf(from[0]) : null;
  // mailauth reports a signature-less mail as one row without a signing domain.
  const signatures = verified.results.filter((r) => r.signingDomain);
  const dkim = signatures.map(dkimCheckOf);
  const alignedPass = signatures.filter((r) => r.status.result === 'pass' && r.status.aligned);
  if (!fromDomain || alignedPass.length === 0) return { fromDomain, dkim, dmarc: null };
  const d = await dmarc({
    headerFrom: from,
    // No connecting IP is known here, so SPF proves nothing: DMARC can pass only through DKIM.
    spfDomains: [],
    dkimDomains: alignedPass.map((r) => ({ id: r.id, domain: r.signingDomain, aligned: Boolean(r.status.aligned), underSized: Boolean(r.status.underSized) })),
    resolver,
  });
  return { fromDomain, dkim, dmarc: d ? { result: d.status.result, policy: d.policy ?? null } : null };
}

function dkimCheckOf(r: DKIMResult): DkimCheck {
  // Not in mailauth's typings: the header fields the signature covers, as "From: To: Subject".
  const keys = (r as DKIMResult & { signingHeaders?: { keys?: string } }).signingHeaders?.keys ?? '';
  // Typed boolean, but mailauth sets the count of body bytes past an l= limit.
  const underSized: unknown = r.status.underSized;
  return {
    domain: r.signingDomain.toLowerCase(),
    result: r.status.result,
    comment: typeof r.status.comment === 'string' ? r.status.comment : null,
    aligned: Boolean(r.status.aligned),
    signedHeaders: keys
      .split(':')
      .map((k) => k.trim().toLowerCase())
      .filter(Boolean),
    unsignedBodyBytes: typeof underSized === 'number' ? underSized : underSized ? 1 : 0,
  };
}
