// Reminders, escalations and the digest over simulated weeks for both tenants, complaints made
// through the real pipeline (Maildir → daemon → store), jobs run hour by hour with an injected
// clock, each twice per tick, with a daemon restart in between.
import { afterEach, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/workingDays.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { schedulerWorld } from './helpers.js';

const calendar = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: false, goodFriday: false, closingDays: [] });
const HOUR = 3_600_000;
const localHour = (iso: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso)));

type World = ReturnType<typeof schedulerWorld>;
let world: World | null = null;
afterEach(async () => {
  await world?.daemon.stop();
  world = null;
});

async function run(w: World, until: string, opts: { restartAt?: string } = {}): Promise<void> {
  const end = Date.parse(until);
  while (w.clock.now().getTime() < end) {
    w.clock.advance(HOUR);
    if (opts.restartAt && w.clock.now().toISOString() === opts.restartAt) await w.restart();
    w.tick();
  }
}

interface Sched {
  kind: string;
  to_address: string;
  created_at: string;
  complaint_id: number | null;
}
const scheduled = (w: World) =>
  w.daemon.db
    .prepare(`SELECT kind, to_address, created_at, complaint_id FROM outbox WHERE kind IN ('reminder', 'escalation', 'digest') ORDER BY id`)
    .all() as Sched[];
const reminderEvents = (w: World) =>
  (
    w.daemon.db.prepare(`SELECT complaint_id, at, data FROM events WHERE type = 'schedule:reminder' ORDER BY id`).all() as Array<{
      complaint_id: number;
      at: string;
      data: string;
    }>
  ).map((e) => ({
    complaintId: e.complaint_id,
    at: e.at,
    ...(JSON.parse(e.data) as { deadline: string; dueAt: string; threshold: number; workingDaysLeft: number; late?: boolean }),
  }));

describe('scheduled notices over a simulated month', () => {
  it('October–November with the DST change and a restart: reminders on working days at the right threshold, never twice; escalations; one digest a working day', async () => {
    const w = (world = schedulerWorld('2026-10-12T07:30:00Z')); // Mon 12 Oct 09:30 CEST
    await w.complaint('preact', 'Klacht over de koppeling');
    await w.complaint('purasec', 'Klacht over de pentest');
    w.clock.set('2026-10-21T12:00:00Z');
    await w.complaint('purasec', 'Nog een klacht over de pentest');
    w.clock.set('2026-10-12T07:30:00Z');
    await run(w, '2026-10-21T12:00:00Z');
    await run(w, '2026-11-20T12:00:00Z', { restartAt: '2026-10-26T10:30:00Z' }); // the day after the DST change
    await w.daemon.runOnce();

    const mails = scheduled(w);
    for (const m of mails) {
      expect(calendar.isWorkingDay(calendar.localDate(new Date(m.created_at))), `${m.kind} on ${m.created_at}`).toBe(true);
      expect(localHour(m.created_at)).toBeGreaterThanOrEqual(8);
    }
    // Every reminder at exactly its threshold (none late here), each (deadline, threshold) once.
    const reminders = reminderEvents(w);
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.some((r) => r.at > '2026-10-26T10:30:00Z') && reminders.some((r) => r.at < '2026-10-26T10:30:00Z')).toBe(true); // on both sides of the restart
    for (const r of reminders) {
      expect(r.late).toBeUndefined();
      expect(calendar.workingDaysBetween(new Date(r.at), new Date(r.dueAt))).toBe(r.threshold);
    }
    const keys = reminders.map((r) => `${r.complaintId}:${r.deadline}:${r.dueAt}:${r.threshold}`);
    expect(new Set(keys).size).toBe(keys.length);
    const outcomeDeadlines = w.daemon.db.prepare(`SELECT complaint_id, due_at FROM deadlines WHERE kind = 'outcome'`).all() as Array<{
      complaint_id: number;
      due_at: string;
    }>;
    expect(outcomeDeadlines).toHaveLength(3);
    for (const d of outcomeDeadlines) {
      expect(reminders.filter((r) => r.complaintId === d.complaint_id && r.deadline === 'outcome').map((r) => r.threshold)).toEqual([2, 1, 0]);
    }
    expect(mails.filter((m) => m.kind === 'reminder').length).toBe(reminders.length); // one handler each

    // The outcomes were let slip: managers hear once per working day after each due day.
    for (const d of outcomeDeadlines) {
      const esc = mails.filter((m) => m.kind === 'escalation' && m.complaint_id === d.complaint_id);
      const days = esc.map((m) => calendar.localDate(new Date(m.created_at)));
      expect(new Set(days).size).toBe(days.length);
      expect(esc.every((m) => m.to_address === 'directie@example.nl' || m.to_address === 'management@example.nl')).toBe(true);
      expect(calendar.workingDaysBetween(new Date(d.due_at), new Date('2026-11-20T12:00:00Z'))).toBe(days.length);
    }

    // One digest per working day per tenant (one manager each), also across the restart.
    const digestDays = mails.filter((m) => m.kind === 'digest').map((m) => `${m.to_address}:${calendar.localDate(new Date(m.created_at))}`);
    expect(new Set(digestDays).size).toBe(digestDays.length);
    let workingDays = 0;
    for (let d = new Date('2026-10-12T12:00:00Z'); d < new Date('2026-11-20T12:00:00Z'); d = new Date(d.getTime() + 24 * HOUR))
      if (calendar.isWorkingDay(calendar.localDate(d))) workingDays++;
    expect(digestDays.length).toBe(2 * (workingDays + 1)); // both ends inclusive: 12 Oct … 20 Nov
  }, 60_000);

  it('the Christmas week: no reminders, escalations or digests on holidays or weekends; thresholds count working days across them', async () => {
    const w = (world = schedulerWorld('2026-12-14T09:00:00Z'));
    await w.complaint('preact', 'Klacht over de factuur');
    await w.complaint('purasec', 'Klacht over de pentest');
    await run(w, '2027-01-15T12:00:00Z');
    const mails = scheduled(w);
    const days = new Set(mails.map((m) => calendar.localDate(new Date(m.created_at))));
    for (const off of ['2026-12-25', '2026-12-26', '2026-12-27', '2027-01-01', '2027-01-02', '2027-01-03']) expect(days.has(off), off).toBe(false);
    for (const r of reminderEvents(w)) expect(calendar.workingDaysBetween(new Date(r.at), new Date(r.dueAt))).toBe(r.threshold);
    expect(reminderEvents(w).length).toBe(6);
  }, 60_000);

  it('after a three-day stop the catch-up sends one late reminder, not a burst, and the passed thresholds never follow', async () => {
    const w = (world = schedulerWorld('2026-11-16T09:00:00Z'));
    await w.complaint('purasec', 'Klacht over de pentest');
    const due = new Date(w.daemon.db.prepare(`SELECT due_at FROM deadlines WHERE kind = 'outcome'`).pluck().get() as string);
    const dueDay = calendar.localDate(due);
    // The working day before threshold 2's day: the last day the daemon runs before its stop.
    let lastUp = calendar.atLocalTime(dueDay, 12, 0);
    while (calendar.workingDaysBetween(lastUp, due) < 3 || !calendar.isWorkingDay(calendar.localDate(lastUp))) lastUp = new Date(lastUp.getTime() - 24 * HOUR);
    await run(w, calendar.atLocalTime(calendar.localDate(lastUp), 20, 0).toISOString());
    expect(reminderEvents(w)).toHaveLength(0);
    await w.daemon.stop(); // down for the days of thresholds 2 and 1
    w.clock.set(calendar.atLocalTime(dueDay, 0, 0));
    expect(w.clock.now().getTime() - lastUp.getTime()).toBeGreaterThanOrEqual(2.5 * 24 * HOUR);
    w.daemon = new Daemon({ config: w.cfg, log: silentLogger, clock: w.clock });
    await run(w, calendar.atLocalTime(dueDay, 20, 0).toISOString());
    const reminders = reminderEvents(w);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ threshold: 0, late: true, workingDaysLeft: 0 });
    expect(localHour(reminders[0]!.at)).toBe(8);
    const skipped = w.daemon.db.prepare(`SELECT key FROM sent_notices WHERE status = 'skipped-late' ORDER BY key`).pluck().all() as string[];
    expect(skipped.map((k) => k.split(':').at(-1))).toEqual(['1', '2']);
    await w.daemon.runOnce();
    const out = w.daemon.db.prepare(`SELECT to_address, subject FROM outbox WHERE kind = 'reminder'`).all() as Array<{ to_address: string; subject: string }>;
    expect(out).toEqual([{ to_address: 'daan.bakker@example.nl', subject: expect.stringMatching(/^\[PS-\d{4}-0001\] Herinnering/) }]);
  }, 60_000);
});
