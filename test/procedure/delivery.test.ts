import { describe, expect, it } from 'vitest';
import { allowedEvents } from '../../src/procedure/machine.js';
import { local, preact, purasec, refuse, step, stepQueued } from './helpers.js';

/**
 * SPEC §3: a deadline that a letter meets is met when the mail server accepts the letter, not
 * when it is queued. The outbox reports `letter-accepted` / `letter-failed`.
 */
const RECEIVED = local('2026-11-16 10:00').toISOString();

describe('deadlines met by letters wait for the mail server', () => {
  const queued = stepQueued(preact, null, { type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01');

  it('a queued acknowledgement leaves its deadline open, waiting for the letter', () => {
    expect(queued.state.acknowledgedAt).not.toBeNull();
    expect(queued.state.deadlines.acknowledgement).toMatchObject({ status: 'open', awaitingLetter: 'acknowledgement' });
    expect(queued.effects.find((e) => e.type === 'send-letter')).toMatchObject({ letter: 'acknowledgement', meets: 'acknowledgement' });
  });

  it('accepted in time: met at the moment of acceptance', () => {
    const at = local('2026-11-18 09:00');
    const r = step(preact, queued.state, { type: 'letter-accepted', letter: 'acknowledgement', at: at.toISOString() }, '2026-11-18 09:00');
    expect(r.state.deadlines.acknowledgement).toMatchObject({ status: 'met', resolvedAt: at.toISOString() });
    expect(r.state.deadlines.acknowledgement?.awaitingLetter).toBeUndefined();
  });

  it('accepted after the due day (held, retried for days): missed', () => {
    // 5 working days from Mon 16 Nov: due end of Mon 23 Nov.
    const r = step(
      preact,
      queued.state,
      { type: 'letter-accepted', letter: 'acknowledgement', at: local('2026-11-24 08:00').toISOString() },
      '2026-11-24 08:00',
    );
    expect(r.state.deadlines.acknowledgement?.status).toBe('missed');
  });

  it('another letter being accepted settles nothing', () => {
    const r = step(preact, queued.state, { type: 'letter-accepted', letter: 'outcome', at: local('2026-11-17 09:00').toISOString() }, '2026-11-17 09:00');
    expect(r.state.deadlines.acknowledgement).toMatchObject({ status: 'open', awaitingLetter: 'acknowledgement' });
  });

  it('refused for good: the deadline runs on without waiting (reminders and escalations see it)', () => {
    const r = step(preact, queued.state, { type: 'letter-failed', letter: 'acknowledgement' }, '2026-11-16 10:05');
    expect(r.state.deadlines.acknowledgement?.status).toBe('open');
    expect(r.state.deadlines.acknowledgement?.awaitingLetter).toBeUndefined();
  });

  it('an acceptance time in the future is refused', () => {
    const r = refuse(
      preact,
      queued.state,
      { type: 'letter-accepted', letter: 'acknowledgement', at: local('2026-11-20 10:00').toISOString() },
      '2026-11-16 10:02',
    );
    expect(r.code).toBe('invalid-argument');
  });

  it('system events are never offered to people', () => {
    expect(allowedEvents(queued.state, preact)).not.toContain('letter-accepted');
    expect(allowedEvents(queued.state, preact)).not.toContain('letter-failed');
  });
});

describe('a close does not clear a deadline whose letter is still in the outbox', () => {
  it('inadmissible: the outcome deadline is settled by the letter, after the close', () => {
    const received = step(
      purasec,
      null,
      { type: 'received', receivedAt: RECEIVED, handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] },
      '2026-11-16 10:01',
    );
    const refused = stepQueued(purasec, received.state, { type: 'inadmissible', justification: 'Buiten onze dienstverlening' }, '2026-11-17 10:00');
    expect(refused.state.state).toBe('closed');
    expect(refused.state.deadlines.outcome).toMatchObject({ status: 'open', awaitingLetter: 'inadmissible' });
    const accepted = step(
      purasec,
      refused.state,
      { type: 'letter-accepted', letter: 'inadmissible', at: local('2026-11-17 10:01').toISOString() },
      '2026-11-17 10:01',
    );
    expect(accepted.state.deadlines.outcome?.status).toBe('met');
    expect(accepted.state.state).toBe('closed');
  });

  it('the letter failing after the close clears the deadline (nothing left to chase)', () => {
    const received = step(
      purasec,
      null,
      { type: 'received', receivedAt: RECEIVED, handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] },
      '2026-11-16 10:01',
    );
    const refused = stepQueued(purasec, received.state, { type: 'inadmissible', justification: 'Buiten onze dienstverlening' }, '2026-11-17 10:00');
    const failed = step(purasec, refused.state, { type: 'letter-failed', letter: 'inadmissible' }, '2026-11-17 10:02');
    expect(failed.state.deadlines.outcome?.status).toBe('cleared');
  });
});
