import type { WorkingCalendar } from '../calendar/types.js';
import type { Procedure } from './schema.js';
import type { ComplaintProcState, Effect, EventOf, ProcErrorCode, ProcEventType, ProcStateName, StepFailure } from './types.js';

/**
 * What a step sees while it handles one event. `s` is a private copy of the state: a step
 * mutates it and pushes effects; the machine throws both away when the step returns a failure.
 * Helpers shared by several steps take the scope without the event.
 */
export interface StepScope {
  s: ComplaintProcState;
  policy: Procedure;
  calendar: WorkingCalendar;
  now: Date;
  effects: Effect[];
}

export interface StepContext<T extends ProcEventType = ProcEventType> extends StepScope {
  event: EventOf<T>;
}

/** One event's handling, owned by the step file it belongs to and listed in registry.ts. */
export interface StepHandler<T extends ProcEventType = ProcEventType> {
  event: T;
  /** The handler command that produces this event (without `#`), for error replies; null for mail and timers. */
  command: string | null;
  /** States in which the event can happen at all. */
  states: readonly ProcStateName[];
  /** A finer condition on the facts (e.g. admissibility not yet decided). Default: always. */
  available?(s: ComplaintProcState, policy: Procedure): boolean;
  /** Reported by the outbox, never chosen by a person: left out of "allowed now" lists. */
  system?: boolean;
  /** Why the procedure has no room for this event (step switched off), or undefined. */
  disabledReason?(policy: Procedure): string | undefined;
  apply(ctx: StepContext<T>): StepFailure | undefined;
}

export const ALL_STATES: readonly ProcStateName[] = [
  'new',
  'awaiting-information',
  'admissibility-check',
  'in-treatment',
  'outcome-sent',
  'objection',
  'hearing-scheduled',
  'heard',
  'closed',
];
export const OPEN_STATES: readonly ProcStateName[] = ALL_STATES.filter((s) => s !== 'closed');
/** Before the outcome: the complaint is being taken in, completed and treated. */
export const ACTIVE_STATES: readonly ProcStateName[] = ['new', 'awaiting-information', 'admissibility-check', 'in-treatment'];

export function fail(code: ProcErrorCode, message: string, choices?: string[]): StepFailure {
  return choices ? { code, message, choices } : { code, message };
}

/** Trimmed text, or a failure naming what the text is for: no letter or record is ever empty. */
export function requireText(text: string | undefined, what: string): string | StepFailure {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? fail('empty-body', `${what} is empty; write it in the body of the mail`) : trimmed;
}

/** An ISO instant from an event, not later than now; a failure otherwise. */
export function pastInstant(value: string | undefined, now: Date, what: string): Date | StepFailure {
  if (value === undefined) return now;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return fail('invalid-argument', `${what} is not a valid date and time: ${JSON.stringify(value)}`);
  if (ms > now.getTime()) return fail('invalid-argument', `${what} (${value}) lies in the future`);
  return new Date(ms);
}

export const isFailure = (v: unknown): v is StepFailure => typeof v === 'object' && v !== null && 'code' in v && 'message' in v && !(v instanceof Date);
