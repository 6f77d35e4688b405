import { describe, expect, it } from 'vitest';
import { allowedEvents, transition } from '../../src/procedure/machine.js';
import type { Procedure } from '../../src/procedure/schema.js';
import type { ComplaintProcState, ProcEvent, ProcEventType } from '../../src/procedure/types.js';
import { calendar, drive, local, preact, purasec } from './helpers.js';

/**
 * Every valid transition of both procedures: from a complaint in each reachable state, every
 * event allowedEvents offers is applied with a well-formed sample, and the outcome (next state,
 * or the argument-level refusal) must be exactly the table. An event the table lists that is
 * not offered, or one offered that the table lacks, fails the test.
 */

const RECEIVED = local('2026-11-16 10:00').toISOString();
const NOW = local('2027-03-01 10:00');

const SAMPLES: Record<Exclude<ProcEventType, 'received'>, ProcEvent> = {
  assigned: { type: 'assigned', handlerId: 'h2' },
  'acknowledgement-sent': { type: 'acknowledgement-sent', handlerId: 'h1' },
  'information-requested': { type: 'information-requested', question: 'Welke versie?' },
  'information-received': { type: 'information-received', fields: ['contact', 'date', 'description'], service: 'Pentest' },
  'service-set': { type: 'service-set', service: 'Pentest' },
  admissible: { type: 'admissible' },
  inadmissible: { type: 'inadmissible', justification: 'Buiten scope' },
  'cause-recorded': { type: 'cause-recorded', body: 'Oorzaak' },
  'contact-made': { type: 'contact-made', note: 'Klant gebeld over de toelichting' },
  outcome: { type: 'outcome', verdict: 'partly', body: 'Oplossing' },
  'learning-recorded': { type: 'learning-recorded', body: 'Leerpunt' },
  'objection-suspected': { type: 'objection-suspected', receivedAt: local('2026-12-20 10:00').toISOString(), text: 'Ik maak bezwaar.' },
  objection: { type: 'objection', receivedAt: local('2027-03-01 09:00').toISOString() },
  'objection-dismissed': { type: 'objection-dismissed' },
  'hearing-scheduled': { type: 'hearing-scheduled', date: '2027-06-01', time: '10:00', mode: 'phone' },
  heard: { type: 'heard' },
  decision: { type: 'decision', verdict: 'upheld', body: 'Uitspraak' },
  'objection-window-ended': { type: 'objection-window-ended' },
  close: { type: 'close' },
  reopen: { type: 'reopen' },
  note: { type: 'note', body: 'Notitie' },
  reply: { type: 'reply', body: 'Bericht' },
  'letter-accepted': { type: 'letter-accepted', letter: 'acknowledgement', at: local('2027-03-01 09:30').toISOString() },
  'letter-failed': { type: 'letter-failed', letter: 'outcome' },
};

type Path = Array<[ProcEvent, string]>;
const recv = (extra: Partial<Extract<ProcEvent, { type: 'received' }>>): [ProcEvent, string] => [
  { type: 'received', receivedAt: RECEIVED, ...extra },
  '2026-11-16 10:01',
];
const at = (event: ProcEvent, when: string): [ProcEvent, string] => [event, when];

const preactPaths: Record<string, Path> = {
  new: [recv({ handlerId: null })],
  'in-treatment': [recv({ handlerId: 'h1' })],
  'awaiting-information': [recv({ handlerId: 'h1' }), at(SAMPLES['information-requested'], '2026-11-17 10:00')],
  'outcome-sent': [recv({ handlerId: 'h1' }), at(SAMPLES.outcome, '2026-12-03 15:00')],
  'outcome-sent, possible objection pending': [
    recv({ handlerId: 'h1' }),
    at(SAMPLES.outcome, '2026-12-03 15:00'),
    at({ type: 'objection-suspected', receivedAt: local('2026-12-10 12:00').toISOString(), text: 'Niet eens.' }, '2026-12-10 12:01'),
  ],
  objection: [
    recv({ handlerId: 'h1' }),
    at(SAMPLES.outcome, '2026-12-03 15:00'),
    at({ type: 'objection', receivedAt: RECEIVED.replace('11-16', '12-10') }, '2026-12-10 12:00'),
  ],
  'hearing-scheduled': [
    recv({ handlerId: 'h1' }),
    at(SAMPLES.outcome, '2026-12-03 15:00'),
    at({ type: 'objection', receivedAt: RECEIVED.replace('11-16', '12-10') }, '2026-12-10 12:00'),
    at({ type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: 'office' }, '2026-12-11 09:00'),
  ],
  heard: [
    recv({ handlerId: 'h1' }),
    at(SAMPLES.outcome, '2026-12-03 15:00'),
    at({ type: 'objection', receivedAt: RECEIVED.replace('11-16', '12-10') }, '2026-12-10 12:00'),
    at({ type: 'heard' }, '2026-12-11 09:00'),
  ],
  closed: [recv({ handlerId: 'h1' }), at({ type: 'close' }, '2026-11-20 10:00')],
};

const purasecPaths: Record<string, Path> = {
  new: [recv({ handlerId: null, present: ['contact', 'date', 'description'] })],
  'awaiting-information, service missing': [recv({ handlerId: 'h1', present: ['contact', 'date', 'description'] })],
  'admissibility-check': [recv({ handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] })],
  'in-treatment, no cause yet': [
    recv({ handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] }),
    at({ type: 'admissible' }, '2026-11-17 10:00'),
  ],
  'awaiting-information, question during treatment': [
    recv({ handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] }),
    at({ type: 'admissible' }, '2026-11-17 10:00'),
    at(SAMPLES['cause-recorded'], '2026-11-17 11:00'),
    at(SAMPLES['information-requested'], '2026-11-18 10:00'),
  ],
  'outcome-sent': [
    recv({ handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] }),
    at({ type: 'admissible' }, '2026-11-17 10:00'),
    at(SAMPLES['cause-recorded'], '2026-11-17 11:00'),
    at(SAMPLES.outcome, '2026-11-20 10:00'),
  ],
  'closed, inadmissible': [recv({ handlerId: 'h1', present: ['contact', 'service', 'date', 'description'] }), at(SAMPLES.inadmissible, '2026-11-17 10:00')],
};

/** `fixture: event -> next state` (or `-> refused:code` when the sample's arguments do not fit the facts). */
function observe(policy: Procedure, paths: Record<string, Path>): string[] {
  const lines: string[] = [];
  for (const [name, path] of Object.entries(paths)) {
    const start: ComplaintProcState = drive(policy, path).state;
    for (const type of allowedEvents(start, policy)) {
      const result = transition(start, SAMPLES[type as Exclude<ProcEventType, 'received'>], policy, calendar, NOW);
      lines.push(`${name}: ${type} -> ${result.ok ? result.state.state : `refused:${result.code}`}`);
    }
  }
  return lines;
}

describe('every valid transition', () => {
  it('PreAct', () => {
    expect(observe(preact, preactPaths)).toEqual(PREACT);
  });
  it('PuraSec', () => {
    expect(observe(purasec, purasecPaths)).toEqual(PURASEC);
  });
});

const PREACT = [
  'new: assigned -> in-treatment',
  'new: acknowledgement-sent -> in-treatment',
  'new: information-requested -> new',
  'new: information-received -> new',
  'new: service-set -> new',
  'new: cause-recorded -> new',
  'new: contact-made -> new',
  'new: close -> closed',
  'new: note -> new',
  'new: reply -> new',
  'in-treatment: assigned -> in-treatment',
  'in-treatment: information-requested -> awaiting-information',
  'in-treatment: information-received -> in-treatment',
  'in-treatment: service-set -> in-treatment',
  'in-treatment: cause-recorded -> in-treatment',
  'in-treatment: contact-made -> in-treatment',
  'in-treatment: outcome -> outcome-sent',
  'in-treatment: close -> closed',
  'in-treatment: note -> in-treatment',
  'in-treatment: reply -> in-treatment',
  'awaiting-information: assigned -> awaiting-information',
  'awaiting-information: information-requested -> awaiting-information',
  'awaiting-information: information-received -> in-treatment',
  'awaiting-information: service-set -> awaiting-information',
  'awaiting-information: cause-recorded -> awaiting-information',
  'awaiting-information: contact-made -> awaiting-information',
  'awaiting-information: outcome -> outcome-sent',
  'awaiting-information: close -> closed',
  'awaiting-information: note -> awaiting-information',
  'awaiting-information: reply -> awaiting-information',
  'outcome-sent: assigned -> outcome-sent',
  'outcome-sent: service-set -> outcome-sent',
  'outcome-sent: cause-recorded -> outcome-sent',
  'outcome-sent: objection-suspected -> outcome-sent',
  'outcome-sent: objection -> objection',
  'outcome-sent: objection-window-ended -> closed',
  'outcome-sent: close -> closed',
  'outcome-sent: note -> outcome-sent',
  'outcome-sent: reply -> outcome-sent',
  'outcome-sent, possible objection pending: assigned -> outcome-sent',
  'outcome-sent, possible objection pending: service-set -> outcome-sent',
  'outcome-sent, possible objection pending: cause-recorded -> outcome-sent',
  'outcome-sent, possible objection pending: objection-suspected -> outcome-sent',
  'outcome-sent, possible objection pending: objection -> objection',
  'outcome-sent, possible objection pending: objection-dismissed -> outcome-sent',
  'outcome-sent, possible objection pending: objection-window-ended -> outcome-sent',
  'outcome-sent, possible objection pending: close -> closed',
  'outcome-sent, possible objection pending: note -> outcome-sent',
  'outcome-sent, possible objection pending: reply -> outcome-sent',
  'objection: assigned -> objection',
  'objection: service-set -> objection',
  'objection: cause-recorded -> objection',
  'objection: hearing-scheduled -> hearing-scheduled',
  'objection: heard -> heard',
  'objection: close -> closed',
  'objection: note -> objection',
  'objection: reply -> objection',
  'hearing-scheduled: assigned -> hearing-scheduled',
  'hearing-scheduled: service-set -> hearing-scheduled',
  'hearing-scheduled: cause-recorded -> hearing-scheduled',
  'hearing-scheduled: hearing-scheduled -> hearing-scheduled',
  'hearing-scheduled: heard -> heard',
  'hearing-scheduled: close -> closed',
  'hearing-scheduled: note -> hearing-scheduled',
  'hearing-scheduled: reply -> hearing-scheduled',
  'heard: assigned -> heard',
  'heard: service-set -> heard',
  'heard: cause-recorded -> heard',
  'heard: decision -> closed',
  'heard: close -> closed',
  'heard: note -> heard',
  'heard: reply -> heard',
  'closed: assigned -> closed',
  'closed: cause-recorded -> closed',
  'closed: reopen -> in-treatment',
  'closed: note -> closed',
  'closed: reply -> closed',
];

const PURASEC = [
  'new: assigned -> awaiting-information',
  'new: acknowledgement-sent -> awaiting-information',
  'new: information-requested -> new',
  'new: information-received -> new',
  'new: service-set -> new',
  'new: cause-recorded -> new',
  'new: contact-made -> new',
  'new: learning-recorded -> new',
  'new: close -> closed',
  'new: note -> new',
  'new: reply -> new',
  'awaiting-information, service missing: assigned -> awaiting-information',
  'awaiting-information, service missing: information-requested -> awaiting-information',
  'awaiting-information, service missing: information-received -> admissibility-check',
  'awaiting-information, service missing: service-set -> admissibility-check',
  'awaiting-information, service missing: admissible -> refused:missing-information',
  'awaiting-information, service missing: inadmissible -> closed',
  'awaiting-information, service missing: cause-recorded -> awaiting-information',
  'awaiting-information, service missing: contact-made -> awaiting-information',
  'awaiting-information, service missing: learning-recorded -> awaiting-information',
  'awaiting-information, service missing: close -> closed',
  'awaiting-information, service missing: note -> awaiting-information',
  'awaiting-information, service missing: reply -> awaiting-information',
  'admissibility-check: assigned -> admissibility-check',
  'admissibility-check: information-requested -> awaiting-information',
  'admissibility-check: information-received -> admissibility-check',
  'admissibility-check: service-set -> admissibility-check',
  'admissibility-check: admissible -> in-treatment',
  'admissibility-check: inadmissible -> closed',
  'admissibility-check: cause-recorded -> admissibility-check',
  'admissibility-check: contact-made -> admissibility-check',
  'admissibility-check: learning-recorded -> admissibility-check',
  'admissibility-check: close -> closed',
  'admissibility-check: note -> admissibility-check',
  'admissibility-check: reply -> admissibility-check',
  'in-treatment, no cause yet: assigned -> in-treatment',
  'in-treatment, no cause yet: information-requested -> awaiting-information',
  'in-treatment, no cause yet: information-received -> in-treatment',
  'in-treatment, no cause yet: service-set -> in-treatment',
  'in-treatment, no cause yet: cause-recorded -> in-treatment',
  'in-treatment, no cause yet: contact-made -> in-treatment',
  'in-treatment, no cause yet: outcome -> refused:missing-root-cause',
  'in-treatment, no cause yet: learning-recorded -> in-treatment',
  'in-treatment, no cause yet: close -> closed',
  'in-treatment, no cause yet: note -> in-treatment',
  'in-treatment, no cause yet: reply -> in-treatment',
  'awaiting-information, question during treatment: assigned -> awaiting-information',
  'awaiting-information, question during treatment: information-requested -> awaiting-information',
  'awaiting-information, question during treatment: information-received -> in-treatment',
  'awaiting-information, question during treatment: service-set -> awaiting-information',
  'awaiting-information, question during treatment: cause-recorded -> awaiting-information',
  'awaiting-information, question during treatment: contact-made -> awaiting-information',
  'awaiting-information, question during treatment: outcome -> outcome-sent',
  'awaiting-information, question during treatment: learning-recorded -> awaiting-information',
  'awaiting-information, question during treatment: close -> closed',
  'awaiting-information, question during treatment: note -> awaiting-information',
  'awaiting-information, question during treatment: reply -> awaiting-information',
  'outcome-sent: assigned -> outcome-sent',
  'outcome-sent: service-set -> outcome-sent',
  'outcome-sent: cause-recorded -> outcome-sent',
  'outcome-sent: learning-recorded -> outcome-sent',
  'outcome-sent: close -> closed',
  'outcome-sent: note -> outcome-sent',
  'outcome-sent: reply -> outcome-sent',
  'closed, inadmissible: assigned -> closed',
  'closed, inadmissible: cause-recorded -> closed',
  'closed, inadmissible: learning-recorded -> closed',
  'closed, inadmissible: reopen -> admissibility-check',
  'closed, inadmissible: note -> closed',
  'closed, inadmissible: reply -> closed',
];
