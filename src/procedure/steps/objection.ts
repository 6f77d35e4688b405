import { hasObjection, type Procedure } from '../schema.js';
import { fail, isFailure, pastInstant, type StepHandler } from '../context.js';
import { clearDeadline, resolveDeadline, startDeadline } from '../deadlines.js';
import { closeComplaint } from './closing.js';

/**
 * Objection (PreAct step 5): within the window after the outcome letter the customer may
 * object to management. A late objection is still registered (management decides whether to
 * hear it) but marked late and the window deadline recorded as missed.
 */
export const objectionDisabled = (p: Procedure): string | undefined => (hasObjection(p) ? undefined : 'this procedure has no objection step');

export const objection: StepHandler<'objection'> = {
  event: 'objection',
  command: 'objection',
  states: ['outcome-sent'],
  disabledReason: objectionDisabled,
  apply(ctx) {
    const { s, policy, event } = ctx;
    const receivedAt = pastInstant(event.receivedAt, ctx.now, 'the time the objection arrived');
    if (isFailure(receivedAt)) return receivedAt;
    const objectionStep = policy.objection!;
    s.objectionAt = receivedAt.toISOString();
    s.objectionLate = s.objectionWindowEnd !== null && receivedAt.getTime() > Date.parse(s.objectionWindowEnd);
    resolveDeadline(ctx, 'objection-window', receivedAt);
    const body = event.body?.trim() ?? '';
    ctx.effects.push({
      type: 'send-letter',
      letter: 'objection-received',
      data: { receivedAt: s.objectionAt, late: s.objectionLate, hearing: objectionStep.hearing },
    });
    ctx.effects.push({ type: 'notify', who: 'managers', what: 'objection-received', data: { receivedAt: s.objectionAt, late: s.objectionLate, body } });
    if (!objectionStep.hearing) {
      const dueAt = startDeadline(ctx, 'decision', objectionStep.decisionWithin, receivedAt, 'company');
      ctx.effects.push({ type: 'notify', who: 'managers', what: 'decision-due', data: { dueAt } });
    }
    return undefined;
  },
};

/** Timer: the window elapsed without objection; closes the complaint when the procedure says so. */
export const objectionWindowEnded: StepHandler<'objection-window-ended'> = {
  event: 'objection-window-ended',
  command: null,
  states: ['outcome-sent'],
  available: (s) => !s.objectionWindowEnded,
  disabledReason: objectionDisabled,
  apply(ctx) {
    const { s, policy, now } = ctx;
    if (s.objectionWindowEnd && now.getTime() <= Date.parse(s.objectionWindowEnd)) {
      return fail('too-early', `the objection window is open until ${s.objectionWindowEnd}`);
    }
    s.objectionWindowEnded = true;
    clearDeadline(ctx, 'objection-window');
    if (policy.closing.autoCloseAfterObjectionWindow) closeComplaint(ctx, 'objection-window-ended', true);
    return undefined;
  },
};
