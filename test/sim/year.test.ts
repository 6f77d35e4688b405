// A simulated year (issue 11): both tenants, a few hundred complaints from 5 January to 31 December
// 2026 — across the DST changes of 29 March and 25 October, Easter, King's Day and the Christmas
// weeks — through the real pipeline: customers' mail into each tenant's Maildir, the desk's mail out
// through the file transport, an injected clock stepped hour by hour over the day (nights skipped),
// the procedure timers and the scheduled jobs run as the cron would. Handlers and managers
// (actors.ts) read the .eml files and act on assignments, reminders and notices by replying with
// commands. At the end the promises of both regulations are measured from the store
// (promises.ts) and printed; every one must have been kept on time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LoadedConfig } from '../../src/config/load.js';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliverAt } from '../helpers/maildirFlow.js';
import { rawMail } from '../helpers/mailFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';
import { addDays, Customer, Diary, MailReader, prng, Staff, type Act, type CustomerScript, type TenantInfo } from './actors.js';
import { checkPromises, formatReport } from './promises.js';

const TENANTS = ['preact', 'purasec'] as const;
/** Complaints per tenant: "a few hundred" in all, within the time budget on a 2-core machine. */
const PER_TENANT = 130;
const SEED = 20260105;
const FIRST_DAY = '2026-01-05';
const LAST_DAY = '2026-12-31';
/**
 * The hours the clock visits (local): every hour of a working day from before the reminders (08:00)
 * to after office hours, once on other days (timers, e.g. a window ending on a Sunday); between
 * them it jumps straight to the next act, so nights and weekends cost nothing.
 */
const WORKDAY_HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
const DAY_OFF_HOURS = [10];

const shipped = (id: string) => parse(readFileSync(join(PACKAGE_ROOT, 'config', 'tenants', `${id}.yaml`), 'utf8')) as Record<string, unknown>;

describe('a simulated year of both procedures', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock(`${FIRST_DAY}T06:00:00Z`);

  beforeAll(async () => {
    cfg = writeTestConfig(
      TENANTS.map((id) => ({
        id,
        overrides: {
          // The shipped tenant files' triage (PreAct reads a general mailbox), service catalogue,
          // people, calendar, objection address and office; the cron is the test loop's job, so
          // the daemon's own schedule is off.
          ...Object.fromEntries(
            ['intake', 'services', 'people', 'calendar', 'objection', 'office'].flatMap((k) => (k in shipped(id) ? [[k, shipped(id)[k]]] : [])),
          ),
          schedule: { enabled: false },
        },
      })),
    );
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('keeps every promise of both regulations over 2026', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const rng = prng(SEED);
    const db = daemon.db;
    const ctx = (id: string) => daemon.tenants.get(id)!;
    const tenants = Object.fromEntries(
      TENANTS.map((id) => [
        id,
        {
          id,
          address: ctx(id).cfg.address,
          cal: ctx(id).calendar,
          handedOver: new Set<string>(),
          people: ctx(id).cfg.people.map((p) => ({ id: p.id, name: p.name, email: p.email.toLowerCase(), role: p.role })),
        } satisfies TenantInfo,
      ]),
    ) as Record<(typeof TENANTS)[number], TenantInfo>;
    const cal = tenants.preact.cal; // both in Europe/Amsterdam with the same holidays
    const diaries = Object.fromEntries(TENANTS.map((id) => [id, new Diary(tenants[id].cal, rng)]));

    // --- the cast ---
    const staff = new Map<string, Staff>();
    for (const id of TENANTS) for (const p of tenants[id].people) staff.set(p.email, new Staff(p, tenants[id], rng, diaries[id]!, () => tenants[id].people));
    const customers = new Map<string, Customer>();
    const scripts: CustomerScript[] = [];
    // Fixed moments worth a complaint: DST weekends (with a Sunday-night mail in the hour that is
    // skipped in March and repeated in October), a Friday evening, King's Day weekend, and
    // December, whose deadlines run through the Christmas weeks.
    const fixed = [
      '2026-03-27T19:30',
      '2026-03-29T10:00',
      '2026-03-29T02:30',
      '2026-04-24T17:45',
      '2026-10-23T18:00',
      '2026-10-25T02:30',
      '2026-10-25T11:00',
      '2026-12-08T10:00',
      '2026-12-14T11:00',
      '2026-12-18T16:00',
      '2026-12-21T09:15',
      '2026-12-23T15:00',
      '2026-12-24T11:00',
      '2026-12-27T14:00',
      '2026-12-28T10:00',
      '2026-12-31T16:00',
    ];
    let n = 0;
    for (const tenant of TENANTS) {
      for (let i = 0; i < PER_TENANT; i++) {
        let arrival: Date;
        const f = fixed[i];
        if (f) arrival = cal.atLocalTime(f.slice(0, 10), Number(f.slice(11, 13)), Number(f.slice(14, 16)));
        else {
          // Spread over the year, mostly in office hours; the last ones reach into the Christmas weeks.
          const day = addDays(FIRST_DAY, rng.int(0, 350));
          const office = rng.chance(0.75);
          arrival = cal.atLocalTime(day, office ? rng.int(8, 17) : rng.pick([6, 19, 20, 21, 22]), rng.int(0, 59));
        }
        n++;
        const lang = rng.chance(0.15) ? 'en' : 'nl';
        const objects = tenant === 'preact' ? (rng.chance(0.3) ? (rng.chance(0.5) ? 'last-day' : 'early') : 'no') : 'no';
        scripts.push({
          n,
          tenant,
          lang,
          email: `klant${n}@${tenant}-klant${n % 17}.example`,
          name: `${rng.pick(['Jan', 'Petra', 'Sanne', 'Mark', 'Fatima', 'Joost', 'Lisa', 'Ahmed', 'Eline', 'Tom'])} ${rng.pick(['de Boer', 'Jansen', 'Bakker', 'Smit', 'Visser', 'Mulder', 'el Amrani', 'Peeters'])}`,
          arrival,
          withoutService: tenant === 'purasec' && rng.chance(0.35),
          withoutDate: tenant === 'purasec' && rng.chance(0.15),
          outOfScope: tenant === 'purasec' && rng.chance(0.08),
          objects,
          remarks: tenant === 'preact' && objects === 'no' && rng.chance(0.1),
          answersContact: tenant === 'preact' && rng.chance(0.4),
        });
      }
    }
    const agenda: Act[] = [];
    for (const s of scripts) {
      const c = new Customer(s, tenants[s.tenant], rng, diaries[s.tenant]!);
      customers.set(s.email, c);
      agenda.push(c.complaint());
    }

    // --- the mail plumbing: Maildir in, .eml files out ---
    const maildirs = Object.fromEntries(
      TENANTS.map((id) => {
        const m = cfg.tenants.find((t) => t.id === id)!.mailbox;
        return [id, resolve(cfg.dataDir, 'maildir' in m ? m.maildir.path : '')];
      }),
    );
    const reader = new MailReader(cfg.tenants.map((t) => resolve(cfg.dataDir, 'file' in t.transport ? t.transport.file.path : '')));
    const sentIds: string[] = [];
    let seq = 0;
    const waiting = () => TENANTS.some((id) => existsSync(join(maildirs[id]!, 'new')) && readdirSync(join(maildirs[id]!, 'new')).length > 0);
    async function deliver(acts: Act[]): Promise<void> {
      for (const a of acts) {
        const id = `sim-${++seq}@${a.who.split('@')[1]}`;
        sentIds.push(id);
        maildirDeliverAt(maildirs[a.tenant]!, rawMail(a.mail, id, clock.now()), clock.now(), 'sim');
      }
      await waitFor(
        async () => {
          await daemon.runOnce();
          return !waiting();
        },
        { timeoutMs: 20_000, message: 'the daemon took in every delivered mail' },
      );
    }
    async function settle(): Promise<void> {
      await daemon.drainSenders();
      await waitFor(
        () =>
          db
            .prepare(`SELECT count(*) FROM outbox WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?)`)
            .pluck()
            .get(clock.now().toISOString()) === 0,
        { timeoutMs: 20_000, message: 'outbox drained' },
      );
    }

    // --- the year ---
    const end = cal.atLocalTime(LAST_DAY, 23, 59);
    const nextGrid = (t: Date): Date => {
      for (let d = cal.localDate(t); ; d = addDays(d, 1))
        for (const h of cal.isWorkingDay(d) ? WORKDAY_HOURS : DAY_OFF_HOURS) {
          const g = cal.atLocalTime(d, h, 0);
          if (g > t) return g;
        }
    };
    const counts = { steps: 0, delivered: 0, desk: 0, reminders: 0, escalations: 0, digests: 0 };
    const learningsRun = new Set<string>();
    let now = new Date(`${FIRST_DAY}T05:00:00Z`);
    for (;;) {
      agenda.sort((a, b) => a.at.getTime() - b.at.getTime());
      const grid = nextGrid(now);
      const next = agenda[0] && agenda[0].at < grid ? (agenda[0].at > now ? agenda[0].at : now) : grid;
      if (next > end) break;
      now = next;
      clock.set(now);
      counts.steps++;
      const due: Act[] = [];
      while (agenda[0] && agenda[0].at <= now) due.push(agenda.shift()!);
      if (due.length > 0) {
        await deliver(due);
        counts.delivered += due.length;
      }
      daemon.runTimers(now);
      const local = cal.localDate(now);
      for (const job of ['escalations', 'reminders', 'digest'] as const) daemon.runJob(job, { now });
      if (local.endsWith('-01') && now >= cal.atLocalTime(local, 9, 0) && !learningsRun.has(local)) {
        learningsRun.add(local);
        daemon.runJob('learnings', { now });
      }
      await settle();
      for (const m of await reader.fresh()) {
        counts.desk++;
        if (m.kind === 'reminder') counts.reminders++;
        if (m.kind.startsWith('escalation')) counts.escalations++;
        if (m.kind === 'digest') counts.digests++;
        const acts = customers.get(m.to)?.read(m, now) ?? staff.get(m.to)?.read(m, now) ?? [];
        for (const a of acts) agenda.push(a.at < now ? { ...a, at: now } : a);
      }
    }
    const seconds = (Date.now() - started) / 1000;

    // --- measured from the store ---
    const results = checkPromises(
      db,
      end,
      { preact: tenants.preact.cal, purasec: tenants.purasec.cal },
      Object.fromEntries(TENANTS.map((id) => [id, ctx(id).cfg.people.map((p) => ({ name: p.name, email: p.email, phone: p.phone, role: p.role }))])),
    );
    const complaintsPer = db.prepare('SELECT tenant, count(*) AS n FROM complaints GROUP BY tenant').all() as Array<{ tenant: string; n: number }>;
    const quarantined = db.prepare('SELECT count(*) FROM quarantine').pluck().get() as number;
    const stored = new Set(db.prepare('SELECT message_id FROM inbound_messages').pluck().all() as string[]);
    const lost = sentIds.filter((id) => !stored.has(id));
    const refused = [...staff.values()].flatMap((s) => s.refused);
    const missed = db
      .prepare(`SELECT c.reference, d.kind, d.due_at, d.resolved_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE d.status = 'missed'`)
      .all();
    // What the year held, from the store.
    const held = db
      .prepare(
        `SELECT
           (SELECT count(*) FROM events WHERE type = 'procedure:hearing-scheduled' AND data ->> 'mode' = 'phone') AS phone,
           (SELECT count(*) FROM events WHERE type = 'procedure:hearing-scheduled' AND data ->> 'mode' = 'office') AS office,
           (SELECT count(*) FROM events WHERE type = 'procedure:heard' AND data ->> 'date' IS NOT NULL) AS heardDated,
           (SELECT count(*) FROM events WHERE type = 'procedure:objection-dismissed') AS dismissed,
           (SELECT count(*) FROM events WHERE type = 'procedure:contact-made') AS called,
           (SELECT count(*) FROM events e JOIN deadlines d ON d.complaint_id = e.complaint_id AND d.kind = 'objection-window'
             WHERE e.type = 'procedure:objection-suspected' AND julianday(d.due_at) - julianday(e.data ->> 'receivedAt') < 0.5) AS lastDay,
           (SELECT count(*) FROM inbound_messages WHERE disposition = 'new-complaint' AND strftime('%m-%d', received_at) BETWEEN '12-21' AND '12-31') AS christmas,
           (SELECT count(*) FROM outbox WHERE kind = 'contact-reminder') AS contactReminders,
           (SELECT count(*) FROM events WHERE type = 'command:executed' AND data ->> 'authDetail' LIKE '%reminder.%') AS onReminder`,
      )
      .get() as Record<string, number>;
    console.log(
      [
        formatReport(results),
        '',
        `Run: ${scripts.length} customers (${complaintsPer.map((x) => `${x.tenant} ${x.n} complaints`).join(', ')}), ${counts.delivered} mails to the desk, ${counts.desk} mails from it ` +
          `(${counts.reminders} reminders, ${counts.escalations} escalations, ${counts.digests} digests), ${counts.steps} clock steps, ${seconds.toFixed(1)} s.`,
        `Held: ${held.phone} hearings by phone and ${held.office} at the office (${held.heardDated} reported later with #gehoord DATE), ${held.lastDay} objections on the window's last day, ` +
          `${held.dismissed} remarks answered #geenbezwaar, ${held.called} contacts recorded with #gebeld, ${held.contactReminders} contact reminders, ${held.christmas} complaints in the Christmas weeks, ${held.onReminder} commands sent in reply to a reminder.`,
        `Commands the desk refused (a person then waited or retried): ${refused.length}${refused.length ? `\n  ${refused.slice(0, 20).join('\n  ')}` : ''}`,
      ].join('\n'),
    );

    expect(lost, 'every mail the people wrote was stored').toEqual([]);
    expect(quarantined).toBe(0);
    expect(Object.fromEntries(complaintsPer.map((x) => [x.tenant, x.n]))).toEqual({ preact: PER_TENANT, purasec: PER_TENANT });
    expect(missed, 'no deadline missed').toEqual([]);
    // The year held what it is meant to exercise.
    for (const k of ['phone', 'office', 'heardDated', 'lastDay', 'dismissed', 'called', 'contactReminders', 'christmas', 'onReminder'])
      expect(held[k], `the year had ${k}`).toBeGreaterThan(0);
    for (const r of results) expect(r.count - r.pending, `${r.tenant} ${r.id} was measured`).toBeGreaterThan(0);
    expect(results.flatMap((r) => r.exceptions.map((e) => `${r.tenant} ${r.id}: ${e}`))).toEqual([]);
  });
});
