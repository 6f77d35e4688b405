// The scheduled jobs' queries hold to their indexes (issue 14.3: 100,000 complaints): every
// statement the reminders, escalations and digest prepare while they do real work is planned by
// SQLite here, and none may read a whole table (a SCAN) where an index range (SEARCH) will do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { DEADLINES_OPEN_COMPANY_DUE_SQL, DEADLINES_TO_ESCALATE_SQL } from '../../src/store/deadlines.js';
import {
  DIGEST_AWAITING_CONTACT_SQL,
  DIGEST_COMPLAINTS_BY_ID_SQL,
  DIGEST_COMPLAINTS_SQL,
  DIGEST_FIGURES_SQL,
  DIGEST_MEDIAN_OUTCOME_SQL,
  DIGEST_OPEN_COUNT_SQL,
  DIGEST_OPEN_DEADLINES_SQL,
} from '../../src/store/digest.js';
import { fullTableScans, queryPlan } from '../../src/store/queryPlan.js';
import { schedulerWorld } from '../scheduler/helpers.js';

const DAY = 86_400_000;

type World = ReturnType<typeof schedulerWorld>;
let world: World | null = null;
afterEach(async () => {
  await world?.daemon.stop();
  world = null;
});

/** Every SQL text prepared on `db` from now on (the store prepares each statement once per connection). */
function recordPrepared(db: Db): Set<string> {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  vi.spyOn(db, 'prepare').mockImplementation((sql: string) => {
    seen.add(sql);
    return prepare(sql);
  });
  return seen;
}

/** Complaints in both tenants, a learning, a letter that bounced and an outcome settled last week: every section of the digest has rows. */
async function seededWorld(): Promise<World> {
  const w = (world = schedulerWorld('2026-11-02T09:00:00Z')); // Monday
  const refs = [await w.complaint('preact', 'Klacht over de koppeling'), await w.complaint('purasec', 'Klacht over de pentest')];
  w.clock.set('2026-11-03T09:00:00Z');
  refs.push(await w.complaint('preact', 'Nog een klacht'), await w.complaint('purasec', 'Nog een klacht over de pentest'));
  const db = w.daemon.db;
  const id = (ref: string) => db.prepare('SELECT id FROM complaints WHERE reference = ?').pluck().get(ref) as number;
  db.prepare(
    `INSERT INTO events (tenant, complaint_id, at, type, actor, data) VALUES ('purasec', ?, '2026-11-03T10:00:00Z', 'procedure:learning-recorded', 'person:daan', '{"body":"Scope afstemmen"}')`,
  ).run(id(refs[1]!));
  db.prepare(
    `INSERT INTO outbox (tenant, complaint_id, kind, message_id, from_address, from_name, to_address, subject, text, status, next_attempt_at, created_at, last_error)
     VALUES ('preact', ?, 'acknowledgement', 'bounced@test', 'info@preact-software.nl', 'PreAct', 'klant@example.com', 'S', 'T', 'failed', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00Z', '550 unknown')`,
  ).run(id(refs[0]!));
  db.prepare(`UPDATE deadlines SET status = 'met', resolved_at = '2026-11-03T11:00:00Z' WHERE complaint_id = ? AND kind = 'outcome'`).run(id(refs[3]!));
  return w;
}

describe('scheduled jobs: query plans', () => {
  it('reminders, escalations and the digest (also dry runs) never scan complaints, deadlines, outbox or events', async () => {
    const w = await seededWorld();
    await w.restart(); // a fresh connection: nothing prepared yet
    const prepared = recordPrepared(w.daemon.db);
    // Every working morning for four weeks: reminders at each threshold, contact reminders, escalations once deadlines pass, digests.
    let mails = 0;
    for (let day = 1; day <= 28; day++) {
      w.clock.set(new Date(Date.parse('2026-11-03T08:45:00Z') + day * DAY));
      mails += w.tick();
    }
    for (const job of ['reminders', 'escalations', 'digest'] as const) w.daemon.runJob(job, { now: new Date('2026-12-03T09:00:00Z'), dryRun: true });
    vi.restoreAllMocks();
    const kinds = w.daemon.db.prepare(`SELECT DISTINCT kind FROM outbox WHERE kind IN ('reminder', 'contact-reminder', 'escalation', 'digest')`).pluck().all();
    expect(mails).toBeGreaterThan(0);
    expect(kinds.sort()).toEqual(['contact-reminder', 'digest', 'escalation', 'reminder']);

    // The jobs' own reads were among what ran (the recording works, and each of them was planned below).
    const own = [
      DEADLINES_OPEN_COMPANY_DUE_SQL,
      DEADLINES_TO_ESCALATE_SQL,
      DIGEST_COMPLAINTS_SQL,
      DIGEST_COMPLAINTS_BY_ID_SQL,
      DIGEST_OPEN_COUNT_SQL,
      DIGEST_OPEN_DEADLINES_SQL,
      DIGEST_FIGURES_SQL,
      DIGEST_MEDIAN_OUTCOME_SQL,
      DIGEST_AWAITING_CONTACT_SQL,
    ];
    for (const sql of own) expect([...prepared]).toContain(sql);

    const db = w.daemon.db;
    const scans = [...prepared].flatMap((sql) => fullTableScans(db, sql).map((s) => ({ ...s, sql: sql.replace(/\s+/gu, ' ').trim() })));
    expect(scans).toEqual([]);
  });

  it('the deadline reads are index ranges on the due instant; the figures read their index only', () => {
    const w = (world = schedulerWorld('2026-11-02T09:00:00Z'));
    const db = w.daemon.db;
    expect(queryPlan(db, DEADLINES_OPEN_COMPANY_DUE_SQL)).toContainEqual(
      expect.stringMatching(/^SEARCH d USING (?:COVERING )?INDEX \w+ \(.*due_at>\? AND due_at<\?\)$/u),
    );
    expect(queryPlan(db, DEADLINES_TO_ESCALATE_SQL)).toContainEqual(expect.stringMatching(/^SEARCH d USING (?:COVERING )?INDEX \w+ \(.*due_at<\?\)$/u));
    expect(queryPlan(db, DEADLINES_TO_ESCALATE_SQL)).toContainEqual(
      expect.stringMatching(/^SEARCH s USING INDEX sqlite_autoindex_sent_notices_1 \(key>\? AND key<\?\)$/u),
    );
    expect(queryPlan(db, DIGEST_OPEN_DEADLINES_SQL)).toContainEqual(expect.stringMatching(/^SEARCH d USING (?:COVERING )?INDEX \w+ \(.*due_at<\?\)$/u));
    expect(queryPlan(db, DIGEST_FIGURES_SQL)).toContainEqual(expect.stringMatching(/^SEARCH deadlines USING COVERING INDEX deadlines_settled /u));
  });

  it('the check itself: a whole-table read is reported, through an alias and through a covering index too', () => {
    const w = (world = schedulerWorld('2026-11-02T09:00:00Z'));
    const db = w.daemon.db;
    expect(fullTableScans(db, `SELECT d.kind FROM deadlines d WHERE d.owner = ?`)).toEqual([{ table: 'deadlines', detail: 'SCAN d' }]);
    expect(fullTableScans(db, `SELECT count(*) FROM complaints`)).toEqual([
      { table: 'complaints', detail: expect.stringMatching(/^SCAN complaints USING COVERING INDEX /u) },
    ]);
    expect(fullTableScans(db, `SELECT e.id FROM events AS e JOIN outbox o ON o.complaint_id = e.complaint_id WHERE e.at > @at`).map((s) => s.table)).toContain(
      'events',
    );
    expect(fullTableScans(db, `SELECT value FROM json_each(?)`)).toEqual([]);
  });
});
