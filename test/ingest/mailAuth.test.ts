// The desk's own DKIM + DMARC check of a command mail (ingest/mailAuth.ts) and how the pure
// decision (commands/authenticate.ts) weighs it: mail signed in the test with its own RSA keys,
// keys and DMARC records served by an injected resolver, parsed by the production parser.
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateCommand, type AuthPolicy, type AuthVerdict } from '../../src/commands/authenticate.js';
import type { Person } from '../../src/config/schema.js';
import { verifyDkimDmarc } from '../../src/ingest/mailAuth.js';
import { MailParser } from '../../src/parse/parse.js';
import { dkimKey, dkimSigned, fakeDns, zoneFor } from '../helpers/dkim.js';

const people: Person[] = [{ id: 'h1', name: 'Handler One', email: 'h1@example.nl', role: 'handler', absent: false }];
const policy: AuthPolicy = { isOurMessageId: () => false, people, trustedAuthservIds: ['mx.purasec.nl'], sentTo: () => null };
const NOW = new Date('2026-11-16T09:00:00Z');

const example = dkimKey('example.nl');
const subdomain = dkimKey('mail.example.nl', 'relay');
const evil = dkimKey('evil.test');
const DMARC_REJECT = 'v=DMARC1; p=reject; rua=mailto:dmarc@example.nl';
const zone = () => ({ ...zoneFor(example, subdomain, evil), '_dmarc.example.nl': DMARC_REJECT, '_dmarc.evil.test': 'v=DMARC1; p=reject' });

const parser = new MailParser({ maxMessageBytes: 1 << 20, maxHeaderBytes: 1 << 16, parseTimeoutMs: 10_000 });
afterAll(() => parser.close());

const BODY = 'Naam: Sanne de Wit\r\nE-mail: sanne@klant.example\r\n\r\nDe pentest startte een week te laat.\r\n';
function mail(headers: string[] = [], body = BODY): string {
  return [
    'From: Handler One <h1@example.nl>',
    'To: klachten@purasec.nl',
    'Subject: #registreer',
    'Message-ID: <fresh-1@example.nl>',
    'Date: Mon, 16 Nov 2026 09:00:00 +0000',
    ...headers,
    '',
    body,
  ].join('\r\n');
}

/** What the desk decides about `raw` when it checks DKIM/DMARC itself through `dns`. */
async function decide(raw: string, dns = fakeDns(zone()), timeoutMs = 5_000, p: AuthPolicy = policy): Promise<AuthVerdict> {
  const direct = await verifyDkimDmarc(Buffer.from(raw), { resolve: dns.resolve, timeoutMs }, NOW);
  const parsed = await parser.parse(Buffer.from(raw));
  if (!parsed.ok) throw new Error(parsed.detail);
  return authenticateCommand(parsed.msg, { ...p, direct });
}
const refusedWith = async (raw: Promise<string> | string, reason: RegExp, dns = fakeDns(zone())) => {
  const v = await decide(await raw, dns);
  expect(v.ok).toBe(false);
  if (!v.ok) expect(v.reason).toMatch(reason);
  return v;
};

describe('direct DKIM + DMARC: accepted', () => {
  it('a fresh mail signed by the From domain, whose DMARC record says reject', async () => {
    const dns = fakeDns(zone());
    const v = await decide(await dkimSigned(mail(), example), dns);
    expect(v).toMatchObject({ ok: true, method: 'dkim-dmarc', person: { id: 'h1' } });
    if (v.ok) expect(v.detail).toBe('verified by the desk: dkim=pass header.d=example.nl, dmarc=pass (p=reject) header.from=example.nl');
    // One key and one policy lookup, nothing else (no SPF, ARC or BIMI).
    expect(dns.lookups.sort()).toEqual(['_dmarc.example.nl TXT', 'sel2026._domainkey.example.nl TXT']);
  });

  it('relaxed alignment: signed by a subdomain of the From domain', async () => {
    const v = await decide(await dkimSigned(mail(), subdomain));
    expect(v).toMatchObject({ ok: true, method: 'dkim-dmarc' });
  });

  it('a DMARC policy of none, with an aligned DKIM pass', async () => {
    const v = await decide(await dkimSigned(mail(), example), fakeDns({ ...zone(), '_dmarc.example.nl': 'v=DMARC1; p=none' }));
    expect(v).toMatchObject({ ok: true, method: 'dkim-dmarc' });
    if (v.ok) expect(v.detail).toContain('p=none');
  });

  it("a DNS failure for another signer's key does not spoil the aligned proof", async () => {
    const twice = await dkimSigned(await dkimSigned(mail(), example), dkimKey('esp.example'));
    expect(await decide(twice)).toMatchObject({ ok: true, method: 'dkim-dmarc' });
  });
});

describe('direct DKIM + DMARC: refused', () => {
  it('a tampered body', async () =>
    refusedWith((await dkimSigned(mail(), example)).replace('een week', 'twee weken'), /DKIM neutral for example\.nl \(body hash did not verify\)/));

  it('a tampered signed header', async () =>
    refusedWith(
      (await dkimSigned(mail(), example)).replace('Subject: #registreer', 'Subject: #registreer #sluiten'),
      /DKIM fail for example\.nl \(bad signature\)/,
    ));

  it('a valid signature of another domain (not aligned)', async () => {
    const dns = fakeDns(zone());
    await refusedWith(dkimSigned(mail(), evil), /DKIM pass only for evil\.test, not aligned with example\.nl/, dns);
    expect(dns.lookups).toEqual(['sel2026._domainkey.evil.test TXT']); // no DMARC lookup without an aligned pass
  });

  it('no DMARC record for the From domain', async () => {
    const { ['_dmarc.example.nl']: _, ...noDmarc } = zone();
    await refusedWith(dkimSigned(mail(), example), /example\.nl publishes no DMARC record/, fakeDns(noDmarc));
  });

  it('an unknown key (selector not in DNS)', async () =>
    refusedWith(dkimSigned(mail(), dkimKey('example.nl', 'other')), /DKIM neutral for example\.nl \(no key\)/));

  it('a resolver that fails', async () => {
    const dns = fakeDns(zone());
    dns.fail('ESERVFAIL');
    await refusedWith(dkimSigned(mail(), example), /^no proof: .*DNS lookup of sel2026\._domainkey\.example\.nl failed \(ESERVFAIL\)/, dns);
  });

  it('a resolver that never answers: refused within the time budget', async () => {
    const dns = fakeDns(zone());
    dns.hang();
    const raw = await dkimSigned(mail(), example);
    const started = Date.now();
    const v = await decide(raw, dns, 300);
    const ms = Date.now() - started;
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/DNS lookup of sel2026\._domainkey\.example\.nl no answer within 300 ms/) as unknown });
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2_000);
  });

  it('unsigned mail: no proof, and no DNS lookup', async () => {
    const dns = fakeDns(zone());
    await refusedWith(mail(), /no DKIM signature$/, dns);
    expect(dns.lookups).toEqual([]);
  });

  it('a signature that does not cover the Subject (a forger adds the command)', async () =>
    refusedWith(
      dkimSigned(mail(), example, { headerList: ['from', 'to', 'date', 'message-id'] }),
      /the DKIM signature of example\.nl does not cover the subject header/,
    ));

  it('a command Subject put above a genuine signed one (verifier and parser would read different subjects)', async () => {
    const genuine = await dkimSigned(mail().replace('Subject: #registreer', 'Subject: Lunch vrijdag?'), example);
    await refusedWith(`Subject: #registreer\r\n${genuine}`, /more than one subject header/);
  });

  it('a body length limit (l=) with text appended after it', async () => {
    const signed = await dkimSigned(mail(), example, { maxBodyLength: BODY.length });
    await refusedWith(`${signed}Extra tekst van iemand anders.\r\n`, /does not cover the last \d+ bytes of the body/);
  });

  it('a From domain the verifier reads differently from the parser is no proof', async () => {
    // The pure rule on a fabricated check: both readings of the one From header must agree.
    const parsed = await parser.parse(Buffer.from(mail()));
    if (!parsed.ok) throw new Error(parsed.detail);
    const v = authenticateCommand(parsed.msg, {
      ...policy,
      direct: {
        fromDomain: 'evil.test',
        dkim: [{ domain: 'evil.test', result: 'pass', comment: null, aligned: true, signedHeaders: ['from', 'subject', 'message-id'], unsignedBodyBytes: 0 }],
        dmarc: { result: 'pass', policy: 'reject' },
        error: null,
      },
    });
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/read the From domain as evil\.test, not example\.nl/) as unknown });
  });

  it("the trusted server's Authentication-Results win over the desk's own check", async () => {
    const raw = await dkimSigned(mail(), example);
    const withHeader = `Authentication-Results: mx.purasec.nl; dkim=fail header.d=example.nl; dmarc=fail header.from=example.nl\r\n${raw}`;
    await refusedWith(withHeader, /^mx\.purasec\.nl recorded dmarc=fail/);
  });
});
