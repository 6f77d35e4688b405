import { readdirSync, readFileSync } from 'node:fs';

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

/** Linux's clock ticks of /proc's CPU fields (`getconf CLK_TCK`; 100 on every common kernel). */
const TICK_MS = 10;

/** The fields after the command name in /proc/…/stat (0 = state, 1 = ppid, 11 = utime, 12 = stime, 13 = cutime, 14 = cstime). */
function statFields(file: string): string[] | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null; // ended between the listing and the read
  }
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU time (user + system, ms, 10 ms resolution) of each thread of `pid`, by thread id (Linux). */
export function threadCpuMs(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const f = statFields(`/proc/${pid}/task/${tid}/stat`);
    if (f) out.set(Number(tid), (Number(f[11]) + Number(f[12])) * TICK_MS);
  }
  return out;
}

/**
 * CPU time (ms) of process `root` and every process below it, children already ended and
 * reaped included (their time is in their parent's cutime/cstime). For Dovecot: the master, its
 * imap processes, auth, log.
 */
export function processTreeCpuMs(root: number): number {
  const procs = new Map<number, { ppid: number; ms: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(`/proc/${name}/stat`);
    if (f) procs.set(Number(name), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS });
  }
  const under = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = procs.get(p)?.ppid, hops++) if (p === root) return true;
    return false;
  };
  let ms = 0;
  for (const [pid, p] of procs) if (under(pid)) ms += p.ms;
  return ms;
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
