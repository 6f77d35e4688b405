// `npm run bench`, second part: the reminder scan, escalations and the digest with 100,000
// complaints in the store (SPEC §7, issue 6). Complaints are seeded straight into SQLite (the
// pipeline would take minutes and measures something else): 70 % closed, 30 % open spread over
// the procedure's states, each open one with acknowledgement/outcome deadlines around "now".
// Prints JSON; times are wall-clock per job run, real runs (not dry runs), then a second run to
// show the idempotent path, and the targets of issue 14 (point 3) with whether this run met them.
import { lstatSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const OUT_DIR = new URL('../../', import.meta.url);
for (const dir of ['config', 'templates']) {
  const link = fileURLToPath(new URL(dir, OUT_DIR));
  try {
    lstatSync(link);
  } catch {
    symlinkSync(`../${dir}`, link, 'dir');
  }
}

const { writeTestConfig } = await import('../helpers/testConfig.js');
const { Daemon } = await import('../../src/daemon/daemon.js');
const { silentLogger } = await import('../../src/core/log.js');

const N = Number(process.argv[process.argv.indexOf('--complaints') + 1]) || 100_000;
const TARGETS = {
  /** A job run again with nothing new due: reads its window and the notices already recorded, sends nothing. */
  againMs: 300,
  /** A reminders run that queues ~10,000 letters (one per reminder; the seed gives 9,999 at 100,000 complaints), at least this many… */
  firstRemindersAtLeast: 9900,
  /** …within this many milliseconds. */
  firstRemindersMs: 3000,
};
const NOW = new Date('2026-12-02T08:05:00Z'); // Wed 2 Dec 2026 09:05 Amsterdam, a working day after 08:00
const cfg = writeTestConfig([{ id: 'purasec' }]);
const daemon = new Daemon({ config: cfg, log: silentLogger });
const db = daemon.db;

const t0 = performance.now();
const handlers = ['daan', 'eva'];
const states = ['in-treatment', 'admissibility-check', 'awaiting-information', 'outcome-sent'];
const insC = db.prepare(
  `INSERT INTO complaints (tenant, reference, year, seq, state, channel, customer_email, customer_name, language, subject, description, service, handler_id, received_at, created_at, updated_at, closed_at, proc_state)
   VALUES ('purasec', ?, 2026, ?, ?, 'email', ?, 'Klant', 'nl', 'Klacht', 'Omschrijving', 'Pentest', ?, ?, ?, ?, ?, NULL)`,
);
const insD = db.prepare(`INSERT INTO deadlines (complaint_id, tenant, kind, owner, started_at, due_at, status) VALUES (?, 'purasec', ?, 'company', ?, ?, ?)`);
const day = 86_400_000;
db.transaction(() => {
  for (let i = 1; i <= N; i++) {
    const open = i % 10 < 3;
    const received = new Date(NOW.getTime() - ((i * 7919) % 400) * day);
    const iso = received.toISOString();
    const r = insC.run(
      `PS-2026-${String(i).padStart(6, '0')}`,
      i,
      open ? states[i % states.length]! : 'closed',
      `klant${i}@scale.example`,
      handlers[i % 2]!,
      iso,
      iso,
      iso,
      open ? null : iso,
    );
    const id = Number(r.lastInsertRowid);
    insD.run(id, 'acknowledgement', iso, new Date(received.getTime() + 2 * day).toISOString(), 'met');
    const due = new Date(NOW.getTime() + (((i * 31) % 15) - 5) * day);
    insD.run(id, 'outcome', iso, due.toISOString(), open ? 'open' : 'met');
  }
})();
const seedMs = performance.now() - t0;

function time(job: 'reminders' | 'escalations' | 'digest'): { ms: number; mails: number } {
  const s = performance.now();
  const [r] = daemon.runJob(job, { tenant: 'purasec', now: NOW });
  return { ms: Math.round((performance.now() - s) * 10) / 10, mails: r!.mails.length };
}

const reminders = { first: time('reminders'), again: time('reminders') };
const escalations = { first: time('escalations'), again: time('escalations') };
const digest = { first: time('digest'), again: time('digest') };
const again = (r: { again: { ms: number } }) => ({ target: `<= ${TARGETS.againMs} ms`, actual: r.again.ms, met: r.again.ms <= TARGETS.againMs });
const targets = {
  remindersAgain: again(reminders),
  escalationsAgain: again(escalations),
  digestAgain: again(digest),
  remindersFirst10k: {
    target: `<= ${TARGETS.firstRemindersMs} ms for ~10,000 reminders (at least ${TARGETS.firstRemindersAtLeast.toLocaleString('en-US')})`,
    actual: reminders.first.ms,
    reminders: reminders.first.mails,
    met: reminders.first.ms <= TARGETS.firstRemindersMs && reminders.first.mails >= TARGETS.firstRemindersAtLeast,
  },
};
const result = {
  benchmark: 'complaintdesk scale: scheduled jobs over a large store',
  complaints: N,
  openComplaints: db.prepare(`SELECT count(*) FROM complaints WHERE closed_at IS NULL`).pluck().get(),
  seedMs: Math.round(seedMs),
  reminders,
  escalations,
  digest,
  rssMb: Math.round(process.memoryUsage().rss / 1048576),
  targets,
  allTargetsMet: Object.values(targets).every((t) => t.met),
};
await daemon.stop();
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
