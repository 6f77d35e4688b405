// Helper processes of the benchmark (the SMTP sink, the raw-floor reader) run in their own
// Node process, so their CPU and memory are not booked on the daemon measured in this one.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchChild<Msg> {
  readonly process: ChildProcess;
  /** Every message the child sends, in order. */
  onMessage(fn: (msg: Msg) => void): void;
  /** The first message (from now on) that `match` accepts; rejects if the child exits first. */
  next<M extends Msg>(match: (msg: Msg) => msg is M, timeoutMs: number, what: string): Promise<M>;
  /** Asks the child to finish (disconnects IPC) and waits for its exit. Idempotent. */
  stop(): Promise<void>;
}

/** Forks `script` (a path relative to this file's directory) with `args`, under node with `execArgv` (default: this process's). */
export function forkChild<Msg>(script: string, args: string[], execArgv: string[] = process.execArgv): BenchChild<Msg> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(file, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping: Promise<void> | null = null;
  return {
    process: child,
    onMessage(fn) {
      child.on('message', (m) => fn(m as Msg));
    },
    next<M extends Msg>(match: (msg: Msg) => msg is M, timeoutMs: number, what: string): Promise<M> {
      return new Promise<M>((resolve, reject) => {
        const onMessage = (m: unknown): void => {
          if (!match(m as Msg)) return;
          done();
          resolve(m as M);
        };
        const onExit = (code: number | null): void => {
          done();
          reject(new Error(`${what}: ${file} exited with code ${String(code)} first`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${what}: no answer from ${file} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
      });
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          if (child.connected) child.disconnect();
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}
