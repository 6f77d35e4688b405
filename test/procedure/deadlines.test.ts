import { describe, expect, it } from 'vitest';
import { dueFrom, remainingAt } from '../../src/procedure/deadlines.js';
import type { ProcEvent } from '../../src/procedure/types.js';
import { calendar, drive, effectTypes, local, procedure, purasec, step } from './helpers.js';

const ALL_FOUR = ['contact', 'service', 'date', 'description'] as const;
const iso = (wall: string): string => local(wall).toISOString();

/** A PuraSec complaint complete at receipt and admissible: its outcome clock runs from receipt. */
function running(receivedWall: string) {
  return drive(purasec, [
    [{ type: 'received', receivedAt: iso(receivedWall), present: [...ALL_FOUR], handlerId: 'daan' }, receivedWall],
    [{ type: 'admissible' }, receivedWall],
  ]);
}
const ask: ProcEvent = { type: 'information-requested', question: 'Welke omgeving?' };
const answer = (wall: string): ProcEvent => ({ type: 'information-received', at: iso(wall) });

describe('pausing and resuming a working-day clock', () => {
  it('pausing and resuming on the same day changes nothing', () => {
    const start = running('2026-11-16 10:00');
    expect(start.state.deadlines.outcome?.dueAt).toBe('2026-11-30T22:59:59.999Z');
    const paused = step(purasec, start.state, ask, '2026-11-18 10:00');
    expect(paused.state.deadlines.outcome?.remaining).toEqual({ workingDays: 8 }); // Thu 19 … Mon 30
    const resumed = step(purasec, paused.state, answer('2026-11-18 16:00'), '2026-11-18 16:00');
    expect(resumed.state.deadlines.outcome?.dueAt).toBe('2026-11-30T22:59:59.999Z');
  });

  it('an answer on Saturday counts from Monday: the due date moves one working day', () => {
    const paused = step(purasec, running('2026-11-16 10:00').state, ask, '2026-11-20 18:00'); // Friday evening
    expect(paused.state.deadlines.outcome?.remaining).toEqual({ workingDays: 6 }); // Mon 23 … Mon 30
    const resumed = step(purasec, paused.state, answer('2026-11-21 11:00'), '2026-11-21 11:00');
    expect(resumed.state.deadlines.outcome?.dueAt).toBe('2026-12-01T22:59:59.999Z');
  });

  it('waiting over Christmas: only the working days waited are added (24 and 28 December)', () => {
    const start = running('2026-12-14 10:00');
    expect(start.state.deadlines.outcome?.dueAt).toBe('2026-12-29T22:59:59.999Z'); // 25, 26 Dec are holidays
    const paused = step(purasec, start.state, ask, '2026-12-23 12:00');
    expect(paused.state.deadlines.outcome?.remaining).toEqual({ workingDays: 3 }); // Thu 24, Mon 28, Tue 29
    const resumed = step(purasec, paused.state, answer('2026-12-28 09:00'), '2026-12-28 09:00');
    expect(resumed.state.deadlines.outcome?.dueAt).toBe('2026-12-31T22:59:59.999Z');
  });

  it('across the change to summer time the due day ends at 23:59:59.999 CEST', () => {
    const start = running('2026-03-16 10:00');
    expect(start.state.deadlines.outcome?.dueAt).toBe('2026-03-30T21:59:59.999Z');
    const paused = step(purasec, start.state, ask, '2026-03-26 12:00');
    expect(paused.state.deadlines.outcome?.remaining).toEqual({ workingDays: 2 });
    const resumed = step(purasec, paused.state, answer('2026-03-30 09:00'), '2026-03-30 09:00');
    expect(resumed.state.deadlines.outcome?.dueAt).toBe('2026-04-01T21:59:59.999Z');
  });

  it('paused on the due day itself: nothing left, due at the end of the day of the answer', () => {
    const paused = step(purasec, running('2026-11-16 10:00').state, ask, '2026-11-30 10:00');
    expect(paused.state.deadlines.outcome?.remaining).toEqual({ workingDays: 0 });
    const resumed = step(purasec, paused.state, answer('2026-12-02 10:00'), '2026-12-02 10:00');
    expect(resumed.state.deadlines.outcome?.dueAt).toBe('2026-12-02T22:59:59.999Z');
  });

  it('an overdue clock is not paused: asking the customer afterwards cannot undo a miss', () => {
    const late = step(purasec, running('2026-11-16 10:00').state, ask, '2026-12-01 10:00');
    expect(late.state.deadlines.outcome).toMatchObject({ status: 'open', dueAt: '2026-11-30T22:59:59.999Z' });
    expect(effectTypes(late.effects)).not.toContain('pause-deadline:outcome');
    const answered = step(purasec, late.state, answer('2026-12-02 10:00'), '2026-12-02 10:00');
    expect(effectTypes(answered.effects)).not.toContain('resume-deadline:outcome');
    const withCause = step(purasec, answered.state, { type: 'cause-recorded', body: 'c' }, '2026-12-02 11:00');
    const outcome = step(purasec, withCause.state, { type: 'outcome', verdict: 'founded', body: 'b' }, '2026-12-02 12:00');
    expect(outcome.state.deadlines.outcome?.status).toBe('missed');
  });

  it('an outcome sent while paused (the question turned out unnecessary) is met', () => {
    const start = step(purasec, running('2026-11-16 10:00').state, { type: 'cause-recorded', body: 'c' }, '2026-11-17 09:00');
    const paused = step(purasec, start.state, ask, '2026-11-18 10:00');
    const outcome = step(purasec, paused.state, { type: 'outcome', verdict: 'unfounded', body: 'b' }, '2026-12-20 10:00');
    expect(outcome.state.deadlines.outcome?.status).toBe('met');
    expect(outcome.state.waitingSince).toBeNull();
  });

  it('closing while paused and reopening restores the pause as it was', () => {
    const paused = step(purasec, running('2026-11-16 10:00').state, ask, '2026-11-18 10:00');
    const closed = step(purasec, paused.state, { type: 'close' }, '2026-11-19 10:00');
    expect(closed.state.deadlines.outcome?.status).toBe('cleared');
    const reopened = step(purasec, closed.state, { type: 'reopen' }, '2026-11-20 10:00');
    expect(reopened.state.state).toBe('awaiting-information');
    expect(reopened.state.deadlines.outcome).toMatchObject({ status: 'paused', remaining: { workingDays: 8 } });
    expect(effectTypes(reopened.effects)).toContain('pause-deadline:outcome');
  });
});

describe('other clocks', () => {
  const calendarDays = procedure({
    acknowledgement: { within: { workingDays: 5 } },
    requiredInformation: { fields: ['service'], pauseClock: true, answerWithin: { workingDays: 5 } },
    outcome: { within: { calendarDays: 21 }, from: 'receipt' },
  });

  it('a calendar-day clock pauses in calendar days', () => {
    const start = step(calendarDays, null, { type: 'received', receivedAt: iso('2026-11-16 10:00'), present: ['service'], handlerId: 'x' }, '2026-11-16 10:00');
    expect(start.state.deadlines.outcome?.dueAt).toBe('2026-12-07T22:59:59.999Z');
    const paused = step(calendarDays, start.state, ask, '2026-11-20 10:00');
    expect(paused.state.deadlines.outcome?.remaining).toEqual({ calendarDays: 17 });
    const resumed = step(calendarDays, paused.state, answer('2026-11-25 10:00'), '2026-11-25 10:00');
    expect(resumed.state.deadlines.outcome?.dueAt).toBe('2026-12-12T22:59:59.999Z');
  });

  it('a from-receipt clock with information missing at receipt is paused from the start', () => {
    const start = step(calendarDays, null, { type: 'received', receivedAt: iso('2026-11-16 10:00'), handlerId: 'x' }, '2026-11-16 10:05');
    expect(start.state.deadlines.outcome).toMatchObject({ status: 'paused', pausedAt: iso('2026-11-16 10:00'), remaining: { calendarDays: 21 } });
    expect(effectTypes(start.effects)).toEqual([
      'set-deadline:acknowledgement',
      'set-deadline:outcome',
      'notify:handler:assigned',
      'letter:acknowledgement',
      'letter:information-request',
      'pause-deadline:outcome',
      'set-deadline:information',
      'record:state-changed',
      // settled when the mail server accepts the acknowledgement (here: at once)
      'clear-deadline:acknowledgement',
    ]);
    const resumed = step(calendarDays, start.state, { type: 'service-set', service: 'Hosting' }, '2026-11-19 10:00');
    expect(resumed.state.deadlines.outcome).toMatchObject({ status: 'open', dueAt: '2026-12-10T22:59:59.999Z' });
  });

  it("the customer's answer deadline: met in time, missed late, cleared by the outcome", () => {
    const start = step(calendarDays, null, { type: 'received', receivedAt: iso('2026-11-16 10:00'), present: ['service'], handlerId: 'x' }, '2026-11-16 10:00');
    const asked = step(calendarDays, start.state, ask, '2026-11-20 10:00');
    expect(asked.state.deadlines.information).toMatchObject({ owner: 'customer', status: 'open', dueAt: '2026-11-27T22:59:59.999Z' });
    expect(step(calendarDays, asked.state, answer('2026-11-25 10:00'), '2026-11-25 10:00').state.deadlines.information?.status).toBe('met');
    expect(step(calendarDays, asked.state, answer('2026-11-30 10:00'), '2026-11-30 10:00').state.deadlines.information?.status).toBe('missed');
    const outcome = step(calendarDays, asked.state, { type: 'outcome', verdict: 'founded', body: 'b' }, '2026-11-26 10:00');
    expect(outcome.state.deadlines.information?.status).toBe('cleared');
  });

  it('without pauseClock a question leaves the clock running', () => {
    const noPause = procedure({ ...calendarDays, requiredInformation: { fields: ['service'], pauseClock: false } });
    const start = step(noPause, null, { type: 'received', receivedAt: iso('2026-11-16 10:00'), present: ['service'], handlerId: 'x' }, '2026-11-16 10:00');
    const asked = step(noPause, start.state, ask, '2026-11-20 10:00');
    expect(asked.state.deadlines.outcome?.status).toBe('open');
    expect(asked.state.deadlines.information).toBeUndefined();
  });
});

describe('dueFrom and remainingAt', () => {
  it.each([
    [{ workingDays: 5 }, '2026-11-16 10:00', '2026-11-23T22:59:59.999Z'],
    [{ workingDays: 2 }, '2026-11-20 21:00', '2026-11-24T22:59:59.999Z'], // Friday evening: Mon 23 is day 1
    [{ workingDays: 2 }, '2026-11-21 10:00', '2026-11-25T22:59:59.999Z'], // Saturday: Mon 23 is day 0
    [{ calendarDays: 21 }, '2026-11-16 10:00', '2026-12-07T22:59:59.999Z'],
    [{ calendarDays: 28 }, '2026-03-10 10:00', '2026-04-07T21:59:59.999Z'], // across the DST change
  ] as const)('%j from %s', (period, from, due) => {
    expect(dueFrom(period, local(from), calendar).toISOString()).toBe(due);
  });

  it.each([
    [{ workingDays: 10 }, '2026-11-30 12:00', '2026-11-20 10:00', { workingDays: 6 }],
    [{ workingDays: 10 }, '2026-11-30 12:00', '2026-11-21 10:00', { workingDays: 6 }], // Saturday = Friday evening
    [{ workingDays: 10 }, '2026-11-30 12:00', '2026-11-30 09:00', { workingDays: 0 }],
    [{ workingDays: 10 }, '2026-11-30 12:00', '2026-12-02 09:00', { workingDays: 0 }], // never negative
    [{ calendarDays: 21 }, '2026-12-07 12:00', '2026-11-20 10:00', { calendarDays: 17 }],
    [{ calendarDays: 21 }, '2026-04-07 12:00', '2026-03-20 10:00', { calendarDays: 18 }], // across the DST change
  ] as const)('%j due %s, left at %s', (period, due, at, left) => {
    expect(remainingAt(period, local(due), local(at), calendar)).toEqual(left);
  });
});
