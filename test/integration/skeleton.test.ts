// The walking skeleton end to end: complaint mails APPENDed to a real Dovecot, the daemon
// watching both tenants' mailboxes over IMAP, acknowledgements accepted by a real SMTP server.
import { ImapFlow } from 'imapflow';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { messageIdVerify } from '../../src/thread/messageId.js';
import type { DovecotInstance } from '../helpers/dovecot.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import type { ReceivedMessage } from '../helpers/smtpSink.js';
import { TEST_SECRET, writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const PREACT = { user: 'preact', password: 'preact-pw' };
const PURASEC = { user: 'purasec', password: 'purasec-pw' };

function complaintMail(opts: { from: string; to: string; subject: string; id: string; body?: string }): string {
  return [
    `From: ${opts.from}`,
    `To: ${opts.to}`,
    `Subject: ${opts.subject}`,
    `Message-ID: <${opts.id}>`,
    'Date: Mon, 16 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    opts.body ??
      'Geachte heer/mevrouw,\r\n\r\nDe rapportage van de pentest is nog steeds niet geleverd. Ik wil hierover een klacht indienen.\r\n\r\nMet vriendelijke groet,\r\nKlant',
    '',
  ].join('\r\n');
}

async function flagsOf(dc: DovecotInstance, login: { user: string; password: string }): Promise<string[][]> {
  const client = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: login.user, pass: login.password }, logger: false });
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  const out: string[][] = [];
  for await (const m of client.fetch('1:*', { flags: true })) out.push([...(m.flags ?? [])]);
  await client.logout();
  return out;
}

describeWithMailServers('walking skeleton over IMAP and SMTP', { users: [PREACT, PURASEC, { user: 'restart', password: 'restart-pw' }] }, (env) => {
  it('acknowledges a complaint in each tenant, naming the contact person, and records everything', async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([
      { id: 'preact', imap: { host: dc.host, port: dc.port, ...PREACT }, smtp: { host: smtp.host, port: smtp.port } },
      { id: 'purasec', imap: { host: dc.host, port: dc.port, ...PURASEC }, smtp: { host: smtp.host, port: smtp.port } },
    ]);
    const rawPa = complaintMail({
      from: '"Jan Pietersen" <jan@klant.example>',
      to: 'info@preact-software.nl',
      subject: 'Klacht over de koppeling',
      id: 'pa-1@klant.example',
    });
    const rawPs = complaintMail({
      from: 'Sarah Miller <sarah@customer.example>',
      to: 'klachten@purasec.nl',
      subject: 'Complaint about the pentest report',
      id: 'ps-1@customer.example',
      body: 'Dear team,\r\n\r\nThe pentest report was two weeks late and the findings were incomplete. I would like to file a complaint about this service.\r\n\r\nKind regards,\r\nSarah',
    });
    const uidPa = await dc.append(PREACT.user, rawPa);
    await dc.append(PURASEC.user, rawPs);
    const before = smtp.messages.length;

    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    try {
      // Each complaint also notifies its contact person (the assignment mail): four mails in all.
      const got = (await smtp.waitForMessages(before + 4, 20_000)).slice(before);
      const byTo = (addr: string) => got.find((m) => m.envelope.to.includes(addr)) as ReceivedMessage;
      const assignment = byTo('anna.devries@example.nl');
      expect(assignment.parsed.subject).toBe('[PA-2026-0001] Klacht aan u toegewezen');
      expect(assignment.parsed.text).toContain('jan@klant.example');
      expect(assignment.parsed.text).toMatch(/#uitkomst/);
      expect(assignment.parsed.headers.get('auto-submitted')).toBe('auto-generated');

      const pa = byTo('jan@klant.example');
      expect(pa.envelope.from).toBe('info@preact-software.nl');
      // The generic head "Klacht over" is not echoed back ("uw klacht: Klacht over …"; see src/text/subjectTopic.ts).
      expect(pa.parsed.subject).toBe('[PA-2026-0001] Ontvangstbevestiging van uw klacht: de koppeling');
      expect(pa.parsed.text).toContain('Anna de Vries');
      expect(pa.parsed.text).toContain('anna.devries@example.nl');
      expect(pa.parsed.text).toContain('+31 20 555 0101');
      expect(pa.parsed.html).toContain('Anna de Vries');
      expect(pa.parsed.headers.get('auto-submitted')).toBe('auto-replied');
      expect(pa.parsed.headers.get('x-auto-response-suppress')).toBe('All');
      expect(pa.parsed.headers.get('x-complaintdesk-loop')).toBe('info@preact-software.nl');
      expect(pa.parsed.inReplyTo).toBe('<pa-1@klant.example>');
      expect(pa.parsed.references).toBe('<pa-1@klant.example>');
      expect(messageIdVerify(TEST_SECRET, pa.parsed.messageId!)).toEqual({ reference: 'PA-2026-0001', kind: 'ack' });

      const ps = byTo('sarah@customer.example');
      expect(ps.envelope.from).toBe('klachten@purasec.nl');
      // The customer wrote in English, so the letter is English.
      expect(ps.parsed.subject).toBe('[PS-2026-0001] We have received your complaint: the pentest report');
      expect(ps.parsed.text).toContain('Daan Bakker');
      expect(ps.parsed.text).toContain('+31 15 555 0201');

      const db = daemon.db;
      const c = db.prepare('SELECT * FROM complaints WHERE reference = ?').get('PA-2026-0001') as Record<string, unknown>;
      expect(c).toMatchObject({ tenant: 'preact', customer_email: 'jan@klant.example', customer_name: 'Jan Pietersen', handler_id: 'anna', channel: 'email' });
      const inbound = db.prepare('SELECT * FROM inbound_messages WHERE tenant = ?').get('preact') as Record<string, unknown>;
      expect(inbound).toMatchObject({ mailbox: 'INBOX', uid: uidPa, message_id: 'pa-1@klant.example', disposition: 'new-complaint', complaint_id: c.id });
      expect(typeof inbound.uidvalidity).toBe('string');
      expect((inbound.raw as Buffer).toString('utf8')).toBe(rawPa);
      const cursor = db.prepare('SELECT * FROM mailbox_cursors WHERE tenant = ?').get('preact') as Record<string, unknown>;
      expect(cursor).toMatchObject({ mailbox: 'INBOX', last_uid: uidPa, uidvalidity: inbound.uidvalidity });
      await waitFor(() => (db.prepare(`SELECT count(*) FROM outbox WHERE status = 'sent'`).pluck().get() as number) === 4, {
        timeoutMs: 5000,
        message: 'outbox rows marked sent',
      });
      const ob = db.prepare(`SELECT * FROM outbox WHERE complaint_id = ? AND kind = 'acknowledgement'`).get(c.id) as Record<string, unknown>;
      expect(ob).toMatchObject({ kind: 'acknowledgement', status: 'sent', to_address: 'jan@klant.example', attempts: 1 });
      expect(`<${String(ob.message_id)}>`).toBe(pa.parsed.messageId);
      const types = db.prepare('SELECT type FROM events WHERE complaint_id = ? ORDER BY id').pluck().all(c.id);
      expect(types.slice(0, 6)).toEqual([
        'procedure:received',
        'deadline:set', // acknowledgement, 5 working days
        'deadline:set', // outcome, 21 calendar days
        'letter:queued', // assignment to Anna
        'letter:queued', // acknowledgement to the customer
        'record:state-changed',
      ]);
      // The two letters go out over the SMTP pool in either order; the acknowledgement deadline is
      // met when the server accepts the acknowledgement (SPEC §3), not when it was queued.
      expect([...types.slice(6)].sort()).toEqual(['deadline:clear', 'letter:sent', 'letter:sent', 'procedure:letter-accepted']);
      expect(types.lastIndexOf('deadline:clear')).toBeGreaterThan(types.indexOf('letter:sent'));
      // Received Mon 16 Nov 2026 10:00 (the mail's Date; IMAP INTERNALDATE is now, so compare the stored deadlines to receipt).
      const dl = db.prepare('SELECT kind, status, due_at FROM deadlines WHERE complaint_id = ? ORDER BY kind').all(c.id) as Array<{
        kind: string;
        status: string;
        due_at: string;
      }>;
      expect(dl.map((d) => [d.kind, d.status])).toEqual([
        ['acknowledgement', 'met'],
        ['outcome', 'open'],
      ]);

      // IDLE, not polling (interval 30 s): a mail appended now is acknowledged within seconds.
      const t0 = Date.now();
      await dc.append(
        PURASEC.user,
        complaintMail({ from: 'piet@klant.example', to: 'klachten@purasec.nl', subject: 'Nog een klacht', id: 'ps-2@klant.example' }),
      );
      const third = await waitFor(() => smtp.messages.find((m) => m.envelope.to.includes('piet@klant.example')), {
        timeoutMs: 10_000,
        message: 'third acknowledgement',
      });
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(third.parsed.subject).toContain('[PS-2026-0002]');
      // Least open complaints: Daan has one, so Eva is the contact person.
      expect(third.parsed.text).toContain('Eva Visser');
    } finally {
      await daemon.stop();
    }
    // The shared mailbox is left as it was: nothing marked \Seen, nothing moved.
    // (\Recent survives too: our session was read-only, so it never claimed the mail as recent.)
    const flags = await flagsOf(dc, PREACT);
    expect(flags).toHaveLength(1);
    expect(flags[0]).not.toContain('\\Seen');
    expect(flags[0]).toContain('\\Recent');
  });

  it('processes every mail exactly once and sends every acknowledgement once across a restart mid-stream', async () => {
    const { dc, smtp } = env;
    const login = { user: 'restart', password: 'restart-pw' };
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...login }, smtp: { host: smtp.host, port: smtp.port } }]);
    const N = 40;
    for (let i = 0; i < N; i++) {
      await dc.append(
        login.user,
        complaintMail({ from: `klant${i}@restart.example`, to: 'klachten@purasec.nl', subject: `Klacht ${i}`, id: `restart-${i}@restart.example` }),
      );
    }
    const fromRestart = () => smtp.messages.filter((m) => m.envelope.to[0]?.endsWith('@restart.example'));

    const first = new Daemon({ config: cfg, log: silentLogger });
    await first.start();
    await waitFor(() => (first.db.prepare('SELECT count(*) FROM inbound_messages').pluck().get() as number) >= 5, {
      timeoutMs: 15_000,
      message: 'first daemon processed some mail',
    });
    await first.stop();
    const processedByFirst = (() => {
      // Reopen read-only: the first daemon closed its handle.
      return fromRestart().length;
    })();

    const second = new Daemon({ config: cfg, log: silentLogger });
    await second.start();
    try {
      await waitFor(() => fromRestart().length >= N, { timeoutMs: 30_000, message: `all ${N} acknowledgements received` });
      const db = second.db;
      expect(db.prepare('SELECT count(*) FROM inbound_messages').pluck().get()).toBe(N);
      expect(db.prepare('SELECT count(DISTINCT message_id) FROM inbound_messages').pluck().get()).toBe(N);
      expect(db.prepare('SELECT count(*) FROM complaints').pluck().get()).toBe(N);
      await waitFor(() => (db.prepare(`SELECT count(*) FROM outbox WHERE status = 'sent' AND kind = 'acknowledgement'`).pluck().get() as number) === N, {
        timeoutMs: 5000,
        message: 'all acknowledgements sent',
      });
      await waitFor(() => (db.prepare(`SELECT count(*) FROM outbox WHERE status <> 'sent'`).pluck().get() as number) === 0, {
        timeoutMs: 5000,
        message: 'all outbox rows sent',
      });
      expect(db.prepare(`SELECT max(attempts) FROM outbox`).pluck().get()).toBe(1);
      expect(db.prepare('SELECT last_uid FROM mailbox_cursors').pluck().get() as number).toBe(N);
    } finally {
      await second.stop();
    }
    const acks = fromRestart();
    expect(acks).toHaveLength(N);
    expect(new Set(acks.map((m) => m.envelope.to[0])).size).toBe(N);
    expect(new Set(acks.map((m) => m.parsed.messageId)).size).toBe(N);
    expect(processedByFirst).toBeLessThan(N);

    // A UIDVALIDITY mismatch (the cursor no longer matches the server's numbering) resets the
    // cursor and rescans the folder; nothing is processed twice. Only the cursor can be faked
    // here — a real renumbering also changes each copy's source key, and then the Message-ID
    // check catches it (the "appended twice" test in understanding.test.ts).
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(join(cfg.dataDir, 'complaintdesk.sqlite'));
    const realValidity = raw.prepare('SELECT uidvalidity FROM mailbox_cursors').pluck().get();
    raw.prepare(`UPDATE mailbox_cursors SET uidvalidity = '1', last_uid = ${N}`).run();
    raw.close();
    const third = new Daemon({ config: cfg, log: silentLogger });
    await third.start();
    try {
      await waitFor(() => third.db.prepare('SELECT uidvalidity = ? AND last_uid = ? FROM mailbox_cursors').pluck().get(realValidity, N) === 1, {
        timeoutMs: 20_000,
        message: 'cursor reset and folder rescanned',
      });
      expect(third.db.prepare('SELECT count(*) FROM inbound_messages').pluck().get()).toBe(N);
      expect(third.db.prepare('SELECT count(*) FROM complaints').pluck().get()).toBe(N);
      expect(third.db.prepare(`SELECT count(*) FROM outbox WHERE kind = 'acknowledgement'`).pluck().get()).toBe(N);
    } finally {
      await third.stop();
    }
    expect(fromRestart()).toHaveLength(N);
  });
});
