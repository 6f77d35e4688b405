// The mail administrator's commands over a real data directory (daemon over Maildir + file
// transport, ManualClock), run through the built CLI: outbox listing, resend, cancel and their
// refusals; quarantine show (hostile headers stripped) and discard; jobs run --now in the future
// sending at once, with a --now without offset read in the tenant's time zone.
import { readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { openDb } from '../../src/store/db.js';
import { digestQuarantineOpenCount } from '../../src/store/digest.js';
import { outboxById, outboxEnqueue, outboxMarkFailed } from '../../src/store/outbox.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli } from './runCli.js';

const ESC = '\x1b';
const CLEAR = `${ESC}[2J${ESC}[H`;
const env = { COMPLAINTDESK_OPERATOR: 'Mia Beheer' };

const complaint = [
  'From: Klant <klant@ps-klant.example>',
  'To: klachten@purasec.nl',
  'Subject: Klacht over het rapport',
  'Message-ID: <desk-1@ps-klant.example>',
  'Date: Mon, 16 Nov 2026 09:00:00 +0000',
  '',
  'Het rapport over de penetratietest van november kwam veel te laat en was onvolledig.',
  '',
].join('\r\n');

/** No From: quarantined. Its headers carry raw escape sequences, a bell and a folded line. */
const hostile = [
  'To: klachten@purasec.nl',
  `Subject: zonder afzender ${CLEAR}\x07gewist`,
  `X-Evil: ${ESC}]8;;https://evil.example/${ESC}\\klik${ESC}]8;;${ESC}\\`,
  'X-Folded: eerste deel',
  '\tvervolg',
  'Message-ID: <desk-2@ps-klant.example>',
  '',
  'x',
  '',
].join('\r\n');

/** Control bytes a terminal acts on (C0 but LF and TAB, DEL, UTF-8 C1). */
function controls(bytes: Buffer): number[] {
  return [...bytes].filter((b, i) => (b < 0x20 && b !== 0x0a && b !== 0x09) || b === 0x7f || (b === 0xc2 && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f));
}

describe('outbox, quarantine and jobs at hand', () => {
  let cfg: ReturnType<typeof writeTestConfig>;
  let outDir: string;
  const ids = { ack: 0, failed: 0, pending: 0, quarantine: 0 };
  const emlFor = (id: number) => readdirSync(outDir).filter((f) => f.endsWith(`-${id}.eml`));
  const db = () => openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec' }, { id: 'preact' }]);
    outDir = join(cfg.dataDir, 'outbox', 'purasec');
    const clock = new ManualClock('2026-11-16T09:00:00.000Z');
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    for (const raw of [complaint, hostile]) utimesSync(join(dir, 'new', maildirDeliver(dir, raw)), clock.now(), clock.now());
    const daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    try {
      await daemon.runOnce();
      const d = daemon.db;
      ids.ack = d.prepare(`SELECT id FROM outbox WHERE kind = 'acknowledgement'`).pluck().get() as number;
      ids.quarantine = d.prepare('SELECT id FROM quarantine').pluck().get() as number;
      const ack = outboxById(d, ids.ack)!;
      expect(ack.status).toBe('sent');
      const copy = { ...ack, status: 'pending' as const, holdReason: null, deliveries: [], render: null };
      ids.failed = outboxEnqueue(d, { ...copy, messageId: 'failed-1@purasec.nl', toAddress: 'weg@ps-klant.example' }, clock.now());
      outboxMarkFailed(d, ids.failed, '550 5.1.1 <weg@ps-klant.example>: no such user', 550);
      ids.pending = outboxEnqueue(d, { ...copy, messageId: 'later-1@purasec.nl' }, clock.now(), new Date('2030-01-07T08:00:00Z'));
    } finally {
      await daemon.stop();
    }
  });
  afterAll(() => rmSync(cfg.root, { recursive: true, force: true }));

  it('outbox lists reference, state, kind, recipient, next attempt in local time and last error', () => {
    const r = runCli(['outbox', '--config', cfg.dir]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(new RegExp(`#${ids.ack} +purasec +PS-2026-0001 +sent +acknowledgement +to klant@ps-klant\\.example`));
    // 08:00 UTC on 7 January 2030 is 09:00 in Amsterdam (winter time).
    expect(r.out).toMatch(new RegExp(`#${ids.pending} .*pending[^\\n]*\\n +next attempt Mon 7 Jan 2030 09:00`));
    expect(r.out).toMatch(new RegExp(`#${ids.failed} .*failed .*to weg@ps-klant\\.example[^\\n]*\\n +last error: 550 5\\.1\\.1`));
    expect(runCli(['outbox', '--status', 'failed', '--config', cfg.dir]).out).not.toContain(`#${ids.ack} `);
  });

  it('resend: a failed letter goes out again with its Message-ID, recorded in the history; pending and unknown ones are refused', () => {
    expect(emlFor(ids.failed)).toEqual([]);
    const r = runCli(['outbox', 'resend', String(ids.failed), '--config', cfg.dir], env);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`#${ids.failed} (failed) queued again by Mia Beheer`);
    expect(r.out).toMatch(new RegExp(`#${ids.failed} sent `));
    const files = emlFor(ids.failed);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(outDir, files[0]!), 'utf8')).toMatch(/^Message-ID: <failed-1@purasec\.nl>\r?$/im);
    const d = db();
    try {
      expect(outboxById(d, ids.failed)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      const events = d.prepare(`SELECT type FROM events WHERE data LIKE '%failed-1@purasec.nl%' ORDER BY id`).pluck().all();
      expect(events).toContain('letter:queued');
    } finally {
      d.close();
    }

    const pending = runCli(['outbox', 'resend', String(ids.pending), '--config', cfg.dir], env);
    expect(pending.status).toBe(1);
    expect(pending.err).toMatch(/is pending: it goes out by itself \(next attempt Mon 7 Jan 2030 09:00\); nothing to resend/);
    const none = runCli(['outbox', 'resend', '999', '--config', cfg.dir], env);
    expect(none.status).toBe(1);
    expect(none.err).toBe('no letter #999 in the outbox\n');
  });

  it('resend of a sent letter sends it again (the customer lost it)', () => {
    const before = emlFor(ids.ack).length;
    const r = runCli(['outbox', 'resend', String(ids.ack), '--config', cfg.dir], env);
    expect(r.status).toBe(0);
    expect(r.out).toContain(`#${ids.ack} (sent) queued again`);
    expect(emlFor(ids.ack)).toHaveLength(before + 1);
  });

  it('cancel: a pending letter is cancelled with who and why; a sent or cancelled one is refused', () => {
    const r = runCli(['outbox', 'cancel', String(ids.pending), '--reason', 'klant belde al', '--config', cfg.dir], env);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`#${ids.pending} (pending) cancelled by Mia Beheer: klant belde al`);
    const d = db();
    try {
      expect(outboxById(d, ids.pending)).toMatchObject({ status: 'cancelled', holdReason: 'cancelled by Mia Beheer: klant belde al' });
      expect(d.prepare(`SELECT count(*) FROM events WHERE type = 'letter:cancelled' AND data LIKE '%later-1@purasec.nl%'`).pluck().get()).toBe(1);
    } finally {
      d.close();
    }
    const again = runCli(['outbox', 'cancel', String(ids.pending), '--config', cfg.dir], env);
    expect(again.status).toBe(1);
    expect(again.err).toContain('is already cancelled: cancelled by Mia Beheer: klant belde al');
    const sent = runCli(['outbox', 'cancel', String(ids.ack), '--config', cfg.dir], env);
    expect(sent.status).toBe(1);
    expect(sent.err).toMatch(/was sent .*: it cannot be cancelled/);
    expect(emlFor(ids.pending)).toEqual([]);
  });

  it('quarantine show: reason and headers, with the hostile sequences stripped', () => {
    const r = runCli(['quarantine', 'show', String(ids.quarantine), '--config', cfg.dir]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(controls(r.stdout)).toEqual([]);
    expect(r.out).toMatch(new RegExp(`^#${ids.quarantine}  purasec\\nreceived: Mon 16 Nov 2026 10:00\\nsize: +\\d+ bytes`));
    expect(r.out).toMatch(/reason: +\S+/);
    expect(r.out).toContain('state:    open');
    expect(r.out).toContain('  Subject: zonder afzender gewist');
    expect(r.out).toContain('  X-Evil: klik');
    expect(r.out).toContain('  X-Folded: eerste deel vervolg');
    expect(r.out).not.toContain('evil.example');
  });

  it('quarantine discard: gone from the list and the digest count, who recorded, raw kept; twice is refused', () => {
    const r = runCli(['quarantine', 'discard', String(ids.quarantine), '--config', cfg.dir], env);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`#${ids.quarantine} discarded by Mia Beheer`);
    expect(runCli(['quarantine', '--config', cfg.dir]).out).toBe('quarantine is empty\n');
    expect(runCli(['quarantine', 'show', String(ids.quarantine), '--config', cfg.dir]).out).toMatch(/state: +discarded by Mia Beheer \w{3} \d+ \w{3} 2026/);
    const d = db();
    try {
      expect(digestQuarantineOpenCount(d, 'purasec')).toBe(0);
      expect((d.prepare('SELECT raw FROM quarantine WHERE id = ?').pluck().get(ids.quarantine) as Buffer).toString('latin1')).toContain('X-Evil:');
    } finally {
      d.close();
    }
    const again = runCli(['quarantine', 'discard', String(ids.quarantine), '--config', cfg.dir], env);
    expect(again.status).toBe(1);
    expect(again.err).toBe(`#${ids.quarantine} is discarded (by Mia Beheer): only open mail can be discarded\n`);
  });

  it('jobs run --now in the future sends what it queued now; a --now without offset is the tenant local time', () => {
    const before = new Set(readdirSync(outDir));
    const r = runCli(['jobs', 'run', 'digest', '--tenant', 'purasec', '--now', '2030-01-15T10:00', '--config', cfg.dir]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^digest purasec as of Tue 15 Jan 2030 10:00: [1-9]\d* mail\(s\) queued/);
    expect(r.out).toMatch(/\n {2}#\d+ sent /);
    expect(r.out).not.toMatch(/not sent yet/);
    const d = db();
    try {
      const queued = d.prepare(`SELECT id, status, created_at AS createdAt FROM outbox WHERE kind = 'digest'`).all() as Array<{
        id: number;
        status: string;
        createdAt: string;
      }>;
      expect(queued.length).toBeGreaterThan(0);
      // 10:00 in Amsterdam in January is 09:00 UTC: the job computed with that moment.
      for (const q of queued) expect(q).toMatchObject({ status: 'sent', createdAt: '2030-01-15T09:00:00.000Z' });
      for (const q of queued) expect(readdirSync(outDir).filter((f) => !before.has(f) && f.endsWith(`-${q.id}.eml`))).toHaveLength(1);
    } finally {
      d.close();
    }
  });
});
