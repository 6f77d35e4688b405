import { describe, expect, it } from 'vitest';
import { drive, local, preact, procedure, refuse, step } from './helpers.js';

/**
 * #gehoord: when the conversation about the objection took place, and the decision deadline
 * ("binnen 4 weken na dit gesprek", PreAct step 5) counted from that day.
 * Europe/Amsterdam is UTC+1 in November–February: a local day ends at 22:59:59.999Z.
 */
const RECEIVED = local('2026-11-16 10:00').toISOString();
const outcome = drive(preact, [
  [{ type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01'],
  [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
]);
const objection = step(preact, outcome.state, { type: 'objection', receivedAt: local('2026-11-25 09:00').toISOString() }, '2026-11-25 09:05');
// Hearing on Thursday 3 December 2026 at 10:30 at the office.
const scheduled = step(preact, objection.state, { type: 'hearing-scheduled', date: '2026-12-03', time: '10:30', mode: 'office' }, '2026-11-26 10:00');

describe('heard without a date', () => {
  it('is refused before the scheduled hearing, with the reason', () => {
    const early = refuse(preact, scheduled.state, { type: 'heard' }, '2026-12-03 10:29');
    expect(early.code).toBe('too-early');
    expect(early.message).toMatch(/scheduled for 2026-12-03T09:30:00.000Z; give the date/);
  });

  it('after the hearing means now; the decision deadline runs 28 days from that day', () => {
    const heard = step(preact, scheduled.state, { type: 'heard' }, '2026-12-03 11:15');
    expect(heard.state.state).toBe('heard');
    expect(heard.state.heardAt).toBe(local('2026-12-03 11:15').toISOString());
    expect(heard.state.deadlines.decision).toMatchObject({
      startedAt: local('2026-12-03 11:15').toISOString(),
      dueAt: '2026-12-31T22:59:59.999Z', // 3 Dec + 28 days
      status: 'open',
      owner: 'company',
    });
    expect(heard.effects).toContainEqual({
      type: 'notify',
      who: 'managers',
      what: 'decision-due',
      data: { dueAt: '2026-12-31T22:59:59.999Z', heardAt: heard.state.heardAt },
    });
  });

  it('without a scheduled hearing (a call right away) means now', () => {
    const heard = step(preact, objection.state, { type: 'heard' }, '2026-11-25 15:00');
    expect(heard.state.deadlines.decision?.dueAt).toBe('2026-12-23T22:59:59.999Z'); // 25 Nov + 28
  });
});

describe('heard with a date', () => {
  it('recorded days later: the deadline counts from the day of the conversation, not from the command', () => {
    const heard = step(preact, scheduled.state, { type: 'heard', date: '2026-12-03' }, '2026-12-08 09:00');
    expect(heard.state.heardAt).toBe('2026-12-03T09:30:00.000Z'); // the scheduled time that day
    expect(heard.state.deadlines.decision?.dueAt).toBe('2026-12-31T22:59:59.999Z');
    expect(heard.state.deadlines.decision?.dueAt).not.toBe(
      step(preact, scheduled.state, { type: 'heard' }, '2026-12-08 09:00').state.deadlines.decision?.dueAt,
    );
  });

  it('with a time: that local time', () => {
    const heard = step(preact, scheduled.state, { type: 'heard', date: '2026-12-04', time: '16:45' }, '2026-12-08 09:00');
    expect(heard.state.heardAt).toBe('2026-12-04T15:45:00.000Z');
    expect(heard.state.deadlines.decision?.dueAt).toBe('2027-01-01T22:59:59.999Z');
  });

  it('an earlier call than the scheduled hearing is accepted with its date (midday when no time is given)', () => {
    const heard = step(preact, scheduled.state, { type: 'heard', date: '2026-11-30' }, '2026-12-01 09:00');
    expect(heard.state.heardAt).toBe(local('2026-11-30 12:00').toISOString());
    expect(heard.state.deadlines.decision?.dueAt).toBe('2026-12-28T22:59:59.999Z');
  });

  it('today before the scheduled time of today: the conversation was earlier today, so now', () => {
    const heard = step(preact, scheduled.state, { type: 'heard', date: '2026-12-03' }, '2026-12-03 09:00');
    expect(heard.state.heardAt).toBe(local('2026-12-03 09:00').toISOString());
  });

  it('a time alone means today', () => {
    const heard = step(preact, scheduled.state, { type: 'heard', time: '10:40' }, '2026-12-03 12:00');
    expect(heard.state.heardAt).toBe(local('2026-12-03 10:40').toISOString());
  });

  it('a date or time in the future is refused', () => {
    const tomorrow = refuse(preact, scheduled.state, { type: 'heard', date: '2026-12-04' }, '2026-12-03 12:00');
    expect(tomorrow.code).toBe('invalid-argument');
    expect(tomorrow.message).toMatch(/\(2026-12-04\) lies in the future/);
    const later = refuse(preact, scheduled.state, { type: 'heard', date: '2026-12-03', time: '14:00' }, '2026-12-03 12:00');
    expect(later.message).toMatch(/lies in the future/);
  });

  it('before the objection arrived is refused', () => {
    const before = refuse(preact, scheduled.state, { type: 'heard', date: '2026-11-24' }, '2026-12-03 12:00');
    expect(before.code).toBe('invalid-argument');
    expect(before.message).toMatch(/before the objection arrived/);
  });

  it('an impossible date or time is refused', () => {
    expect(refuse(preact, scheduled.state, { type: 'heard', date: '2026-11-31' }, '2026-12-03 12:00').message).toMatch(/not a valid date/);
    expect(refuse(preact, scheduled.state, { type: 'heard', date: '2026-12-01', time: '9h' }, '2026-12-03 12:00').message).toMatch(/optionally a time HH:MM/);
  });
});

describe('the decision deadline without a hearing step', () => {
  const noHearing = procedure({
    acknowledgement: { within: { workingDays: 5 } },
    outcome: { within: { calendarDays: 21 } },
    objection: { window: { calendarDays: 28 }, hearing: false, decisionWithin: { workingDays: 10 } },
  });
  it('runs from the receipt of the objection, and #heard is not part of the procedure', () => {
    const sent = drive(noHearing, [
      [{ type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01'],
      [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
    ]);
    const objected = step(noHearing, sent.state, { type: 'objection', receivedAt: local('2026-11-25 09:00').toISOString() }, '2026-11-25 09:05');
    expect(objected.state.deadlines.decision?.dueAt).toBe('2026-12-09T22:59:59.999Z'); // 10 working days after Wed 25 Nov
    expect(refuse(noHearing, objected.state, { type: 'heard', date: '2026-11-25' }, '2026-11-26 10:00').code).toBe('step-disabled');
  });
});
