import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../../src/procedure/machine.js';
import { drive, effectTypes, letters, local, preact, purasec, refuse, step } from './helpers.js';

const RECEIVED = local('2026-11-16 10:00').toISOString(); // Monday

describe('PuraSec: service missing, clock paused and resumed, admissible, outcome', () => {
  const received = step(
    purasec,
    null,
    { type: 'received', receivedAt: RECEIVED, present: ['contact', 'date', 'description'], handlerId: 'daan' },
    '2026-11-16 10:01',
  );

  it('received without the service: acknowledged, service asked, outcome clock not started', () => {
    expect(received.state.state).toBe('awaiting-information');
    expect(received.state.missing).toEqual(['service']);
    expect(received.state.waitingSince).toBe(RECEIVED);
    expect(received.state.infoCompleteAt).toBeNull();
    expect(received.state.deadlines.acknowledgement).toMatchObject({ dueAt: '2026-11-18T22:59:59.999Z', status: 'met' }); // 2 working days
    expect(received.state.deadlines.outcome).toBeUndefined();
    expect(letters(received.effects)).toEqual(['acknowledgement', 'information-request']);
    expect(received.effects.find((e) => e.type === 'send-letter' && e.letter === 'information-request')).toMatchObject({
      data: { question: null, missing: ['service'] },
    });
  });

  it('an admissibility decision needs the complete information; the outcome is not possible yet', () => {
    expect(refuse(purasec, received.state, { type: 'admissible' }, '2026-11-17 09:00').code).toBe('missing-information');
    expect(refuse(purasec, received.state, { type: 'outcome', verdict: 'founded', body: 'x' }, '2026-11-17 09:00').code).toBe('not-allowed-in-state');
  });

  const complete = step(
    purasec,
    received.state,
    { type: 'information-received', service: 'Pentest', at: local('2026-11-18 14:00').toISOString() },
    '2026-11-18 14:01',
  );

  it('the service arrives: information complete, 10 working days start from that day', () => {
    expect(complete.state.state).toBe('admissibility-check');
    expect(complete.state.service).toBe('Pentest');
    expect(complete.state.missing).toEqual([]);
    expect(complete.state.infoCompleteAt).toBe(local('2026-11-18 14:00').toISOString());
    // Thu 19 … Wed 2 Dec is 10 working days.
    expect(complete.state.deadlines.outcome).toMatchObject({ dueAt: '2026-12-02T22:59:59.999Z', status: 'open' });
    expect(effectTypes(complete.effects)).toEqual(['set-deadline:outcome', 'notify:handler:information-received', 'record:state-changed']);
  });

  const paused = step(purasec, complete.state, { type: 'information-requested', question: 'Welke omgeving betreft het?' }, '2026-11-20 11:00');

  it('asking again pauses the clock with the working days still left', () => {
    expect(paused.state.state).toBe('awaiting-information');
    // After Fri 20 Nov up to and including Wed 2 Dec: Mon 23 … Wed 2 = 8 working days.
    expect(paused.state.deadlines.outcome).toMatchObject({ status: 'paused', remaining: { workingDays: 8 }, pausedAt: '2026-11-20T10:00:00.000Z' });
    expect(effectTypes(paused.effects)).toEqual(['letter:information-request', 'pause-deadline:outcome', 'record:state-changed']);
  });

  const resumed = step(purasec, paused.state, { type: 'information-received', at: local('2026-11-25 09:30').toISOString() }, '2026-11-25 09:31');

  it('the answer resumes it: 8 working days after the day of the answer', () => {
    expect(resumed.state.state).toBe('admissibility-check');
    // After Wed 25 Nov: Thu 26, Fri 27, Mon 30, Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 Dec.
    expect(resumed.state.deadlines.outcome).toMatchObject({ status: 'open', dueAt: '2026-12-07T22:59:59.999Z' });
    expect(resumed.state.deadlines.outcome?.remaining).toBeUndefined();
    expect(resumed.effects[0]).toEqual({ type: 'resume-deadline', kind: 'outcome', dueAt: '2026-12-07T22:59:59.999Z' });
  });

  const admissible = step(purasec, resumed.state, { type: 'admissible', body: 'Binnen scope' }, '2026-11-25 10:00');
  const cause = step(purasec, admissible.state, { type: 'cause-recorded', body: 'Scope verkeerd overgenomen' }, '2026-11-30 10:00');
  const outcome = step(purasec, cause.state, { type: 'outcome', verdict: 'founded', body: 'Wij herhalen de test kosteloos.' }, '2026-12-03 16:00');
  const learning = step(purasec, outcome.state, { type: 'learning-recorded', body: 'Scope dubbel controleren' }, '2026-12-04 09:00');
  const closed = step(purasec, learning.state, { type: 'close' }, '2026-12-04 09:05');

  it('admissible → in treatment; the outcome needs the root cause first', () => {
    expect(admissible.state.state).toBe('in-treatment');
    // The justification goes to the customer, in the handler's words (issue 11: the cheat sheet promises it).
    expect(effectTypes(admissible.effects)).toEqual(['record:admissibility', 'letter:handler-message', 'record:state-changed']);
    expect(admissible.effects[1]).toMatchObject({ letter: 'handler-message', data: { body: 'Binnen scope' } });
    expect(letters(step(purasec, resumed.state, { type: 'admissible' }, '2026-11-25 10:00').effects)).toEqual([]);
    expect(refuse(purasec, admissible.state, { type: 'outcome', verdict: 'founded', body: 'x' }, '2026-11-30 09:00').code).toBe('missing-root-cause');
    expect(cause.state.causeRecordedAt).not.toBeNull();
  });

  it('outcome in time: met, no objection window, the handler is reminded of the learnings', () => {
    expect(outcome.state.state).toBe('outcome-sent');
    expect(outcome.state.deadlines.outcome?.status).toBe('met');
    expect(outcome.state.objectionWindowEnd).toBeNull();
    expect(outcome.effects[0]).toMatchObject({ letter: 'outcome', data: { verdict: 'founded', objection: null } });
    expect(effectTypes(outcome.effects)).toContain('notify:handler:record-learning');
    expect(allowedEvents(outcome.state, purasec)).toEqual(['assigned', 'service-set', 'cause-recorded', 'learning-recorded', 'close', 'note', 'reply']);
  });

  it('learning recorded, then closed with the closing letter', () => {
    expect(learning.state.learningsRecorded).toBe(1);
    expect(closed.state.state).toBe('closed');
    expect(letters(closed.effects)).toEqual(['closing']);
    expect(effectTypes(closed.effects)).not.toContain('notify:handler:record-learning');
  });
});

describe('PuraSec: complete at receipt, inadmissible', () => {
  const received = step(
    purasec,
    null,
    { type: 'received', receivedAt: RECEIVED, present: ['contact', 'service', 'date', 'description'], handlerId: 'eva' },
    '2026-11-16 10:01',
  );

  it('complete at receipt: the outcome clock starts at receipt', () => {
    expect(received.state.state).toBe('admissibility-check');
    expect(received.state.deadlines.outcome?.dueAt).toBe('2026-11-30T22:59:59.999Z'); // Tue 17 … Mon 30
    expect(letters(received.effects)).toEqual(['acknowledgement']);
  });

  const rejected = step(purasec, received.state, { type: 'inadmissible', justification: 'Betreft geen dienst van PuraSec.' }, '2026-11-17 15:00');

  it('inadmissible: justified letter, the answer was in time, closed without a closing letter', () => {
    expect(rejected.state.state).toBe('closed');
    expect(rejected.state.closedReason).toBe('inadmissible');
    expect(rejected.state.admissibility).toBe('inadmissible');
    expect(rejected.state.deadlines.outcome?.status).toBe('met');
    expect(letters(rejected.effects)).toEqual(['inadmissible']);
    expect(rejected.effects.find((e) => e.type === 'send-letter')).toMatchObject({ data: { justification: 'Betreft geen dienst van PuraSec.' } });
  });

  it('reopening an inadmissible complaint brings the admissibility question back', () => {
    const reopened = step(purasec, rejected.state, { type: 'reopen', reason: 'klant gaf nieuwe info' }, '2026-11-18 09:00');
    expect(reopened.state.state).toBe('admissibility-check');
    expect(reopened.state.admissibility).toBeNull();
    expect(reopened.state.deadlines.outcome?.status).toBe('met');
  });

  it('inadmissible while waiting on the customer also ends the wait', () => {
    const waiting = drive(purasec, [
      [{ type: 'received', receivedAt: RECEIVED, present: ['contact'], handlerId: 'eva' }, '2026-11-16 10:01'],
      [{ type: 'inadmissible', justification: 'Geen klacht over onze dienstverlening.' }, '2026-11-16 12:00'],
    ]);
    expect(waiting.state).toMatchObject({ state: 'closed', waitingSince: null, closedReason: 'inadmissible' });
    expect(waiting.state.deadlines.outcome).toBeUndefined();
  });
});

describe('PuraSec: required information supplied piecemeal', () => {
  const received = step(purasec, null, { type: 'received', receivedAt: RECEIVED, present: ['description'], handlerId: 'daan' }, '2026-11-16 10:01');

  it('a partial answer keeps waiting; the handler supplying the service completes it', () => {
    expect(received.state.missing).toEqual(['contact', 'service', 'date']);
    const partial = step(purasec, received.state, { type: 'information-received', fields: ['contact', 'date'] }, '2026-11-17 09:00');
    expect(partial.state).toMatchObject({ state: 'awaiting-information', missing: ['service'] });
    expect(partial.effects[0]).toMatchObject({ type: 'notify', what: 'information-received', data: { missing: ['service'], stillWaiting: true } });
    const service = step(purasec, partial.state, { type: 'service-set', service: 'SOC' }, '2026-11-17 10:00');
    expect(service.state).toMatchObject({ state: 'admissibility-check', missing: [], service: 'SOC', waitingSince: null });
    expect(service.state.deadlines.outcome?.dueAt).toBe('2026-12-01T22:59:59.999Z'); // from Tue 17: Wed 18 … Tue 1 Dec
  });
});

describe('PuraSec: asking for a piece again', () => {
  const start = step(
    purasec,
    null,
    { type: 'received', receivedAt: RECEIVED, present: ['contact', 'service', 'date', 'description'], handlerId: 'eva' },
    '2026-11-16 10:01',
  );

  it('a required piece asked again is missing until it comes back', () => {
    const asked = step(purasec, start.state, { type: 'information-requested', fields: ['date'] }, '2026-11-17 10:00');
    expect(asked.state).toMatchObject({ state: 'awaiting-information', missing: ['date'] });
    expect(asked.effects[0]).toMatchObject({ letter: 'information-request', data: { question: null, missing: ['date'] } });
    expect(step(purasec, asked.state, { type: 'information-received' }, '2026-11-18 10:00').state.state).toBe('awaiting-information');
    expect(step(purasec, asked.state, { type: 'information-received', fields: ['date'] }, '2026-11-18 10:00').state.state).toBe('admissibility-check');
  });

  it('at PreAct, which requires nothing, a piece is asked but never blocks', () => {
    const pa = step(preact, null, { type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01');
    const asked = step(preact, pa.state, { type: 'information-requested', fields: ['date'] }, '2026-11-17 10:00');
    expect(asked.state.missing).toEqual([]);
    expect(asked.effects[0]).toMatchObject({ data: { missing: ['date'] } });
    expect(step(preact, asked.state, { type: 'information-received' }, '2026-11-18 10:00').state.state).toBe('in-treatment');
  });
});
