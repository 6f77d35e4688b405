import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QuarantineReasons, type QuarantineReason } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import type { ParsedMessage } from './types.js';
import type { ParseReply, ParseRequest } from './worker.js';

export interface ParseLimits {
  maxMessageBytes: number;
  maxHeaderBytes: number;
  parseTimeoutMs: number;
}

export type ParseOutcome = { ok: true; msg: ParsedMessage } | { ok: false; reason: QuarantineReason; detail: string };

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

function workerFile(): string {
  const here = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(here)) return here;
  // Running from TypeScript sources (vitest): worker threads cannot load .ts, use the build.
  const built = join(PACKAGE_ROOT, 'dist', 'parse', 'worker.js');
  if (existsSync(built)) return built;
  throw new Error(`parse worker not found at ${here} or ${built}: run "npm run build" first`);
}

/**
 * Every new worker parses this first, outside any mail's budget: loading mailparser into a fresh
 * thread takes ~150 ms, so a small budget would otherwise time out the first mail after each
 * replacement, and that timeout replaces the worker again.
 */
const WARM_UP = Buffer.from('From: warm-up@localhost\r\n\r\n.\r\n');
const WARM_UP_TIMEOUT_MS = 30_000;

/**
 * Parses mail in a worker thread within limits: a size cap, a header cap, a time budget (the
 * worker is terminated and replaced when it runs out) and a check that the parse was not
 * silently truncated (mailparser drops header lines past its limit without an error).
 */
export class MailParser {
  #worker: { thread: Worker; ready: Promise<unknown> } | null = null;
  #nextId = 1;
  // Keyed by request; `thread` so a replaced worker's late exit fails only its own requests.
  #pending = new Map<number, { thread: Worker; resolve: (r: ParseReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  // One mail at a time: a long parse must not delay the budget of the mails queued behind it.
  #chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly limits: ParseLimits) {}

  parse(raw: Buffer): Promise<ParseOutcome> {
    const run = this.#chain.then(() => this.#parseNow(raw));
    this.#chain = run.catch(() => undefined);
    return run;
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
      return { ok: false, reason: QuarantineReasons.PARSE_TIMEOUT, detail: (err as Error).message };
    }
    if (!reply.ok) return { ok: false, reason: QuarantineReasons.PARSE_FAILED, detail: reply.error };
    if (reply.headerLineCount < head.fields) {
      return { ok: false, reason: QuarantineReasons.PARSE_TRUNCATED, detail: `parser kept ${reply.headerLineCount} of ${head.fields} header fields` };
    }
    const msg = reply.msg;
    // Structured clone turns Buffers into Uint8Arrays.
    msg.attachments = msg.attachments.map((a) => ({ ...a, content: Buffer.from(a.content) }));
    if (msg.date) msg.date = new Date(msg.date);
    return { ok: true, msg };
  }

  #ensureWorker(): { thread: Worker; ready: Promise<unknown> } {
    if (this.#worker) return this.#worker;
    const w = new Worker(workerFile());
    w.on('message', (r: ParseReply) => {
      const p = this.#pending.get(r.id);
      if (!p) return;
      clearTimeout(p.timer);
      this.#pending.delete(r.id);
      p.resolve(r);
    });
    w.on('error', (err) => this.#failAll(w, err));
    w.on('exit', (code) => this.#failAll(w, new Error(`parse worker exited with code ${code}`)));
    w.unref();
    this.#worker = { thread: w, ready: this.#request(w, WARM_UP, WARM_UP_TIMEOUT_MS) };
    return this.#worker;
  }

  #failAll(w: Worker, err: Error): void {
    if (this.#worker?.thread === w) this.#worker = null;
    for (const [id, p] of this.#pending) {
      if (p.thread !== w) continue;
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(err);
    }
  }

  async #send(raw: Buffer): Promise<ParseReply> {
    const { thread, ready } = this.#ensureWorker();
    await ready;
    return this.#request(thread, raw, this.limits.parseTimeoutMs);
  }

  #request(w: Worker, raw: Buffer, budgetMs: number): Promise<ParseReply> {
    const id = this.#nextId++;
    return new Promise<ParseReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`parsing took longer than ${budgetMs} ms`));
        // The worker may be stuck in a regex or a loop: only terminating it frees the thread.
        if (this.#worker?.thread === w) this.#worker = null;
        void w.terminate();
      }, budgetMs);
      this.#pending.set(id, { thread: w, resolve, reject, timer });
      const req: ParseRequest = { id, raw: new Uint8Array(raw) };
      w.postMessage(req);
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.thread.terminate();
  }
}
