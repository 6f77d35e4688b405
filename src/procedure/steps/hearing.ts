import { hasHearing, hasObjection, type Procedure } from '../schema.js';
import { fail, isFailure, pastInstant, type StepContext, type StepHandler } from '../context.js';
import type { StepFailure } from '../types.js';
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

/**
 * When the conversation took place, from the event: an ISO instant, or a local date and/or time
 * (see the `heard` event). Never in the future.
 */
function heardInstant(ctx: StepContext<'heard'>): Date | StepFailure {
  const { s, event, calendar, now } = ctx;
  if (event.date === undefined && event.time === undefined) return pastInstant(event.at, now, 'the time of the conversation');
  const today = calendar.localDate(now);
  const date = event.date ?? today;
  const time = event.time === undefined ? null : LOCAL_TIME.exec(event.time);
  const shown = `${date}${event.time ? ` ${event.time}` : ''}`;
  if (!LOCAL_DATE.test(date) || (event.time !== undefined && !time)) {
    return fail('invalid-argument', `the conversation needs a date YYYY-MM-DD and optionally a time HH:MM, not "${shown}"`);
  }
  let at: Date;
  try {
    if (time) at = calendar.atLocalTime(date, Number(time[1]), Number(time[2]));
    else {
      // A date alone: the scheduled hearing's time when it was that day; today, at the latest now.
      const scheduled = s.hearingAt && calendar.localDate(new Date(s.hearingAt)) === date ? new Date(s.hearingAt) : null;
      if (date === today) at = scheduled && scheduled.getTime() <= now.getTime() ? scheduled : now;
      else at = scheduled ?? calendar.atLocalTime(date, 12, 0);
    }
  } catch {
    return fail('invalid-argument', `"${shown}" is not a valid date and time`);
  }
  if (at.getTime() > now.getTime()) return fail('invalid-argument', `the conversation (${shown}) lies in the future`);
  return at;
}

/**
 * The conversation took place (also without a formal invitation, e.g. a call right away). Without
 * a date it means now, which cannot be before the scheduled hearing: a #heard sent early by
 * mistake would start the decision deadline too soon. With a date it is when the conversation
 * was, also an earlier call; the decision deadline runs from that day ("binnen 4 weken na dit gesprek").
 */
export const heard: StepHandler<'heard'> = {
  event: 'heard',
  command: 'heard',
  states: ['objection', 'hearing-scheduled'],
  disabledReason: hearingDisabled,
  apply(ctx) {
    const { s, policy, event, now } = ctx;
    const undated = event.at === undefined && event.date === undefined && event.time === undefined;
    if (undated && s.hearingAt && now.getTime() < Date.parse(s.hearingAt)) {
      return fail('too-early', `the hearing is scheduled for ${s.hearingAt}; give the date of the conversation if it took place earlier`);
    }
    const at = heardInstant(ctx);
    if (isFailure(at)) return at;
    if (s.objectionAt && at.getTime() < Date.parse(s.objectionAt)) {
      return fail('invalid-argument', `the conversation (${at.toISOString()}) lies before the objection arrived (${s.objectionAt})`);
    }
    s.heardAt = at.toISOString();
    const dueAt = startDeadline(ctx, 'decision', policy.objection!.decisionWithin, at, 'company');
    ctx.effects.push({ type: 'notify', who: 'managers', what: 'decision-due', data: { dueAt, heardAt: s.heardAt } });
    return undefined;
  },
};
