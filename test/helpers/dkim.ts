// DKIM keys, signed mail and a DNS zone of our own, so DKIM/DMARC tests run offline: the desk
// looks its keys and policies up through the injected resolver, never the network.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { DnsResolver } from '../../src/tenant/context.js';

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The TXT record at `<selector>._domainkey.<domain>`. */
  record: string;
}

export function dkimKey(domain: string, selector = 'sel2026'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

/** `raw` (CRLF) with a DKIM-Signature by `key` prepended; `headerList` narrows what it covers. */
export async function dkimSigned(raw: string, key: DkimKey, opts: { headerList?: string[]; maxBodyLength?: number } = {}): Promise<string> {
  const signature = {
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKey,
    ...(opts.maxBodyLength ? { maxBodyLength: opts.maxBodyLength } : {}),
  };
  const r = await dkimSign(raw, {
    // The typings want the signature's keys at the top too; the signer reads signatureData.
    ...signature,
    canonicalization: 'relaxed/relaxed',
    // mailauth 4.13 reads the list as "from:to:…" (typed string[], an array is silently ignored).
    ...(opts.headerList ? { headerList: opts.headerList.join(':') as unknown as string[] } : {}),
    signatureData: [signature],
  });
  if (r.errors.length > 0) throw new Error(`dkimSign: ${JSON.stringify(r.errors)}`);
  return r.signatures + raw;
}

/**
 * A DNS zone as a resolver: TXT records by name; any other name answers ENOTFOUND like a real
 * resolver. `lookups` lists every name asked, `fail` makes a name (or every name) fail.
 */
export function fakeDns(zone: Record<string, string>) {
  const lookups: string[] = [];
  let behaviour: { kind: 'answer' } | { kind: 'fail'; code: string } | { kind: 'hang' } = { kind: 'answer' };
  const resolve: DnsResolver = async (name, rrtype) => {
    lookups.push(`${name} ${rrtype}`);
    if (behaviour.kind === 'hang') return new Promise<never>(() => undefined);
    if (behaviour.kind === 'fail') throw Object.assign(new Error(`query ${behaviour.code} ${name}`), { code: behaviour.code });
    const v = rrtype === 'TXT' ? zone[name.toLowerCase()] : undefined;
    if (v === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return [[v]];
  };
  return {
    resolve,
    lookups,
    zone,
    answer: () => void (behaviour = { kind: 'answer' }),
    fail: (code = 'ESERVFAIL') => void (behaviour = { kind: 'fail', code }),
    hang: () => void (behaviour = { kind: 'hang' }),
  };
}

export const zoneFor = (...keys: DkimKey[]): Record<string, string> => Object.fromEntries(keys.map((k) => [`${k.selector}._domainkey.${k.domain}`, k.record]));
