// A handler starts from a fresh mail: no reply to one of ours, no Authentication-Results from a
// trusted server — the desk checks the mail's DKIM signature and the From domain's DMARC record
// itself, through a resolver that serves this test's own keys (no network). Over the Maildir
// source and the file transport, through the real daemon.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { dkimKey, dkimSigned, fakeDns, zoneFor } from '../helpers/dkim.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PS = 'purasec';
const DAAN = 'daan.bakker@example.nl';
const TIMEOUT_MS = 400;

describe('a fresh command mail proven by its own DKIM signature and DMARC', () => {
  let cfg: LoadedConfig & { root: string };
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const example = dkimKey('example.nl');
  const customerKey = dkimKey('klant.example');
  const dns = fakeDns({ ...zoneFor(example, customerKey), '_dmarc.example.nl': 'v=DMARC1; p=reject', '_dmarc.klant.example': 'v=DMARC1; p=reject' });
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'dkim' });
  const q = <T>(sql: string, ...a: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...a) as T;

  let n = 0;
  const registration = (from: string, customer: string) => {
    const id = `fresh-${++n}@example.nl`;
    const raw = [
      `From: ${from}`,
      'To: klachten@purasec.nl',
      'Subject: #registreer',
      `Message-ID: <${id}>`,
      `Date: ${clock.now().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Naam: Sanne de Wit\r\nE-mail: ${customer}\r\nTelefoon: 06-11122233\r\nDienst: pentest\r\nKanaal: telefoon\r\n\r\nDe pentest startte op 9 november, een week te laat, en niemand had ons gebeld.`,
      '',
    ].join('\r\n');
    return { id, raw };
  };
  /** Deliver a signed (or unsigned) mail; what the store says it did. */
  async function deliver(raw: string, id: string) {
    await flow.deliver(PS, raw);
    return daemon.db.prepare('SELECT disposition, detail FROM inbound_messages WHERE message_id = ?').get(id) as { disposition: string; detail: string };
  }
  const rejections = () => q<number>(`SELECT count(*) FROM events WHERE type = 'command:rejected-unauthenticated'`);
  const alertsTo = (to: string) => q<number>(`SELECT count(*) FROM outbox WHERE kind = 'forged-command-alert' AND to_address = ?`, to);

  /** A refused command: recorded, nothing registered, and Daan alerted (one alert an hour: each attempt comes an hour later). */
  async function expectRefused(mail: { raw: string; id: string }, customer: string, reason: RegExp) {
    clock.advance(61 * 60_000);
    const before = { rejections: rejections(), alerts: alertsTo(DAAN) };
    const row = await deliver(mail.raw, mail.id);
    expect(row.disposition).toBe('command');
    expect(row.detail).toMatch(/^refused: no proof/);
    expect(row.detail).toMatch(reason);
    expect(q(`SELECT count(*) FROM complaints WHERE customer_email = ?`, customer)).toBe(0);
    expect(rejections()).toBe(before.rejections + 1);
    expect(alertsTo(DAAN)).toBe(before.alerts + 1);
    const ev = JSON.parse(q<string>(`SELECT data FROM events WHERE type = 'command:rejected-unauthenticated' ORDER BY id DESC LIMIT 1`)) as {
      claimedPerson: string;
      reason: string;
    };
    expect(ev.claimedPerson).toBe('daan');
    expect(ev.reason).toMatch(reason);
  }

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PS }], { dns: { timeoutMs: TIMEOUT_MS } });
    daemon = new Daemon({ config: cfg, log: silentLogger, clock, dnsResolver: dns.resolve });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
    rmSync(cfg.root, { recursive: true, force: true });
  });

  it('a fresh, DMARC-aligned #registreer from Daan runs: complaint registered, acknowledgement sent, audited as dkim-dmarc', async () => {
    const { id, raw } = registration(`Daan Bakker <${DAAN}>`, 'sanne@klant.example');
    const row = await deliver(await dkimSigned(raw, example), id);
    expect(row).toEqual({ disposition: 'command', detail: 'executed (dkim-dmarc)' });
    expect(daemon.db.prepare(`SELECT reference, channel, customer_name FROM complaints WHERE customer_email = 'sanne@klant.example'`).get()).toEqual({
      reference: 'PS-2026-0001',
      channel: 'phone',
      customer_name: 'Sanne de Wit',
    });
    expect(flow.last('sanne@klant.example').parsed.subject).toMatch(/^\[PS-2026-0001\] Ontvangstbevestiging/);
    expect(flow.last(DAAN, /Uitgevoerd/).parsed.text).toContain('PS-2026-0001');
    const audit = JSON.parse(q<string>(`SELECT data FROM events WHERE type = 'command:executed'`)) as { auth: string; authDetail: string; messageId: string };
    expect(audit).toMatchObject({
      auth: 'dkim-dmarc',
      authDetail: 'verified by the desk: dkim=pass header.d=example.nl, dmarc=pass (p=reject) header.from=example.nl',
      messageId: id,
    });
  });

  it('the same mail with a tampered body is refused and Daan is alerted', async () => {
    const m = registration(DAAN, 'tamper@klant.example');
    const signed = (await dkimSigned(m.raw, example)).replace('een week te laat', 'twee weken te laat');
    await expectRefused({ ...m, raw: signed }, 'tamper@klant.example', /DKIM neutral for example\.nl \(body hash did not verify\)/);
  });

  it('a tampered signed header is refused', async () => {
    const m = registration(DAAN, 'header@klant.example');
    const signed = (await dkimSigned(m.raw, example)).replace(`From: ${DAAN}`, `From: "Daan" <${DAAN}>`);
    await expectRefused({ ...m, raw: signed }, 'header@klant.example', /DKIM fail for example\.nl \(bad signature\)/);
  });

  it('a valid signature of another domain (not aligned) is refused', async () => {
    const m = registration(DAAN, 'other@klant.example');
    await expectRefused(
      { ...m, raw: await dkimSigned(m.raw, customerKey) },
      'other@klant.example',
      /DKIM pass only for klant\.example, not aligned with example\.nl/,
    );
  });

  it('no DMARC record for the From domain is refused', async () => {
    const record = dns.zone['_dmarc.example.nl']!;
    delete dns.zone['_dmarc.example.nl'];
    try {
      const m = registration(DAAN, 'nodmarc@klant.example');
      await expectRefused({ ...m, raw: await dkimSigned(m.raw, example) }, 'nodmarc@klant.example', /example\.nl publishes no DMARC record/);
    } finally {
      dns.zone['_dmarc.example.nl'] = record;
    }
  });

  it('a failing resolver, then one that never answers: refused with the reason, the daemon keeps going', async () => {
    const signed = async (customer: string) => {
      const m = registration(DAAN, customer);
      return { ...m, raw: await dkimSigned(m.raw, example) };
    };
    try {
      dns.fail('ESERVFAIL');
      await expectRefused(
        await signed('servfail@klant.example'),
        'servfail@klant.example',
        /DNS lookup of sel2026\._domainkey\.example\.nl failed \(ESERVFAIL\)/,
      );
      dns.hang();
      const started = Date.now();
      await expectRefused(await signed('hang@klant.example'), 'hang@klant.example', new RegExp(`no answer within ${TIMEOUT_MS} ms`));
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      dns.answer();
    }
    const again = await signed('again@klant.example');
    expect(await deliver(again.raw, again.id)).toMatchObject({ detail: 'executed (dkim-dmarc)' });
  });

  it('a signed #registreer from someone who is not one of the people is no command, and costs no DNS lookup', async () => {
    const lookups = dns.lookups.length;
    const m = registration('Kees <kees@klant.example>', 'kees-customer@klant.example');
    const row = await deliver(await dkimSigned(m.raw, customerKey), m.id);
    expect(row.disposition).toBe('new-complaint'); // a customer's own complaint, as before
    expect(q(`SELECT count(*) FROM complaints WHERE customer_email = 'kees-customer@klant.example'`)).toBe(0);
    expect(dns.lookups.length).toBe(lookups);
  });

  it('an unsigned fresh command is refused without any DNS lookup', async () => {
    const lookups = dns.lookups.length;
    const m = registration(DAAN, 'unsigned@klant.example');
    await expectRefused(m, 'unsigned@klant.example', /no DKIM signature/);
    expect(dns.lookups.length).toBe(lookups);
  });
});
