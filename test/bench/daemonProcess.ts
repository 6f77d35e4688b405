// Child process: the daemon under measurement, alone in its process, so its CPU time and memory
// (read by the parent from /proc) are the daemon's and nothing else's. The parent watches the
// store through a read-only SQLite connection of its own and drives this process over IPC.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export type DaemonCommand =
  | { type: 'start' }
  | { type: 'cpu' }
  | { type: 'loop' }
  | { type: 'gc' }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };

export type DaemonReport =
  | { type: 'ready' }
  | { type: 'started'; ms: number }
  /** CPU (user + system, µs) of this process since `start`: main thread, parse worker, sender. */
  | { type: 'cpu'; micros: number }
  /**
   * How late the event loop ran timers since `start` or the last `loop` (ms): what other tenants'
   * sockets wait; and the share of that time the main thread was busy (event-loop utilisation):
   * near 1 means the main thread, not the parse worker or the servers, bounds the rate.
   */
  | { type: 'loop'; p50Ms: number; p99Ms: number; maxMs: number; mainThreadBusy: number }
  | { type: 'gc-done' }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string }
  | { type: 'stopped' }
  | { type: 'failed'; error: string };

export interface DaemonArgs {
  configDir: string;
}

// The project's modules load before `ready`: their memory is part of the daemon's.
const { loadConfig } = await import('../../src/config/load.js');
const { Daemon } = await import('../../src/daemon/daemon.js');
const { silentLogger } = await import('../../src/core/log.js');

const args = JSON.parse(process.argv[2] ?? '{}') as DaemonArgs;
const daemon = new Daemon({ config: loadConfig(args.configDir), log: silentLogger });
let cpuAtStart = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let session: Session | null = null;
let busySince = performance.eventLoopUtilization();

function send(r: DaemonReport): void {
  process.send?.(r);
}

async function run(c: DaemonCommand): Promise<void> {
  switch (c.type) {
    case 'start': {
      cpuAtStart = process.cpuUsage();
      loopDelay.enable();
      busySince = performance.eventLoopUtilization();
      const t0 = performance.now();
      await daemon.start();
      return send({ type: 'started', ms: Math.round(performance.now() - t0) });
    }
    case 'cpu': {
      const u = process.cpuUsage(cpuAtStart);
      return send({ type: 'cpu', micros: u.user + u.system });
    }
    case 'loop': {
      const ms = (ns: number) => Math.round(ns / 1e5) / 10;
      const busy = performance.eventLoopUtilization(busySince).utilization;
      const r = {
        p50Ms: ms(loopDelay.percentile(50)),
        p99Ms: ms(loopDelay.percentile(99)),
        maxMs: ms(loopDelay.max),
        mainThreadBusy: Math.round(busy * 100) / 100,
      };
      loopDelay.reset();
      busySince = performance.eventLoopUtilization();
      return send({ type: 'loop', ...r });
    }
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      return send({ type: 'gc-done' });
    case 'profile-start':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      return send({ type: 'profile-started' });
    case 'profile-stop': {
      if (!session) throw new Error('profile-stop without profile-start');
      const { profile } = await session.post('Profiler.stop');
      await writeFile(c.file, JSON.stringify(profile));
      session.disconnect();
      session = null;
      return send({ type: 'profile-written', file: c.file });
    }
    case 'stop':
      await daemon.stop();
      send({ type: 'stopped' });
      return process.disconnect();
  }
}

process.on('message', (c: DaemonCommand) => {
  run(c).catch((err: unknown) => send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
send({ type: 'ready' });
