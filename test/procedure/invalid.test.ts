import { describe, expect, it } from 'vitest';
import { transition } from '../../src/procedure/machine.js';
import type { Procedure } from '../../src/procedure/schema.js';
import type { ComplaintProcState, ProcEvent } from '../../src/procedure/types.js';
import { calendar, drive, local, preact, purasec, refuse } from './helpers.js';

const RECEIVED = local('2026-11-16 10:00').toISOString();
const ALL_FOUR = ['contact', 'service', 'date', 'description'] as const;

const pa = {
  new: drive(preact, [[{ type: 'received', receivedAt: RECEIVED }, '2026-11-16 10:01']]).state,
  treatment: drive(preact, [[{ type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01']]).state,
  outcome: drive(preact, [
    [{ type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01'],
    [{ type: 'outcome', verdict: 'partly', body: 'x' }, '2026-12-03 15:00'],
  ]).state,
  objection: drive(preact, [
    [{ type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01'],
    [{ type: 'outcome', verdict: 'partly', body: 'x' }, '2026-12-03 15:00'],
    [{ type: 'objection', receivedAt: local('2026-12-10 09:00').toISOString() }, '2026-12-10 09:05'],
  ]).state,
};
const paClosed = drive(preact, [[{ type: 'close' }, '2026-11-20 10:00']], pa.treatment).state;

const ps = {
  check: drive(purasec, [[{ type: 'received', receivedAt: RECEIVED, present: [...ALL_FOUR], handlerId: 'daan' }, '2026-11-16 10:01']]).state,
  missing: drive(purasec, [[{ type: 'received', receivedAt: RECEIVED, present: ['contact'], handlerId: 'daan' }, '2026-11-16 10:01']]).state,
};
const psTreatment = drive(purasec, [[{ type: 'admissible' }, '2026-11-17 10:00']], ps.check).state;

type Case = [name: string, policy: Procedure, state: ComplaintProcState | null, event: ProcEvent, now: string, code: string, message: RegExp];

const cases: Case[] = [
  ['an event before receipt', preact, null, { type: 'note', body: 'x' }, '2026-11-16 10:00', 'not-started', /starts with received/],
  ['receipt twice', preact, pa.treatment, { type: 'received', receivedAt: RECEIVED }, '2026-11-16 11:00', 'already-received', /already received/],
  ['admissibility at PreAct', preact, pa.treatment, { type: 'admissible' }, '2026-11-17 10:00', 'step-disabled', /no admissibility check/],
  ['inadmissible at PreAct', preact, pa.treatment, { type: 'inadmissible', justification: 'x' }, '2026-11-17 10:00', 'step-disabled', /no admissibility check/],
  ['learnings at PreAct', preact, pa.treatment, { type: 'learning-recorded', body: 'x' }, '2026-11-17 10:00', 'step-disabled', /does not record learnings/],
  ['objection at PuraSec', purasec, psTreatment, { type: 'objection', receivedAt: RECEIVED }, '2026-11-17 10:00', 'step-disabled', /no objection step/],
  [
    'hearing at PuraSec',
    purasec,
    psTreatment,
    { type: 'hearing-scheduled', date: '2027-01-01', time: '10:00', mode: null },
    '2026-11-17 10:00',
    'step-disabled',
    /no objection step/,
  ],
  [
    'objection before the outcome',
    preact,
    pa.treatment,
    { type: 'objection', receivedAt: RECEIVED },
    '2026-11-17 10:00',
    'not-allowed-in-state',
    /^objection is not allowed while the complaint is in treatment; allowed: assigned, information-requested/,
  ],
  [
    'outcome before the acknowledgement',
    preact,
    pa.new,
    { type: 'outcome', verdict: 'founded', body: 'x' },
    '2026-11-17 10:00',
    'not-allowed-in-state',
    /new \(not yet acknowledged\)/,
  ],
  [
    'a second outcome',
    preact,
    pa.outcome,
    { type: 'outcome', verdict: 'founded', body: 'x' },
    '2026-12-04 10:00',
    'not-allowed-in-state',
    /answered \(outcome sent\)/,
  ],
  [
    'a decision before the hearing',
    preact,
    pa.objection,
    { type: 'decision', verdict: 'upheld', body: 'x' },
    '2026-12-11 10:00',
    'not-allowed-in-state',
    /allowed: .*hearing-scheduled, heard/,
  ],
  [
    'closing a closed complaint',
    preact,
    paClosed,
    { type: 'close' },
    '2026-11-21 10:00',
    'not-allowed-in-state',
    /closed; allowed: assigned, cause-recorded, reopen, note, reply$/,
  ],
  ['reopening an open complaint', preact, pa.treatment, { type: 'reopen' }, '2026-11-21 10:00', 'not-allowed-in-state', /in treatment/],
  ['the acknowledgement twice', preact, pa.treatment, { type: 'acknowledgement-sent' }, '2026-11-21 10:00', 'not-allowed-in-state', /in treatment/],
  [
    'information after the outcome',
    preact,
    pa.outcome,
    { type: 'information-requested', question: 'x' },
    '2026-12-04 10:00',
    'not-allowed-in-state',
    /answered/,
  ],
  [
    'the outcome before admissibility',
    purasec,
    ps.check,
    { type: 'outcome', verdict: 'founded', body: 'x' },
    '2026-11-17 10:00',
    'not-allowed-in-state',
    /admissibility decision/,
  ],
  ['admissible twice', purasec, psTreatment, { type: 'admissible' }, '2026-11-18 10:00', 'not-allowed-in-state', /in treatment/],
  [
    'admissible with the service missing',
    purasec,
    ps.missing,
    { type: 'admissible' },
    '2026-11-17 10:00',
    'missing-information',
    /still missing: service, date, description/,
  ],
  [
    'the outcome without root cause',
    purasec,
    psTreatment,
    { type: 'outcome', verdict: 'founded', body: 'x' },
    '2026-11-18 10:00',
    'missing-root-cause',
    /#cause/,
  ],
  [
    'a verdict the procedure lacks',
    preact,
    pa.treatment,
    { type: 'outcome', verdict: 'gegrond' as never, body: 'x' },
    '2026-11-18 10:00',
    'invalid-argument',
    /use one of: founded, partly, unfounded/,
  ],
  ['an empty outcome', preact, pa.treatment, { type: 'outcome', verdict: 'founded', body: '  \n ' }, '2026-11-18 10:00', 'empty-body', /outcome .* is empty/],
  ['an empty justification', purasec, ps.check, { type: 'inadmissible', justification: '' }, '2026-11-18 10:00', 'empty-body', /justification/],
  ['an empty question', preact, pa.treatment, { type: 'information-requested', question: ' ' }, '2026-11-18 10:00', 'empty-body', /question/],
  ['an empty note', preact, pa.treatment, { type: 'note', body: '' }, '2026-11-18 10:00', 'empty-body', /note is empty/],
  ['an empty reply', preact, pa.treatment, { type: 'reply', body: '' }, '2026-11-18 10:00', 'empty-body', /message for the customer/],
  ['an empty cause', purasec, psTreatment, { type: 'cause-recorded', body: '' }, '2026-11-18 10:00', 'empty-body', /root cause/],
  [
    'an empty decision',
    preact,
    drive(preact, [[{ type: 'heard' }, '2026-12-11 10:00']], pa.objection).state,
    { type: 'decision', verdict: 'upheld', body: '' },
    '2026-12-12 10:00',
    'empty-body',
    /decision/,
  ],
  [
    'an unknown decision',
    preact,
    drive(preact, [[{ type: 'heard' }, '2026-12-11 10:00']], pa.objection).state,
    { type: 'decision', verdict: 'maybe' as never, body: 'x' },
    '2026-12-12 10:00',
    'invalid-argument',
    /upheld, partly, rejected/,
  ],
  [
    'a hearing in the past',
    preact,
    pa.objection,
    { type: 'hearing-scheduled', date: '2026-12-09', time: '10:00', mode: null },
    '2026-12-10 10:00',
    'invalid-argument',
    /lies in the past/,
  ],
  [
    'a hearing on 30 February',
    preact,
    pa.objection,
    { type: 'hearing-scheduled', date: '2027-02-30', time: '10:00', mode: null },
    '2026-12-10 10:00',
    'invalid-argument',
    /not a valid date/,
  ],
  [
    'a hearing at 25:00',
    preact,
    pa.objection,
    { type: 'hearing-scheduled', date: '2027-01-05', time: '25:00', mode: null },
    '2026-12-10 10:00',
    'invalid-argument',
    /not a valid date/,
  ],
  ['a hearing without a time', preact, pa.objection, { type: 'heard', at: 'tomorrow' }, '2026-12-10 10:00', 'invalid-argument', /not a valid date and time/],
  [
    'heard in the future',
    preact,
    pa.objection,
    { type: 'heard', at: local('2026-12-12 10:00').toISOString() },
    '2026-12-10 10:00',
    'invalid-argument',
    /lies in the future/,
  ],
  [
    'an objection from the future',
    preact,
    pa.outcome,
    { type: 'objection', receivedAt: local('2026-12-12 10:00').toISOString() },
    '2026-12-10 10:00',
    'invalid-argument',
    /lies in the future/,
  ],
  [
    'the window ended too early',
    preact,
    pa.outcome,
    { type: 'objection-window-ended' },
    '2026-12-20 10:00',
    'too-early',
    /open until 2026-12-31T22:59:59.999Z/,
  ],
  ['an unparseable receipt', preact, null, { type: 'received', receivedAt: 'yesterday' }, '2026-12-10 10:00', 'invalid-argument', /receivedAt/],
  ['an assignment to nobody', preact, pa.treatment, { type: 'assigned', handlerId: ' ' }, '2026-12-10 10:00', 'invalid-argument', /needs a person/],
  ['an empty service', purasec, ps.missing, { type: 'service-set', service: '' }, '2026-11-17 10:00', 'invalid-argument', /name of a service/],
];

describe('invalid transitions are values with a clear message', () => {
  it.each(cases)('%s', (_name, policy, state, event, now, code, message) => {
    const result = refuse(policy, state, event, now);
    expect(result.code).toBe(code);
    expect(result.message).toMatch(message);
    expect(result.allowed.length).toBeGreaterThan(0);
  });

  it('a wrong verdict lists the valid ones as choices', () => {
    const result = refuse(preact, pa.treatment, { type: 'outcome', verdict: 'gegrond' as never, body: 'x' }, '2026-11-18 10:00');
    expect(result.choices).toEqual(['founded', 'partly', 'unfounded']);
  });

  it('never mutates the state it was given, refused or accepted', () => {
    const deepFreeze = <T>(o: T): T => {
      for (const v of Object.values(o as object)) if (v && typeof v === 'object') deepFreeze(v);
      return Object.freeze(o);
    };
    const frozen = deepFreeze(structuredClone(ps.missing));
    const before = JSON.stringify(frozen);
    for (const event of [
      { type: 'information-received', service: 'Pentest', fields: ['date', 'description'] },
      { type: 'inadmissible', justification: 'x' },
      { type: 'close' },
      { type: 'admissible' },
    ] as ProcEvent[]) {
      transition(frozen, event, purasec, calendar, local('2026-11-18 10:00'));
    }
    expect(JSON.stringify(frozen)).toBe(before);
  });
});
