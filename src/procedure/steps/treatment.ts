import { ALL_STATES, isFailure, requireText, type StepHandler } from '../context.js';

/**
 * Treatment: the investigation. A root cause is internal; it can be recorded at any time
 * (also after closing) and, with treatment.rootCause, must exist before the outcome.
 */
export const causeRecorded: StepHandler<'cause-recorded'> = {
  event: 'cause-recorded',
  command: 'cause',
  states: ALL_STATES,
  apply(ctx) {
    const body = requireText(ctx.event.body, 'the root cause');
    if (isFailure(body)) return body;
    ctx.s.causeRecordedAt = ctx.now.toISOString();
    ctx.effects.push({ type: 'record', record: 'cause', data: { body } });
    return undefined;
  },
};
