import { requiredFields } from '../schema.js';
import { fail, type StepHandler } from '../context.js';
import { startDeadline } from '../deadlines.js';
import type { ComplaintProcState } from '../types.js';
import { acknowledge } from './acknowledgement.js';
import { LOCAL_DATE, missingOf, requestInformation } from './information.js';

/** The facts of a complaint before anything happened to it. */
export function blankState(receivedAt: string): ComplaintProcState {
  return {
    state: 'new',
    receivedAt,
    handlerId: null,
    acknowledgedAt: null,
    missing: [],
    infoCompleteAt: null,
    waitingSince: null,
    service: null,
    admissibility: null,
    causeRecordedAt: null,
    contactMadeAt: null,
    outcomeVerdict: null,
    outcomeSentAt: null,
    objectionWindowEnd: null,
    objectionWindowEnded: false,
    objectionAt: null,
    objectionLate: false,
    hearingAt: null,
    hearingMode: null,
    heardAt: null,
    decisionVerdict: null,
    decidedAt: null,
    learningsRecorded: 0,
    closedAt: null,
    closedReason: null,
    deadlines: {},
  };
}

/**
 * A new complaint (mail, #register). Starts the acknowledgement clock, and the outcome clock
 * when it runs from receipt or the information is already complete. With a handler the
 * acknowledgement goes out at once; missing required information is asked for right after it.
 * Only the machine applies this event, to a blank state (it has no "from" state).
 */
export const received: StepHandler<'received'> = {
  event: 'received',
  command: 'register',
  states: [],
  apply(ctx) {
    const { s, policy, event } = ctx;
    const receivedMs = Date.parse(event.receivedAt);
    if (Number.isNaN(receivedMs)) return fail('invalid-argument', `receivedAt is not a valid instant: ${JSON.stringify(event.receivedAt)}`);
    const receivedAt = new Date(receivedMs);
    s.receivedAt = receivedAt.toISOString();
    startDeadline(ctx, 'acknowledgement', policy.acknowledgement.within, receivedAt, 'company');

    const incidentDate = event.incidentDate?.trim() || null;
    if (incidentDate && !LOCAL_DATE.test(incidentDate)) return fail('invalid-argument', `incidentDate is not a local date: ${JSON.stringify(incidentDate)}`);
    s.incidentDate = incidentDate;
    s.missing = missingOf(requiredFields(policy), event.present ?? []);
    if (s.missing.length === 0) s.infoCompleteAt = s.receivedAt;
    if (policy.outcome.from === 'receipt' || s.infoCompleteAt) {
      startDeadline(ctx, 'outcome', policy.outcome.within, receivedAt, 'company');
    }

    const handlerId = event.handlerId?.trim() || null;
    if (handlerId) {
      s.handlerId = handlerId;
      ctx.effects.push({ type: 'notify', who: 'handler', what: 'assigned', data: { handlerId, previous: null } });
      acknowledge(ctx, true);
    } else {
      ctx.effects.push({
        type: 'notify',
        who: 'managers',
        what: 'assignment-needed',
        data: { assignment: policy.acknowledgement.assignment, acknowledgementDue: s.deadlines.acknowledgement?.dueAt },
      });
    }

    if (s.missing.length > 0) {
      // The wait begins at receipt, not at processing time (a from-receipt clock pauses there).
      requestInformation(ctx, null, [...s.missing], receivedAt);
    }
    return undefined;
  },
};
