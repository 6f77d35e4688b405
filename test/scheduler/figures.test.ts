// The improvement figures as a pure function of a fixed set of rows: on time per step, working
// days to the outcome across a holiday, verdicts, objections, open and overdue now, grouping.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/workingDays.js';
import { computeFigures, groupFigures, median, onTimeOf, percentile, type StatsComplaintRow, type StatsDeadlineRow } from '../../src/scheduler/figures.js';

const calendar = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: false, goodFriday: false, closingDays: [] });
const NOW = new Date('2026-04-20T10:00:00Z');

let nextId = 0;
function complaint(over: Partial<StatsComplaintRow>): StatsComplaintRow {
  return {
    id: ++nextId,
    tenant: 'purasec',
    channel: 'email',
    service: 'pentest',
    handlerId: 'daan',
    receivedAt: '2026-04-01T08:00:00Z',
    closedAt: null,
    outcomeVerdict: null,
    outcomeSentAt: null,
    objectionAt: null,
    decisionVerdict: null,
    objectionsDismissed: 0,
    learnings: 0,
    ...over,
  };
}

// Thu 2 Apr 2026 → Tue 7 Apr: Good Friday is a working day in this policy, Easter Monday (6 Apr) is not.
const a = complaint({
  receivedAt: '2026-04-02T08:00:00Z',
  outcomeSentAt: '2026-04-07T12:00:00Z',
  outcomeVerdict: 'founded',
  closedAt: '2026-05-01T00:00:00Z',
  learnings: 2,
});
// Fri 3 Apr (a Dutch local date) → Mon 13 Apr: 5 working days (7, 8, 9, 10, 13 April).
const b = complaint({
  receivedAt: '2026-04-03T07:00:00Z',
  outcomeSentAt: '2026-04-13T09:00:00Z',
  outcomeVerdict: 'partly',
  objectionAt: '2026-04-14T09:00:00Z',
  decisionVerdict: 'rejected',
});
// Received by phone in March's last local hour (31 Mar 23:30 Amsterdam = 21:30Z), still open, outcome overdue.
const c = complaint({ receivedAt: '2026-03-31T21:30:00Z', channel: 'phone', service: null, handlerId: null, objectionsDismissed: 1 });
// Outcome after 1 working day (Wed 15 → Thu 16 Apr), unfounded.
const d = complaint({
  receivedAt: '2026-04-15T08:00:00Z',
  outcomeSentAt: '2026-04-16T08:00:00Z',
  outcomeVerdict: 'unfounded',
  objectionAt: '2026-04-17T08:00:00Z',
});
const complaints = [a, b, c, d];
const deadlines: StatsDeadlineRow[] = [
  { complaintId: a.id, kind: 'acknowledgement', status: 'met', dueAt: '2026-04-09T21:59:59.999Z', resolvedAt: '2026-04-02T08:00:00Z' },
  { complaintId: a.id, kind: 'outcome', status: 'met', dueAt: '2026-04-30T21:59:59.999Z', resolvedAt: '2026-04-07T12:00:00Z' },
  { complaintId: b.id, kind: 'acknowledgement', status: 'missed', dueAt: '2026-04-03T21:59:59.999Z', resolvedAt: '2026-04-08T08:00:00Z' },
  { complaintId: b.id, kind: 'outcome', status: 'met', dueAt: '2026-04-30T21:59:59.999Z', resolvedAt: '2026-04-13T09:00:00Z' },
  { complaintId: b.id, kind: 'decision', status: 'met', dueAt: '2026-04-30T21:59:59.999Z', resolvedAt: '2026-04-16T09:00:00Z' },
  { complaintId: c.id, kind: 'acknowledgement', status: 'met', dueAt: '2026-04-07T21:59:59.999Z', resolvedAt: '2026-04-01T08:00:00Z' },
  { complaintId: c.id, kind: 'outcome', status: 'open', dueAt: '2026-04-14T21:59:59.999Z', resolvedAt: null },
  { complaintId: d.id, kind: 'acknowledgement', status: 'met', dueAt: '2026-04-22T21:59:59.999Z', resolvedAt: '2026-04-15T08:00:00Z' },
  { complaintId: d.id, kind: 'outcome', status: 'met', dueAt: '2026-05-06T21:59:59.999Z', resolvedAt: '2026-04-16T08:00:00Z' },
  { complaintId: d.id, kind: 'decision', status: 'open', dueAt: '2026-05-15T21:59:59.999Z', resolvedAt: null },
  // A paused or cleared deadline is not a promise kept or broken.
  { complaintId: d.id, kind: 'information', status: 'cleared', dueAt: '2026-04-20T21:59:59.999Z', resolvedAt: null },
];

describe('improvement figures', () => {
  it('counts receipt by channel, on time per step (an overdue open deadline counts as late), verdicts, objections, open and overdue now, learnings', () => {
    const f = computeFigures(complaints, deadlines, calendar, NOW);
    expect(f.received).toBe(4);
    expect(f.byChannel).toEqual({ email: 3, phone: 1 });
    expect(f.onTime).toEqual({
      acknowledgement: { met: 3, total: 4, open: 0 },
      outcome: { met: 3, total: 4, open: 0 },
      decision: { met: 1, total: 1, open: 1 },
    });
    expect(f.verdicts).toEqual({ founded: 1, partly: 1, unfounded: 1 });
    expect(f.objections).toEqual({ count: 2, decisions: { upheld: 0, partly: 0, rejected: 1 }, pending: 1, dismissed: 1 });
    expect(f.openNow).toBe(3);
    expect(f.overdueNow).toBe(1);
    expect(f.learnings).toBe(2);
  });

  it('measures receipt to outcome in the tenant’s working days, skipping Easter Monday and the weekend', () => {
    expect(calendar.workingDaysBetween(new Date(a.receivedAt), new Date(a.outcomeSentAt!))).toBe(2);
    const f = computeFigures(complaints, deadlines, calendar, NOW);
    // Values 2, 5, 1: the median is 2, the 90th percentile (nearest rank) the largest.
    expect(f.toOutcome).toEqual({ count: 3, median: 2, p90: 5 });
  });

  it('has no median, share or percentile over nothing', () => {
    const f = computeFigures([], deadlines, calendar, NOW);
    expect(f.received).toBe(0);
    expect(f.toOutcome).toEqual({ count: 0, median: null, p90: null });
    expect(f.onTime.acknowledgement).toEqual({ met: 0, total: 0, open: 0 });
    expect(f.openNow).toBe(0);
    expect(median([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('a running deadline not yet due is counted apart, and becomes late once its due instant passes', () => {
    const rows = [{ kind: 'outcome' as const, status: 'open', dueAt: '2026-04-30T21:59:59.999Z', resolvedAt: null }];
    expect(onTimeOf(rows, 'outcome', NOW)).toEqual({ met: 0, total: 0, open: 1 });
    expect(onTimeOf(rows, 'outcome', new Date('2026-05-01T00:00:00Z'))).toEqual({ met: 0, total: 1, open: 0 });
  });

  it('groups by local month of receipt, service and handler; each group counts only its own deadlines', () => {
    const months = groupFigures(complaints, deadlines, 'month', calendar, NOW);
    expect(months.map((g) => [g.key, g.figures.received])).toEqual([
      ['2026-03', 1],
      ['2026-04', 3],
    ]);
    expect(months[0]!.figures.onTime.outcome).toEqual({ met: 0, total: 1, open: 0 });
    const services = groupFigures(complaints, deadlines, 'service', calendar, NOW);
    expect(services.map((g) => [g.key, g.figures.received])).toEqual([
      ['pentest', 3],
      ['', 1],
    ]);
    const handlers = groupFigures(complaints, deadlines, 'handler', calendar, NOW);
    expect(handlers.map((g) => [g.key, g.figures.received, g.figures.onTime.acknowledgement.met])).toEqual([
      ['daan', 3, 2],
      ['', 1, 1],
    ]);
  });
});
