import { readFileSync } from 'node:fs';

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

export interface ProcMemory {
  /** Resident set size now. */
  rssMb: number;
  /** The highest RSS the process has had since it started (the kernel's high-water mark). */
  peakRssMb: number;
}

/** VmRSS and VmHWM of a process, from /proc (Linux). */
export function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: toMb(kb('VmRSS') * 1024), peakRssMb: toMb(kb('VmHWM') * 1024) };
}

export interface MemoryPeak {
  /** Highest VmRSS seen by sampling, and the kernel's high-water mark (VmHWM) at the end. */
  rssMb: number;
  highWaterMb: number;
  samples: number;
}

/** Samples a process's VmRSS from /proc every `intervalMs` until stopped and keeps the peak. */
export class MemorySampler {
  #rssMb = 0;
  #samples = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs: number,
  ) {
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): ProcMemory {
    const m = procMemory(this.pid);
    this.#rssMb = Math.max(this.#rssMb, m.rssMb);
    this.#samples++;
    return m;
  }

  stop(): MemoryPeak {
    clearInterval(this.#timer);
    const m = this.sample();
    return { rssMb: this.#rssMb, highWaterMb: m.peakRssMb, samples: this.#samples };
  }
}
