import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ComplaintdeskError, ErrorCodes } from '../core/errors.js';

/** Who holds a data directory: written into its lock file. */
interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

const LOCK_FILE = 'daemon.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, startedAt: String(o.startedAt ?? '') } : null;
  } catch {
    return null; // unreadable or half written: nobody can be shown to hold it
  }
}

/**
 * One running daemon per data directory: its tenants' mailboxes, cursors and outbox belong to
 * exactly one process at a time (two would answer the same mail twice). The lock is a file naming
 * the holder's pid and host. A lock left by a process that no longer runs on this host (a crash,
 * SIGKILL) is taken over; one held by a live process — or by another host, which cannot be
 * checked from here — stops the start with a clear error.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string, now: Date): DataDirLock {
    const file = join(dataDir, LOCK_FILE);
    const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: now.toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
        return new DataDirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      // The same process (a daemon object replaced without stop(), as tests do) or a dead one: stale.
      const stale = owner === null || (owner.host === me.host && (owner.pid === me.pid || !alive(owner.pid)));
      if (!stale) {
        const where = owner.host === me.host ? `pid ${owner.pid}` : `pid ${owner.pid} on host ${owner.host}`;
        throw new ComplaintdeskError(
          ErrorCodes.DATA_DIR_LOCKED,
          `another complaintdesk daemon (${where}, started ${owner.startedAt}) is using the data directory ${dataDir}; ` +
            `one daemon per data directory. If it is certainly not running, remove ${file}.`,
        );
      }
      rmSync(file, { force: true });
    }
    throw new ComplaintdeskError(ErrorCodes.DATA_DIR_LOCKED, `could not take the lock ${file}: another daemon took it at the same moment`);
  }

  /** Give the directory up (stop). Only our own lock is removed. */
  release(): void {
    const owner = readOwner(this.file);
    if (owner && owner.pid === process.pid && owner.host === hostname()) rmSync(this.file, { force: true });
  }
}
