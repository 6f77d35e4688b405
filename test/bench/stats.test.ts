// The bench's /proc readers: where a catch-up's CPU went (the daemon's threads, the IMAP server's
// processes). Linux only, as the bench is.
import { execFileSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processTreeCpuMs, threadCpuMs } from './stats.js';

const linux = existsSync('/proc/self/task');

/** Spins this thread until `done` says so (bounded): CPU time moves only with work, not with waiting. */
function spin(done: () => boolean): void {
  const giveUp = Date.now() + 10_000;
  while (!done() && Date.now() < giveUp) for (let i = 0; i < 100_000; i++) Math.sqrt(i);
}

describe.skipIf(!linux)('bench /proc readers (Linux)', () => {
  it("threadCpuMs lists this process by thread, the main thread under the pid, and a thread's time grows with work done on it", () => {
    const before = threadCpuMs(process.pid);
    expect(before.has(process.pid)).toBe(true);
    for (const ms of before.values()) expect(ms).toBeGreaterThanOrEqual(0);
    // This test's own thread (the main one in a forked pool, a worker in a threads pool): /proc/thread-self is <pid>/task/<tid>.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const start = before.get(tid)!;
    expect(start).toBeGreaterThanOrEqual(0);
    spin(() => threadCpuMs(process.pid).get(tid)! >= start + 50);
    expect(threadCpuMs(process.pid).get(tid)! - start).toBeGreaterThanOrEqual(50);
  });

  it('processTreeCpuMs counts a child that has ended and been reaped (its time is in the parent cutime)', () => {
    const before = processTreeCpuMs(process.pid);
    // A child that burns ~150 ms of CPU and exits; execFileSync reaps it before returning.
    execFileSync(process.execPath, ['-e', 'const t = process.cpuUsage(); while (process.cpuUsage(t).user < 150000) Math.sqrt(Math.random());']);
    const after = processTreeCpuMs(process.pid);
    expect(after - before).toBeGreaterThanOrEqual(100);
  });

  it('processTreeCpuMs of a process with no such pid is 0', () => {
    expect(processTreeCpuMs(2 ** 22 + 1)).toBe(0);
  });
});
