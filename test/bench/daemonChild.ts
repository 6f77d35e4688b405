// Parent side of daemonProcess.ts: starts the daemon in a process of its own, reads its memory
// from /proc and watches its store through a read-only connection of the bench's own.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { forkChild, type BenchChild } from './child.js';
import type { DaemonArgs, DaemonCommand, DaemonReport } from './daemonProcess.js';
import { procMemory, threadCpuMs, type ProcMemory } from './stats.js';

const COMMAND_TIMEOUT_MS = 120_000;

/** The node flags `npm start` runs the daemon with (package.json), so the bench measures the daemon as shipped. */
function startFlags(): string[] {
  // Compiled to dist-bench/test/bench/: the project's package.json is three levels up (two from the source).
  const file = ['../../../package.json', '../../package.json'].map((rel) => fileURLToPath(new URL(rel, import.meta.url))).find((f) => existsSync(f));
  if (!file) throw new Error('bench: package.json not found above test/bench');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`bench: package.json's start script does not start with node: ${pkg.scripts.start}`);
  return words.slice(1).filter((w) => w.startsWith('--'));
}

export class BenchDaemon {
  /** Read-only view of the daemon's store (WAL: sees each commit, never blocks the writer). */
  readonly db: Database.Database;

  private constructor(
    private readonly child: BenchChild<DaemonReport>,
    dataDir: string,
  ) {
    this.db = new Database(join(dataDir, 'complaintdesk.sqlite'), { readonly: true, fileMustExist: true });
  }

  static async spawn(configDir: string, dataDir: string): Promise<BenchDaemon> {
    const args: DaemonArgs = { configDir };
    const child = forkChild<DaemonReport>('./daemonProcess.js', [JSON.stringify(args)], ['--expose-gc', ...startFlags()]);
    await child.next((m): m is Extract<DaemonReport, { type: 'ready' }> => m.type === 'ready', COMMAND_TIMEOUT_MS, 'daemon process start');
    return new BenchDaemon(child, dataDir);
  }

  get pid(): number {
    return this.child.process.pid!;
  }

  memory(): ProcMemory {
    return procMemory(this.pid);
  }

  /** CPU time (ms) of each of the daemon process's threads so far, by thread id (the main thread's is the pid). */
  threadCpu(): Map<number, number> {
    return threadCpuMs(this.pid);
  }

  async #ask<T extends DaemonReport['type']>(command: DaemonCommand, answer: T): Promise<Extract<DaemonReport, { type: T }>> {
    const reply = this.child.next(
      (m): m is Extract<DaemonReport, { type: T }> | Extract<DaemonReport, { type: 'failed' }> => m.type === answer || m.type === 'failed',
      COMMAND_TIMEOUT_MS,
      `daemon process: ${command.type}`,
    );
    this.child.process.send(command);
    const r = await reply;
    if (r.type === 'failed') throw new Error(`daemon process failed on ${command.type}: ${(r as { error: string }).error}`);
    return r as Extract<DaemonReport, { type: T }>;
  }

  /** daemon.start(); resolves with how long it took inside the child. */
  async start(): Promise<number> {
    return (await this.#ask({ type: 'start' }, 'started')).ms;
  }

  /** CPU time (ms) the daemon's process used since start(). */
  async cpuMs(): Promise<number> {
    return (await this.#ask({ type: 'cpu' }, 'cpu')).micros / 1000;
  }

  /** Event-loop delay since start() or the last call (and resets it). */
  async loopDelay(): Promise<{ p50Ms: number; p99Ms: number; maxMs: number; mainThreadBusy: number }> {
    const { p50Ms, p99Ms, maxMs, mainThreadBusy } = await this.#ask({ type: 'loop' }, 'loop');
    return { p50Ms, p99Ms, maxMs, mainThreadBusy };
  }

  async gc(): Promise<void> {
    await this.#ask({ type: 'gc' }, 'gc-done');
  }

  async profileStart(): Promise<void> {
    await this.#ask({ type: 'profile-start' }, 'profile-started');
  }

  async profileStop(file: string): Promise<void> {
    await this.#ask({ type: 'profile-stop', file }, 'profile-written');
  }

  async stop(): Promise<void> {
    if (this.child.process.connected) await this.#ask({ type: 'stop' }, 'stopped').catch(() => undefined);
    await this.child.stop();
    this.db.close();
  }
}
