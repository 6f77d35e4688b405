// Tests of the integration harness itself: a real Dovecot and a real SMTP server, driven by
// the same clients the app uses (imapflow, nodemailer).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotPortClosed, startDovecot, type DovecotInstance } from './dovecot.js';
import { DOVECOT_SKIP_REASON, HAVE_DOVECOT, requireDovecotInCi } from './mailServers.js';
import { startSmtpSink, type SmtpSink } from './smtpSink.js';
import { waitFor } from './waitFor.js';

const USERS = [
  { user: 'klachten@purasec.test', password: 'klachten-pass' },
  { user: 'other@purasec.test', password: 'other-pass' },
] as const;
const [MAILBOX, OTHER] = USERS;

function rawMail(subject: string): string {
  return [
    'From: Customer <customer@example.test>',
    `To: ${MAILBOX.user}`,
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W+/g, '-')}@example.test>`,
    'Date: Mon, 03 Mar 2025 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${subject}.`,
    '',
  ].join('\r\n');
}

// startDovecot is the subject here, so this suite starts it itself rather than through
// useMailServers (mailServers.ts); it shares that fixture's Dovecot-missing rule.
requireDovecotInCi('startDovecot');
describe.skipIf(!HAVE_DOVECOT)(HAVE_DOVECOT ? 'startDovecot' : `startDovecot [${DOVECOT_SKIP_REASON}]`, { timeout: 30_000 }, () => {
  let dovecot: DovecotInstance;

  beforeAll(async () => {
    const started = Date.now();
    dovecot = await startDovecot({ users: [...USERS] });
    console.info(`harness.test: dovecot started on port ${dovecot.port} in ${Date.now() - started} ms`);
  }, 30_000);

  afterAll(async () => {
    await dovecot?.stop();
  }, 30_000);

  it('stores appended mail that imapflow reads back by UID, byte for byte', async () => {
    const raws = [rawMail('first complaint'), rawMail('second complaint')];
    const uids: number[] = [];
    for (const raw of raws) {
      const started = Date.now();
      uids.push(await dovecot.append(MAILBOX.user, raw));
      console.info(`harness.test: append took ${Date.now() - started} ms`);
    }
    expect(uids[1]).toBeGreaterThan(uids[0] ?? Infinity);

    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: MAILBOX.user, pass: MAILBOX.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const mailbox = client.mailbox;
        if (mailbox === false) throw new Error('INBOX not selected');
        expect(typeof mailbox.uidValidity).toBe('bigint');
        expect(mailbox.exists).toBe(2);
        for (const [index, uid] of uids.entries()) {
          const message = await client.fetchOne(String(uid), { source: true, uid: true }, { uid: true });
          if (!message) throw new Error(`UID ${uid} not found`);
          expect(message.uid).toBe(uid);
          expect(message.source?.toString('utf8')).toBe(raws[index]);
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  });

  it('keeps users apart and creates other folders on append', async () => {
    const uid = await dovecot.append(OTHER.user, rawMail('filed elsewhere'), 'Archive');
    expect(uid).toBe(1);

    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: OTHER.user, pass: OTHER.password },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const inbox = await client.status('INBOX', { messages: true });
      const archive = await client.status('Archive', { messages: true, uidValidity: true });
      expect(inbox).toMatchObject({ messages: 0 });
      expect(archive).toMatchObject({ messages: 1 });
      expect(archive !== false && typeof archive.uidValidity).toBe('bigint');
    } finally {
      await client.logout();
    }
  });

  it('rejects a wrong password', async () => {
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: MAILBOX.user, pass: 'wrong' },
      logger: false,
    });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow();
    client.close();
  });

  it('stop() ends the server, frees the port and removes its directory', async () => {
    const second = await startDovecot({ users: [OTHER] });
    const pid = Number(readFileSync(path.join(second.dir, 'run', 'master.pid'), 'utf8').trim());
    expect(pid).toBeGreaterThan(0);

    const started = Date.now();
    await second.stop();
    console.info(`harness.test: dovecot stopped in ${Date.now() - started} ms`);

    expect(await dovecotPortClosed(second.port)).toBe(true);
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(existsSync(second.dir)).toBe(false);
    await second.stop(); // idempotent
  });
});

describe('startSmtpSink', { timeout: 20_000 }, () => {
  let sink: SmtpSink;
  // Pooled like the app's production transport, so failures must not poison the connection.
  let transport: ReturnType<typeof makeTransport>;

  function makeTransport(port: number) {
    return nodemailer.createTransport({ pool: true, host: '127.0.0.1', port, secure: false, ignoreTLS: true, maxConnections: 1 });
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    transport = makeTransport(sink.port);
  });

  afterAll(async () => {
    transport?.close();
    await sink?.stop();
  });

  it('receives mail sent by nodemailer with its envelope and parsed headers', async () => {
    await transport.sendMail({
      from: 'klachten@purasec.test',
      to: 'customer@example.test',
      envelope: { from: 'bounces@purasec.test', to: ['customer@example.test', 'cc@example.test'] },
      subject: 'Ontvangstbevestiging KL-2025-0001',
      text: 'We hebben uw klacht ontvangen.',
    });
    const [message] = await sink.waitForMessages(1, 5_000);
    if (message === undefined) throw new Error('no message');
    expect(message.envelope).toEqual({ from: 'bounces@purasec.test', to: ['customer@example.test', 'cc@example.test'] });
    expect(message.parsed.subject).toBe('Ontvangstbevestiging KL-2025-0001');
    expect(message.raw.toString('utf8')).toContain('We hebben uw klacht ontvangen.');
    expect(message.authUser).toBeNull();
  });

  it('answers RCPT with an injected 451, then accepts after setFailure(null)', async () => {
    sink.setFailure((rcpt) => (rcpt === 'later@example.test' ? { code: 451, message: 'Try again later' } : null));
    const error = await transport.sendMail({ from: 'klachten@purasec.test', to: 'later@example.test', subject: 'retry me', text: 'x' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ responseCode: 451 });

    sink.setFailure(null);
    const before = sink.messages.length;
    await transport.sendMail({ from: 'klachten@purasec.test', to: 'later@example.test', subject: 'retry me', text: 'x' });
    const messages = await sink.waitForMessages(before + 1, 5_000);
    expect(messages.at(-1)?.envelope.to).toEqual(['later@example.test']);
  });

  it('answers DATA with an injected 550 and stores nothing', async () => {
    sink.setFailure(() => ({ code: 550, message: 'Mailbox unavailable', at: 'data' }));
    const before = sink.messages.length;
    const error = await transport.sendMail({ from: 'klachten@purasec.test', to: 'gone@example.test', subject: 'never', text: 'x' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ responseCode: 550 });
    expect(sink.messages.length).toBe(before);
    sink.setFailure(null);
  });

  it('failWith at start rejects RCPT with 550', async () => {
    const strict = await startSmtpSink({ failWith: () => ({ code: 550, message: 'No such user' }) });
    const direct = makeTransport(strict.port);
    try {
      const error = await direct.sendMail({ from: 'a@example.test', to: 'b@example.test', text: 'x' }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toMatchObject({ responseCode: 550 });
    } finally {
      direct.close();
      await strict.stop();
    }
  });

  it('waitForMessages rejects with a clear message on timeout', async () => {
    await expect(sink.waitForMessages(sink.messages.length + 1, 50)).rejects.toThrow(/expected \d+ message\(s\) within 50 ms, got \d+/);
  });
});

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : null), { timeoutMs: 1_000, intervalMs: 1, message: 'three calls' });
    expect(value).toEqual({ calls: 3 });
  });

  it('throws with the message and the last value on timeout', async () => {
    await expect(waitFor(() => 0, { timeoutMs: 30, intervalMs: 5, message: 'never truthy' })).rejects.toThrow(
      /^never truthy \(timed out after 30 ms, \d+ polls; last value: 0\)$/,
    );
  });

  it('rethrows an error from the condition at once', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('boom');
        },
        { timeoutMs: 5_000, message: 'unused' },
      ),
    ).rejects.toThrow('boom');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
