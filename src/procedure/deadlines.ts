import type { WorkingCalendar } from '../calendar/types.js';
import type { Period } from './period.js';
import type { StepScope } from './context.js';
import type { DeadlineKind, DeadlineOwner, LetterKind } from './types.js';

/**
 * Deadlines on a complaint: start, pause, resume, resolve, clear. Each change is applied to the
 * state and announced as an effect, so the shell's deadline table follows the state exactly.
 *
 * Counting while paused (PuraSec: "10 working days after all relevant information has been
 * received", the clock standing still while PuraSec waits on the customer) is day-granular,
 * like every deadline here:
 *
 * - At the pause, `remaining` = the days strictly after the local day of the pause up to and
 *   including the local due day (working days for a working-day period, calendar days for a
 *   calendar-day period). The day of the pause itself counts as used.
 * - At the resumption, the new due date is computed exactly like a fresh deadline of
 *   `remaining` days from the resumption instant: the end of the remaining-th working day
 *   after the local day of resumption (a resumption on a non-working day counts from the next
 *   working day). The day of resumption is day 0, as the day of receipt is.
 * - Net effect: the due date moves later by the working days after the pause day up to and
 *   including the resumption day. Pausing and resuming on the same day changes nothing.
 * - A deadline already overdue when the pause comes is not paused: waiting on the customer
 *   afterwards cannot undo a miss.
 */

const DAY_MS = 86_400_000;

export function dueFrom(period: Period, from: Date, calendar: WorkingCalendar): Date {
  return 'workingDays' in period ? calendar.workingDaysDeadline(from, period.workingDays) : calendar.calendarDaysDeadline(from, period.calendarDays);
}

/** What is left of a deadline due at `due`, seen at `at` (see the rule above); never negative. */
export function remainingAt(period: Period, due: Date, at: Date, calendar: WorkingCalendar): Period {
  if ('workingDays' in period) return { workingDays: Math.max(0, calendar.workingDaysBetween(at, due)) };
  const days = Math.round((Date.parse(calendar.localDate(due)) - Date.parse(calendar.localDate(at))) / DAY_MS);
  return { calendarDays: Math.max(0, days) };
}

export function startDeadline(ctx: StepScope, kind: DeadlineKind, period: Period, from: Date, owner: DeadlineOwner): string {
  const dueAt = dueFrom(period, from, ctx.calendar).toISOString();
  ctx.s.deadlines[kind] = { kind, owner, period, startedAt: from.toISOString(), dueAt, status: 'open' };
  ctx.effects.push({ type: 'set-deadline', kind, dueAt, owner });
  return dueAt;
}

export function pauseDeadline(ctx: StepScope, kind: DeadlineKind, at: Date): void {
  const d = ctx.s.deadlines[kind];
  if (!d || d.status !== 'open' || at.getTime() > Date.parse(d.dueAt)) return;
  const remaining = remainingAt(d.period, new Date(d.dueAt), at, ctx.calendar);
  d.status = 'paused';
  d.pausedAt = at.toISOString();
  d.remaining = remaining;
  ctx.effects.push({ type: 'pause-deadline', kind, pausedAt: d.pausedAt, remaining });
}

export function resumeDeadline(ctx: StepScope, kind: DeadlineKind, at: Date): void {
  const d = ctx.s.deadlines[kind];
  if (!d || d.status !== 'paused' || !d.remaining) return;
  d.dueAt = dueFrom(d.remaining, at, ctx.calendar).toISOString();
  d.status = 'open';
  delete d.pausedAt;
  delete d.remaining;
  ctx.effects.push({ type: 'resume-deadline', kind, dueAt: d.dueAt });
}

/**
 * The step the deadline guards happened at `at`: met when on or before the due instant, missed
 * after it. A paused deadline was not overdue when it paused, and no time ran since: met.
 */
export function resolveDeadline(ctx: StepScope, kind: DeadlineKind, at: Date): void {
  const d = ctx.s.deadlines[kind];
  if (!d || (d.status !== 'open' && d.status !== 'paused')) return;
  const status = d.status === 'paused' || at.getTime() <= Date.parse(d.dueAt) ? 'met' : 'missed';
  settle(ctx, kind, status, at);
}

/**
 * The step the deadline guards happened, by a letter that is now queued: the deadline is settled
 * when the mail server accepts the letter (SPEC §3: met when accepted, not when queued). Until
 * then it stays open, so a held, deferred or failing letter keeps it visible to reminders.
 */
export function awaitLetter(ctx: StepScope, kind: DeadlineKind, letter: LetterKind): DeadlineKind | undefined {
  const d = ctx.s.deadlines[kind];
  if (!d || (d.status !== 'open' && d.status !== 'paused')) return undefined;
  d.awaitingLetter = letter;
  return kind;
}

/** The letter was accepted at `at`: every deadline waiting for it is met or missed by that instant. */
export function letterAccepted(ctx: StepScope, letter: LetterKind, at: Date): DeadlineKind[] {
  const settled: DeadlineKind[] = [];
  for (const d of Object.values(ctx.s.deadlines)) {
    if (!d || d.awaitingLetter !== letter) continue;
    delete d.awaitingLetter;
    resolveDeadline(ctx, d.kind, at);
    settled.push(d.kind);
  }
  return settled;
}

/** The letter will not arrive: its deadlines run on as if it had not been written (unless closed since). */
export function letterFailed(ctx: StepScope, letter: LetterKind): DeadlineKind[] {
  const released: DeadlineKind[] = [];
  for (const d of Object.values(ctx.s.deadlines)) {
    if (!d || d.awaitingLetter !== letter) continue;
    delete d.awaitingLetter;
    released.push(d.kind);
    if (ctx.s.closedAt) clearDeadline(ctx, d.kind, true);
  }
  return released;
}

/** The deadline became moot. `byClose` remembers its status so a reopen can restore it. */
export function clearDeadline(ctx: StepScope, kind: DeadlineKind, byClose = false): void {
  const d = ctx.s.deadlines[kind];
  if (!d || (d.status !== 'open' && d.status !== 'paused')) return;
  // Met by a letter in the outbox: its acceptance decides, not the close that followed it.
  if (d.awaitingLetter) return;
  if (byClose) d.statusBeforeClose = d.status;
  settle(ctx, kind, 'cleared', ctx.now);
}

function settle(ctx: StepScope, kind: DeadlineKind, status: 'met' | 'missed' | 'cleared', at: Date): void {
  const d = ctx.s.deadlines[kind];
  if (!d) return;
  d.status = status;
  d.resolvedAt = at.toISOString();
  ctx.effects.push({ type: 'clear-deadline', kind, status, met: status === 'met' });
}

/** Reopen: every deadline the close cleared comes back as it was (an overdue one stays overdue). */
export function restoreClearedByClose(ctx: StepScope): void {
  for (const d of Object.values(ctx.s.deadlines)) {
    if (!d || d.status !== 'cleared' || !d.statusBeforeClose) continue;
    d.status = d.statusBeforeClose;
    delete d.statusBeforeClose;
    delete d.resolvedAt;
    if (d.status === 'paused' && d.pausedAt && d.remaining) {
      ctx.effects.push({ type: 'pause-deadline', kind: d.kind, pausedAt: d.pausedAt, remaining: d.remaining });
    } else {
      ctx.effects.push({ type: 'set-deadline', kind: d.kind, dueAt: d.dueAt, owner: d.owner });
    }
  }
}

/** Clear every running deadline (a close); the ones already met or missed keep their verdict. */
export function clearAllRunning(ctx: StepScope): void {
  for (const d of Object.values(ctx.s.deadlines)) if (d) clearDeadline(ctx, d.kind, true);
}
