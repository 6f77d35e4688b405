import { hasLearnings } from '../schema.js';
import { ALL_STATES, isFailure, requireText, type StepHandler } from '../context.js';

/** Learnings (PuraSec step 7): internal, reported to management; usually after the outcome or closing. */
export const learningRecorded: StepHandler<'learning-recorded'> = {
  event: 'learning-recorded',
  command: 'learning',
  states: ALL_STATES,
  disabledReason: (p) => (hasLearnings(p) ? undefined : 'this procedure does not record learnings'),
  apply(ctx) {
    const body = requireText(ctx.event.body, 'the learning');
    if (isFailure(body)) return body;
    ctx.s.learningsRecorded += 1;
    ctx.effects.push({ type: 'record', record: 'learning', data: { body } });
    return undefined;
  },
};
