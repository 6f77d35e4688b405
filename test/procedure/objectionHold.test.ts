import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../../src/procedure/machine.js';
import { drive, effectTypes, letters, local, preact, procedure, refuse, step } from './helpers.js';

// Issue 11.2: a customer's mail that may be an objection, received inside the window, holds the
// automatic close until management confirms (#bezwaar) or dismisses (#geenbezwaar) it.
const RECEIVED = local('2026-11-16 10:00').toISOString();
const LAST_DAY_16H = local('2026-12-18 16:00').toISOString(); // day 28 of the window after the outcome of 20 Nov
const TEXT = 'Ik ben het niet eens met deze uitkomst en maak bezwaar.';

const sent = drive(preact, [
  [{ type: 'received', receivedAt: RECEIVED, handlerId: 'bram' }, '2026-11-16 10:01'],
  [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
]);
const suspected = step(
  preact,
  sent.state,
  { type: 'objection-suspected', receivedAt: LAST_DAY_16H, text: TEXT, messageId: 'm1@klant.example' },
  '2026-12-18 16:01',
);
const midnight = step(preact, suspected.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');

describe('a possible objection on the last day of the window', () => {
  it('is a fact of the complaint: the customer mail’s time, text and Message-ID; nothing is sent, the state stays', () => {
    expect(sent.state.objectionWindowEnd).toBe('2026-12-18T22:59:59.999Z');
    expect(suspected.state.state).toBe('outcome-sent');
    expect(suspected.state.objectionSuspected).toEqual({ receivedAt: LAST_DAY_16H, text: TEXT, messageId: 'm1@klant.example' });
    expect(suspected.effects).toEqual([]);
    expect(allowedEvents(suspected.state, preact)).toContain('objection-dismissed');
    expect(allowedEvents(sent.state, preact)).not.toContain('objection-dismissed');
  });

  it('holds the automatic close when the window ends at midnight: no closing letter, the end is recorded', () => {
    expect(midnight.state.state).toBe('outcome-sent');
    expect(midnight.state.closedAt).toBeNull();
    expect(midnight.state.objectionWindowEnded).toBe(true);
    // The customer may have objected in time: the window's deadline waits for management's word.
    expect(midnight.state.deadlines['objection-window']?.status).toBe('open');
    expect(letters(midnight.effects)).toEqual([]);
    // The timer does not fire twice.
    expect(allowedEvents(midnight.state, preact)).not.toContain('objection-window-ended');
  });

  it('management confirms it the next morning: in time, with the customer’s received time and text', () => {
    const confirmed = step(preact, midnight.state, { type: 'objection', receivedAt: local('2026-12-19 09:15').toISOString() }, '2026-12-19 09:15');
    expect(confirmed.state.state).toBe('objection');
    expect(confirmed.state.objectionAt).toBe(LAST_DAY_16H);
    expect(confirmed.state.objectionLate).toBe(false);
    expect(confirmed.state.objectionSuspected).toBeNull();
    // Objected within the window: the promise ("within 4 weeks to management") was kept.
    expect(confirmed.state.deadlines['objection-window']).toMatchObject({ status: 'met', resolvedAt: LAST_DAY_16H });
    expect(confirmed.effects.find((e) => e.type === 'send-letter')).toMatchObject({
      letter: 'objection-received',
      data: { receivedAt: LAST_DAY_16H, late: false },
    });
    expect(confirmed.effects.find((e) => e.type === 'notify')).toMatchObject({
      what: 'objection-received',
      data: { receivedAt: LAST_DAY_16H, late: false, body: TEXT },
    });
  });

  it('what management writes when confirming is their note, not the customer’s objection', () => {
    const confirmed = step(
      preact,
      midnight.state,
      { type: 'objection', receivedAt: local('2026-12-19 09:15').toISOString(), body: 'Telefonisch bevestigd.' },
      '2026-12-19 09:15',
    );
    expect(effectTypes(confirmed.effects)).toContain('record:note');
    expect(confirmed.effects.find((e) => e.type === 'record' && e.record === 'note')).toMatchObject({ data: { body: 'Telefonisch bevestigd.' } });
    expect(confirmed.effects.find((e) => e.type === 'notify')).toMatchObject({ data: { body: TEXT } });
  });

  it('management dismisses it after the window: the complaint closes now, with the letter that the objection period ended', () => {
    const dismissed = step(preact, midnight.state, { type: 'objection-dismissed', note: 'Een vraag, geen bezwaar.' }, '2026-12-21 09:00');
    expect(dismissed.state.state).toBe('closed');
    expect(dismissed.state.closedReason).toBe('objection-window-ended');
    expect(dismissed.state.objectionSuspected).toBeNull();
    expect(dismissed.state.deadlines['objection-window']?.status).toBe('cleared');
    expect(dismissed.effects.find((e) => e.type === 'send-letter')).toMatchObject({
      letter: 'closing',
      data: { reason: 'objection-window-ended', objectionWindowEnd: '2026-12-18T22:59:59.999Z' },
    });
    expect(dismissed.effects.find((e) => e.type === 'record' && e.record === 'note')).toMatchObject({ data: { body: 'Een vraag, geen bezwaar.' } });
  });

  it('dismissed after the window without auto-close: the complaint waits for the handler as the timer would have left it', () => {
    const keep = procedure({ ...preact, closing: { autoCloseAfterObjectionWindow: false } });
    const ended = step(keep, suspected.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');
    const dismissed = step(keep, ended.state, { type: 'objection-dismissed' }, '2026-12-21 09:00');
    expect(dismissed.state.state).toBe('outcome-sent');
    expect(letters(dismissed.effects)).toEqual([]);
  });
});

describe('a possible objection inside the window', () => {
  const early = step(
    preact,
    sent.state,
    { type: 'objection-suspected', receivedAt: local('2026-12-01 10:00').toISOString(), text: 'Niet akkoord.' },
    '2026-12-01 10:01',
  );

  it('dismissed inside the window: nothing closes yet; the timer closes later as usual', () => {
    const dismissed = step(preact, early.state, { type: 'objection-dismissed' }, '2026-12-02 09:00');
    expect(dismissed.state.state).toBe('outcome-sent');
    expect(dismissed.state.objectionSuspected).toBeNull();
    expect(letters(dismissed.effects)).toEqual([]);
    const ended = step(preact, dismissed.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');
    expect(ended.state.closedReason).toBe('objection-window-ended');
    expect(letters(ended.effects)).toEqual(['closing']);
  });

  it('a second possible objection keeps the first one’s time and text', () => {
    const second = step(
      preact,
      early.state,
      { type: 'objection-suspected', receivedAt: local('2026-12-05 10:00').toISOString(), text: 'Nog steeds niet.' },
      '2026-12-05 10:01',
    );
    expect(second.state.objectionSuspected).toMatchObject({ receivedAt: local('2026-12-01 10:00').toISOString(), text: 'Niet akkoord.' });
  });

  it('an objection registered another way before the suspected mail keeps its own, earlier time', () => {
    const byPhone = step(preact, early.state, { type: 'objection', receivedAt: local('2026-11-30 15:00').toISOString() }, '2026-12-01 11:00');
    expect(byPhone.state.objectionAt).toBe(local('2026-11-30 15:00').toISOString());
  });
});

describe('refusals', () => {
  it('#geenbezwaar is refused when no possible objection waits', () => {
    const r = refuse(preact, sent.state, { type: 'objection-dismissed' }, '2026-12-01 10:00');
    expect(r.code).toBe('not-allowed-in-state');
    const after = step(preact, sent.state, { type: 'objection', receivedAt: local('2026-12-01 10:00').toISOString() }, '2026-12-01 10:00');
    expect(refuse(preact, after.state, { type: 'objection-dismissed' }, '2026-12-02 10:00').code).toBe('not-allowed-in-state');
  });

  it('a mail received after the window is no suspected objection; the engine refuses it', () => {
    const r = refuse(preact, sent.state, { type: 'objection-suspected', receivedAt: local('2026-12-19 00:30').toISOString(), text: TEXT }, '2026-12-19 00:31');
    expect(r.code).toBe('invalid-argument');
    // Once the window's end is recorded (the complaint closed), it is not offered at all.
    const closed = step(preact, sent.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');
    expect(refuse(preact, closed.state, { type: 'objection-suspected', receivedAt: LAST_DAY_16H, text: TEXT }, '2026-12-19 00:01').code).toBe(
      'not-allowed-in-state',
    );
  });

  it('a procedure without the objection step has neither event', () => {
    const none = procedure({ ...preact, objection: undefined });
    const s = drive(none, [
      [{ type: 'received', receivedAt: RECEIVED, handlerId: 'bram' }, '2026-11-16 10:01'],
      [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
    ]);
    expect(refuse(none, s.state, { type: 'objection-suspected', receivedAt: LAST_DAY_16H, text: TEXT }, '2026-12-18 16:01').code).toBe('step-disabled');
    expect(refuse(none, s.state, { type: 'objection-dismissed' }, '2026-12-18 16:01').code).toBe('step-disabled');
  });
});
