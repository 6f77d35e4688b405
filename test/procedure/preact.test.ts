import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../../src/procedure/machine.js';
import { drive, effectTypes, letters, local, preact, procedure, refuse, step } from './helpers.js';

// Europe/Amsterdam is UTC+1 in November–February: a local day ends at 22:59:59.999Z.
const RECEIVED = local('2026-11-16 10:00').toISOString(); // Monday

describe('PreAct: full lifecycle with objection, hearing and decision', () => {
  const received = step(preact, null, { type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01');

  it('received with a handler: acknowledged at once, both clocks started', () => {
    expect(received.state.state).toBe('in-treatment');
    expect(received.state.deadlines.acknowledgement).toMatchObject({
      dueAt: '2026-11-23T22:59:59.999Z', // 5 working days: Tue 17 … Mon 23
      status: 'met',
      owner: 'company',
    });
    expect(received.state.deadlines.outcome).toMatchObject({ dueAt: '2026-12-07T22:59:59.999Z', status: 'open' }); // 16 Nov + 21 days
    expect(effectTypes(received.effects)).toEqual([
      'set-deadline:acknowledgement',
      'set-deadline:outcome',
      'notify:handler:assigned',
      'letter:acknowledgement',
      'record:state-changed',
      // settled when the mail server accepts the acknowledgement (here: at once)
      'clear-deadline:acknowledgement',
    ]);
    expect(received.effects[3]).toMatchObject({ data: { handlerId: 'anna' } });
    expect(received.state.missing).toEqual([]);
    expect(received.state.infoCompleteAt).toBe(RECEIVED);
  });

  const note = step(preact, received.state, { type: 'note', body: 'Overleg met leverancier' }, '2026-11-17 09:00');
  const reply = step(preact, note.state, { type: 'reply', body: 'Kunt u het probleem toelichten?' }, '2026-11-17 09:05');
  const asked = step(preact, reply.state, { type: 'information-requested', question: 'Welke versie gebruikt u?' }, '2026-11-17 09:10');
  const answered = step(preact, asked.state, { type: 'information-received' }, '2026-11-19 16:00');

  it('notes and replies do not move the complaint; a question does not pause the 21-day clock', () => {
    expect(note.state.state).toBe('in-treatment');
    expect(effectTypes(note.effects)).toEqual(['record:note']);
    expect(letters(reply.effects)).toEqual(['handler-message']);
    expect(asked.state.state).toBe('awaiting-information');
    expect(asked.state.deadlines.outcome?.status).toBe('open');
    expect(effectTypes(asked.effects)).toEqual(['letter:information-request', 'record:state-changed']);
    expect(answered.state.state).toBe('in-treatment');
    expect(answered.state.deadlines.outcome).toMatchObject({ dueAt: '2026-12-07T22:59:59.999Z', status: 'open' });
  });

  const outcome = step(preact, answered.state, { type: 'outcome', verdict: 'partly', body: 'Wij passen de release-procedure aan.' }, '2026-12-03 15:00');

  it('outcome partly: letter with the objection route, outcome met, window of 28 days opens', () => {
    expect(outcome.state.state).toBe('outcome-sent');
    expect(outcome.state.outcomeVerdict).toBe('partly');
    expect(outcome.state.deadlines.outcome?.status).toBe('met');
    expect(outcome.state.objectionWindowEnd).toBe('2026-12-31T22:59:59.999Z');
    expect(outcome.state.deadlines['objection-window']).toMatchObject({ owner: 'customer', status: 'open', dueAt: '2026-12-31T22:59:59.999Z' });
    expect(outcome.effects[0]).toEqual({
      type: 'send-letter',
      letter: 'outcome',
      data: {
        verdict: 'partly',
        body: 'Wij passen de release-procedure aan.',
        // No "Aanpassingen:" paragraph in the body: the letter leaves its changes section out.
        serviceChanges: null,
        objection: { until: '2026-12-31T22:59:59.999Z', window: { calendarDays: 28 }, hearing: true },
      },
      meets: 'outcome',
    });
    expect(allowedEvents(outcome.state, preact)).toEqual([
      'assigned',
      'service-set',
      'cause-recorded',
      'objection-suspected',
      'objection',
      'objection-window-ended',
      'close',
      'note',
      'reply',
    ]);
  });

  const objection = step(
    preact,
    outcome.state,
    { type: 'objection', receivedAt: local('2026-12-14 09:12').toISOString(), body: 'Niet eens' },
    '2026-12-14 09:15',
  );
  const hearing = step(preact, objection.state, { type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: 'office' }, '2026-12-15 11:00');
  const heard = step(preact, hearing.state, { type: 'heard' }, '2027-01-06 11:15');
  const decided = step(preact, heard.state, { type: 'decision', verdict: 'rejected', body: 'De directie handhaaft de uitkomst.' }, '2027-01-20 14:00');

  it('objection in time: acknowledged to the customer, managers told, window met', () => {
    expect(objection.state.state).toBe('objection');
    expect(objection.state.objectionLate).toBe(false);
    expect(objection.state.deadlines['objection-window']?.status).toBe('met');
    expect(effectTypes(objection.effects)).toEqual([
      'clear-deadline:objection-window',
      'letter:objection-received',
      'notify:managers:objection-received',
      'record:state-changed',
    ]);
  });

  it('hearing invitation at the local time; heard starts the 28-day decision deadline', () => {
    expect(hearing.state.state).toBe('hearing-scheduled');
    expect(hearing.state.hearingAt).toBe('2027-01-06T09:30:00.000Z');
    expect(hearing.effects[0]).toMatchObject({ letter: 'hearing-invitation', data: { mode: 'office', rescheduled: false } });
    expect(heard.state.state).toBe('heard');
    expect(heard.state.deadlines.decision).toMatchObject({ dueAt: '2027-02-03T22:59:59.999Z', status: 'open' }); // 6 Jan + 28
  });

  it('decision: letter, decision met, closed without a separate closing letter', () => {
    expect(decided.state.state).toBe('closed');
    expect(decided.state.closedReason).toBe('decision');
    expect(decided.state.decisionVerdict).toBe('rejected');
    expect(decided.state.deadlines.decision?.status).toBe('met');
    expect(letters(decided.effects)).toEqual(['decision']);
    expect(allowedEvents(decided.state, preact)).toEqual(['assigned', 'cause-recorded', 'reopen', 'note', 'reply']);
  });

  it('a rescheduled hearing says so; a hearing can be skipped straight to heard', () => {
    const again = step(preact, hearing.state, { type: 'hearing-scheduled', date: '2027-01-08', time: '09:00', mode: 'phone' }, '2026-12-20 10:00');
    expect(again.effects[0]).toMatchObject({ letter: 'hearing-invitation', data: { rescheduled: true, mode: 'phone' } });
    const direct = step(preact, objection.state, { type: 'heard', at: local('2026-12-14 10:00').toISOString() }, '2026-12-14 10:30');
    expect(direct.state.state).toBe('heard');
    expect(direct.state.deadlines.decision?.dueAt).toBe('2027-01-11T22:59:59.999Z');
  });
});

describe('PreAct: the objection window ends', () => {
  const sent = drive(preact, [
    [{ type: 'received', receivedAt: RECEIVED, handlerId: 'bram' }, '2026-11-16 10:01'],
    [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
  ]);

  it('the window ends at the end of the 28th day after the outcome letter', () => {
    expect(sent.state.objectionWindowEnd).toBe('2026-12-18T22:59:59.999Z');
    const early = refuse(preact, sent.state, { type: 'objection-window-ended' }, '2026-12-18 23:59');
    expect(early.code).toBe('too-early');
  });

  it('after it the complaint closes with the closing letter', () => {
    const ended = step(preact, sent.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');
    expect(ended.state.state).toBe('closed');
    expect(ended.state.closedReason).toBe('objection-window-ended');
    expect(ended.state.deadlines['objection-window']?.status).toBe('cleared');
    expect(letters(ended.effects)).toEqual(['closing']);
    const reopened = step(preact, ended.state, { type: 'reopen' }, '2026-12-21 09:00');
    expect(reopened.state.state).toBe('outcome-sent');
    expect(allowedEvents(reopened.state, preact)).not.toContain('objection-window-ended');
  });

  it('an objection arriving after the window is registered as late', () => {
    const late = step(preact, sent.state, { type: 'objection', receivedAt: local('2026-12-19 08:00').toISOString() }, '2026-12-19 08:05');
    expect(late.state.objectionLate).toBe(true);
    expect(late.state.deadlines['objection-window']?.status).toBe('missed');
    expect(late.effects.find((e) => e.type === 'send-letter')).toMatchObject({ data: { late: true } });
  });

  it('without auto-close the window elapses and the complaint waits for the handler', () => {
    const keep = procedure({ ...preact, closing: { autoCloseAfterObjectionWindow: false } });
    const ended = step(keep, sent.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');
    expect(ended.state.state).toBe('outcome-sent');
    expect(ended.state.objectionWindowEnded).toBe(true);
    expect(letters(ended.effects)).toEqual([]);
    const late = step(keep, ended.state, { type: 'objection', receivedAt: local('2026-12-22 08:00').toISOString() }, '2026-12-22 08:05');
    expect(late.state.objectionLate).toBe(true);
  });
});

describe('PreAct: manual assignment and misregistered mail', () => {
  const unassigned = step(preact, null, { type: 'received', receivedAt: RECEIVED, handlerId: null }, '2026-11-16 10:01');

  it('without a handler the complaint stays new and managers are asked to assign', () => {
    expect(unassigned.state.state).toBe('new');
    expect(unassigned.state.deadlines.acknowledgement?.status).toBe('open');
    expect(effectTypes(unassigned.effects)).toContain('notify:managers:assignment-needed');
    expect(letters(unassigned.effects)).toEqual([]);
  });

  it('the assignment sends the acknowledgement; late means missed', () => {
    const assigned = step(preact, unassigned.state, { type: 'assigned', handlerId: 'anna' }, '2026-11-24 09:00');
    expect(letters(assigned.effects)).toEqual(['acknowledgement']);
    expect(assigned.state.deadlines.acknowledgement?.status).toBe('missed');
    expect(assigned.state.state).toBe('in-treatment');
    const reassigned = step(preact, assigned.state, { type: 'assigned', handlerId: 'bram' }, '2026-11-24 10:00');
    // The customer, already told who their contact person is, hears of the new one (issue 11.8).
    expect(letters(reassigned.effects)).toEqual(['contact-changed']);
    expect(reassigned.state.handlerId).toBe('bram');
  });

  it('an acknowledgement given on the phone is recorded without a letter, naming the handler', () => {
    const none = refuse(preact, unassigned.state, { type: 'acknowledgement-sent' }, '2026-11-16 11:00');
    expect(none.code).toBe('no-handler');
    const byPhone = step(preact, unassigned.state, { type: 'acknowledgement-sent', handlerId: 'anna' }, '2026-11-16 11:00');
    expect(byPhone.state).toMatchObject({ state: 'in-treatment', handlerId: 'anna', acknowledgedAt: '2026-11-16T10:00:00.000Z' });
    expect(effectTypes(byPhone.effects)).toEqual(['notify:handler:assigned', 'clear-deadline:acknowledgement', 'record:state-changed']);
  });

  it('closing a never-acknowledged complaint sends no closing letter and clears its deadlines', () => {
    const closed = step(preact, unassigned.state, { type: 'close', reason: 'geen klacht' }, '2026-11-16 12:00');
    expect(closed.state.state).toBe('closed');
    expect(letters(closed.effects)).toEqual([]);
    expect(closed.state.deadlines.acknowledgement?.status).toBe('cleared');
    expect(closed.state.deadlines.outcome?.status).toBe('cleared');
    const reopened = step(preact, closed.state, { type: 'reopen' }, '2026-11-17 09:00');
    expect(reopened.state.state).toBe('new');
    expect(reopened.state.deadlines.acknowledgement).toMatchObject({ status: 'open', dueAt: '2026-11-23T22:59:59.999Z' });
    expect(effectTypes(reopened.effects)).toEqual(['set-deadline:acknowledgement', 'set-deadline:outcome', 'notify:handler:reopened', 'record:state-changed']);
  });
});
