import type { WorkingCalendar } from '../calendar/types.js';
import { deadlinesToEscalate, type OpenDeadline } from '../store/deadlines.js';
import { escalationKey } from '../store/sentNotices.js';
import { deliverAll, emptyResult, isWorkingMomentAfter, workingDaysWindowEnd, type JobContext, type JobResult, type Notice } from './context.js';
import { deadlineMail, reminderMails } from './reminders.js';

/** Whole calendar days between two local dates (`YYYY-MM-DD`). */
export function calendarDaysBetween(fromLocal: string, toLocal: string): number {
  return Math.round((Date.parse(`${toLocal}T00:00:00Z`) - Date.parse(`${fromLocal}T00:00:00Z`)) / 86_400_000);
}

export type EscalationDue =
  | { kind: 'overdue'; deadline: OpenDeadline; overdueDays: number }
  /** Nobody is assigned and the acknowledgement (which must name the contact person) lapses within a working day. */
  | { kind: 'unassigned'; deadline: OpenDeadline; workingDaysLeft: number };

/**
 * Which deadlines warrant telling the managers now: pure. `lastEscalated` gives the instant of
 * the previous overdue escalation of a deadline, so it repeats at most every `everyWorkingDays`.
 */
export function escalationsDue<D extends OpenDeadline>(
  deadlines: readonly D[],
  calendar: WorkingCalendar,
  now: Date,
  everyWorkingDays: number,
  lastEscalated: (d: D) => Date | null,
): EscalationDue[] {
  const out: EscalationDue[] = [];
  for (const d of deadlines) {
    const due = new Date(d.dueAt);
    if (due.getTime() < now.getTime()) {
      const last = lastEscalated(d);
      if (last && calendar.workingDaysBetween(last, now) < everyWorkingDays) continue;
      out.push({ kind: 'overdue', deadline: d, overdueDays: Math.max(0, calendarDaysBetween(calendar.localDate(due), calendar.localDate(now))) });
    } else if (d.kind === 'acknowledgement' && d.handlerId === null) {
      const left = calendar.workingDaysBetween(now, due);
      if (left <= 1) out.push({ kind: 'unassigned', deadline: d, workingDaysLeft: Math.max(0, left) });
    }
  }
  return out;
}

/** The escalations job: managers hear of every passed company deadline, repeatedly until it is resolved. */
export function runEscalations(ctx: JobContext): JobResult {
  const result = emptyResult('escalations', ctx);
  const { tenant } = ctx;
  const sched = tenant.cfg.schedule;
  if (!isWorkingMomentAfter(ctx, sched.reminderTime)) return result;
  // Passed deadlines, and unassigned acknowledgements ending within a working day, each with its last escalation.
  const candidates = deadlinesToEscalate(tenant.db, tenant.cfg.id, ctx.now, workingDaysWindowEnd(tenant.calendar, ctx.now, 1));
  const due = escalationsDue(candidates, tenant.calendar, ctx.now, sched.escalationEveryWorkingDays, (d) =>
    d.lastEscalatedAt ? new Date(d.lastEscalatedAt) : null,
  );
  deliverAll(ctx, escalationNotices(ctx, due), result);
  return result;
}

function* escalationNotices(ctx: JobContext, due: readonly EscalationDue[]): Generator<Notice> {
  const { tenant } = ctx;
  const today = tenant.calendar.localDate(ctx.now);
  for (const e of due) {
    const d = e.deadline;
    if (e.kind === 'unassigned') {
      // Before it lapses: the reminder wording ("ends on …, that is today") with #assign as the next step.
      yield {
        key: `escalation:${d.complaintId}:unassigned:${d.dueAt}`,
        kind: 'escalation',
        complaintId: d.complaintId,
        mails: reminderMails(tenant, { ...d, handlerId: null }, e.workingDaysLeft).map((m) => ({ ...m, kind: 'escalation' })),
        event: { type: 'schedule:escalation', data: { deadline: d.kind, dueAt: d.dueAt, reason: 'unassigned' } },
      };
      continue;
    }
    const handler = tenant.people.byId(d.handlerId);
    yield {
      key: escalationKey(d.complaintId, d.kind, today),
      kind: 'escalation',
      complaintId: d.complaintId,
      mails: tenant.people.managers.map((person) =>
        deadlineMail(tenant, d, person, 'escalation', () => ({ overdueDays: e.overdueDays, handler: handler ? { name: handler.name } : null })),
      ),
      event: { type: 'schedule:escalation', data: { deadline: d.kind, dueAt: d.dueAt, overdueDays: e.overdueDays } },
    };
  }
}
