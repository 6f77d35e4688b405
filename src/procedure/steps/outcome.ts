import { hasAdmissibility, hasLearnings, type Procedure } from '../schema.js';
import { fail, isFailure, requireText, type StepHandler } from '../context.js';
import { awaitLetter, clearDeadline, dueFrom, startDeadline } from '../deadlines.js';
import type { ComplaintProcState } from '../types.js';
import { completeOrFail } from './information.js';

/**
 * The substantive response (PreAct step 4, PuraSec step 6): founded / partly / unfounded with
 * the solution. It may go out while a free question to the customer is still open (the
 * handler judged the answer unnecessary), never while required information is missing.
 * With an objection step it opens the objection window, and the letter says until when.
 */
const admissibilityDone = (s: ComplaintProcState, p: Procedure): boolean => !hasAdmissibility(p) || s.admissibility === 'admissible';

export const outcome: StepHandler<'outcome'> = {
  event: 'outcome',
  command: 'outcome',
  states: ['in-treatment', 'awaiting-information'],
  available: admissibilityDone,
  apply(ctx) {
    const { s, policy, event, now } = ctx;
    if (!policy.outcome.verdicts.includes(event.verdict)) {
      return fail('invalid-argument', `"${event.verdict}" is not a verdict of this procedure; use one of: ${policy.outcome.verdicts.join(', ')}`, [
        ...policy.outcome.verdicts,
      ]);
    }
    const incomplete = completeOrFail(ctx, 'the outcome');
    if (incomplete) return incomplete;
    if (policy.treatment.rootCause && !s.causeRecordedAt) {
      return fail('missing-root-cause', 'this procedure needs the root cause before the outcome: record it with #cause first');
    }
    const body = requireText(event.body, 'the outcome (solution / reasoning)');
    if (isFailure(body)) return body;

    s.outcomeVerdict = event.verdict;
    s.outcomeSentAt = now.toISOString();
    // The letter states until when the customer may object, so the window end is known first.
    const window = policy.objection?.window;
    const objection = policy.objection
      ? { until: dueFrom(policy.objection.window, now, ctx.calendar).toISOString(), window, hearing: policy.objection.hearing }
      : null;
    if (s.waitingSince) {
      s.waitingSince = null;
      clearDeadline(ctx, 'information');
    }
    const meets = awaitLetter(ctx, 'outcome', 'outcome');
    ctx.effects.push({
      type: 'send-letter',
      letter: 'outcome',
      data: { verdict: event.verdict, body, objection, serviceChanges: event.serviceChanges?.trim() || null },
      ...(meets ? { meets } : {}),
    });
    if (window) s.objectionWindowEnd = startDeadline(ctx, 'objection-window', window, now, 'customer');
    if (hasLearnings(policy)) ctx.effects.push({ type: 'notify', who: 'handler', what: 'record-learning', data: {} });
    return undefined;
  },
};
