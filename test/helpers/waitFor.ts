// Polls a condition until it holds or a deadline passes: for state that has no event to wait
// on (a row in SQLite, a file on disk, a flag on the IMAP server). Prefer an event when one
// exists; never replace this with a fixed sleep.
import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';

export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

export interface WaitForOptions {
  timeoutMs: number;
  /** Pause between polls; default 25 ms. */
  intervalMs?: number;
  /** Says what was awaited; the timeout error starts with it. */
  message: string;
}

const DEFAULT_INTERVAL_MS = 25;

/**
 * Calls `fn` until it returns (or resolves to) a truthy value and returns that value.
 * An error thrown by `fn` is a real fault and is rethrown at once, not retried.
 * On timeout, throws `Error("<message> (timed out after N ms; last value: …)")`.
 * The condition is always checked at least once, and once more at the deadline.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, opts: WaitForOptions): Promise<Truthy<T>> {
  const intervalMs = opts.intervalMs ?? DEFAULT_INTERVAL_MS;
  const deadline = Date.now() + opts.timeoutMs;
  let polls = 0;
  for (;;) {
    const value = await fn();
    polls++;
    if (value) return value as Truthy<T>;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const last = inspect(value, { depth: 3, breakLength: Infinity });
      throw new Error(`${opts.message} (timed out after ${opts.timeoutMs} ms, ${polls} polls; last value: ${last})`);
    }
    await delay(Math.min(intervalMs, remaining));
  }
}
