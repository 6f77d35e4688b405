// Small numeric helpers for the benchmark: percentiles and a memory sampler.

const MB = 1024 * 1024;

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function toMb(bytes: number): number {
  return round(bytes / MB, 1);
}

export interface MemoryPeak {
  rssMb: number;
  heapUsedMb: number;
  /** Buffers and other memory outside the V8 heap (raw mail, SQLite rows handed to JS). */
  externalMb: number;
  samples: number;
}

/**
 * Samples process.memoryUsage() every `intervalMs` until stopped and keeps the peaks. The
 * daemon runs in this process, so the figure is the daemon's plus a small harness (the Dovecot
 * helper, the child-process plumbing, one IMAP client for the latency APPENDs).
 */
export class MemorySampler {
  #rss = 0;
  #heapUsed = 0;
  #external = 0;
  #samples = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): void {
    const m = process.memoryUsage();
    this.#rss = Math.max(this.#rss, m.rss);
    this.#heapUsed = Math.max(this.#heapUsed, m.heapUsed);
    this.#external = Math.max(this.#external, m.external);
    this.#samples++;
  }

  stop(): MemoryPeak {
    clearInterval(this.#timer);
    this.sample();
    return { rssMb: toMb(this.#rss), heapUsedMb: toMb(this.#heapUsed), externalMb: toMb(this.#external), samples: this.#samples };
  }
}
