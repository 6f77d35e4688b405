/**
 * Exponential backoff with full jitter: attempt 1 waits up to `base`, doubling to `max`.
 * Jitter keeps several daemons (or tenants) from hammering a recovering server in lockstep.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Keep at least half the ceiling so retries still space out.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Reject when `p` has not settled within `ms`; `onTimeout` runs first (e.g. to close a stuck connection). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A sleep that `wake()` ends early (shutdown must not wait out a 60 s backoff). */
export class Sleeper {
  #wake: (() => void) | null = null;
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#wake = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#wake = done;
    });
  }
  wake(): void {
    this.#wake?.();
  }
}
