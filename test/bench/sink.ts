// Parent side of the SMTP sink child: answers "when were these Message-IDs accepted" from the
// child's timestamps. The outbox fixes each mail's Message-ID before sending, so the bench
// can pick exactly the acknowledgements out of everything the daemon sends.
import { forkChild, type BenchChild } from './child.js';
import type { SinkReport } from './sinkProcess.js';

const READY_TIMEOUT_MS = 10_000;

export class BenchSink {
  #count = 0;
  readonly #acceptedAt = new Map<string, number>();
  readonly #waiters = new Set<() => void>();

  private constructor(
    private readonly child: BenchChild<SinkReport>,
    readonly port: number,
  ) {
    child.onMessage((m) => {
      if (m.type !== 'accepted') return;
      this.#count = m.count;
      if (m.messageId !== null) this.#acceptedAt.set(m.messageId, m.at);
      for (const w of this.#waiters) w();
    });
  }

  static async start(): Promise<BenchSink> {
    const child = forkChild<SinkReport>('./sinkProcess.js', []);
    const ready = await child.next((m): m is Extract<SinkReport, { type: 'ready' }> => m.type === 'ready', READY_TIMEOUT_MS, 'smtp sink start');
    return new BenchSink(child, ready.port);
  }

  /** Messages accepted so far. */
  get count(): number {
    return this.#count;
  }

  /** Accept time (epoch ms) of the last of `messageIds` (no angle brackets), once all are in. */
  waitForMessageIds(messageIds: readonly string[], timeoutMs: number): Promise<number> {
    const lastAccepted = (): number | undefined => {
      let last = 0;
      for (const id of messageIds) {
        const at = this.#acceptedAt.get(id);
        if (at === undefined) return undefined;
        last = Math.max(last, at);
      }
      return last;
    };
    return this.#until(lastAccepted, timeoutMs, `${messageIds.length} given Message-IDs at the smtp sink`);
  }

  #until(get: () => number | undefined, timeoutMs: number, what: string): Promise<number> {
    const now = get();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const at = get();
        if (at === undefined) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(at);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`bench: waited ${timeoutMs} ms for ${what}; it has ${this.#count}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
