import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allowedEvents } from '../../src/procedure/machine.js';
import { procedureSchema } from '../../src/procedure/schema.js';
import { effectTypes, letters, local, refuse, step } from './helpers.js';

/**
 * A third company built from the same steps, as a config file and nothing else: a 3-working-day
 * acknowledgement with manual assignment, an outcome within 15 working days of receipt with only
 * founded/unfounded, learnings, no admissibility, no required information, no objection.
 */
const THIRD_YAML = `
acknowledgement:
  within: { workingDays: 3 }
  assignment: manual
outcome:
  within: { workingDays: 15 }
  from: receipt
  verdicts: [founded, unfounded]
learnings: { enabled: true }
`;
const third = procedureSchema.parse(parse(THIRD_YAML));
const RECEIVED = local('2026-12-18 16:00').toISOString(); // Friday before Christmas

describe('a third company', () => {
  it('validates with the defaults filled in', () => {
    expect(third).toMatchObject({
      acknowledgement: { assignment: 'manual' },
      treatment: { rootCause: false },
      closing: { autoCloseAfterObjectionWindow: true, letter: true },
    });
    expect(third.objection).toBeUndefined();
  });

  const received = step(third, null, { type: 'received', receivedAt: RECEIVED, handlerId: null }, '2026-12-18 16:01');

  it('received: a manager is asked to assign; both clocks run, over the Christmas holidays', () => {
    expect(received.state.state).toBe('new');
    expect(received.state.deadlines.acknowledgement?.dueAt).toBe('2026-12-23T22:59:59.999Z'); // Mon 21, Tue 22, Wed 23
    // 15 working days: 21–24 Dec, 28–31 Dec, 4–8 Jan, 11–12 Jan (25, 26 Dec and 1 Jan are holidays).
    expect(received.state.deadlines.outcome?.dueAt).toBe('2027-01-12T22:59:59.999Z');
    expect(effectTypes(received.effects)).toContain('notify:managers:assignment-needed');
  });

  const assigned = step(third, received.state, { type: 'assigned', handlerId: 'hanna' }, '2026-12-21 09:00');

  it('the manager assigns: acknowledgement sent, straight into treatment', () => {
    expect(assigned.state.state).toBe('in-treatment');
    expect(letters(assigned.effects)).toEqual(['acknowledgement']);
    expect(assigned.state.deadlines.acknowledgement?.status).toBe('met');
  });

  it('its own verdicts and steps are enforced', () => {
    const partly = refuse(third, assigned.state, { type: 'outcome', verdict: 'partly', body: 'x' }, '2026-12-22 10:00');
    expect(partly.code).toBe('invalid-argument');
    expect(partly.choices).toEqual(['founded', 'unfounded']);
    expect(refuse(third, assigned.state, { type: 'admissible' }, '2026-12-22 10:00').code).toBe('step-disabled');
  });

  const outcome = step(third, assigned.state, { type: 'outcome', verdict: 'founded', body: 'Wij crediteren de factuur.' }, '2027-01-12 17:00');

  it('outcome on the last day: met, no objection route, then only closing remains', () => {
    expect(outcome.state.state).toBe('outcome-sent');
    expect(outcome.state.deadlines.outcome?.status).toBe('met');
    expect(outcome.effects[0]).toMatchObject({ letter: 'outcome', data: { objection: null } });
    expect(allowedEvents(outcome.state, third)).toEqual(['assigned', 'service-set', 'cause-recorded', 'learning-recorded', 'close', 'note', 'reply']);
    expect(refuse(third, outcome.state, { type: 'objection', receivedAt: RECEIVED }, '2027-01-13 10:00').code).toBe('step-disabled');
  });

  it('closed without a learning: closing letter and a reminder to record one', () => {
    const closed = step(third, outcome.state, { type: 'close' }, '2027-01-13 10:00');
    expect(closed.state.state).toBe('closed');
    expect(effectTypes(closed.effects)).toEqual(['letter:closing', 'notify:handler:record-learning', 'record:state-changed']);
    const learning = step(third, closed.state, { type: 'learning-recorded', body: 'Factuurcontrole aanscherpen' }, '2027-01-14 10:00');
    expect(learning.state.learningsRecorded).toBe(1);
  });
});
