import { describe, expect, it } from 'vitest';
import { letters, local, preact, purasec, refuse, step } from './helpers.js';

const RECEIVED = local('2026-11-16 10:00').toISOString(); // Monday

describe('PuraSec §1 c: the date of the problem is required information (issue 11)', () => {
  const noDate = step(
    purasec,
    null,
    { type: 'received', receivedAt: RECEIVED, present: ['contact', 'service', 'description'], handlerId: 'daan' },
    '2026-11-16 10:01',
  );

  it('a complaint that names no date: the date is asked for, the outcome clock waits', () => {
    expect(noDate.state.missing).toEqual(['date']);
    expect(noDate.state.incidentDate).toBeNull();
    expect(noDate.state.deadlines.outcome).toBeUndefined();
    expect(noDate.effects.find((e) => e.type === 'send-letter' && e.letter === 'information-request')).toMatchObject({ data: { missing: ['date'] } });
  });

  it('the answer that names the date completes it; the date is kept', () => {
    const answered = step(
      purasec,
      noDate.state,
      { type: 'information-received', incidentDate: '2026-11-12', at: local('2026-11-17 09:00').toISOString() },
      '2026-11-17 09:01',
    );
    expect(answered.state.missing).toEqual([]);
    expect(answered.state.incidentDate).toBe('2026-11-12');
    expect(answered.state.deadlines.outcome?.status).toBe('open');
  });

  it('a date named at receipt is stored with the complaint', () => {
    const dated = step(
      purasec,
      null,
      { type: 'received', receivedAt: RECEIVED, present: ['contact', 'service', 'date', 'description'], handlerId: 'daan', incidentDate: '2026-11-03' },
      '2026-11-16 10:01',
    );
    expect(dated.state.incidentDate).toBe('2026-11-03');
    expect(dated.state.missing).toEqual([]);
    expect(letters(dated.effects)).toEqual(['acknowledgement']);
  });

  it('something that is not a local date is refused', () => {
    expect(refuse(purasec, null, { type: 'received', receivedAt: RECEIVED, incidentDate: '3 november' }, '2026-11-16 10:01').code).toBe('invalid-argument');
    expect(refuse(purasec, noDate.state, { type: 'information-received', incidentDate: 'gisteren' }, '2026-11-17 09:01').code).toBe('invalid-argument');
  });

  it('PreAct requires no date: nothing is asked', () => {
    const pa = step(preact, null, { type: 'received', receivedAt: RECEIVED, present: ['contact', 'description'], handlerId: 'anna' }, '2026-11-16 10:01');
    expect(pa.state.missing).toEqual([]);
    expect(letters(pa.effects)).toEqual(['acknowledgement']);
  });
});

describe('reassignment after the acknowledgement tells the customer the new contact person (issue 11)', () => {
  const acked = step(
    purasec,
    null,
    { type: 'received', receivedAt: RECEIVED, present: ['contact', 'service', 'date', 'description'], handlerId: 'daan' },
    '2026-11-16 10:01',
  );

  it('a new contact person: the contact-changed letter names who it was', () => {
    const r = step(purasec, acked.state, { type: 'assigned', handlerId: 'eva' }, '2026-11-17 09:00');
    expect(letters(r.effects)).toEqual(['contact-changed']);
    expect(r.effects.find((e) => e.type === 'send-letter')).toMatchObject({ data: { previousId: 'daan' } });
  });

  it('the same person again, the first assignment (it sends the acknowledgement), or a closed complaint: no such letter', () => {
    expect(letters(step(purasec, acked.state, { type: 'assigned', handlerId: 'daan' }, '2026-11-17 09:00').effects)).toEqual([]);
    const unassigned = step(
      purasec,
      null,
      { type: 'received', receivedAt: RECEIVED, present: ['contact', 'service', 'date', 'description'], handlerId: null },
      '2026-11-16 10:01',
    );
    expect(letters(step(purasec, unassigned.state, { type: 'assigned', handlerId: 'eva' }, '2026-11-16 11:00').effects)).toEqual(['acknowledgement']);
    const closed = step(purasec, acked.state, { type: 'close', quiet: true }, '2026-11-17 08:00');
    expect(letters(step(purasec, closed.state, { type: 'assigned', handlerId: 'eva' }, '2026-11-17 09:00').effects)).toEqual([]);
  });
});
