import { hasHearing } from '../schema.js';
import { fail, isFailure, requireText, type StepHandler } from '../context.js';
import { awaitLetter } from '../deadlines.js';
import { DECISION_VERDICTS } from '../types.js';
import { closeComplaint } from './closing.js';
import { objectionDisabled } from './objection.js';

/**
 * Management's written decision on the objection (PreAct step 5); after the hearing, or right
 * after the objection when the procedure has no hearing. The decision letter ends the complaint.
 */
export const decision: StepHandler<'decision'> = {
  event: 'decision',
  command: 'decision',
  states: ['objection', 'heard'],
  available: (s, p) => (hasHearing(p) ? s.state === 'heard' : s.state === 'objection'),
  disabledReason: objectionDisabled,
  apply(ctx) {
    const { s, event, now } = ctx;
    if (!DECISION_VERDICTS.includes(event.verdict)) {
      return fail('invalid-argument', `"${event.verdict}" is not a decision; use one of: ${DECISION_VERDICTS.join(', ')}`, [...DECISION_VERDICTS]);
    }
    const body = requireText(event.body, 'the decision and its reasoning');
    if (isFailure(body)) return body;
    s.decisionVerdict = event.verdict;
    s.decidedAt = now.toISOString();
    const meets = awaitLetter(ctx, 'decision', 'decision');
    ctx.effects.push({ type: 'send-letter', letter: 'decision', data: { verdict: event.verdict, body }, ...(meets ? { meets } : {}) });
    closeComplaint(ctx, 'decision', false);
    return undefined;
  },
};
