import type { WorkingCalendar } from '../calendar/types.js';
import { queueLetter, renderLetter, type DistributiveOmit, type QueueLetterInput } from '../outbox/queue.js';
import { eventAppend, SYSTEM, type EventMap } from '../store/events.js';
import { outboxSubjectOf } from '../store/outbox.js';
import { noticeClaim, noticeExists, type NoticeKind } from '../store/sentNotices.js';
import type { Moment } from '../tenant/context.js';

/** What every job gets: one tenant, the moment it runs as, and whether to only preview. */
export interface JobContext extends Moment {
  /** Report what would be sent; queue and record nothing. */
  dryRun: boolean;
}

type ScheduleEventType = 'schedule:reminder' | 'schedule:escalation' | 'schedule:contact-reminder';
/** The history event a notice records; `key` and `late` are added by `deliver`. */
type ScheduleEvent = { [T in ScheduleEventType]: { type: T; data: DistributiveOmit<EventMap[T], 'key' | 'late'> } }[ScheduleEventType];

/** One mail a job sent (or, in a dry run, would send). */
export interface PlannedMail {
  key: string;
  to: string;
  subject: string;
  late: boolean;
}

export interface JobResult {
  job: string;
  tenant: string;
  now: string;
  mails: PlannedMail[];
  /** Thresholds passed over during a catch-up (never sent later). */
  skippedLate: string[];
}

/** One mail of a notice: any letter with its typed data; notices are always `auto-generated`. */
export type NoticeMail = DistributiveOmit<QueueLetterInput, 'autoSubmitted'>;

export interface Notice {
  key: string;
  kind: NoticeKind;
  complaintId: number | null;
  /** Keys of earlier notices this one replaces (catch-up): recorded as skipped-late, never sent. */
  supersedes?: string[];
  late?: boolean;
  mails: NoticeMail[];
  event?: ScheduleEvent;
}

/** Minutes since local midnight of an instant in the tenant's time zone. */
export function localMinutes(instant: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** A working day in the tenant's calendar, at or after local `HH:MM`. */
export function isWorkingMomentAfter(ctx: JobContext, hhmm: string): boolean {
  const { calendar, cfg } = ctx.tenant;
  if (!calendar.isWorkingDay(calendar.localDate(ctx.now))) return false;
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return localMinutes(ctx.now, cfg.timezone) >= h * 60 + m;
}

/**
 * The end of the window a job's deadline query needs: the start of the first local day with more
 * than `workingDays` working days left after now's day. Every due instant before it has at most
 * that many left (a non-working day after the last one still counts as that one); the jobs test
 * each deadline exactly, so the window only has to hold all of them.
 */
export function workingDaysWindowEnd(calendar: WorkingCalendar, now: Date, workingDays: number): Date {
  return calendar.nextWorkingDayStart(new Date(calendar.workingDaysDeadline(now, workingDays).getTime() + 1));
}

/**
 * Record a notice and queue its mails in one transaction. The unique key decides: when another
 * run (or daemon) recorded it first, nothing is queued. A dry run only looks.
 */
export function deliver(ctx: JobContext, n: Notice, result: JobResult): boolean {
  const { db } = ctx.tenant;
  // Already recorded: nothing to claim, no transaction to open (a re-run meets mostly these).
  if (noticeExists(db, n.key)) return false;
  if (ctx.dryRun) {
    result.mails.push(
      ...n.mails.map((m) => ({
        key: n.key,
        to: m.to.address,
        subject: renderLetter(ctx.tenant, m.template, m.lang, m.data).subject,
        late: n.late ?? false,
      })),
    );
    result.skippedLate.push(...(n.supersedes ?? []).filter((k) => !noticeExists(db, k)));
    return true;
  }
  return db.inTransaction ? recordNotice(ctx, n, result) : db.transaction(() => recordNotice(ctx, n, result))();
}

/** The claim, the mails and the history event of one notice, in the caller's transaction. */
function recordNotice(ctx: JobContext, n: Notice, result: JobResult): boolean {
  const { tenant, now } = ctx;
  const { db } = tenant;
  if (!noticeClaim(db, { key: n.key, tenant: tenant.id, kind: n.kind, complaintId: n.complaintId, at: now })) return false;
  for (const k of n.supersedes ?? []) {
    if (noticeClaim(db, { key: k, tenant: tenant.id, kind: n.kind, complaintId: n.complaintId, status: 'skipped-late', at: now })) result.skippedLate.push(k);
  }
  for (const m of n.mails) {
    const messageId = queueLetter(ctx, { ...m, autoSubmitted: 'auto-generated' });
    // The subject as queued: rendering each letter a second time only for this report cost as much as queuing it.
    result.mails.push({ key: n.key, to: m.to.address, subject: outboxSubjectOf(db, messageId) ?? '', late: n.late ?? false });
  }
  if (n.event)
    eventAppend(db, {
      tenant: tenant.id,
      complaintId: n.complaintId,
      at: now,
      type: n.event.type,
      actor: SYSTEM,
      data: { key: n.key, ...(n.late ? { late: true as const } : {}), ...n.event.data },
    });
  return true;
}

/** Notices a job run records per transaction: one commit per notice was a third of a 10,000-reminder run; a bounded batch keeps the write lock short. */
const NOTICES_PER_TRANSACTION = 500;

/**
 * Deliver notices in order, NOTICES_PER_TRANSACTION to a transaction; a fault in one rolls its
 * whole batch back (recorded again by the next run), earlier batches stay. No savepoint per
 * notice: a third of the run went to them. `notices` is read lazily, inside the transaction, so
 * what each one checks is read in the snapshot it is recorded in. IMMEDIATE: the batch reads
 * before it writes, and a deferred one would fail (SQLITE_BUSY_SNAPSHOT, no busy wait) when
 * another connection (a `jobs run` next to the daemon) wrote in between.
 */
export function deliverAll(ctx: JobContext, notices: Iterable<Notice>, result: JobResult): void {
  const it = notices[Symbol.iterator]();
  let done = false;
  const batch = () => {
    for (let i = 0; i < NOTICES_PER_TRANSACTION; i++) {
      const next = it.next();
      if (next.done) {
        done = true;
        return;
      }
      deliver(ctx, next.value, result);
    }
  };
  const inTransaction = ctx.tenant.db.transaction(batch);
  while (!done) {
    if (ctx.dryRun) batch();
    else inTransaction.immediate();
  }
}

export function emptyResult(job: string, ctx: JobContext): JobResult {
  return { job, tenant: ctx.tenant.id, now: ctx.now.toISOString(), mails: [], skippedLate: [] };
}
