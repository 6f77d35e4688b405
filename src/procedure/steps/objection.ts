import { hasObjection, type Procedure } from '../schema.js';
import { fail, isFailure, pastInstant, type StepHandler } from '../context.js';
import { clearDeadline, resolveDeadline, startDeadline } from '../deadlines.js';
import type { ComplaintProcState, SuspectedObjection } from '../types.js';
import { closeComplaint } from './closing.js';

/**
 * Objection (PreAct step 5): within the window after the outcome letter the customer may
 * object to management. A late objection is still registered (management decides whether to
 * hear it) but marked late and the window deadline recorded as missed.
 *
 * A customer's mail inside the window that may be an objection is put before management
 * (`objection-suspected`); until they confirm or dismiss it, the window's end does not close
 * the complaint — however late they answer, an objection sent on the last day is not lost.
 */
export const objectionDisabled = (p: Procedure): string | undefined => (hasObjection(p) ? undefined : 'this procedure has no objection step');

/** The suspected objection waiting for management's word, if any (states stored before it existed have none). */
export const pendingObjection = (s: ComplaintProcState): SuspectedObjection | null => s.objectionSuspected ?? null;

export const objection: StepHandler<'objection'> = {
  event: 'objection',
  command: 'objection',
  states: ['outcome-sent'],
  disabledReason: objectionDisabled,
  apply(ctx) {
    const { s, policy, event } = ctx;
    const stated = pastInstant(event.receivedAt, ctx.now, 'the time the objection arrived');
    if (isFailure(stated)) return stated;
    // Confirming a suspected objection: the customer's mail is the objection — its time and its text.
    const suspected = pendingObjection(s);
    const receivedAt = suspected && Date.parse(suspected.receivedAt) < stated.getTime() ? new Date(suspected.receivedAt) : stated;
    const objectionStep = policy.objection!;
    s.objectionAt = receivedAt.toISOString();
    s.objectionLate = s.objectionWindowEnd !== null && receivedAt.getTime() > Date.parse(s.objectionWindowEnd);
    s.objectionSuspected = null;
    resolveDeadline(ctx, 'objection-window', receivedAt);
    const written = event.body?.trim() ?? '';
    const body = suspected ? suspected.text : written;
    // What management wrote when confirming is theirs, not the customer's: it goes on record as a note.
    if (suspected && written !== '' && written !== suspected.text) ctx.effects.push({ type: 'record', record: 'note', data: { body: written } });
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

/**
 * The customer's mail, received inside the window, may be an objection: it holds the automatic
 * close until management decides. A second one while the first waits keeps the first (the
 * earliest time is the one that counts); it is forwarded all the same.
 */
export const objectionSuspected: StepHandler<'objection-suspected'> = {
  event: 'objection-suspected',
  command: null,
  states: ['outcome-sent'],
  available: (s) => !s.objectionWindowEnded,
  disabledReason: objectionDisabled,
  apply(ctx) {
    const { s, event } = ctx;
    const receivedAt = pastInstant(event.receivedAt, ctx.now, 'the time the mail arrived');
    if (isFailure(receivedAt)) return receivedAt;
    if (s.objectionWindowEnd && receivedAt.getTime() > Date.parse(s.objectionWindowEnd)) {
      return fail('invalid-argument', `the mail arrived (${receivedAt.toISOString()}) after the objection period ended (${s.objectionWindowEnd})`);
    }
    if (pendingObjection(s)) return undefined;
    s.objectionSuspected = { receivedAt: receivedAt.toISOString(), text: event.text.trim(), messageId: event.messageId ?? null };
    return undefined;
  },
};

/**
 * Management: the suspected objection is none. Inside the window nothing else changes (the
 * customer may still object; the timer closes as usual); after it, the complaint closes now as
 * the timer would have, with the letter that says the objection period ended.
 */
export const objectionDismissed: StepHandler<'objection-dismissed'> = {
  event: 'objection-dismissed',
  command: 'no-objection',
  states: ['outcome-sent'],
  available: (s) => pendingObjection(s) !== null,
  disabledReason: objectionDisabled,
  apply(ctx) {
    const { s, policy, event } = ctx;
    s.objectionSuspected = null;
    const note = event.note?.trim() ?? '';
    if (note !== '') ctx.effects.push({ type: 'record', record: 'note', data: { body: note } });
    if (s.objectionWindowEnded) clearDeadline(ctx, 'objection-window');
    if (s.objectionWindowEnded && policy.closing.autoCloseAfterObjectionWindow) closeComplaint(ctx, 'objection-window-ended', true);
    return undefined;
  },
};

/**
 * Timer: the window elapsed. Without a suspected objection waiting it closes the complaint when
 * the procedure says so; with one it only records the end, and management's word decides.
 */
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
    // A possible objection from inside the window waits for management: the window's deadline
    // stays open, so confirming it settles it as met (the customer objected in time).
    if (pendingObjection(s)) return undefined;
    clearDeadline(ctx, 'objection-window');
    if (policy.closing.autoCloseAfterObjectionWindow) closeComplaint(ctx, 'objection-window-ended', true);
    return undefined;
  },
};
