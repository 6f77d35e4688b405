// The first start of a mailbox that already holds mail (SPEC §3): that mail is history, not new
// work. Through a real Dovecot (mail APPENDed with INTERNALDATEs months and days ago) and a real
// SMTP server: archive stores it without a letter, skip leaves it, process treats it as new
// (the age limit still guards letters); a restart — even in the middle of archiving — never
// turns history into new work.
import { ImapFlow } from 'imapflow';
import { expect, it } from 'vitest';
import type { FirstStartMode } from '../../src/config/schema.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { firstStartBacklog } from '../../src/source/firstStart.js';
import type { SourceMail } from '../../src/source/types.js';
import type { DovecotInstance } from '../helpers/dovecot.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const DAY = 86_400_000;
const USERS = ['archive', 'crash', 'skip', 'process', 'backlog'].map((user) => ({ user, password: `${user}-pw` }));
type Login = (typeof USERS)[number];
const login = (user: string): Login => USERS.find((u) => u.user === user)!;

/** 20 mails received months ago and 5 a few days ago: a mailbox with history. */
const HISTORY = [
  ...Array.from({ length: 20 }, (_, i) => ({ i, ageDays: 200 - i * 7 })),
  ...Array.from({ length: 5 }, (_, i) => ({ i: 20 + i, ageDays: 4 - i * 0.5 })),
];

function mail(domain: string, i: number, at: Date): string {
  return [
    `From: Klant ${i} <klant${i}@${domain}>`,
    'To: klachten@purasec.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <${domain}-${i}@${domain}>`,
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Ik ben zeer ontevreden over de pentest en de rapportage.',
    '',
  ].join('\r\n');
}

/** APPEND with an INTERNALDATE: the moment the mailbox received it, as the desk sees it. */
async function appendAt(dc: DovecotInstance, who: Login, mails: Array<{ raw: string; at: Date }>): Promise<void> {
  const client = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: who.user, pass: who.password }, logger: false });
  client.on('error', () => undefined);
  await client.connect();
  for (const m of mails) await client.append('INBOX', m.raw, [], m.at);
  await client.logout();
}

async function seedHistory(dc: DovecotInstance, who: Login): Promise<void> {
  const domain = `${who.user}.example`;
  await appendAt(
    dc,
    who,
    HISTORY.map(({ i, ageDays }) => {
      const at = new Date(Date.now() - ageDays * DAY);
      return { raw: mail(domain, i, at), at };
    }),
  );
}

/**
 * Runs `before` on each mail the source hands to ingest, in order, before it is stored (the IMAP
 * source hands over several at once: those before a mail `before` throws on are stored first).
 */
function intercept(daemon: Daemon, before: (m: SourceMail) => void): void {
  const handler = daemon.ingest.handler;
  const handleMany = handler.handleMany.bind(handler);
  handler.handleMany = async (items) => {
    const passed: Array<(typeof items)[number]> = [];
    for (const it of items) {
      try {
        before(it.mail);
      } catch (err) {
        if (passed.length > 0) await handleMany(passed);
        throw err;
      }
      passed.push(it);
    }
    await handleMany(passed);
  };
  const handle = handler.handle.bind(handler);
  handler.handle = (m, parsed) => {
    before(m);
    return handle(m, parsed);
  };
}

/** Records what the source hands to ingest, and whether it said "history". */
function spy(daemon: Daemon): Array<{ key: string; history: boolean }> {
  const seen: Array<{ key: string; history: boolean }> = [];
  intercept(daemon, (m) => seen.push({ key: m.origin.sourceKey, history: m.history === true }));
  return seen;
}

const count = (d: Daemon, sql: string, ...args: unknown[]) =>
  d.db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

describeWithMailServers('first start of a mailbox with history, over IMAP', { users: USERS }, (env) => {
  const config = (who: Login, firstStart: FirstStartMode) =>
    writeTestConfig([
      {
        id: 'purasec',
        smtp: { host: env.smtp.host, port: env.smtp.port },
        overrides: {
          mailbox: {
            imap: {
              host: env.dc.host,
              port: env.dc.port,
              secure: false,
              user: who.user,
              password: who.password,
              pollIntervalSeconds: 30,
              commandTimeoutSeconds: 20,
            },
            firstStart,
          },
        },
      },
    ]);
  const mailTo = (domain: string) => env.smtp.messages.filter((m) => m.envelope.to.some((t) => t.endsWith(`@${domain}`)));
  /** A new mail, received now; resolves once its acknowledgement reached the SMTP server. */
  async function newComplaint(who: Login, i: number): Promise<void> {
    const domain = `${who.user}.example`;
    await appendAt(env.dc, who, [{ raw: mail(domain, i, new Date()), at: new Date() }]);
    await waitFor(() => env.smtp.messages.find((m) => m.envelope.to.includes(`klant${i}@${domain}`)), {
      timeoutMs: 15_000,
      message: `acknowledgement of new mail ${i}`,
    });
  }

  it('archive (the default): the 25 mails already there are stored as history without a letter; new mail is answered once; a restart redoes nothing', async () => {
    const who = login('archive');
    await seedHistory(env.dc, who);
    const cfg = config(who, 'archive');
    expect(cfg.tenants[0]!.mailbox.firstStart).toBe('archive');
    const before = await firstStartBacklog(cfg.tenants[0]!, cfg.dataDir, null);
    expect(before).toMatchObject({ started: false, mode: 'archive', count: 25 });

    const daemon = new Daemon({ config: cfg, log: silentLogger });
    const seen = spy(daemon);
    await daemon.start();
    try {
      await waitFor(() => count(daemon, 'SELECT count(*) FROM inbound_messages') === 25, { timeoutMs: 20_000, message: '25 mails stored' });
      expect(seen).toHaveLength(25);
      expect(seen.every((s) => s.history)).toBe(true);
      expect(daemon.db.prepare('SELECT mode, history_count, history_below_uid FROM mailbox_starts').all()).toEqual([
        { mode: 'archive', history_count: 25, history_below_uid: 26 },
      ]);
      // Ingest's side of `history` (disposition 'archive'): no complaint, no letter.
      expect(daemon.db.prepare('SELECT DISTINCT disposition FROM inbound_messages').pluck().all()).toEqual(['archive']);
      expect(count(daemon, 'SELECT count(*) FROM complaints')).toBe(0);
      expect(count(daemon, 'SELECT count(*) FROM outbox')).toBe(0);
      expect((await firstStartBacklog(cfg.tenants[0]!, cfg.dataDir, daemon.db)).started).toBe(true);

      await newComplaint(who, 100);
      expect(seen.at(-1)).toMatchObject({ history: false });
    } finally {
      await daemon.stop();
    }
    expect(mailTo('archive.example').filter((m) => !m.envelope.to.includes('klant100@archive.example'))).toHaveLength(0);

    const again = new Daemon({ config: cfg, log: silentLogger });
    const seenAgain = spy(again);
    await again.start();
    try {
      await newComplaint(who, 101);
      // Only the new mail was read: the cursor resumed after the history and mail 100.
      expect(seenAgain).toEqual([{ key: expect.stringMatching(/:27$/), history: false }]);
      expect(count(again, 'SELECT count(*) FROM inbound_messages')).toBe(27);
      expect(count(again, 'SELECT count(*) FROM mailbox_starts')).toBe(1);
    } finally {
      await again.stop();
    }
    const acks = mailTo('archive.example');
    expect(acks.map((m) => m.envelope.to[0]).sort()).toEqual(['klant100@archive.example', 'klant101@archive.example']);
  });

  it('archive: a crash in the middle of archiving resumes archiving, even when the config now says process', async () => {
    const who = login('crash');
    await seedHistory(env.dc, who);
    const cfg = config(who, 'archive');
    const first = new Daemon({ config: cfg, log: silentLogger });
    // The store fails from the 10th mail on (as in a crash): the daemon stops with the cursor mid-history.
    let crashed!: () => void;
    const atTenth = new Promise<void>((r) => (crashed = r));
    let n = 0;
    intercept(first, () => {
      if (++n >= 10) {
        crashed();
        throw new Error('simulated crash while storing');
      }
    });
    await first.start();
    await atTenth;
    await first.stop();

    // Restarted with another mode: the recorded first start decides what is history.
    const t = cfg.tenants[0]!;
    const changed = { ...cfg, tenants: [{ ...t, mailbox: { ...t.mailbox, firstStart: 'process' as const } }] };
    const second = new Daemon({ config: changed, log: silentLogger });
    const seen = spy(second);
    await second.start();
    try {
      const stored = count(second, 'SELECT count(*) FROM inbound_messages');
      expect(stored).toBe(9);
      await waitFor(() => count(second, 'SELECT count(*) FROM inbound_messages') === 25, { timeoutMs: 20_000, message: 'the rest of the history stored' });
      expect(seen.length).toBe(25 - stored);
      expect(seen.every((s) => s.history)).toBe(true);
      expect(second.db.prepare('SELECT DISTINCT disposition FROM inbound_messages').pluck().all()).toEqual(['archive']);
      expect(count(second, 'SELECT count(*) FROM outbox')).toBe(0);
      await newComplaint(who, 100);
    } finally {
      await second.stop();
    }
    expect(mailTo('crash.example').map((m) => m.envelope.to[0])).toEqual(['klant100@crash.example']);
  });

  it('skip: the cursor starts after the mail already there; nothing of it is stored; new mail is answered', async () => {
    const who = login('skip');
    await seedHistory(env.dc, who);
    const cfg = config(who, 'skip');
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    const seen = spy(daemon);
    await daemon.start();
    try {
      await waitFor(() => daemon.db.prepare('SELECT last_uid FROM mailbox_cursors').pluck().get() === 25, {
        timeoutMs: 10_000,
        message: 'cursor placed after the history',
      });
      expect(daemon.db.prepare('SELECT mode, history_count FROM mailbox_starts').get()).toEqual({ mode: 'skip', history_count: 25 });
      await newComplaint(who, 100);
      expect(seen.map((s) => s.history)).toEqual([false]);
      expect(count(daemon, 'SELECT count(*) FROM inbound_messages')).toBe(1);
    } finally {
      await daemon.stop();
    }
    expect(
      mailTo('skip.example')
        .filter((m) => m.envelope.to[0]!.startsWith('klant'))
        .map((m) => m.envelope.to[0]),
    ).toEqual(['klant100@skip.example']);
  });

  it('process: every mail already there is new work; only the recent ones get a letter (the age limit)', async () => {
    const who = login('process');
    await seedHistory(env.dc, who);
    const cfg = config(who, 'process');
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    const seen = spy(daemon);
    await daemon.start();
    const recent = HISTORY.filter((h) => h.ageDays < cfg.tenants[0]!.autoReply.maxMailAgeDays).map((h) => `klant${h.i}@process.example`);
    expect(recent).toHaveLength(5);
    try {
      await waitFor(() => count(daemon, 'SELECT count(*) FROM inbound_messages') === 25, { timeoutMs: 20_000, message: '25 mails processed' });
      expect(seen.some((s) => s.history)).toBe(false);
      await waitFor(() => recent.every((to) => env.smtp.messages.some((m) => m.envelope.to.includes(to))), {
        timeoutMs: 15_000,
        message: 'the recent mails acknowledged',
      });
      await waitFor(() => count(daemon, `SELECT count(*) FROM outbox WHERE status <> 'sent'`) === 0, { timeoutMs: 10_000, message: 'outbox drained' });
      // Ingest's age limit (autoReply.maxMailAgeDays): months-old mail is stored for a person, unanswered.
      expect(count(daemon, `SELECT count(*) FROM inbound_messages WHERE disposition = 'too-old'`)).toBe(20);
    } finally {
      await daemon.stop();
    }
    expect(
      mailTo('process.example')
        .map((m) => m.envelope.to[0])
        .sort(),
    ).toEqual([...recent].sort());
  });

  it('check-config: reports what the first start would do without touching the mailbox, and an unreachable server', async () => {
    const who = login('backlog');
    await seedHistory(env.dc, who);
    const cfg = config(who, 'skip');
    const r = await firstStartBacklog(cfg.tenants[0]!, cfg.dataDir, null);
    expect(r).toMatchObject({ started: false, mode: 'skip', count: 25 });
    expect(r.detail).toContain('25 mails would be skipped');
    // STATUS selects nothing: the mail is still \Recent for the next client that opens the folder.
    const client = new ImapFlow({ host: env.dc.host, port: env.dc.port, secure: false, auth: { user: who.user, pass: who.password }, logger: false });
    await client.connect();
    const box = await client.mailboxOpen('INBOX', { readOnly: true });
    expect(box.exists).toBe(25);
    const flags: string[][] = [];
    for await (const m of client.fetch('1:*', { flags: true })) flags.push([...(m.flags ?? [])]);
    await client.logout();
    expect(flags.every((f) => f.includes('\\Recent'))).toBe(true);

    const closedPort = writeTestConfig([
      { id: 'purasec', overrides: { mailbox: { imap: { host: '127.0.0.1', port: 1, secure: false, user: 'x', password: 'y' } } } },
    ]);
    const t0 = Date.now();
    const down = await firstStartBacklog(closedPort.tenants[0]!, closedPort.dataDir, null, { timeoutMs: 3_000 });
    expect(down).toMatchObject({ started: false, mode: 'archive', count: null });
    expect(down.detail).toMatch(/could not read x@127\.0\.0\.1:1\/INBOX/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
