// One daemon per data directory (issue 14, point 5): a second one refuses to start, naming the
// first; a lock left by a process that died is taken over; stop() gives the directory up.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComplaintdeskError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { DataDirLock } from '../../src/daemon/lock.js';
import { runCli } from '../cli/runCli.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const NOW = new Date('2026-11-30T09:00:00Z');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A live process that is not this one. */
function otherProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('DataDirLock', () => {
  it('is refused while another live process holds it, and taken over once that process is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-lock-'));
    const other = otherProcess();
    writeFileSync(
      join(dir, 'daemon.lock'),
      JSON.stringify({ pid: other.pid, host: (await import('node:os')).hostname(), startedAt: '2026-11-30T08:00:00.000Z' }),
    );
    expect(() => DataDirLock.acquire(dir, NOW)).toThrow(ComplaintdeskError);
    expect(() => DataDirLock.acquire(dir, NOW)).toThrow(new RegExp(`pid ${other.pid}, started 2026-11-30T08:00:00.000Z\\) is using the data directory`));
    other.kill('SIGKILL');
    await waitFor(() => other.exitCode !== null || other.signalCode !== null, { timeoutMs: 5_000, message: 'child gone' });
    const lock = DataDirLock.acquire(dir, NOW);
    expect(JSON.parse(readFileSync(join(dir, 'daemon.lock'), 'utf8'))).toMatchObject({ pid: process.pid, startedAt: NOW.toISOString() });
    lock.release();
    expect(existsSync(join(dir, 'daemon.lock'))).toBe(false);
  });

  it('a lock from another host is refused (it cannot be checked from here); an unreadable one is stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-lock-'));
    writeFileSync(join(dir, 'daemon.lock'), JSON.stringify({ pid: 1, host: 'other-host.example', startedAt: 'x' }));
    expect(() => DataDirLock.acquire(dir, NOW)).toThrow(/pid 1 on host other-host\.example/);
    writeFileSync(join(dir, 'daemon.lock'), '{"pid":');
    DataDirLock.acquire(dir, NOW).release();
  });

  it('the daemon takes it at start and gives it up at stop; a second `complaintdesk start` refuses with the reason', async () => {
    const cfg = writeTestConfig([{ id: 'purasec' }]);
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    expect(JSON.parse(readFileSync(join(cfg.dataDir, 'daemon.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    // This process holds it: a second daemon process must not start.
    const second = runCli(['start', '--config', cfg.dir]);
    expect(second.status).toBe(1);
    expect(second.err + second.out).toContain(`another complaintdesk daemon (pid ${process.pid}`);
    await daemon.stop();
    expect(existsSync(join(cfg.dataDir, 'daemon.lock'))).toBe(false);
  });
});
