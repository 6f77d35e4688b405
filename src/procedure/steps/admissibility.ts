import { hasAdmissibility } from '../schema.js';
import { isFailure, requireText, type StepHandler } from '../context.js';
import { awaitLetter } from '../deadlines.js';
import type { ComplaintProcState, ProcStateName } from '../types.js';
import { closeComplaint } from './closing.js';
import { completeOrFail } from './information.js';

/**
 * Admissibility (PuraSec step 3). Decided after the acknowledgement, also while a question to
 * the customer is open; admissible needs the required information, inadmissible does not (a
 * complaint about something the company does not do is inadmissible whatever is missing).
 */
const STATES: readonly ProcStateName[] = ['admissibility-check', 'awaiting-information'];
const undecided = (s: ComplaintProcState): boolean => s.admissibility === null;
const disabledReason = (p: Parameters<typeof hasAdmissibility>[0]): string | undefined =>
  hasAdmissibility(p) ? undefined : 'this procedure has no admissibility check';

export const admissible: StepHandler<'admissible'> = {
  event: 'admissible',
  command: 'admissible',
  states: STATES,
  available: undecided,
  disabledReason,
  apply(ctx) {
    const incomplete = completeOrFail(ctx, 'admissible');
    if (incomplete) return incomplete;
    ctx.s.admissibility = 'admissible';
    const body = ctx.event.body?.trim() ?? '';
    ctx.effects.push({ type: 'record', record: 'admissibility', data: { admissible: true, body } });
    // The cheat sheet promises the justification goes to the customer: the handler's words, as their message.
    if (body !== '') ctx.effects.push({ type: 'send-letter', letter: 'handler-message', data: { body } });
    return undefined;
  },
};

/** The letter with the justification is the complaint's answer: it settles the outcome deadline and closes. */
export const inadmissible: StepHandler<'inadmissible'> = {
  event: 'inadmissible',
  command: 'inadmissible',
  states: STATES,
  available: undecided,
  disabledReason,
  apply(ctx) {
    const justification = requireText(ctx.event.justification, 'the justification for the customer');
    if (isFailure(justification)) return justification;
    ctx.s.admissibility = 'inadmissible';
    ctx.effects.push({ type: 'record', record: 'admissibility', data: { admissible: false, body: justification } });
    ctx.s.waitingSince = null;
    const meets = awaitLetter(ctx, 'outcome', 'inadmissible');
    ctx.effects.push({ type: 'send-letter', letter: 'inadmissible', data: { justification }, ...(meets ? { meets } : {}) });
    closeComplaint(ctx, 'inadmissible', false);
    return undefined;
  },
};
