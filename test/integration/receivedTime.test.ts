// Issue 9.1 (age limit) and 9.7 (future receive time) through Dovecot and the SMTP server: the
// received time that counts is the mailbox's (IMAP INTERNALDATE), never the forgeable Date header.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listTriage } from '../../src/cli/inspect.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { mailFlow } from '../helpers/mailFlow.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const PS = { user: 'ps-time', password: 'pw-ps' };
const DAY = 86_400_000;

describeWithMailServers('the received time that counts', { users: [PS] }, (env) => {
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-18T08:00:00Z'); // Wed 18 Nov 2026 09:00 Amsterdam
  const { settled, last, idOf } = mailFlow({ dc: () => env.dc, smtp: () => env.smtp, daemon: () => daemon, clock, idPrefix: 'time' });
  const to = (address: string) => env.smtp.messages.filter((m) => m.envelope.to.includes(address));

  /** APPEND with an explicit INTERNALDATE and Date header. */
  async function append(opts: {
    from: string;
    subject: string;
    body: string;
    internalDate: Date;
    dateHeader: Date;
    inReplyTo?: string;
  }): Promise<Record<string, unknown>> {
    const id = `time-${Math.random().toString(36).slice(2)}@test.example`;
    const raw = [
      `From: ${opts.from}`,
      'To: klachten@purasec.nl',
      `Subject: ${opts.subject}`,
      `Message-ID: <${id}>`,
      `Date: ${opts.dateHeader.toUTCString().replace('GMT', '+0000')}`,
      ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`, `References: <${opts.inReplyTo}>`] : []),
      'Content-Type: text/plain; charset=utf-8',
      '',
      opts.body,
      '',
    ].join('\r\n');
    await env.dc.append(PS.user, raw, 'INBOX', opts.internalDate);
    await waitFor(() => daemon.db.prepare('SELECT 1 FROM inbound_messages WHERE message_id = ?').get(id), { timeoutMs: 10_000, message: 'processed' });
    await settled();
    return daemon.db.prepare('SELECT * FROM inbound_messages WHERE message_id = ?').get(id) as Record<string, unknown>;
  }

  beforeAll(async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...PS }, smtp: { host: smtp.host, port: smtp.port } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('a new thread the mailbox received 10 days ago gets no letter: stored as too-old and listed for a person (a fresh Date header does not help)', async () => {
    const row = await append({
      from: 'oud@ps-klant.example',
      subject: 'Klacht over de pentest',
      body: 'Het pentest-rapport was onvolledig, wij zijn ontevreden.',
      internalDate: new Date(clock.now().getTime() - 10 * DAY),
      dateHeader: clock.now(),
    });
    expect(row.disposition).toBe('too-old');
    expect(row.complaint_id).toBeNull();
    expect(to('oud@ps-klant.example')).toHaveLength(0);
    expect(daemon.db.prepare(`SELECT count(*) FROM complaints WHERE customer_email = 'oud@ps-klant.example'`).pluck().get()).toBe(0);
    expect(listTriage(daemon.db).join('\n')).toMatch(/too-old\s+oud@ps-klant\.example: Klacht over de pentest\n\s+received 10 days ago/);
  });

  it('6 days old is still answered (the limit is 7 days)', async () => {
    const row = await append({
      from: 'recent@ps-klant.example',
      subject: 'Klacht over de pentest',
      body: 'Het pentest-rapport was onvolledig, wij zijn ontevreden.',
      internalDate: new Date(clock.now().getTime() - 6 * DAY),
      dateHeader: new Date(clock.now().getTime() - 30 * DAY),
    });
    expect(row.disposition).toBe('new-complaint');
    expect(to('recent@ps-klant.example')).toHaveLength(1);
  });

  it('a customer answer received "in the future" (server clock ahead) is stored and counts, at now', async () => {
    const customer = 'toekomst@ps-klant.example';
    await append({
      from: customer,
      subject: 'Klacht over jullie rapportage',
      body: 'Het rapport van 2 oktober was onvolledig en kwam veel te laat. Wij zijn niet tevreden.',
      internalDate: clock.now(),
      dateHeader: clock.now(),
    });
    expect(daemon.db.prepare(`SELECT state FROM complaints WHERE customer_email = ?`).pluck().get(customer)).toBe('awaiting-information');
    const ack = last(customer, /Ontvangstbevestiging/);
    clock.advance(DAY);
    const row = await append({
      from: customer,
      subject: `Re: ${ack.parsed.subject}`,
      body: 'Het gaat om de penetratietest van oktober.',
      internalDate: new Date(clock.now().getTime() + 3 * 3_600_000),
      dateHeader: clock.now(),
      inReplyTo: idOf(ack),
    });
    expect(row.disposition).toBe('attached');
    expect(row.received_at).toBe(clock.now().toISOString());
    const c = daemon.db.prepare(`SELECT state, service FROM complaints WHERE customer_email = ?`).get(customer);
    expect(c).toEqual({ state: 'admissibility-check', service: 'Pentest' });
    expect(daemon.db.prepare(`SELECT count(*) FROM events WHERE type = 'mail:not-applied'`).pluck().get()).toBe(0);
  });
});
