// The first start of a Maildir that already holds mail (SPEC §3). What is in new/ and cur/ when
// the desk first scans it is history: archive stores it without a letter (new/ files move to
// cur/ as usual, cur/ files stay and are never read again), skip sets it aside unstored,
// process treats new/ as new work. A crash half-way resumes archiving.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { FirstStartMode } from '../../src/config/schema.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { firstStartBacklog } from '../../src/source/firstStart.js';
import { maildirDeliver, MaildirSource } from '../../src/source/maildir.js';
import type { MailHandler, SourceMail } from '../../src/source/types.js';
import { openDb, type Db } from '../../src/store/db.js';
import { inboundInsert } from '../../src/store/inbound.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const DAY = 86_400_000;

function complaint(i: number, domain = 'maildir.example'): string {
  return [
    `From: Klant ${i} <klant${i}@${domain}>`,
    'To: klachten@purasec.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <md-${i}@${domain}>`,
    '',
    'Ik ben zeer ontevreden over de pentest.',
    '',
  ].join('\r\n');
}

/** 20 mails in new/ (received months and days ago) and 5 in cur/ a client has read. */
function seed(dir: string): { inNew: string[]; inCur: string[] } {
  mkdirSync(join(dir, 'cur'), { recursive: true });
  const inNew = Array.from({ length: 20 }, (_, i) => {
    const name = maildirDeliver(dir, complaint(i), `old${i}`);
    const at = new Date(Date.now() - (i < 15 ? 200 - i * 7 : 4 - (i - 15) * 0.5) * DAY);
    utimesSync(join(dir, 'new', name), at, at);
    return name;
  });
  const inCur = Array.from({ length: 5 }, (_, i) => {
    const name = `${1_700_000_000 + i}.M${i}P1.seen:2,S`;
    writeFileSync(join(dir, 'cur', name), complaint(20 + i));
    const at = new Date(Date.now() - (100 + i) * DAY);
    utimesSync(join(dir, 'cur', name), at, at);
    return name;
  });
  return { inNew, inCur };
}

function maildirConfig(firstStart: FirstStartMode) {
  return writeTestConfig([{ id: 'purasec', overrides: { mailbox: { maildir: { path: 'maildir/purasec', pollIntervalSeconds: 0.2 }, firstStart } } }]);
}

/** A handler that keeps what it is given and, like ingest, recognises a source key seen before. */
function recorder(failFrom = Infinity): MailHandler & { mails: SourceMail[]; keys: Set<string> } {
  const mails: SourceMail[] = [];
  const keys = new Set<string>();
  const r = {
    mails,
    keys,
    async handleMany(items: ReadonlyArray<{ mail: SourceMail }>) {
      for (const it of items) await r.handle(it.mail);
    },
    async handle(m: SourceMail) {
      if (mails.length + 1 >= failFrom) throw new Error('simulated crash while storing');
      if (keys.has(m.origin.sourceKey)) return;
      keys.add(m.origin.sourceKey);
      mails.push(m);
    },
    prepare: () => Promise.reject(new Error('not used')),
  };
  return r;
}

function source(db: Db, dir: string, firstStart: FirstStartMode, handle: MailHandler, log = silentLogger): MaildirSource {
  return new MaildirSource({ tenant: 'purasec', dir, pollIntervalMs: 60_000, firstStart, db, clock: systemClock, handle, log });
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  return { log, firstStarts: () => lines.filter((l) => String(l.msg).startsWith('first start:')) };
}

describe('first start of a Maildir with history', () => {
  it('archive (the default): everything already there is stored as history without a letter; new mail is answered; a restart redoes nothing', async () => {
    const cfg = maildirConfig('archive');
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    const { inCur } = seed(dir);
    const backlog = await firstStartBacklog(cfg.tenants[0]!, cfg.dataDir, null);
    expect(backlog).toMatchObject({ started: false, mode: 'archive', count: 25 });

    const daemon = new Daemon({ config: cfg, log: silentLogger });
    const handed: SourceMail[] = [];
    const handle = daemon.ingest.handler.handle.bind(daemon.ingest.handler);
    daemon.ingest.handler.handle = (m, p) => {
      handed.push(m);
      return handle(m, p);
    };
    try {
      await daemon.runOnce();
      expect(handed).toHaveLength(25);
      expect(handed.every((m) => m.history === true)).toBe(true);
      const db = daemon.db;
      expect(db.prepare('SELECT count(*) FROM inbound_messages').pluck().get()).toBe(25);
      expect(db.prepare('SELECT mode, history_count, completed_at IS NOT NULL AS done FROM mailbox_starts').get()).toEqual({
        mode: 'archive',
        history_count: 25,
        done: 1,
      });
      // Ingest's side of `history`: disposition archive, no complaint, no letter.
      expect(db.prepare('SELECT DISTINCT disposition FROM inbound_messages').pluck().all()).toEqual(['archive']);
      expect(db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
      // new/ moved to cur/ as usual; what a client had in cur/ stays exactly where it was.
      expect(readdirSync(join(dir, 'new'))).toEqual([]);
      const cur = readdirSync(join(dir, 'cur'));
      expect(cur).toHaveLength(25);
      for (const name of inCur) expect(cur).toContain(name);

      maildirDeliver(dir, complaint(100), 'new');
      await daemon.runOnce();
      expect(handed.at(-1)?.history).toBeUndefined();
      expect(db.prepare(`SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND to_address = 'klant100@maildir.example'`).pluck().get()).toBe(1);
      expect((await firstStartBacklog(cfg.tenants[0]!, cfg.dataDir, db)).started).toBe(true);
    } finally {
      await daemon.stop();
    }

    // cur/ is never read again: a file a client adds there later is not mail for the desk.
    writeFileSync(join(dir, 'cur', '1800000000.M1P1.later:2,S'), complaint(200));
    const again = new Daemon({ config: cfg, log: silentLogger });
    try {
      await again.runOnce();
      expect(again.db.prepare('SELECT count(*) FROM inbound_messages').pluck().get()).toBe(26);
      expect(again.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(2); // acknowledgement + assignment of mail 100
    } finally {
      await again.stop();
    }
  });

  it('archive: a crash half-way resumes archiving; nothing already there becomes new work', async () => {
    const db = openDb(':memory:');
    const dir = join(maildirConfig('archive').dataDir, 'maildir', 'purasec');
    seed(dir);
    const { log, firstStarts } = capture();
    const crashing = recorder(8);
    await expect(source(db, dir, 'archive', crashing, log).drain()).rejects.toThrow('simulated crash');
    expect(crashing.mails).toHaveLength(7);
    // A mail delivered after the first start is new work, whenever it is read.
    maildirDeliver(dir, complaint(100), 'zz-after');

    const resumed = recorder();
    for (const m of crashing.mails) resumed.keys.add(m.origin.sourceKey); // already stored
    // Even restarted as `process`: the recorded first start decides.
    await source(db, dir, 'process', resumed, log).drain();
    expect(resumed.mails).toHaveLength(25 - 7 + 1);
    expect(resumed.mails.filter((m) => m.history).length).toBe(18);
    expect(resumed.mails.at(-1)!.history).toBeUndefined();
    expect(String(resumed.mails.at(-1)!.raw)).toContain('klant100@');
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM mailbox_start_files').pluck().get()).toBe(0);
    expect(firstStarts()).toHaveLength(1);
    expect(firstStarts()[0]).toMatchObject({
      tenant: 'purasec',
      count: 25,
      mode: 'archive',
      msg: `first start: 25 mails already in ${dir} recorded as archive (no letters)`,
    });
    db.close();
  });

  it('skip: new/ is set aside unstored, cur/ untouched; later mail is handled', async () => {
    const db = openDb(':memory:');
    const dir = join(maildirConfig('skip').dataDir, 'maildir', 'purasec');
    const { inCur } = seed(dir);
    const { log, firstStarts } = capture();
    const r = recorder();
    const src = source(db, dir, 'skip', r, log);
    await src.drain();
    expect(r.mails).toHaveLength(0);
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
    expect(readdirSync(join(dir, 'cur'))).toHaveLength(25);
    for (const name of inCur) expect(readFileSync(join(dir, 'cur', name), 'utf8')).toContain('Klacht');
    maildirDeliver(dir, complaint(100), 'after');
    await src.drain();
    expect(r.mails.map((m) => m.history)).toEqual([undefined]);
    expect(firstStarts().map((l) => l.msg)).toEqual([`first start: 25 mails already in ${dir} skipped (not stored, no letters)`]);
    db.close();
  });

  it('process: new/ is new work (the age limit in ingest guards letters); cur/ is not read', async () => {
    const cfg = maildirConfig('process');
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    seed(dir);
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    try {
      await daemon.runOnce();
      const db = daemon.db;
      expect(db.prepare('SELECT count(*) FROM inbound_messages').pluck().get()).toBe(20);
      expect(db.prepare('SELECT mode, history_count FROM mailbox_starts').get()).toEqual({ mode: 'process', history_count: 20 });
      // The 5 received a few days ago are answered; the 15 from months ago wait for a person.
      expect(db.prepare(`SELECT count(*) FROM outbox WHERE kind = 'acknowledgement'`).pluck().get()).toBe(5);
      expect(db.prepare(`SELECT count(*) FROM inbound_messages WHERE disposition = 'too-old'`).pluck().get()).toBe(15);
    } finally {
      await daemon.stop();
    }
  });

  it('a Maildir this tenant used before first starts were recorded (an upgrade) has no history', async () => {
    const db = openDb(':memory:');
    const dir = join(maildirConfig('archive').dataDir, 'maildir', 'purasec');
    mkdirSync(join(dir, 'cur'), { recursive: true });
    writeFileSync(join(dir, 'cur', '1600000000.M1P1.host:2,'), complaint(1));
    inboundInsert(db, {
      origin: { tenant: 'purasec', sourceKey: 'maildir:1600000000.M1P1.host', mailbox: dir, uidvalidity: null, uid: null },
      messageId: 'md-1@maildir.example',
      raw: Buffer.from(complaint(1)),
      fromAddress: 'klant1@maildir.example',
      fromName: null,
      subject: 'Klacht 1',
      text: null,
      sentDate: null,
      receivedAt: new Date(),
      complaintId: null,
      disposition: 'new-complaint',
    });
    maildirDeliver(dir, complaint(2), 'during-upgrade');
    const r = recorder();
    await source(db, dir, 'archive', r).drain();
    expect(r.mails.map((m) => [m.history, String(m.raw).includes('klant2@')])).toEqual([[undefined, true]]);
    expect(db.prepare('SELECT mode, history_count FROM mailbox_starts').get()).toEqual({ mode: 'process', history_count: 0 });
    db.close();
  });

  it('check-config counts what a Maildir first start would take, and changes nothing', async () => {
    const cfg = maildirConfig('process');
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    seed(dir);
    copyFileSync(join(dir, 'cur', readdirSync(join(dir, 'cur'))[0]!), join(dir, 'cur', '1.extra:2,S'));
    expect(await firstStartBacklog(cfg.tenants[0]!, cfg.dataDir, null)).toMatchObject({ started: false, mode: 'process', count: 20 });
    const archive = { ...cfg.tenants[0]!, mailbox: { ...cfg.tenants[0]!.mailbox, firstStart: 'archive' as const } };
    const r = await firstStartBacklog(archive, cfg.dataDir, null);
    expect(r).toMatchObject({ started: false, mode: 'archive', count: 26 });
    expect(r.detail).toBe('first start: 26 mails would be recorded as archive (no letters)');
    expect(readdirSync(join(dir, 'new'))).toHaveLength(20);
    const missing = { ...archive, mailbox: { maildir: { path: 'maildir/nowhere', pollIntervalSeconds: 2 }, firstStart: 'archive' as const } };
    expect(await firstStartBacklog(missing, cfg.dataDir, null)).toMatchObject({ started: false, count: 0 });
  });
});
