// The real CLI process against Dovecot and SMTP: killed with SIGKILL mid-stream and started
// again, every mail is processed exactly once (the cursor moves in the same transaction as the
// mail) and every acknowledgement reaches the customer; SIGTERM shuts down cleanly.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const LOGIN = { user: 'crash', password: 'crash-pw' };

function startCli(configDir: string): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'cli.js'), 'start', '--config', configDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return Object.assign(child, { output: () => out });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

describeWithMailServers('daemon process: crash and shutdown', { users: [LOGIN] }, (env) => {
  it('SIGKILL mid-stream, restart: each mail stored once, each customer acknowledged', async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...LOGIN }, smtp: { host: smtp.host, port: smtp.port } }]);
    const N = 80;
    for (let i = 0; i < N; i++) {
      await dc.append(
        LOGIN.user,
        [
          `From: klant${i}@crash.example`,
          'To: klachten@purasec.nl',
          `Subject: Klacht ${i}`,
          `Message-ID: <crash-${i}@crash.example>`,
          '',
          `Ik ben ontevreden over de pentest (${i}).`,
          '',
        ].join('\r\n'),
      );
    }
    const dbFile = join(cfg.dataDir, 'complaintdesk.sqlite');
    const count = (sql: string) => {
      try {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).pluck().get() as number;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };

    const first = startCli(cfg.dir);
    await waitFor(() => count('SELECT count(*) FROM inbound_messages') >= 10, {
      timeoutMs: 20_000,
      message: `first process stored some mail; output: ${first.output()}`,
    });
    first.kill('SIGKILL');
    await exited(first);
    const storedByFirst = count('SELECT count(*) FROM inbound_messages');
    expect(storedByFirst).toBeLessThan(N);

    const second = startCli(cfg.dir);
    try {
      await waitFor(
        () =>
          count(`SELECT count(*) FROM outbox WHERE status = 'sent' AND kind = 'acknowledgement'`) === N &&
          count(`SELECT count(*) FROM outbox WHERE status <> 'sent'`) === 0,
        { timeoutMs: 30_000, message: `all acknowledgements sent; output: ${second.output()}` },
      );
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
    expect(count('SELECT count(*) FROM inbound_messages')).toBe(N);
    expect(count('SELECT count(DISTINCT message_id) FROM inbound_messages')).toBe(N);
    expect(count('SELECT count(*) FROM complaints')).toBe(N);
    expect(count('SELECT last_uid FROM mailbox_cursors')).toBe(N);

    const acks = smtp.messages.filter((m) => m.envelope.to[0]?.endsWith('@crash.example'));
    const customers = new Set(acks.map((m) => m.envelope.to[0]));
    expect(customers.size).toBe(N);
    // A kill between the SMTP server's 250 and our "sent" mark can resend one mail; it carries
    // the same Message-ID, so mail clients show it once. No other duplicates are allowed.
    expect(new Set(acks.map((m) => m.parsed.messageId)).size).toBe(N);
    expect(acks.length).toBeLessThanOrEqual(N + 1);
  });

  it('SIGTERM stops the daemon cleanly with exit code 0', async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...LOGIN }, smtp: { host: smtp.host, port: smtp.port } }]);
    const child = startCli(cfg.dir);
    await waitFor(() => child.output().includes('IMAP mailbox open'), { timeoutMs: 15_000, message: 'daemon connected' });
    child.kill('SIGTERM');
    const r = await exited(child);
    expect(r).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('"msg":"stopped"');
  });
});
