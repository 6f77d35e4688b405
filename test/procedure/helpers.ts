import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { createCalendar } from '../../src/calendar/workingDays.js';
import { transition } from '../../src/procedure/machine.js';
import { procedureSchema, type Procedure, type ProcedureInput } from '../../src/procedure/schema.js';
import type { ComplaintProcState, Effect, ProcEvent, TransitionResult } from '../../src/procedure/types.js';

export const calendar = createCalendar({
  timezone: 'Europe/Amsterdam',
  country: 'NL',
  liberationDay: false,
  goodFriday: false,
  closingDays: [],
});

/** The `procedure:` block of a shipped tenant file: the tests drive the configuration that ships. */
export function loadProcedureYaml(name: string): unknown {
  const path = fileURLToPath(new URL(`../../config/tenants/${name}.yaml`, import.meta.url));
  return (parse(readFileSync(path, 'utf8')) as { procedure: unknown }).procedure;
}

export const preact: Procedure = procedureSchema.parse(loadProcedureYaml('preact'));
export const purasec: Procedure = procedureSchema.parse(loadProcedureYaml('purasec'));
export const procedure = (input: ProcedureInput): Procedure => procedureSchema.parse(input);

/** An instant at local Amsterdam wall-clock time: `local('2026-11-16 10:00')`. */
export function local(wall: string): Date {
  const [date, time = '00:00'] = wall.split(' ');
  const [h, m] = time.split(':').map(Number);
  return calendar.atLocalTime(date!, h!, m!);
}

export type Ok = Extract<TransitionResult, { ok: true }>;
export type Refused = Extract<TransitionResult, { ok: false }>;

/**
 * Apply one event and insist it was accepted; the letters it queues are accepted by the mail
 * server at the same instant (`letter-accepted`), as an outbox with a working server does. Their
 * effects follow the event's own. `queued` keeps the letters in the outbox instead.
 */
export function step(policy: Procedure, state: ComplaintProcState | null, event: ProcEvent, now: Date | string, queued = false): Ok {
  const at = typeof now === 'string' ? local(now) : now;
  const result = transition(state, event, policy, calendar, at);
  if (!result.ok) expect.fail(`${event.type} refused: ${result.code}: ${result.message}`);
  if (queued) return result;
  let delivered: Ok = result;
  for (const e of result.effects) {
    if (e.type !== 'send-letter' || !e.meets) continue;
    const r = transition(delivered.state, { type: 'letter-accepted', letter: e.letter, at: at.toISOString() }, policy, calendar, at);
    if (!r.ok) expect.fail(`letter-accepted refused: ${r.code}: ${r.message}`);
    delivered = { ok: true, state: r.state, effects: [...delivered.effects, ...r.effects] };
  }
  return delivered;
}

/** Apply one event, leaving the letters it queues unaccepted (in the outbox). */
export const stepQueued = (policy: Procedure, state: ComplaintProcState | null, event: ProcEvent, now: Date | string): Ok =>
  step(policy, state, event, now, true);

/** Apply one event and insist it was refused. */
export function refuse(policy: Procedure, state: ComplaintProcState | null, event: ProcEvent, now: Date | string): Refused {
  const result = transition(state, event, policy, calendar, typeof now === 'string' ? local(now) : now);
  if (result.ok) expect.fail(`${event.type} was accepted in ${state?.state ?? 'no state'}`);
  return result;
}

/** Apply a sequence; returns the final result. */
export function drive(policy: Procedure, events: Array<[ProcEvent, string]>, from: ComplaintProcState | null = null): Ok {
  let state = from;
  let last: Ok | undefined;
  for (const [event, now] of events) {
    last = step(policy, state, event, now);
    state = last.state;
  }
  if (!last) throw new Error('drive needs at least one event');
  return last;
}

export const letters = (effects: Effect[]): string[] => effects.flatMap((e) => (e.type === 'send-letter' ? [e.letter] : []));

export const effectTypes = (effects: Effect[]): string[] =>
  effects.map((e) =>
    e.type === 'send-letter'
      ? `letter:${e.letter}`
      : e.type === 'notify'
        ? `notify:${e.who}:${e.what}`
        : e.type === 'record'
          ? `record:${e.record}`
          : `${e.type}:${e.kind}`,
  );
