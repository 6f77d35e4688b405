import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import type { JobName } from '../../src/scheduler/jobs.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { writeTestConfig } from '../helpers/testConfig.js';

export const TO = { preact: 'info@preact-software.nl', purasec: 'klachten@purasec.nl' } as const;

/** Two tenants on Maildir + file transport, a manual clock, and a daemon that can be replaced (a restart). */
export function schedulerWorld(start: string) {
  const cfg = writeTestConfig([{ id: 'preact' }, { id: 'purasec' }]);
  const clock = new ManualClock(start);
  const world = {
    cfg,
    clock,
    daemon: new Daemon({ config: cfg, log: silentLogger, clock }),
    n: 0,
    async complaint(
      tenant: keyof typeof TO,
      subject: string,
      body = 'Ik ben zeer ontevreden over de pentest en de rapportage van vorige week dinsdag.',
    ): Promise<string> {
      const id = `sched-${++world.n}@customer.example`;
      const raw = [
        `From: Klant ${world.n} <klant${world.n}@customer.example>`,
        `To: ${TO[tenant]}`,
        `Subject: ${subject}`,
        `Message-ID: <${id}>`,
        `Date: ${clock.now().toUTCString()}`,
        '',
        body,
        '',
      ].join('\r\n');
      const dir = join(cfg.dataDir, 'maildir', tenant);
      // The Maildir source takes the file's mtime as the moment of receipt: make it the test clock's.
      const name = maildirDeliver(dir, raw);
      utimesSync(join(dir, 'new', name), clock.now(), clock.now());
      await world.daemon.runOnce();
      return world.daemon.db
        .prepare('SELECT c.reference FROM inbound_messages i JOIN complaints c ON c.id = i.complaint_id WHERE i.message_id = ?')
        .pluck()
        .get(id) as string;
    },
    /** Every job twice (an overlapping run must not send again), as the cron would at this moment. */
    tick(jobs: JobName[] = ['escalations', 'reminders', 'digest']): number {
      let mails = 0;
      for (const job of jobs) for (let i = 0; i < 2; i++) for (const r of world.daemon.runJob(job, { now: clock.now() })) mails += r.mails.length;
      return mails;
    },
    async restart(): Promise<void> {
      await world.daemon.stop();
      world.daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    },
  };
  return world;
}
