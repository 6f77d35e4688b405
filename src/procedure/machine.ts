import type { WorkingCalendar } from '../calendar/types.js';
import type { StepContext, StepHandler } from './context.js';
import { STATE_DESCRIPTIONS, phaseOf } from './phase.js';
import { EVENT_ORDER, handlerFor } from './registry.js';
import type { Procedure } from './schema.js';
import { blankState } from './steps/intake.js';
import type { ComplaintProcState, Effect, EventOf, ProcEvent, ProcEventType, TransitionResult } from './types.js';

/**
 * The procedure engine: a pure function of (state, event, policy, calendar, now). It never
 * throws for a refused event and never reads a clock; the shell stores the new state and
 * carries out the effects in one transaction.
 */

function isAvailable(handler: StepHandler, s: ComplaintProcState, policy: Procedure): boolean {
  if (handler.disabledReason?.(policy)) return false;
  if (!handler.states.includes(s.state)) return false;
  return handler.available ? handler.available(s, policy) : true;
}

/** The events that can happen now (for "not allowed; allowed: …" replies and the cheat sheet). */
export function allowedEvents(state: ComplaintProcState | null, policy: Procedure): ProcEventType[] {
  if (state === null) return ['received'];
  return EVENT_ORDER.filter((type) => {
    const handler = handlerFor(type);
    return !handler.system && isAvailable(handler, state, policy);
  });
}

/** The same as handler commands (without `#`), for replies to staff; events without a command are left out. */
export function allowedCommands(state: ComplaintProcState | null, policy: Procedure): string[] {
  return allowedEvents(state, policy).flatMap((type) => {
    const command = handlerFor(type).command;
    return command && type !== 'received' ? [command] : [];
  });
}

function refuse(code: Extract<TransitionResult, { ok: false }>['code'], message: string, allowed: ProcEventType[], choices?: string[]): TransitionResult {
  return choices ? { ok: false, code, message, allowed, choices } : { ok: false, code, message, allowed };
}

export function transition(state: ComplaintProcState | null, event: ProcEvent, policy: Procedure, calendar: WorkingCalendar, now: Date): TransitionResult {
  const allowed = allowedEvents(state, policy);
  const handler = handlerFor(event.type);
  if (state === null && event.type !== 'received') {
    return refuse('not-started', `${event.type} needs a complaint; it starts with received`, allowed);
  }
  if (state !== null && event.type === 'received') {
    return refuse('already-received', 'this complaint was already received', allowed);
  }
  if (state !== null) {
    const disabled = handler.disabledReason?.(policy);
    if (disabled) return refuse('step-disabled', `${event.type}: ${disabled}`, allowed);
    if (!isAvailable(handler, state, policy)) {
      return refuse(
        'not-allowed-in-state',
        `${event.type} is not allowed while the complaint is ${STATE_DESCRIPTIONS[state.state]}; allowed: ${allowed.join(', ')}`,
        allowed,
      );
    }
  }

  const draft = state === null ? blankState(event.type === 'received' ? event.receivedAt : now.toISOString()) : structuredClone(state);
  const effects: Effect[] = [];
  const ctx: StepContext = { s: draft, event: event, policy, calendar, now, effects };
  const failure = handler.apply(ctx);
  if (failure) return refuse(failure.code, failure.message, allowed, failure.choices);

  const from = state?.state ?? null;
  draft.state = phaseOf(draft, policy);
  if (draft.state !== from) effects.push({ type: 'record', record: 'state-changed', data: { from, to: draft.state } });
  return { ok: true, state: draft, effects };
}

/** A new complaint: `transition(null, received)`. */
export function startComplaint(event: EventOf<'received'>, policy: Procedure, calendar: WorkingCalendar, now: Date): TransitionResult {
  return transition(null, event, policy, calendar, now);
}
