// Mail servers go away: the IMAP connection drops and cannot be re-established for a while, the
// SMTP server refuses connections. The daemon stays up, retries with backoff, and once the
// servers are back every mail is processed and every letter sent — once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const LOGIN = { user: 'outage', password: 'outage-pw' };
const complaint = (i: number) =>
  [
    `From: klant${i}@outage.example`,
    'To: klachten@purasec.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <outage-${i}@outage.example>`,
    '',
    'Ik ben ontevreden over de pentest.',
    '',
  ].join('\r\n');

describeWithMailServers('mail server outages', { users: [LOGIN] }, (env) => {
  let imapProxy: TcpProxy;
  let smtpProxy: TcpProxy;
  beforeAll(async () => {
    imapProxy = await startTcpProxy(env.dc.port);
    smtpProxy = await startTcpProxy(env.smtp.port);
  });
  afterAll(async () => {
    await imapProxy?.stop();
    await smtpProxy?.stop();
  });

  it('reconnects to IMAP and retries SMTP after outages, losing and repeating nothing', async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig(
      [{ id: 'purasec', imap: { host: '127.0.0.1', port: imapProxy.port, ...LOGIN }, smtp: { host: '127.0.0.1', port: smtpProxy.port } }],
      {
        sender: { baseDelayMs: 300, maxDelayMs: 1000, maxAttempts: 50 },
      },
    );
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    try {
      await dc.append(LOGIN.user, complaint(1));
      await waitFor(() => smtp.messages.find((m) => m.envelope.to.includes('klant1@outage.example')), { timeoutMs: 10_000, message: 'first acknowledgement' });
      // Cut only after our side saw the 250: a cut between the server's 250 and our reading it
      // makes the mail go out again (same Message-ID) — the at-least-once window SMTP has.
      await waitFor(() => daemon.db.prepare(`SELECT count(*) FROM outbox WHERE status <> 'sent'`).pluck().get() === 0, {
        timeoutMs: 5_000,
        message: "first complaint's mail marked sent",
      });
      const connectionsBefore = imapProxy.accepted;

      // Both servers go down; mail keeps arriving at the (real) IMAP server meanwhile.
      imapProxy.cut();
      smtpProxy.cut();
      await dc.append(LOGIN.user, complaint(2));
      await dc.append(LOGIN.user, complaint(3));
      imapProxy.restore();

      // The IMAP source reconnects (new client, backoff) and resumes from its cursor.
      await waitFor(() => (daemon.db.prepare('SELECT count(*) FROM complaints').pluck().get() as number) === 3, {
        timeoutMs: 20_000,
        message: 'mail received during the outage processed',
      });
      expect(imapProxy.accepted).toBeGreaterThan(connectionsBefore);
      // SMTP is still down: the acknowledgements wait with a retry scheduled.
      await waitFor(
        () =>
          (daemon.db
            .prepare(`SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND attempts >= 1 AND last_error IS NOT NULL`)
            .pluck()
            .get() as number) === 2,
        {
          timeoutMs: 10_000,
          message: 'acknowledgements failed temporarily and wait for a retry',
        },
      );
      const customerMail = () => smtp.messages.filter((m) => m.envelope.to[0]?.endsWith('@outage.example'));
      expect(customerMail()).toHaveLength(1);

      smtpProxy.restore();
      await waitFor(() => customerMail().length === 3, { timeoutMs: 15_000, message: 'acknowledgements delivered after the outage' });
      await waitFor(() => (daemon.db.prepare(`SELECT count(*) FROM outbox WHERE status <> 'sent'`).pluck().get() as number) === 0, {
        timeoutMs: 5_000,
        message: 'all sent',
      });
    } finally {
      await daemon.stop();
    }
    expect(
      smtp.messages
        .map((m) => m.envelope.to[0])
        .filter((to) => to?.endsWith('@outage.example'))
        .sort(),
    ).toEqual(['klant1@outage.example', 'klant2@outage.example', 'klant3@outage.example']);
    expect(daemon.db.open).toBe(false);
  });
});
