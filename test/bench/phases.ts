// The measured phases of `npm run bench`; bench.ts runs them in order and prints the figures.
import type { ImapFlow } from 'imapflow';
import type Database from 'better-sqlite3';
import type { BenchDaemon } from './daemonChild.js';
import { waitFor } from '../helpers/waitFor.js';
import { forkChild } from './child.js';
import { generateMail } from './mails.js';
import type { LoadArgs, LoadReport } from './loadProcess.js';
import type { RawFloorArgs, RawFloorReport } from './rawFloorProcess.js';
import type { BenchSink } from './sink.js';
import { percentile, processTreeCpuMs, round } from './stats.js';

/** How often SQLite is polled for stored complaints: short against a run of seconds. */
const STORE_POLL_MS = 5;
const LATENCY_WAIT_MS = 30_000;

export interface BulkLoad {
  totalMb: number;
  minBytes: number;
  medianBytes: number;
  maxBytes: number;
  withAttachment: number;
  withHtml: number;
  dutch: number;
  english: number;
  appendMs: number;
}

/** Generates and APPENDs `n` complaints from a child process (see loadProcess.ts). */
export async function bulkLoad(args: Omit<LoadArgs, 'n' | 'tag'>, n: number, tag = 'bulk'): Promise<BulkLoad> {
  const child = forkChild<LoadReport>('./loadProcess.js', [JSON.stringify({ ...args, n, tag })]);
  try {
    const r = await child.next((m): m is LoadReport => m.type === 'loaded', 120_000 + n * 100, 'bulk load');
    const total = r.sizes.reduce((a, b) => a + b, 0);
    return {
      totalMb: round(total / 1024 / 1024, 2),
      minBytes: Math.min(...r.sizes),
      medianBytes: percentile(r.sizes, 50),
      maxBytes: Math.max(...r.sizes),
      withAttachment: r.withAttachment,
      withHtml: r.withHtml,
      dutch: r.dutch,
      english: n - r.dutch,
      appendMs: r.appendMs,
    };
  } finally {
    await child.stop();
  }
}

export interface RawFloor {
  messagesPerSecond: number;
  fetchAndParseMs: number;
  /** CPU time per message of the reader process: less at the mercy of other load than wall time. */
  cpuMsPerMessage: number;
  /** The same pass as a fresh process's first: what the floor is before V8 has compiled imapflow and mailparser. */
  cold: { messagesPerSecond: number; fetchAndParseMs: number; cpuMsPerMessage: number };
  fetchOnlyMs: number;
  parseOnlyMs: number;
  processRssMb: number;
}

/** imapflow + mailparser alone, in a child process of their own (see rawFloorProcess.ts). */
export async function rawFloor(args: RawFloorArgs, n: number): Promise<RawFloor> {
  const child = forkChild<RawFloorReport>('./rawFloorProcess.js', [JSON.stringify(args)]);
  try {
    const r = await child.next((m): m is RawFloorReport => m.type === 'result', 120_000 + n * 100, 'raw floor');
    if (r.messages !== n) throw new Error(`bench: raw floor read ${r.messages} messages, expected ${n}`);
    return {
      messagesPerSecond: round((r.messages / r.fetchAndParseMs) * 1000),
      fetchAndParseMs: Math.round(r.fetchAndParseMs),
      cpuMsPerMessage: round(r.fetchAndParseCpuMs / r.messages, 2),
      cold: {
        messagesPerSecond: round((r.messages / r.coldFetchAndParseMs) * 1000),
        fetchAndParseMs: Math.round(r.coldFetchAndParseMs),
        cpuMsPerMessage: round(r.coldFetchAndParseCpuMs / r.messages, 2),
      },
      fetchOnlyMs: Math.round(r.fetchOnlyMs),
      parseOnlyMs: Math.round(r.parseOnlyMs),
      processRssMb: r.rssMb,
    };
  } finally {
    await child.stop();
  }
}

export interface Ingest {
  /** Mail in → complaint stored → acknowledgement enqueued, for all N, from daemon.start(). */
  messagesPerSecond: number;
  allEnqueuedMs: number;
  /** CPU time per message of the daemon's process (main thread, parse worker, sender) until all were enqueued. */
  cpuMsPerMessage: number;
  /** Where that CPU went, and the IMAP server's beside it, on the same cores (see CpuSplit). */
  cpuByThread: CpuSplit;
  /** How late the daemon's event loop ran during the catch-up: what any other socket (another tenant's IMAP, SMTP) waited per turn. */
  /** mainThreadBusy: share of the phase the daemon's main thread was busy (event-loop utilisation). */
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number; mainThreadBusy: number };
  /** How long daemon.start() took: data-directory lock, IMAP login, parse worker. */
  startMs: number;
  /** daemon.start() to the first stored complaint: IMAP login, SELECT, the size scan, worker start. */
  firstEnqueuedMs: number;
  /** Rate between the first and the last stored complaint, without the start-up. */
  steadyMessagesPerSecond: number;
  /** The steady rate over the first and the second half of the mails: a drop means per-mail work grows with the store. */
  steadyByHalf: [number, number];
  /** daemon.start() until the SMTP sink accepted all N acknowledgements. */
  allAcceptedMs: number;
  acceptedPerSecond: number;
  /** daemon.start() until the SMTP sink accepted everything queued (acknowledgements and notices). */
  allMailAcceptedMs: number;
  /** Outgoing mail queued per new complaint: the acknowledgement plus notices to the tenant's people. */
  mailsQueuedPerComplaint: number;
  queuedByKind: Record<string, number>;
}

/**
 * CPU time (ms) during the catch-up, from start() until the last acknowledgement was queued, by
 * thread of the daemon's process (/proc/<pid>/task) and for the IMAP server's processes. Threads
 * that existed before start() besides the main one are the runtime's: V8's optimising compiler
 * and GC helpers (shared by every isolate of the process) and libuv's; those born after it are
 * the parse worker's (and a libuv pool thread's, should one start then: Linux names them all
 * "node"; in a 1,000-mail run checked by hand the worker was the only new thread). A thread that
 * ends before the last acknowledgement (a worker replaced after a parse timeout) takes its time
 * with it.
 */
export interface CpuSplit {
  mainMs: number;
  parseWorkerMs: number;
  runtimeThreadsMs: number;
  /** The IMAP server (Dovecot's master and children) serving the FETCHes, on the same cores. */
  imapServerMs: number;
  /** All of it, per mail. */
  totalMsPerMessage: number;
}

function cpuSplit(pid: number, before: Map<number, number>, after: Map<number, number>, imapServerMs: number, n: number): CpuSplit {
  let mainMs = 0;
  let parseWorkerMs = 0;
  let runtimeThreadsMs = 0;
  for (const [tid, ms] of after) {
    const used = ms - (before.get(tid) ?? 0);
    if (tid === pid) mainMs += used;
    else if (before.has(tid)) runtimeThreadsMs += used;
    else parseWorkerMs += used;
  }
  return { mainMs, parseWorkerMs, runtimeThreadsMs, imapServerMs, totalMsPerMessage: round((mainMs + parseWorkerMs + runtimeThreadsMs + imapServerMs) / n, 2) };
}

/** The acknowledgements in the outbox; other outgoing mail (notices, requests for information) is not what is timed. */
const ACK = `FROM outbox WHERE kind = 'acknowledgement'`;
/** Outgoing mail due now: what an idle daemon has sent. */
const DUE = `FROM outbox WHERE next_attempt_at <= ?`;

function scalar(db: Database.Database, sql: string, ...params: unknown[]): unknown {
  return db
    .prepare(sql)
    .pluck()
    .get(...params);
}

/** What the store says when the run stalls: which mail went where. */
function storeSummary(db: Database.Database): string {
  const rows = db.prepare('SELECT disposition, count(*) AS n FROM inbound_messages GROUP BY disposition').all();
  const outbox = db.prepare('SELECT kind, status, count(*) AS n FROM outbox GROUP BY kind, status').all();
  return JSON.stringify({ inbound: rows, quarantined: scalar(db, 'SELECT count(*) FROM quarantine'), outbox });
}

/**
 * Waits until `n` acknowledgements of `tenant` are in the outbox (queued, not necessarily sent),
 * counting only the rows added since the last look: the harness must not load the machine.
 */
function acknowledged(db: Database.Database, tenant: string, n: number, timeoutMs: number): Promise<unknown> {
  const newer = db.prepare(`SELECT count(*) AS n, max(id) AS last ${ACK} AND tenant = ? AND id > ?`);
  let count = 0;
  let lastId = 0;
  return waitFor(
    () => {
      const r = newer.get(tenant, lastId) as { n: number; last: number | null };
      count += r.n;
      lastId = r.last ?? lastId;
      return count >= n;
    },
    { timeoutMs, intervalMs: STORE_POLL_MS, message: `bench: ${n} acknowledgements enqueued` },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; store: ${storeSummary(db)}`);
  });
}

/**
 * Starts the daemon on a mailbox already holding `n` mails and times the catch-up. `imapServerPid`:
 * the IMAP server's master process, whose CPU (with its children's) is measured beside the daemon's.
 */
export async function ingest(
  daemon: BenchDaemon,
  sink: BenchSink,
  n: number,
  tenant: string,
  imapServerPid: number,
  onAllEnqueued?: () => Promise<void>,
): Promise<Ingest> {
  const { db } = daemon;
  const timeoutMs = 60_000 + n * 50;
  const threadsBefore = daemon.threadCpu();
  const serverBefore = processTreeCpuMs(imapServerPid);
  const t0 = Date.now();
  const startMs = await daemon.start();
  await acknowledged(db, tenant, n, timeoutMs);
  const allEnqueuedAt = Date.now();
  const cpuByThread = cpuSplit(daemon.pid, threadsBefore, daemon.threadCpu(), processTreeCpuMs(imapServerPid) - serverBefore, n);
  const cpuMs = await daemon.cpuMs();
  const eventLoopDelay = await daemon.loopDelay();
  await onAllEnqueued?.();
  const time = (sql: string, ...params: unknown[]): number => Date.parse(String(scalar(db, sql, ...params)));
  const first = time(`SELECT min(created_at) ${ACK}`);
  const last = time(`SELECT max(created_at) ${ACK}`);
  const half = Math.floor(n / 2);
  const middle = time(`SELECT created_at ${ACK} ORDER BY id LIMIT 1 OFFSET ?`, half);
  const rate = (count: number, fromMs: number, toMs: number): number => (toMs > fromMs ? round((count / (toMs - fromMs)) * 1000) : Number.NaN);
  const byKind = db.prepare('SELECT kind, count(*) AS n FROM outbox GROUP BY kind ORDER BY n DESC').all() as Array<{ kind: string; n: number }>;
  const queued = byKind.reduce((sum, k) => sum + k.n, 0);
  const ackIds = db.prepare(`SELECT message_id ${ACK}`).pluck().all() as string[];
  const acceptedAt = await sink.waitForMessageIds(ackIds, timeoutMs);
  const dueIds = db.prepare(`SELECT message_id ${DUE}`).pluck().all(new Date().toISOString()) as string[];
  const allMailAcceptedAt = await sink.waitForMessageIds(dueIds, timeoutMs);
  const allEnqueuedMs = allEnqueuedAt - t0;
  return {
    messagesPerSecond: round((n / allEnqueuedMs) * 1000),
    allEnqueuedMs,
    cpuMsPerMessage: round(cpuMs / n, 2),
    cpuByThread,
    eventLoopDelay,
    startMs,
    firstEnqueuedMs: first - t0,
    steadyMessagesPerSecond: rate(n - 1, first, last),
    steadyByHalf: [rate(half, first, middle), rate(n - 1 - half, middle, last)],
    allAcceptedMs: acceptedAt - t0,
    acceptedPerSecond: round((n / (acceptedAt - t0)) * 1000),
    allMailAcceptedMs: allMailAcceptedAt - t0,
    mailsQueuedPerComplaint: round(queued / n, 2),
    queuedByKind: Object.fromEntries(byKind.map((k) => [k.kind, k.n])),
  };
}

export interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  minMs: number;
  /** Where the time goes, p50 of each leg: APPEND command, APPEND → complaint stored, stored → accepted by SMTP. */
  breakdownP50Ms: { append: number; appendToStored: number; storedToAccepted: number };
  /** The slowest samples with their legs, to tell a late IDLE notice from a slow send. */
  slowest: Sample[];
}

interface Sample {
  sample: number;
  totalMs: number;
  appendMs: number;
  appendToStoredMs: number;
  storedToAcceptedMs: number;
}

const SLOWEST_SHOWN = 3;

/**
 * One mail at a time into an idle daemon (IDLE running, polling far away), each waiting for its
 * acknowledgement at the sink and for the outbox to drain before the next: latency is the sink's
 * accept time minus the time just before APPEND.
 */
/** Waits until everything due in the outbox is sent: the daemon is idle. */
export function outboxDrained(db: Database.Database): Promise<unknown> {
  const unsent = db.prepare(`SELECT count(*) ${DUE} AND status IN ('pending', 'sending')`).pluck();
  return waitFor(() => Number(unsent.get(new Date().toISOString())) === 0, {
    timeoutMs: LATENCY_WAIT_MS,
    intervalMs: STORE_POLL_MS,
    message: 'bench: outbox drained',
  });
}

/**
 * Watches the outbox for acknowledgements by the Message-ID they answer, with one query every
 * STORE_POLL_MS for everything new since the last (a query per waiting sample every few ms was
 * the harness's own load: with 30 samples in flight it took a core from the daemon and the sink).
 */
class AckWatcher {
  #lastId = 0;
  readonly #seen = new Map<string, { messageId: string; createdAt: string }>();
  readonly #newer: Database.Statement;

  constructor(db: Database.Database) {
    this.#newer = db.prepare(`SELECT id, message_id AS messageId, created_at AS createdAt, in_reply_to AS inReplyTo ${ACK} AND id > ? ORDER BY id`);
    this.#lastId = Number(scalar(db, 'SELECT coalesce(max(id), 0) FROM outbox'));
  }

  #poll(): void {
    for (const r of this.#newer.all(this.#lastId) as Array<{ id: number; messageId: string; createdAt: string; inReplyTo: string | null }>) {
      this.#lastId = r.id;
      if (r.inReplyTo) this.#seen.set(r.inReplyTo, { messageId: r.messageId, createdAt: r.createdAt });
    }
  }

  /** The acknowledgement answering `messageId`, once queued. */
  answerTo(messageId: string): Promise<{ messageId: string; createdAt: string }> {
    return waitFor(
      () => {
        if (!this.#seen.has(messageId)) this.#poll();
        return this.#seen.get(messageId);
      },
      { timeoutMs: LATENCY_WAIT_MS, intervalMs: STORE_POLL_MS, message: `bench: acknowledgement of <${messageId}> queued` },
    );
  }
}

/** APPENDs one generated mail and times it to its acknowledgement's acceptance at the sink. */
async function oneSample(acks: AckWatcher, sink: BenchSink, client: ImapFlow, i: number, kind: 'latency' | 'isolation'): Promise<Sample> {
  const mail = await generateMail(i, kind);
  const t0 = Date.now();
  if ((await client.append('INBOX', mail.raw)) === false) throw new Error(`bench: APPEND of ${kind} mail ${i} failed`);
  const appended = Date.now();
  const ack = await acks.answerTo(mail.messageId);
  const accepted = await sink.waitForMessageIds([ack.messageId], LATENCY_WAIT_MS);
  const stored = Date.parse(ack.createdAt);
  return { sample: i, totalMs: accepted - t0, appendMs: appended - t0, appendToStoredMs: stored - t0, storedToAcceptedMs: accepted - stored };
}

export async function latency(daemon: BenchDaemon, sink: BenchSink, client: ImapFlow, samples: number): Promise<Latency> {
  const runs: Sample[] = [];
  const acks = new AckWatcher(daemon.db);
  for (let i = 0; i < samples; i++) {
    // Idle before each sample: everything due (notices and requests of the mail before too) is sent.
    await outboxDrained(daemon.db);
    runs.push(await oneSample(acks, sink, client, i, 'latency'));
  }
  return summarise(runs);
}

export interface Isolation extends Latency {
  /** The backlog the other tenant caught up on meanwhile, and how long that took. */
  backlog: number;
  backlogMs: number;
  /** mainThreadBusy: share of the phase the daemon's main thread was busy (event-loop utilisation). */
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number; mainThreadBusy: number };
}

/**
 * Tenant isolation: the daemon starts on `busy`'s backlog of `backlog` mails; meanwhile a mail to
 * the other tenant is APPENDed every `everyMs` until the backlog is stored, each timed to its
 * acknowledgement at the sink.
 */
export async function isolation(daemon: BenchDaemon, sink: BenchSink, client: ImapFlow, busy: string, backlog: number, everyMs: number): Promise<Isolation> {
  const acksBefore = Number(scalar(daemon.db, `SELECT count(*) ${ACK} AND tenant = ?`, busy));
  const t0 = Date.now();
  await daemon.start();
  let done = false;
  const caughtUp = acknowledged(daemon.db, busy, acksBefore + backlog, 60_000 + backlog * 50).then(() => {
    done = true;
    return Date.now();
  });
  const runs: Array<Promise<Sample>> = [];
  const acks = new AckWatcher(daemon.db);
  for (let i = 0; !done; i++) {
    runs.push(oneSample(acks, sink, client, i, 'isolation'));
    await Promise.race([caughtUp, new Promise((resolve) => setTimeout(resolve, everyMs))]);
  }
  const backlogMs = (await caughtUp) - t0;
  const eventLoopDelay = await daemon.loopDelay();
  return { backlog, backlogMs, eventLoopDelay, ...summarise(await Promise.all(runs)) };
}

function summarise(runs: Sample[]): Latency {
  const samples = runs.length;
  const totals = runs.map((r) => r.totalMs);
  return {
    samples,
    p50Ms: percentile(totals, 50),
    p95Ms: percentile(totals, 95),
    maxMs: Math.max(...totals),
    minMs: Math.min(...totals),
    breakdownP50Ms: {
      append: percentile(
        runs.map((r) => r.appendMs),
        50,
      ),
      appendToStored: percentile(
        runs.map((r) => r.appendToStoredMs),
        50,
      ),
      storedToAccepted: percentile(
        runs.map((r) => r.storedToAcceptedMs),
        50,
      ),
    },
    slowest: [...runs].sort((a, b) => b.totalMs - a.totalMs).slice(0, SLOWEST_SHOWN),
  };
}
