import { ALL_STATES, pastInstant, isFailure, type StepHandler } from '../context.js';
import { letterAccepted, letterFailed } from '../deadlines.js';

/**
 * What the outbox reports back. A letter that meets a deadline (acknowledgement, outcome,
 * inadmissibility, decision) settles it when the mail server accepts it — a letter held,
 * deferred or refused has not reached the customer (SPEC §3). Possible in every state: the
 * complaint may have been closed while the letter waited.
 */
export const letterAcceptedStep: StepHandler<'letter-accepted'> = {
  event: 'letter-accepted',
  command: null,
  system: true,
  states: ALL_STATES,
  apply(ctx) {
    const at = pastInstant(ctx.event.at, ctx.now, 'the time the letter was accepted');
    if (isFailure(at)) return at;
    letterAccepted(ctx, ctx.event.letter, at);
    return undefined;
  },
};

export const letterFailedStep: StepHandler<'letter-failed'> = {
  event: 'letter-failed',
  command: null,
  system: true,
  states: ALL_STATES,
  apply(ctx) {
    letterFailed(ctx, ctx.event.letter);
    return undefined;
  },
};
