import { hasHearing, hasObjection, type Procedure } from '../schema.js';
import { fail, isFailure, pastInstant, type StepHandler } from '../context.js';
import { startDeadline } from '../deadlines.js';

/**
 * The hearing (PreAct step 5): the customer explains the objection orally; the decision
 * deadline runs from the moment the conversation took place.
 */
const hearingDisabled = (p: Procedure): string | undefined =>
  !hasObjection(p) ? 'this procedure has no objection step' : hasHearing(p) ? undefined : 'this procedure has no hearing';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;

export const hearingScheduled: StepHandler<'hearing-scheduled'> = {
  event: 'hearing-scheduled',
  command: 'hearing',
  states: ['objection', 'hearing-scheduled'],
  disabledReason: hearingDisabled,
  apply(ctx) {
    const { s, event, calendar, now } = ctx;
    const time = LOCAL_TIME.exec(event.time);
    if (!LOCAL_DATE.test(event.date) || !time) {
      return fail('invalid-argument', `the hearing needs a date YYYY-MM-DD and a time HH:MM, not "${event.date} ${event.time}"`);
    }
    let at: Date;
    try {
      at = calendar.atLocalTime(event.date, Number(time[1]), Number(time[2]));
    } catch {
      return fail('invalid-argument', `"${event.date} ${event.time}" is not a valid date and time`);
    }
    if (at.getTime() <= now.getTime()) return fail('invalid-argument', `the hearing (${event.date} ${event.time}) lies in the past`);
    const rescheduled = s.hearingAt !== null;
    s.hearingAt = at.toISOString();
    s.hearingMode = event.mode;
    const note = event.note?.trim() || null;
    ctx.effects.push({
      type: 'send-letter',
      letter: 'hearing-invitation',
      data: { at: s.hearingAt, date: event.date, time: event.time, mode: event.mode, rescheduled, note },
    });
    return undefined;
  },
};

/** The conversation took place (also without a formal invitation, e.g. a call right away). */
export const heard: StepHandler<'heard'> = {
  event: 'heard',
  command: 'heard',
  states: ['objection', 'hearing-scheduled'],
  disabledReason: hearingDisabled,
  apply(ctx) {
    const { s, policy } = ctx;
    const at = pastInstant(ctx.event.at, ctx.now, 'the time of the hearing');
    if (isFailure(at)) return at;
    s.heardAt = at.toISOString();
    const dueAt = startDeadline(ctx, 'decision', policy.objection!.decisionWithin, at, 'company');
    ctx.effects.push({ type: 'notify', who: 'managers', what: 'decision-due', data: { dueAt } });
    return undefined;
  },
};
