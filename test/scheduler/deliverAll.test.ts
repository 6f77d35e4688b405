// deliverAll records notices in batches: what a batch reads and what it writes must be one
// snapshot, also when another connection (a `jobs run` next to the daemon) writes meanwhile.
import { afterEach, describe, expect, it } from 'vitest';
import { deliverAll, emptyResult, type JobContext, type Notice } from '../../src/scheduler/context.js';
import { openDb, type Db } from '../../src/store/db.js';
import { noticeExists } from '../../src/store/sentNotices.js';
import { schedulerWorld } from './helpers.js';

type World = ReturnType<typeof schedulerWorld>;
let world: World | null = null;
let other: Db | null = null;
afterEach(async () => {
  other?.close();
  other = null;
  await world?.daemon.stop();
  world = null;
});

const notice = (key: string): Notice => ({ key, kind: 'reminder', complaintId: null, mails: [] });

describe('deliverAll', () => {
  it('holds the write lock from the start of a batch: a write by another connection in the middle waits for it (here refused: no busy timeout) instead of breaking the batch', () => {
    const w = (world = schedulerWorld('2026-11-24T09:00:00Z'));
    const ctx: JobContext = { tenant: w.daemon.tenants.get('purasec')!, now: w.clock.now(), dryRun: false };
    other = openDb(w.daemon.db.name);
    other.pragma('busy_timeout = 0');
    const otherWrite = other.prepare(
      `INSERT INTO sent_notices (key, tenant, kind, complaint_id, status, at) VALUES ('other', 'purasec', 'digest', NULL, 'sent', ?)`,
    );
    let refused: unknown = null;
    function* notices(): Generator<Notice> {
      // As the reminders do: read (is it recorded already?) before the notice is yielded and recorded.
      expect(noticeExists(w.daemon.db, 'test:1')).toBe(false);
      // Between this batch's read and its first write another process writes. In a deferred
      // transaction that write goes through and the batch's own then fails (SQLITE_BUSY_SNAPSHOT).
      try {
        otherWrite.run(new Date().toISOString());
      } catch (err) {
        refused = err;
      }
      yield notice('test:1');
      yield notice('test:2');
    }
    const result = emptyResult('reminders', ctx);
    deliverAll(ctx, notices(), result);
    expect(noticeExists(w.daemon.db, 'test:1')).toBe(true);
    expect(noticeExists(w.daemon.db, 'test:2')).toBe(true);
    expect((refused as { code?: string } | null)?.code).toBe('SQLITE_BUSY');
    // Once the batch is committed the other connection writes as usual.
    otherWrite.run(new Date().toISOString());
    expect(noticeExists(w.daemon.db, 'other')).toBe(true);
  });

  it('a dry run records nothing and reports what it would send', () => {
    const w = (world = schedulerWorld('2026-11-24T09:00:00Z'));
    const ctx: JobContext = { tenant: w.daemon.tenants.get('purasec')!, now: w.clock.now(), dryRun: true };
    const result = emptyResult('reminders', ctx);
    deliverAll(ctx, [notice('dry:1'), { ...notice('dry:2'), supersedes: ['dry:0'] }], result);
    expect(noticeExists(w.daemon.db, 'dry:1')).toBe(false);
    expect(result.skippedLate).toEqual(['dry:0']);
  });
});
