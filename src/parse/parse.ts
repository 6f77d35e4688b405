import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { QuarantineReasons, type QuarantineReason } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import type { ParsedMessage } from './types.js';
import type { ParseReply, ParseRequest } from './serve.js';

export interface ParseLimits {
  maxMessageBytes: number;
  maxHeaderBytes: number;
  parseTimeoutMs: number;
}

/**
 * `analysis`: what the worker entry's analyse function returned for the mail (see serve.ts), absent
 * when the worker has none; its type is known to whoever chose the worker (MailParserOptions.worker).
 */
export type ParseOutcome = { ok: true; msg: ParsedMessage; analysis?: unknown } | { ok: false; reason: QuarantineReason; detail: string };

/** Byte length of the top-level header block (up to the first empty line), and its field count. */
export function headerBlock(raw: Buffer): { bytes: number; fields: number } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : raw.length;
  const head = raw.subarray(0, end).toString('latin1');
  const fields = head.split(/\r?\n/).filter((l) => /^[!-9;-~]+:/.test(l)).length;
  return { bytes: end, fields };
}

/** The worker that only parses; a later layer may give its own entry (MailParserOptions.worker). */
const PARSE_WORKER = new URL('./worker.js', import.meta.url);

/** The file a worker entry's URL names, or its build when running from TypeScript sources. */
function workerFile(entry: URL): string {
  const here = fileURLToPath(entry);
  if (existsSync(here)) return here;
  // Running from TypeScript sources (vitest): worker threads cannot load .ts, use the build.
  const built = join(PACKAGE_ROOT, 'dist', relative(join(PACKAGE_ROOT, 'src'), here));
  if (!built.startsWith(join(PACKAGE_ROOT, 'dist') + sep) || !existsSync(built))
    throw new Error(`parse worker not found at ${here} or ${built}: run "npm run build" first`);
  return built;
}

/**
 * Every new worker parses this first, outside any mail's budget: loading mailparser into a fresh
 * thread takes ~150 ms, so a small budget would otherwise time out the first mail after each
 * replacement, and that timeout replaces the worker again.
 */
const WARM_UP = Buffer.from('From: warm-up@localhost\r\n\r\n.\r\n');
const WARM_UP_TIMEOUT_MS = 30_000;
/** A worker with nothing to parse for this long is ended (its heap returned); the next mail starts one. */
const IDLE_STOP_MS = 10_000;

/** The worker thread ended (ran out of heap, crashed) while it had the mail: a parse failure, not a timeout. */
class ParseWorkerDied extends Error {}

/**
 * The worker's heap caps, from the largest mail it is given. mailparser holds a mail's text as JS
 * strings (two bytes a character once one is outside Latin-1) beside its decoded parts and the
 * reply it builds: the worst 25 MB mail measured (990 text parts) needed 160 MB of old space,
 * 6.4 bytes a byte. The cap is twice that, because a worker that reaches it does not always just
 * end with ERR_WORKER_OUT_OF_MEMORY: a large single allocation can abort the whole process
 * (nodejs/node#47224), so a mail within maxMessageBytes must never come near it. Attachments and
 * the raw mail are Buffers, outside these caps. The young generation is what the heap grows by
 * while parsing mail after mail; 16 MB instead of V8's default keeps RSS off the daemon during a
 * backlog. 8 MB saved a little more but doubled the time of a heavy parse (a 900 KB flood of
 * unclosed HTML tags: 0.7-1.1 s -> 1.7-1.9 s, scavenge after scavenge); at 16 it is as before.
 * The daemon's worker also analyses the parsed mail (src/ingest/analyse.ts), a few copies of its
 * text at most: the smallest old space that took a mail grew from 49 to 87 MB for the 990 parts,
 * 101 to 115 MB for 25 MB of one quoted text part (Node 20), far inside the cap.
 */
const OLD_SPACE_PER_MESSAGE_BYTE = 12;
const MIN_OLD_SPACE_MB = 64;
const YOUNG_GENERATION_MB = 16;
export function workerResourceLimits(maxMessageBytes: number): ResourceLimits {
  return {
    maxOldGenerationSizeMb: Math.max(MIN_OLD_SPACE_MB, Math.ceil((maxMessageBytes * OLD_SPACE_PER_MESSAGE_BYTE) / (1024 * 1024))),
    maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
  };
}

/** A mail handed to the worker, until its reply, its budget's end or the worker's death. */
interface Job {
  id: number;
  raw: Buffer;
  budgetMs: number;
  resolve: (r: ParseReply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
  /** The worker's first parse, outside any mail's budget. */
  warmUp: boolean;
}

export interface MailParserOptions {
  /**
   * The worker's entry script: one that calls serveParseRequests (serve.ts), parsing only by
   * default. A file under src/ is loaded from its build under dist/ when running from sources.
   */
  worker?: URL;
  /** The worker's heap caps; tests pass small ones to make a mail run the worker out of heap. */
  resourceLimits?: ResourceLimits;
  /** A worker with nothing to parse for this long ends. */
  idleStopMs?: number;
}

/**
 * Parses mail in a worker thread within limits: a size cap, a header cap, a time budget (the
 * worker is terminated and replaced when it runs out) and a check that the parse was not
 * silently truncated (mailparser drops header lines past its limit without an error).
 */
export class MailParser {
  /** The worker and the mails handed to it, in the order it parses them (the first is in hand). */
  #worker: { thread: Worker; jobs: Job[] } | null = null;
  #nextId = 1;
  #closed = false;
  /** Ends a worker that has had nothing to do for IDLE_STOP_MS. */
  #idleTimer: NodeJS.Timeout | null = null;

  readonly #workerEntry: URL;
  readonly #resourceLimits: ResourceLimits;
  readonly #idleStopMs: number;

  constructor(
    private readonly limits: ParseLimits,
    options: MailParserOptions = {},
  ) {
    this.#workerEntry = options.worker ?? PARSE_WORKER;
    this.#resourceLimits = options.resourceLimits ?? workerResourceLimits(limits.maxMessageBytes);
    this.#idleStopMs = options.idleStopMs ?? IDLE_STOP_MS;
  }

  /** Whether a worker is running (it ends after idleStopMs without work). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /**
   * Mails are handed to the worker as soon as they are given (it parses them one after the other),
   * so it parses while this thread stores; each mail's budget starts when it is the worker's next.
   */
  parse(raw: Buffer): Promise<ParseOutcome> {
    return this.#parseNow(raw);
  }

  /** Start the worker now (loading mailparser takes ~150 ms), e.g. while the mailboxes log in. */
  start(): void {
    if (!this.#closed) this.#ensureWorker();
  }

  async #parseNow(raw: Buffer): Promise<ParseOutcome> {
    if (raw.length > this.limits.maxMessageBytes) {
      return { ok: false, reason: QuarantineReasons.TOO_LARGE, detail: `${raw.length} bytes exceeds the ${this.limits.maxMessageBytes}-byte limit` };
    }
    const head = headerBlock(raw);
    if (head.bytes > this.limits.maxHeaderBytes) {
      return {
        ok: false,
        reason: QuarantineReasons.HEADERS_TOO_LARGE,
        detail: `header block of ${head.bytes} bytes exceeds the ${this.limits.maxHeaderBytes}-byte limit`,
      };
    }
    let reply: ParseReply;
    try {
      reply = await this.#send(raw);
    } catch (err) {
      const reason = err instanceof ParseWorkerDied ? QuarantineReasons.PARSE_FAILED : QuarantineReasons.PARSE_TIMEOUT;
      return { ok: false, reason, detail: (err as Error).message };
    }
    if (!reply.ok) return { ok: false, reason: QuarantineReasons.PARSE_FAILED, detail: reply.error };
    if (reply.headerLineCount < head.fields) {
      return { ok: false, reason: QuarantineReasons.PARSE_TRUNCATED, detail: `parser kept ${reply.headerLineCount} of ${head.fields} header fields` };
    }
    const msg = reply.msg;
    // Structured clone turns Buffers into Uint8Arrays: a Buffer view over the same bytes (Buffer.from
    // of a Uint8Array would copy them, holding every attachment twice until the copy is stored).
    msg.attachments = msg.attachments.map((a) => ({ ...a, content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength) }));
    if (msg.date) msg.date = new Date(msg.date);
    return reply.analysis === undefined ? { ok: true, msg } : { ok: true, msg, analysis: reply.analysis };
  }

  #send(raw: Buffer): Promise<ParseReply> {
    if (this.#closed) return Promise.reject(new Error('the parser is closed'));
    return new Promise<ParseReply>((resolve, reject) => {
      this.#dispatch({ id: this.#nextId++, raw, budgetMs: this.limits.parseTimeoutMs, resolve, reject, timer: null, warmUp: false });
    });
  }

  #ensureWorker(): { thread: Worker; jobs: Job[] } {
    if (this.#worker) return this.#worker;
    const thread = new Worker(workerFile(this.#workerEntry), { resourceLimits: this.#resourceLimits });
    const w: { thread: Worker; jobs: Job[] } = { thread, jobs: [] };
    thread.on('message', (r: ParseReply) => {
      const job = w.jobs[0];
      if (job?.id !== r.id) return; // a late reply of a mail already given up on
      w.jobs.shift();
      if (job.timer) clearTimeout(job.timer);
      job.resolve(r);
      this.#armFirst(w);
      if (w.jobs.length === 0) this.#stopWhenIdle(w);
    });
    // Out of heap (ERR_WORKER_OUT_OF_MEMORY) or crashed: the mail in hand failed, the next one gets a new worker.
    thread.on('error', (err) => this.#lost(w, new ParseWorkerDied(err.message, { cause: err })));
    thread.on('exit', (code) => this.#lost(w, new ParseWorkerDied(`parse worker exited with code ${code}`)));
    thread.unref();
    this.#worker = w;
    this.#post(w, {
      id: this.#nextId++,
      raw: WARM_UP,
      budgetMs: WARM_UP_TIMEOUT_MS,
      resolve: () => undefined,
      reject: () => undefined,
      timer: null,
      warmUp: true,
    });
    return w;
  }

  #dispatch(job: Job): void {
    this.#post(this.#ensureWorker(), job);
  }

  /**
   * A worker is a second V8 heap with mailparser loaded (≈ 20–30 MB): one with nothing to do for
   * IDLE_STOP_MS ends, and the next mail starts another (≈ 150 ms, outside its budget).
   */
  #stopWhenIdle(w: { thread: Worker; jobs: Job[] }): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      if (this.#worker !== w || w.jobs.length > 0) return;
      this.#worker = null;
      void w.thread.terminate();
    }, this.#idleStopMs);
    this.#idleTimer.unref();
  }

  #post(w: { thread: Worker; jobs: Job[] }, job: Job): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    w.jobs.push(job);
    // A copy of its own, moved (not cloned again) to the worker: the source keeps `raw`.
    const copy = new Uint8Array(job.raw);
    const req: ParseRequest = { id: job.id, raw: copy };
    w.thread.postMessage(req, [copy.buffer]);
    this.#armFirst(w);
  }

  /** The budget of the mail the worker has in hand runs from when it got to it (as far as this thread can tell). */
  #armFirst(w: { thread: Worker; jobs: Job[] }): void {
    const job = w.jobs[0];
    if (!job || job.timer) return;
    job.timer = setTimeout(() => {
      // The worker may be stuck in a regex or a loop: only terminating it frees the thread.
      this.#lost(w, new Error(`parsing took longer than ${job.budgetMs} ms`));
      void w.thread.terminate();
    }, job.budgetMs);
  }

  /**
   * The worker is gone (timed out, out of heap, crashed): the mail in hand fails with `err`, the
   * mails queued behind it go to a fresh worker. When it died warming up, it cannot parse at all:
   * everything queued fails rather than starting worker after worker.
   */
  #lost(w: { thread: Worker; jobs: Job[] }, err: Error): void {
    if (this.#worker === w) this.#worker = null;
    const jobs = w.jobs.splice(0);
    for (const job of jobs) if (job.timer) clearTimeout(job.timer);
    const [first, ...rest] = jobs;
    if (!first) return;
    first.reject(err);
    for (const job of rest) {
      if (this.#closed || first.warmUp) job.reject(err);
      else this.#dispatch({ ...job, timer: null });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.thread.terminate();
  }
}
