import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { quarantineInsert } from '../../src/store/quarantine.js';
import { rawMail } from '../helpers/mailFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';
import { CLI, runCli } from './runCli.js';

let daemon: Daemon | null = null;
afterEach(async () => {
  await daemon?.stop();
  daemon = null;
});

/** The built CLI without blocking this process: the daemon in this process keeps ingesting meanwhile. */
function runCliAsync(args: string[]): Promise<{ status: number | null; out: string; err: string }> {
  const { COMPLAINTDESK_CONFIG: _c, LOG_LEVEL: _l, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, err }));
  });
}

/** A complaint of its own per sender, with a body large enough that the store grows past one backup step (100 pages). */
const complaint = (i: number) =>
  rawMail(
    {
      from: `Klant ${i} <klant${i}@example.com>`,
      subject: `Klacht ${i} over de levering`,
      body: `Geachte heer, mevrouw,\n\nMijn bestelling ${i} is niet geleverd.\n\n${'Toelichting. '.repeat(600)}\n`,
    },
    `backup-${i}@test.example`,
    new Date(),
  );

const count = (db: Database.Database, sql: string) => db.prepare(sql).pluck().get() as number;

describe('complaintdesk backup', () => {
  it('copies the store consistently while the daemon ingests a stream of mail', async () => {
    const cfg = writeTestConfig([{ id: 'purasec' }]);
    const maildir = join(cfg.dataDir, 'maildir', 'purasec');
    daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    const live = daemon.db;
    let delivered = 0;
    // A first batch so the store is several backup steps large, then a stream during the backup.
    for (; delivered < 40; delivered++) maildirDeliver(maildir, complaint(delivered), `b${delivered}`);
    await waitFor(() => count(live, 'SELECT count(*) FROM inbound_messages') >= 40, { timeoutMs: 30_000, message: 'first batch stored' });
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        maildirDeliver(maildir, complaint(delivered), `b${delivered}`);
        delivered++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const before = count(live, 'SELECT count(*) FROM inbound_messages');
    const file = join(cfg.root, 'backup', 'complaintdesk-backup.sqlite');
    mkdirSync(join(cfg.root, 'backup'));
    const r = await runCliAsync(['backup', file, '--config', cfg.dir]);
    const after = count(live, 'SELECT count(*) FROM inbound_messages');
    streaming = false;
    await stream;

    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^backup written: .*complaintdesk-backup\.sqlite \(\d+ bytes\), integrity_check ok/);
    expect(existsSync(`${file}.partial`)).toBe(false);
    // The daemon went on taking mail in while the CLI ran.
    expect(after).toBeGreaterThan(before);

    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      const inbound = count(copy, 'SELECT count(*) FROM inbound_messages');
      expect(inbound).toBeGreaterThanOrEqual(before);
      expect(inbound).toBeLessThanOrEqual(after);
      expect(r.out).toContain(`  inbound_messages: ${inbound}\n`);
      // One moment of the store: every stored mail's complaint is there, every complaint has the
      // mail that opened it and its history, every letter belongs to a complaint in the copy.
      expect(
        count(
          copy,
          'SELECT count(*) FROM inbound_messages i WHERE i.complaint_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = i.complaint_id)',
        ),
      ).toBe(0);
      expect(
        count(
          copy,
          "SELECT count(*) FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM inbound_messages i WHERE i.complaint_id = c.id AND i.disposition = 'new-complaint')",
        ),
      ).toBe(0);
      expect(count(copy, 'SELECT count(*) FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id)')).toBe(0);
      expect(
        count(copy, 'SELECT count(*) FROM outbox o WHERE o.complaint_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM complaints c WHERE c.id = o.complaint_id)'),
      ).toBe(0);
      expect(count(copy, 'SELECT count(*) FROM complaints')).toBe(count(copy, "SELECT count(*) FROM inbound_messages WHERE disposition = 'new-complaint'"));
      expect(count(copy, 'SELECT coalesce(max(last_seq), 0) FROM reference_sequences')).toBe(count(copy, 'SELECT coalesce(max(seq), 0) FROM complaints'));
    } finally {
      copy.close();
    }

    // An existing file is not replaced unless asked.
    const again = await runCliAsync(['backup', file, '--config', cfg.dir]);
    expect(again.status).toBe(1);
    expect(again.err).toContain('exists; choose another name or pass --force');
    const forced = await runCliAsync(['backup', file, '--force', '--config', cfg.dir]);
    expect(forced.status).toBe(0);
  }, 60_000);
});

/** A store the daemon has run over once: one complaint taken in and its letters written. */
async function ranOnce(tenants: Parameters<typeof writeTestConfig>[0]) {
  const cfg = writeTestConfig(tenants);
  const d = new Daemon({ config: cfg, log: silentLogger });
  daemon = d;
  const maildir = join(cfg.dataDir, 'maildir', 'purasec');
  maildirDeliver(maildir, complaint(1), 'one');
  await d.runOnce();
  return { cfg, d, maildir };
}

interface StatusJson {
  ok: boolean;
  tenants: Array<{ tenant: string; ok: boolean; problems: Array<{ code: string; text: string }>; mailbox: { reachable: boolean; waiting: number | null } }>;
}

describe('complaintdesk status', () => {
  it('exits 0 when all is well and says what it looked at', async () => {
    const { cfg } = await ranOnce([{ id: 'purasec' }]);
    await daemon!.stop();
    const r = runCli(['status', '--config', cfg.dir, '--lang', 'en']);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain('purasec: PuraSec B.V. — all well');
    expect(r.out).toMatch(/mailbox: Maildir .*maildir\/purasec — reachable, 0 mails waiting to be taken in/);
    expect(r.out).toContain('letters: 0 pending, 0 held, 0 failed');
    expect(r.out).toContain('quarantine: 0 open');
    expect(r.out).toMatch(/escalations, reminders, digest: next \w{3} \d+ \w{3} \d{4} \d\d:\d\d \(".+", Europe\/Amsterdam\)/);
    expect(r.out).toContain('retention: next ');
    const nl = runCli(['status', '--config', cfg.dir]);
    expect(nl.out).toContain('purasec: PuraSec B.V. — in orde');
    const json = JSON.parse(runCli(['status', '--json', '--config', cfg.dir]).out) as StatusJson;
    expect(json.ok).toBe(true);
    expect(json.tenants[0]!.mailbox).toMatchObject({ reachable: true, waiting: 0 });
  }, 30_000);

  it('exits 1 and names the reasons: a failed letter, quarantined mail, mail nobody took in', async () => {
    const { cfg, d, maildir } = await ranOnce([{ id: 'purasec' }]);
    d.db.prepare("UPDATE outbox SET status = 'failed', last_error = '550 mailbox unavailable' WHERE id = (SELECT min(id) FROM outbox)").run();
    quarantineInsert(d.db, {
      origin: { tenant: 'purasec', sourceKey: 'maildir:broken', mailbox: maildir, uidvalidity: null, uid: null },
      size: 10,
      raw: Buffer.from('broken'),
      reason: 'parse',
      detail: 'test',
      now: new Date(),
    });
    await daemon!.stop();
    // A mail that arrived half an hour ago and is still in new/: the daemon is not taking mail in.
    const name = maildirDeliver(maildir, complaint(2), 'late');
    const halfHourAgo = new Date(Date.now() - 30 * 60_000);
    utimesSync(join(maildir, 'new', name), halfHourAgo, halfHourAgo);

    const r = runCli(['status', '--config', cfg.dir, '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('purasec: PuraSec B.V. — NEEDS A PERSON');
    expect(r.out).toContain('! 1 letter failed for good (complaintdesk outbox --status failed)');
    expect(r.out).toContain('! 1 mail in quarantine (complaintdesk quarantine)');
    expect(r.out).toMatch(/! 1 mail in the mailbox not taken in, the oldest since .*: is the daemon running\?/);
    const json = JSON.parse(runCli(['status', '--json', '--config', cfg.dir]).out) as StatusJson;
    expect(json.ok).toBe(false);
    expect(json.tenants[0]!.problems.map((p) => p.code)).toEqual(['mail-waiting', 'letters-failed', 'quarantine']);
    // A shorter wait is not yet a problem: the threshold is the operator's.
    expect(runCli(['status', '--config', cfg.dir, '--stale-minutes', '60', '--json']).out).not.toContain('mail-waiting');
  }, 30_000);

  it('exits 1 when the IMAP mailbox cannot be reached, within the probe timeout', async () => {
    // A port nobody listens on: taken, then released.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: '127.0.0.1', port, user: 'klachten', password: 'x' } }]);
    const started = Date.now();
    const r = runCli(['status', '--json', '--config', cfg.dir]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.out) as StatusJson;
    expect(json.tenants[0]!.mailbox.reachable).toBe(false);
    expect(json.tenants[0]!.problems[0]).toMatchObject({ code: 'mailbox-unreachable' });
    expect(json.tenants[0]!.problems[0]!.text).toContain('ECONNREFUSED');
  }, 30_000);
});
