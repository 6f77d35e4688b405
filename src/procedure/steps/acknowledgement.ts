import { ALL_STATES, fail, type StepScope, type StepHandler } from '../context.js';
import { awaitLetter, resolveDeadline } from '../deadlines.js';

/**
 * Acknowledgement (both procedures): the customer is told the complaint arrived and who the
 * contact person is. It goes out as soon as someone is assigned, so assignment and
 * acknowledgement cannot drift apart.
 */
export function acknowledge(ctx: StepScope, sendLetter: boolean): void {
  ctx.s.acknowledgedAt = ctx.now.toISOString();
  if (sendLetter) {
    const meets = awaitLetter(ctx, 'acknowledgement', 'acknowledgement');
    ctx.effects.push({
      type: 'send-letter',
      letter: 'acknowledgement',
      data: { handlerId: ctx.s.handlerId, missing: [...ctx.s.missing] },
      ...(meets ? { meets } : {}),
    });
    return;
  }
  resolveDeadline(ctx, 'acknowledgement', ctx.now);
}

/** (Re)assignment. The first assignment of an unacknowledged complaint sends the acknowledgement. */
export const assigned: StepHandler<'assigned'> = {
  event: 'assigned',
  command: 'assign',
  states: ALL_STATES,
  apply(ctx) {
    const handlerId = ctx.event.handlerId.trim();
    if (handlerId === '') return fail('invalid-argument', 'assign needs a person');
    const previous = ctx.s.handlerId;
    ctx.s.handlerId = handlerId;
    ctx.effects.push({ type: 'notify', who: 'handler', what: 'assigned', data: { handlerId, previous } });
    if (!ctx.s.acknowledgedAt && !ctx.s.closedAt) acknowledge(ctx, true);
    // The acknowledgement named the contact person: the customer hears who it is now (not after the close).
    else if (ctx.s.acknowledgedAt && previous && previous !== handlerId && !ctx.s.closedAt) {
      ctx.effects.push({ type: 'send-letter', letter: 'contact-changed', data: { previousId: previous } });
    }
    return undefined;
  },
};

/**
 * The acknowledgement was given another way (a phone complaint registered by the employee who
 * confirmed it on the phone): recorded without a letter. It still names a contact person.
 */
export const acknowledgementSent: StepHandler<'acknowledgement-sent'> = {
  event: 'acknowledgement-sent',
  command: null,
  states: ['new'],
  apply(ctx) {
    const handlerId = ctx.event.handlerId?.trim() || null;
    if (handlerId && handlerId !== ctx.s.handlerId) {
      ctx.effects.push({ type: 'notify', who: 'handler', what: 'assigned', data: { handlerId, previous: ctx.s.handlerId } });
      ctx.s.handlerId = handlerId;
    }
    if (!ctx.s.handlerId) {
      return fail('no-handler', 'the acknowledgement names the contact person: assign a handler first');
    }
    acknowledge(ctx, false);
    return undefined;
  },
};
