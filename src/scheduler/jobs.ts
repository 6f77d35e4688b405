import { dirname } from 'node:path';
import { runRetention } from '../workflow/retention.js';
import { emptyResult, type JobContext, type JobResult } from './context.js';
import { runDigest } from './digest.js';
import { runEscalations } from './escalations.js';
import { runLearnings } from './learnings.js';
import { runReminders } from './reminders.js';

/** The one list of scheduled jobs; the CLI's `jobs run NAME` and the cron schedule both use it. */
export const JOBS = {
  reminders: runReminders,
  escalations: runEscalations,
  digest: runDigest,
  learnings: runLearnings,
  retention: runRetentionJob,
} as const satisfies Record<string, (ctx: JobContext) => JobResult>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const isJobName = (s: string): s is JobName => s in JOBS;

/**
 * The tenant's retention (config `retention`), daily from cron: removes what expired since the
 * last run, so a missed day only waits for the next. The store lives at the top of the data
 * directory (daemon.ts), which is where the Maildir and .eml paths are relative to.
 */
function runRetentionJob(ctx: JobContext): JobResult {
  runRetention(ctx.tenant.db, { tenant: ctx.tenant.cfg, dataDir: dirname(ctx.tenant.db.name), now: ctx.now, dryRun: ctx.dryRun });
  return emptyResult('retention', ctx);
}
