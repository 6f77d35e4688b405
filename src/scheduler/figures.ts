import type { WorkingCalendar } from '../calendar/types.js';
import { DECISION_VERDICTS, OUTCOME_VERDICTS, type DeadlineKind, type DecisionVerdict, type OutcomeVerdict } from '../procedure/types.js';
import type { StatsComplaintRow, StatsDeadlineRow } from '../store/stats.js';

/**
 * The continual-improvement figures (ISO 10002 §8.3–8.5) `complaintdesk stats` prints and the
 * digest quotes: a pure function of the rows src/store/stats.ts (and src/store/digest.ts) return,
 * the tenant's working calendar and `now`. One place decides what counts as "on time", so the
 * digest and stats cannot disagree.
 */

export type { StatsComplaintRow, StatsDeadlineRow };

/** A deadline as far as "on time" is concerned. */
export interface DeadlineOutcome {
  kind: DeadlineKind;
  status: string;
  dueAt: string;
  resolvedAt: string | null;
}

/** "met of total on time"; `open` are the ones still running (not counted yet). */
export interface OnTime {
  met: number;
  total: number;
  open: number;
}

/** The company steps with a deadline, in procedure order. */
export const FIGURE_STEPS = ['acknowledgement', 'outcome', 'decision'] as const satisfies readonly DeadlineKind[];
export type FigureStep = (typeof FIGURE_STEPS)[number];

export interface Figures {
  received: number;
  byChannel: Record<string, number>;
  onTime: Record<FigureStep, OnTime>;
  /** Working days (tenant calendar) from receipt to the outcome letter; null medians when none. */
  toOutcome: { count: number; median: number | null; p90: number | null };
  verdicts: Record<OutcomeVerdict, number>;
  objections: { count: number; decisions: Record<DecisionVerdict, number>; pending: number; dismissed: number };
  openNow: number;
  overdueNow: number;
  learnings: number;
}

/**
 * Is a deadline settled for the figures: met, missed, or still open past its due instant (late
 * already, whatever happens next). Paused and cleared ones (the step was not needed) do not count.
 */
export function onTimeOf(rows: readonly DeadlineOutcome[], kind: DeadlineKind, now: Date): OnTime {
  let met = 0;
  let total = 0;
  let open = 0;
  for (const r of rows) {
    if (r.kind !== kind) continue;
    if (r.status === 'met') {
      met++;
      total++;
    } else if (r.status === 'missed') total++;
    else if (r.status === 'open') {
      if (Date.parse(r.dueAt) < now.getTime()) total++;
      else open++;
    }
  }
  return { met, total, open };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** The figures of one set of complaints (all received in the window) as of `now`. */
export function computeFigures(
  complaints: readonly StatsComplaintRow[],
  deadlines: readonly StatsDeadlineRow[],
  calendar: WorkingCalendar,
  now: Date,
): Figures {
  const ids = new Set(complaints.map((c) => c.id));
  const own = deadlines.filter((d) => ids.has(d.complaintId));
  const byChannel: Record<string, number> = {};
  const verdicts = Object.fromEntries(OUTCOME_VERDICTS.map((v) => [v, 0])) as Record<OutcomeVerdict, number>;
  const decisions = Object.fromEntries(DECISION_VERDICTS.map((v) => [v, 0])) as Record<DecisionVerdict, number>;
  const toOutcome: number[] = [];
  let objections = 0;
  let pending = 0;
  let dismissed = 0;
  let learnings = 0;
  for (const c of complaints) {
    byChannel[c.channel] = (byChannel[c.channel] ?? 0) + 1;
    if (c.outcomeVerdict) verdicts[c.outcomeVerdict]++;
    if (c.outcomeSentAt) toOutcome.push(Math.max(0, calendar.workingDaysBetween(new Date(c.receivedAt), new Date(c.outcomeSentAt))));
    if (c.objectionAt) {
      objections++;
      if (c.decisionVerdict) decisions[c.decisionVerdict]++;
      else pending++;
    }
    dismissed += c.objectionsDismissed;
    learnings += c.learnings;
  }
  const open = new Set(complaints.filter((c) => c.closedAt === null).map((c) => c.id));
  const overdue = new Set(own.filter((d) => open.has(d.complaintId) && d.status === 'open' && Date.parse(d.dueAt) < now.getTime()).map((d) => d.complaintId));
  return {
    received: complaints.length,
    byChannel,
    onTime: Object.fromEntries(FIGURE_STEPS.map((k) => [k, onTimeOf(own, k, now)])) as Record<FigureStep, OnTime>,
    toOutcome: { count: toOutcome.length, median: median(toOutcome), p90: percentile(toOutcome, 90) },
    verdicts,
    objections: { count: objections, decisions, pending, dismissed },
    openNow: open.size,
    overdueNow: overdue.size,
    learnings,
  };
}

export const GROUPINGS = ['month', 'service', 'handler'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The key a complaint is grouped under: its local month of receipt (`YYYY-MM`), its service or its handler's id ('' when none). */
export function groupKey(c: StatsComplaintRow, by: Grouping, calendar: WorkingCalendar): string {
  if (by === 'month') return calendar.localDate(new Date(c.receivedAt)).slice(0, 7);
  if (by === 'service') return c.service ?? '';
  return c.handlerId ?? '';
}

/** Figures per group, groups in key order (the unnamed group last). */
export function groupFigures(
  complaints: readonly StatsComplaintRow[],
  deadlines: readonly StatsDeadlineRow[],
  by: Grouping,
  calendar: WorkingCalendar,
  now: Date,
): Array<{ key: string; figures: Figures }> {
  const groups = new Map<string, StatsComplaintRow[]>();
  for (const c of complaints) {
    const key = groupKey(c, by, calendar);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.keys()]
    .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map((key) => ({ key, figures: computeFigures(groups.get(key)!, deadlines, calendar, now) }));
}
