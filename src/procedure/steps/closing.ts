import { hasLearnings } from '../schema.js';
import { OPEN_STATES, type StepScope, type StepHandler } from '../context.js';
import { clearAllRunning, restoreClearedByClose } from '../deadlines.js';
import type { ClosedReason } from '../types.js';

/**
 * Closing ends the complaint: every running deadline is cleared (remembered for a reopen).
 * The closing letter is sent only where no other letter already ended it (inadmissible,
 * decision) and only to a customer who was acknowledged, so a misregistered mail never gets one.
 */
export function closeComplaint(ctx: StepScope, reason: ClosedReason, letter: boolean, note?: string): void {
  clearAllRunning(ctx);
  ctx.s.closedAt = ctx.now.toISOString();
  ctx.s.closedReason = reason;
  if (letter && ctx.policy.closing.letter && ctx.s.acknowledgedAt) {
    // Closed by the timer: the letter says the objection period ended (on `objectionWindowEnd`) without an objection.
    const objectionWindowEnd = reason === 'objection-window-ended' ? ctx.s.objectionWindowEnd : null;
    ctx.effects.push({ type: 'send-letter', letter: 'closing', data: { reason, note: note ?? null, objectionWindowEnd } });
  }
  if (hasLearnings(ctx.policy) && ctx.s.learningsRecorded === 0 && ctx.s.acknowledgedAt) {
    ctx.effects.push({ type: 'notify', who: 'handler', what: 'record-learning', data: { reason } });
  }
}

export const close: StepHandler<'close'> = {
  event: 'close',
  command: 'close',
  states: OPEN_STATES,
  apply(ctx) {
    const note = ctx.event.reason?.trim() || undefined;
    closeComplaint(ctx, 'closed', ctx.event.quiet !== true, note);
    return undefined;
  },
};

/**
 * Reopen undoes the close: the fact that closed it is taken back (an inadmissibility or a
 * decision can be taken again) and the deadlines the close cleared run again as they were.
 */
export const reopen: StepHandler<'reopen'> = {
  event: 'reopen',
  command: 'reopen',
  states: ['closed'],
  apply(ctx) {
    const { s } = ctx;
    const reason = s.closedReason;
    if (reason === 'inadmissible') s.admissibility = null;
    if (reason === 'decision') {
      s.decisionVerdict = null;
      s.decidedAt = null;
    }
    s.closedAt = null;
    s.closedReason = null;
    restoreClearedByClose(ctx);
    ctx.effects.push({ type: 'notify', who: 'handler', what: 'reopened', data: { closedReason: reason, reason: ctx.event.reason ?? null } });
    return undefined;
  },
};
