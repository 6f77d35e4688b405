import type { JobContext, JobResult } from './context.js';
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
} as const satisfies Record<string, (ctx: JobContext) => JobResult>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const isJobName = (s: string): s is JobName => s in JOBS;
