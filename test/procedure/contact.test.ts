import { describe, expect, it } from 'vitest';
import { allowedEvents, transition } from '../../src/procedure/machine.js';
import { DEADLINE_MET_BY } from '../../src/procedure/metBy.js';
import type { ComplaintProcState, DeadlineKind, ProcEvent } from '../../src/procedure/types.js';
import { calendar, drive, local, preact, purasec, step } from './helpers.js';

/** Personal contact (PreAct step 3) and the map of which event meets which deadline. */

const RECEIVED = local('2026-12-01 10:00').toISOString();
const received = (): ComplaintProcState => step(preact, null, { type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-12-01 10:01').state;

describe('contact-made', () => {
  it('records the first contact; a later call keeps it', () => {
    const s0 = received();
    expect(s0.contactMadeAt).toBeNull();
    const s1 = step(preact, s0, { type: 'contact-made', note: 'Klant gebeld, probleem toegelicht' }, '2026-12-07 11:00').state;
    expect(s1.contactMadeAt).toBe(local('2026-12-07 11:00').toISOString());
    expect(s1.state).toBe(s0.state);
    const s2 = step(preact, s1, { type: 'contact-made' }, '2026-12-09 15:00').state;
    expect(s2.contactMadeAt).toBe(local('2026-12-07 11:00').toISOString());
  });

  it('a message to the customer through the desk counts as contact', () => {
    const s = step(preact, received(), { type: 'reply', body: 'Kunt u mij bellen over uw klacht?' }, '2026-12-03 09:00').state;
    expect(s.contactMadeAt).toBe(local('2026-12-03 09:00').toISOString());
  });

  it('a note is not contact', () => {
    expect(step(preact, received(), { type: 'note', body: 'Overleg met leverancier' }, '2026-12-03 09:00').state.contactMadeAt).toBeNull();
  });

  it('a state stored before the field existed takes the contact', () => {
    const { contactMadeAt: _gone, ...old } = received();
    const s = step(preact, old as ComplaintProcState, { type: 'contact-made' }, '2026-12-04 10:00').state;
    expect(s.contactMadeAt).toBe(local('2026-12-04 10:00').toISOString());
  });

  it('is possible until the outcome, in both procedures; not after it, nor once closed', () => {
    expect(allowedEvents(received(), preact)).toContain('contact-made');
    const ps = step(purasec, null, { type: 'received', receivedAt: RECEIVED, handlerId: 'h1' }, '2026-12-01 10:01').state;
    expect(allowedEvents(ps, purasec)).toContain('contact-made');
    const answered = step(preact, received(), { type: 'outcome', verdict: 'founded', body: 'Opgelost' }, '2026-12-02 10:00').state;
    expect(allowedEvents(answered, preact)).not.toContain('contact-made');
    const closed = step(preact, received(), { type: 'close' }, '2026-12-02 10:00').state;
    const r = transition(closed, { type: 'contact-made' }, preact, calendar, local('2026-12-03 10:00'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('not-allowed-in-state');
  });
});

/**
 * DEADLINE_MET_BY is what reminders are addressed by: each entry must really settle its
 * deadline in the engine (met, or awaiting the letter that meets it), from a complaint where
 * that deadline runs.
 */
describe('DEADLINE_MET_BY matches the engine', () => {
  const outcome: ProcEvent = { type: 'outcome', verdict: 'partly', body: 'Oplossing' };
  const objection: ProcEvent = { type: 'objection', receivedAt: local('2026-12-10 09:00').toISOString() };
  const base = (handlerId: string | null): [ProcEvent, string] => [{ type: 'received', receivedAt: RECEIVED, handlerId }, '2026-12-01 10:01'];
  const running: Record<DeadlineKind, { path: Array<[ProcEvent, string]>; samples: Partial<Record<string, ProcEvent>> }> = {
    acknowledgement: {
      path: [base(null)],
      samples: { assigned: { type: 'assigned', handlerId: 'anna' }, 'acknowledgement-sent': { type: 'acknowledgement-sent', handlerId: 'anna' } },
    },
    information: { path: [], samples: {} },
    outcome: { path: [base('anna')], samples: { outcome } },
    'objection-window': {
      path: [base('anna'), [outcome, '2026-12-03 15:00']],
      samples: { objection, 'objection-window-ended': { type: 'objection-window-ended' } },
    },
    decision: {
      path: [base('anna'), [outcome, '2026-12-03 15:00'], [objection, '2026-12-10 09:30'], [{ type: 'heard' }, '2026-12-11 10:00']],
      samples: { decision: { type: 'decision', verdict: 'rejected', body: 'Uitspraak' } },
    },
  };
  for (const kind of ['acknowledgement', 'outcome', 'objection-window', 'decision'] as const) {
    it(kind, () => {
      const { path, samples } = running[kind];
      const start = drive(preact, path).state;
      expect(start.deadlines[kind]?.status).toBe('open');
      for (const type of DEADLINE_MET_BY[kind]) {
        const event = samples[type];
        if (!event) throw new Error(`no sample for ${type}`);
        const when = type === 'objection-window-ended' ? local('2027-01-05 10:00') : local('2026-12-11 11:00');
        const r = transition(start, event, preact, calendar, when);
        if (!r.ok) throw new Error(`${type}: ${r.message}`);
        const d = r.state.deadlines[kind]!;
        expect(d.status !== 'open' || d.awaitingLetter !== undefined, `${type} settles ${kind}`).toBe(true);
      }
    });
  }
});
