import { ALL_STATES, isFailure, requireText, type StepHandler } from '../context.js';
import { recordContact } from './contact.js';

/** Internal notes (consultation with colleagues, suppliers): any state, never to the customer. */
export const note: StepHandler<'note'> = {
  event: 'note',
  command: 'note',
  states: ALL_STATES,
  apply(ctx) {
    const body = requireText(ctx.event.body, 'the note');
    if (isFailure(body)) return body;
    ctx.effects.push({ type: 'record', record: 'note', data: { body } });
    return undefined;
  },
};

/** The handler's message to the customer goes through the bot so it is on record; any state. */
export const reply: StepHandler<'reply'> = {
  event: 'reply',
  command: 'reply',
  states: ALL_STATES,
  apply(ctx) {
    const body = requireText(ctx.event.body, 'the message for the customer');
    if (isFailure(body)) return body;
    // A message to the customer is contact made (PreAct step 3), whoever of the company sent it.
    if (!ctx.s.closedAt) recordContact(ctx);
    ctx.effects.push({ type: 'send-letter', letter: 'handler-message', data: { body } });
    return undefined;
  },
};
