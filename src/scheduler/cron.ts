import cron, { type ScheduledTask } from 'node-cron';
import type { TenantConfig } from '../config/schema.js';
import type { Logger } from '../core/log.js';
import type { JobName } from './jobs.js';

/** The daily retention run: 03:30 in the tenant's time zone. */
export const RETENTION_CRON = '30 3 * * *';

/**
 * node-cron tasks per tenant, in the tenant's time zone. The cron only says "look now": each job
 * decides from the calendar and its configured time whether something is due, and its unique
 * notice keys make a second look (or a second daemon) harmless. That is also what makes the
 * first tick after downtime catch up.
 */
export class JobScheduler {
  readonly #tasks: ScheduledTask[] = [];

  constructor(
    private readonly run: (job: JobName, tenant: string) => void,
    private readonly log: Logger,
  ) {}

  start(tenants: readonly TenantConfig[]): void {
    for (const t of tenants) {
      if (!t.schedule.enabled) continue;
      const plan: Array<[string, JobName[]]> = [
        [t.schedule.checkCron, ['escalations', 'reminders', 'digest']],
        [t.schedule.learningsCron, ['learnings']],
        // Retention once a day at night (tenant time); removing what expired needs no exact hour.
        [RETENTION_CRON, ['retention']],
      ];
      for (const [expr, jobs] of plan) {
        const task = cron.schedule(
          expr,
          () => {
            for (const job of jobs) {
              try {
                this.run(job, t.id);
              } catch (err) {
                this.log.error({ err, tenant: t.id, job }, 'scheduled job failed; next tick retries');
              }
            }
          },
          { timezone: t.timezone, name: `${t.id}:${jobs.join('+')}`, noOverlap: true },
        );
        this.#tasks.push(task);
      }
      this.log.info({ tenant: t.id, timezone: t.timezone, check: t.schedule.checkCron, learnings: t.schedule.learningsCron }, 'jobs scheduled');
    }
  }

  async stop(): Promise<void> {
    // node-cron's destroy() is sync or async depending on the task kind.
    await Promise.all(this.#tasks.map((t) => Promise.resolve(t.destroy())));
    this.#tasks.length = 0;
  }
}
