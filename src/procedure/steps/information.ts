import { pausesClock, requiredFields } from '../schema.js';
import { ACTIVE_STATES, OPEN_STATES, fail, isFailure, pastInstant, type StepScope, type StepHandler } from '../context.js';
import { pauseDeadline, resolveDeadline, resumeDeadline, startDeadline } from '../deadlines.js';
import type { InfoField, StepFailure } from '../types.js';

/**
 * Required information (PuraSec: contact, service, date, description) and questions to the
 * customer. While the company waits on the customer the outcome clock stands still when the
 * procedure says so (requiredInformation.pauseClock); it starts when the required information
 * is first complete if outcome.from is information-complete.
 */

/** Ask the customer; starts waiting (and pauses the outcome clock) unless already waiting. */
export function requestInformation(ctx: StepScope, question: string | null, fields: InfoField[], at = ctx.now): void {
  const { s, policy } = ctx;
  ctx.effects.push({ type: 'send-letter', letter: 'information-request', data: { question, missing: fields } });
  if (!s.waitingSince) {
    s.waitingSince = at.toISOString();
    if (pausesClock(policy)) pauseDeadline(ctx, 'outcome', at);
  }
  const answerWithin = policy.requiredInformation?.answerWithin;
  if (answerWithin) startDeadline(ctx, 'information', answerWithin, at, 'customer');
}

/**
 * Fields supplied (by the customer or a handler) at `at`. Once nothing required is missing the
 * wait ends, also when it began with a free question: any answer from the customer, or the
 * last missing piece from a handler, resumes the clock.
 */
export function supplyInformation(ctx: StepScope, fields: readonly InfoField[], at: Date): void {
  const { s, policy } = ctx;
  s.missing = s.missing.filter((f) => !fields.includes(f));
  if (s.missing.length > 0) return;
  if (!s.infoCompleteAt) {
    s.infoCompleteAt = at.toISOString();
    if (policy.outcome.from === 'information-complete') startDeadline(ctx, 'outcome', policy.outcome.within, at, 'company');
  }
  if (s.waitingSince) endWaiting(ctx, at);
}

/** The wait is over: the information deadline is settled and the outcome clock runs again. */
export function endWaiting(ctx: StepScope, at: Date): void {
  ctx.s.waitingSince = null;
  resolveDeadline(ctx, 'information', at);
  resumeDeadline(ctx, 'outcome', at);
}

export const informationRequested: StepHandler<'information-requested'> = {
  event: 'information-requested',
  command: 'info',
  states: ACTIVE_STATES,
  apply(ctx) {
    const question = (ctx.event.question ?? '').trim();
    // Only required pieces become "missing" (and block the outcome until supplied); others are just asked.
    const required = requiredFields(ctx.policy);
    for (const f of ctx.event.fields ?? []) if (required.includes(f) && !ctx.s.missing.includes(f)) ctx.s.missing.push(f);
    if (question === '' && ctx.s.missing.length === 0 && (ctx.event.fields ?? []).length === 0) {
      return fail('empty-body', 'the question for the customer is empty; write it in the body of the mail');
    }
    const asked = [...new Set([...ctx.s.missing, ...(ctx.event.fields ?? [])])];
    requestInformation(ctx, question === '' ? null : question, asked);
    return undefined;
  },
};

/**
 * A customer's mail while waiting is their answer; fields lists what the intake found in it.
 * The wait ends when nothing required is missing any more.
 */
export const informationReceived: StepHandler<'information-received'> = {
  event: 'information-received',
  command: null,
  states: ACTIVE_STATES,
  apply(ctx) {
    const at = pastInstant(ctx.event.at, ctx.now, 'the time the information arrived');
    if (isFailure(at)) return at;
    const fields = [...(ctx.event.fields ?? [])];
    const incidentDate = ctx.event.incidentDate?.trim();
    if (incidentDate) {
      if (!LOCAL_DATE.test(incidentDate)) return fail('invalid-argument', `incidentDate is not a local date: ${JSON.stringify(incidentDate)}`);
      // The first date the customer gave stands: a later mail's "gisteren" is about that mail, not the problem.
      ctx.s.incidentDate ??= incidentDate;
      if (!fields.includes('date')) fields.push('date');
    }
    const service = ctx.event.service?.trim();
    if (service) {
      ctx.s.service = service;
      if (!fields.includes('service')) fields.push('service');
    }
    supplyInformation(ctx, fields, at);
    ctx.effects.push({
      type: 'notify',
      who: 'handler',
      what: 'information-received',
      data: { fields, missing: [...ctx.s.missing], stillWaiting: ctx.s.waitingSince !== null },
    });
    return undefined;
  },
};

/** #service: the handler names the service; it may complete the required information. */
export const serviceSet: StepHandler<'service-set'> = {
  event: 'service-set',
  command: 'service',
  states: OPEN_STATES,
  apply(ctx) {
    const service = ctx.event.service.trim();
    if (service === '') return fail('invalid-argument', 'service needs the name of a service');
    ctx.s.service = service;
    if (ctx.s.missing.includes('service')) supplyInformation(ctx, ['service'], ctx.now);
    return undefined;
  },
};

/** A local date as the intake finds it (intake/incidentDate.ts): `YYYY-MM-DD`. */
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Helper for intake: the required fields not in `present`, in the procedure's order. */
export function missingOf(required: readonly InfoField[], present: readonly InfoField[]): InfoField[] {
  return required.filter((f) => !present.includes(f));
}

/** Helper for outcome/admissibility: a failure when required information is still missing. */
export function completeOrFail(ctx: StepScope, what: string): StepFailure | undefined {
  if (ctx.s.missing.length === 0) return undefined;
  return fail(
    'missing-information',
    `${what} needs the complete information first; still missing: ${ctx.s.missing.join(', ')} (ask the customer with #info, or set the service with #service)`,
  );
}
