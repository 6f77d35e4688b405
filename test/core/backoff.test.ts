import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, Sleeper, withTimeout } from '../../src/core/backoff.js';
import { isTemporarySendError } from '../../src/core/errors.js';

describe('backoffDelay', () => {
  const low = () => 0;
  const high = () => 1 - Number.EPSILON;

  it('attempt 1 waits between half the base and the base', () => {
    expect(backoffDelay(1, 1000, 60_000, low)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 0.5)).toBe(750);
    expect(backoffDelay(1, 1000, 60_000, high)).toBe(1000);
  });

  it('doubles the ceiling per attempt', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 1000, 1_000_000, high))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 1000, 1_000_000, low))).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('caps the ceiling at the maximum, also for huge attempt numbers', () => {
    expect(backoffDelay(7, 1000, 30_000, high)).toBe(30_000);
    expect(backoffDelay(7, 1000, 30_000, low)).toBe(15_000);
    expect(backoffDelay(500, 30_000, 3_600_000, high)).toBe(3_600_000);
    expect(backoffDelay(5000, 30_000, 3_600_000, low)).toBe(1_800_000);
  });

  it('treats attempt 0 and below like attempt 1', () => {
    expect(backoffDelay(0, 1000, 60_000, high)).toBe(1000);
    expect(backoffDelay(-3, 1000, 60_000, low)).toBe(500);
  });

  it('stays within [ceiling/2, ceiling] with the real random source', () => {
    for (let attempt = 1; attempt <= 15; attempt++) {
      const ceiling = Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, 30_000, 3_600_000);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('withTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with code ETIMEDOUT and calls onTimeout first when the promise does not settle in time', async () => {
    const order: string[] = [];
    const never = new Promise<string>(() => undefined);
    const result = withTimeout(never, 5000, 'IMAP FETCH', () => order.push('onTimeout')).catch((err: unknown) => {
      order.push('rejected');
      return err;
    });
    await vi.advanceTimersByTimeAsync(4999);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const err = (await result) as Error & { code?: string };
    expect(order).toEqual(['onTimeout', 'rejected']);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('ETIMEDOUT');
    expect(err.message).toBe('IMAP FETCH timed out after 5000 ms');
  });

  it('resolves with the value of a promise that settles in time, and never calls onTimeout', async () => {
    const onTimeout = vi.fn();
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve('done'), 100));
    const result = withTimeout(slow, 5000, 'op', onTimeout);
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('done');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes on the rejection of a promise that fails in time, and clears its timer', async () => {
    const onTimeout = vi.fn();
    const failing = Promise.reject(new Error('connection reset'));
    await expect(withTimeout(failing, 5000, 'op', onTimeout)).rejects.toThrow('connection reset');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('works without onTimeout', async () => {
    const result = withTimeout(new Promise<never>(() => undefined), 10, 'op');
    const assertion = expect(result).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await vi.advanceTimersByTimeAsync(10);
    await assertion;
  });
});

describe('Sleeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleeps for the given time', async () => {
    const sleeper = new Sleeper();
    let woke = false;
    void sleeper.sleep(60_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
  });

  it('wake() ends the sleep at once and clears its timer', async () => {
    const sleeper = new Sleeper();
    let woke = false;
    const sleeping = sleeper.sleep(60_000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(woke).toBe(false);
    sleeper.wake();
    await sleeping;
    expect(woke).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('wake() without a sleep does nothing, and does not cut the next sleep short', async () => {
    const sleeper = new Sleeper();
    sleeper.wake();
    let woke = false;
    void sleeper.sleep(1000).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
  });

  it('can sleep again after a wake', async () => {
    const sleeper = new Sleeper();
    const first = sleeper.sleep(60_000);
    sleeper.wake();
    await first;
    let woke = false;
    void sleeper.sleep(500).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(woke).toBe(true);
  });
});

describe('isTemporarySendError', () => {
  it('retries on a 4xx SMTP reply', () => {
    expect(isTemporarySendError({ responseCode: 421, code: 'EENVELOPE' })).toBe(true);
    expect(isTemporarySendError({ responseCode: 450 })).toBe(true);
    expect(isTemporarySendError({ responseCode: 452 })).toBe(true);
  });

  it('gives up on a 5xx SMTP reply', () => {
    expect(isTemporarySendError({ responseCode: 550, code: 'EENVELOPE' })).toBe(false);
    expect(isTemporarySendError({ responseCode: 554 })).toBe(false);
    expect(isTemporarySendError(Object.assign(new Error('5.1.1 user unknown'), { responseCode: 550 }))).toBe(false);
  });

  it('retries authentication failures: our configuration, not the recipient, is at fault', () => {
    expect(isTemporarySendError({ responseCode: 535, code: 'EAUTH' })).toBe(true);
    expect(isTemporarySendError({ responseCode: 530 })).toBe(true);
    expect(isTemporarySendError({ code: 'EAUTH' })).toBe(true);
  });

  it('retries when there was no SMTP reply at all (network, DNS, TLS, timeout)', () => {
    expect(isTemporarySendError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' }))).toBe(true);
    expect(isTemporarySendError(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isTemporarySendError(new Error('something'))).toBe(true);
    expect(isTemporarySendError(null)).toBe(true);
    expect(isTemporarySendError(undefined)).toBe(true);
  });
});
