import { ImapFlow } from 'imapflow';
import type { FirstStartMode, ImapConfig } from '../config/schema.js';
import { backoffDelay, Sleeper, withTimeout } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { Db } from '../store/db.js';
import { cursorGet, cursorReset } from '../store/cursors.js';
import { mailboxStartGet, type MailboxStart } from '../store/mailboxStarts.js';
import type { ParseOutcome } from '../parse/parse.js';
import { isImapHistory, logFirstStart, recordImapFirstStart } from './firstStart.js';
import type { MailHandler, MailSource, SourceMail } from './types.js';

const RECONNECT_BASE_MS = 1_000;
const RECONNECT_MAX_MS = 60_000;
/** Mails fetched and handed to the parser ahead of storing, and at most this many bytes of them: a batch of large mails cannot pile up in memory. */
const PARSE_AHEAD = 32;
const PARSE_AHEAD_BYTES = 8 * 1024 * 1024;
/** The most mails handed to ingest at once (it stores them in transactions of ≈ 5 ms each). */
const STORE_GROUP_MAX = 16;
/**
 * A connection that silently dies (a NAT or firewall forgets it: no FIN, no RST) looks exactly
 * like a quiet IDLE. So every KEEPALIVE_INTERVAL_MS of IDLE we end it and send a NOOP that must
 * answer within KEEPALIVE_TIMEOUT_MS; worst case a dead connection is noticed after 15 + 10 s,
 * inside the 30 s we promise, instead of after the poll interval plus a FETCH timeout (~2 min).
 * RFC 2177 only asks for a new IDLE at least every 29 minutes, so this is far inside the rules;
 * nothing is missed by the break either — changes during DONE/NOOP come as untagged EXISTS, and
 * Dovecot 2.3 delays IDLE notifications by 500 ms anyway, so 15 s cycles add no latency.
 */
export const KEEPALIVE_INTERVAL_MS = 15_000;
export const KEEPALIVE_TIMEOUT_MS = 10_000;

export interface ImapSourceOptions {
  tenant: string;
  cfg: ImapConfig;
  /** What the first start does with the mail already in the folder (`mailbox.firstStart`). */
  firstStart: FirstStartMode;
  db: Db;
  clock: Clock;
  maxMessageBytes: number;
  handle: MailHandler;
  log: Logger;
}

/**
 * An IMAP mailbox watched with IDLE (RFC 2177) plus a polling fallback. The cursor
 * (UIDVALIDITY + last processed UID) lives in SQLite and is advanced by the handler in the same
 * transaction that stores each mail, so a restart neither skips nor repeats mail.
 *
 * imapflow does not reconnect by itself: any close or error ends the session and a new client
 * is made after a jittered backoff; a connection that died silently is found by the IDLE
 * keepalive. The mailbox is opened read-only unless `markSeen` is set, so the bot cannot change
 * flags in a shared mailbox by accident.
 *
 * The first SELECT of a folder without a cursor is its first start (see firstStart.ts): UIDs
 * below that UIDNEXT are history for as long as UIDVALIDITY stays the same.
 */
export class ImapSource implements MailSource {
  readonly name: string;
  /** Mails of the current pass not yet stored. */
  #waiting = 0;

  get catchingUp(): boolean {
    return this.#waiting > STORE_GROUP_MAX;
  }

  #stopped = false;
  #loop: Promise<void> | null = null;
  #wakeIdle: (() => void) | null = null;
  #dirty = true;
  #syncing: Promise<void> | null = null;
  /** Sync passes begun so far; a drain waits for a pass numbered above the count at its call. */
  #passes = 0;
  #drains: Array<{ after: number; resolve: () => void; reject: (err: Error) => void }> = [];
  #sleeper = new Sleeper();
  #failures = 0;
  #start: MailboxStart | null = null;

  constructor(private readonly o: ImapSourceOptions) {
    this.name = `imap:${o.cfg.user}@${o.cfg.host}:${o.cfg.port}/${o.cfg.folder}`;
  }

  get #timeoutMs(): number {
    return this.o.cfg.commandTimeoutSeconds * 1000;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.o.log.info({ tenant: this.o.tenant, mailbox: this.name }, 'watching IMAP mailbox');
    this.#loop = this.#run();
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#session();
      } catch (err) {
        if (this.#stopped) break;
        this.#failures++;
        const delay = backoffDelay(this.#failures, RECONNECT_BASE_MS, RECONNECT_MAX_MS);
        this.o.log.warn({ tenant: this.o.tenant, mailbox: this.name, err: (err as Error).message, retryInMs: delay }, 'IMAP connection lost; reconnecting');
        await this.#sleeper.sleep(delay);
      }
    }
  }

  #newClient(): ImapFlow {
    return new ImapFlow({
      host: this.o.cfg.host,
      port: this.o.cfg.port,
      secure: this.o.cfg.secure,
      auth: { user: this.o.cfg.user, pass: this.o.cfg.password },
      logger: false,
      // We drive IDLE ourselves: imapflow's auto-IDLE only starts after 15 s of silence.
      disableAutoIdle: true,
      connectionTimeout: this.#timeoutMs,
      greetingTimeout: this.#timeoutMs,
      socketTimeout: Math.max(this.#timeoutMs, this.o.cfg.pollIntervalSeconds * 1000 + 30_000),
    });
  }

  async #session(): Promise<void> {
    const client = this.#newClient();
    // An 'error' without a listener would crash the process; the session ends through 'close'.
    client.on('error', (err: Error) => this.o.log.debug({ tenant: this.o.tenant, err: err.message }, 'IMAP client error'));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('exists', () => {
      this.#dirty = true;
      this.#wakeIdle?.();
    });
    try {
      await withTimeout(client.connect(), this.#timeoutMs, 'IMAP connect', () => client.close());
      const box = await withTimeout(client.mailboxOpen(this.o.cfg.folder, { readOnly: !this.o.cfg.markSeen }), this.#timeoutMs, 'IMAP SELECT', () =>
        client.close(),
      );
      this.#failures = 0;
      const uidValidity = String(box.uidValidity);
      this.o.log.info({ tenant: this.o.tenant, mailbox: this.name, uidValidity, exists: box.exists }, 'IMAP mailbox open');
      await this.#firstStart(client, uidValidity, box.uidNext, box.exists);
      let nextPoll = 0;
      while (!this.#stopped && client.usable) {
        if (this.#dirty || Date.now() >= nextPoll) {
          this.#dirty = false;
          const pass = ++this.#passes;
          this.#syncing = this.#sync(client, uidValidity);
          await this.#syncing;
          this.#syncing = null;
          // A pass cut short by stop() has not handed everything over; stop() settles the drains.
          if (!this.#stopped) this.#settleDrains(pass);
          nextPoll = Date.now() + this.o.cfg.pollIntervalSeconds * 1000;
          continue;
        }
        const woke = await this.#idle(client, closed, Math.min(KEEPALIVE_INTERVAL_MS, nextPoll - Date.now()));
        // Woken by a timer, not by the server: prove the connection is alive before trusting it.
        if (woke === 'timer' && !this.#stopped && client.usable) {
          await withTimeout(client.noop(), Math.min(KEEPALIVE_TIMEOUT_MS, this.#timeoutMs), 'IMAP NOOP (keepalive)', () => client.close());
        }
      }
      if (!this.#stopped) throw new Error('connection closed by server');
    } finally {
      this.#syncing = null;
      if (client.usable) await withTimeout(client.logout(), 5_000, 'IMAP LOGOUT', () => client.close()).catch(() => client.close());
      else client.close();
    }
  }

  /**
   * The first SELECT of a folder without a cursor: record its first start (boundary and cursor in
   * one transaction). Later sessions, and a restart in the middle of archiving, read it back.
   */
  async #firstStart(client: ImapFlow, uidValidity: string, uidNext: number | undefined, exists: number): Promise<void> {
    const folder = this.o.cfg.folder;
    this.#start = mailboxStartGet(this.o.db, this.o.tenant, folder);
    if (this.#start || cursorGet(this.o.db, this.o.tenant, folder)) return;
    // UIDNEXT is in every SELECT response of an IMAP4rev1 server; without it, the highest UID + 1.
    let next = uidNext;
    if (next === undefined) {
      const highest =
        exists === 0 ? false : await withTimeout(client.fetchOne('*', { uid: true }), this.#timeoutMs, 'IMAP FETCH * (UIDNEXT)', () => client.close());
      next = highest ? highest.uid + 1 : 1;
    }
    this.#start = recordImapFirstStart(this.o.db, {
      tenant: this.o.tenant,
      folder,
      uidvalidity: uidValidity,
      uidNext: next,
      exists,
      mode: this.o.firstStart,
      now: this.o.clock.now(),
    });
    logFirstStart(this.o.log, this.#start, this.name);
  }

  /**
   * IDLE until the server reports new mail, `ms` passes ('timer'), or we are woken or closed.
   * idle() only returns when the next command breaks it: the next FETCH or NOOP does that.
   */
  async #idle(client: ImapFlow, closed: Promise<void>, ms: number): Promise<'timer' | 'woken'> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (why: 'timer' | 'woken') => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#wakeIdle = null;
        resolve(why);
      };
      const timer = setTimeout(() => done('timer'), Math.max(0, ms));
      this.#wakeIdle = () => done('woken');
      // IDLE ending before we broke it (the server ended or refused it): look for mail as a poll would.
      const ended = () => {
        if (!settled) this.#dirty = true;
        done('woken');
      };
      client.idle().then(ended, ended);
      void closed.then(() => done('woken'));
    });
  }

  /** Fetch and hand over every message above the cursor, oldest first. */
  async #sync(client: ImapFlow, uidValidity: string): Promise<void> {
    const folder = this.o.cfg.folder;
    let cursor = cursorGet(this.o.db, this.o.tenant, folder);
    if (!cursor || cursor.uidvalidity !== uidValidity) {
      if (cursor)
        this.o.log.warn(
          { tenant: this.o.tenant, folder, was: cursor.uidvalidity, now: uidValidity },
          'UIDVALIDITY changed: rescanning the folder (Message-IDs prevent double processing)',
        );
      cursorReset(this.o.db, this.o.tenant, folder, uidValidity, new Date());
      cursor = { uidvalidity: uidValidity, lastUid: 0 };
    }
    const after = cursor.lastUid;
    // Mail appended by another connection is only certain to be in our view of the mailbox after a
    // NOOP (RFC 3501 6.1.2, the poll command): Dovecot answers FETCH after a fast sync only, so a
    // drain right after an APPEND could otherwise fetch `n:*` from the old view and miss it.
    await withTimeout(client.noop(), this.#timeoutMs, 'IMAP NOOP (sync)', () => client.close());
    // Which UIDs wait, and which of them are too large to download: two SEARCH answers of one line
    // each. (A FETCH of every message's size and date first cost ~0.2 ms a message in imapflow —
    // 185 ms of a 1,000-mail catch-up — and the body FETCH brings both anyway.)
    // `UID n:*` always matches the highest UID even when it is below n: filter.
    const range = `${after + 1}:*`;
    const pending = (await this.#searchUids(client, { uid: range }, 'IMAP UID SEARCH')).filter((uid) => uid > after).sort((a, b) => a - b);
    if (pending.length === 0) return;
    const oversized = new Set(
      (await this.#searchUids(client, { uid: range, larger: this.o.maxMessageBytes }, 'IMAP UID SEARCH LARGER')).filter((uid) => uid > after),
    );
    this.#waiting = pending.length;
    try {
      await this.#fetchAll(client, uidValidity, pending, oversized);
    } finally {
      this.#waiting = 0;
    }
  }

  async #searchUids(client: ImapFlow, query: { uid: string; larger?: number }, what: string): Promise<number[]> {
    const found = await withTimeout(client.search(query, { uid: true }), this.#timeoutMs, what, () => client.close());
    if (!Array.isArray(found)) throw new Error(`${what} failed`);
    return found;
  }

  /**
   * Fetch `pending` (ascending UIDs) in FETCH commands of `batchSize` and hand every mail over in
   * UID order. Mail is parsed ahead (a worker thread) while earlier mail is stored (this thread),
   * bounded by count and bytes; whatever is parsed by the time the queue is full is stored as one
   * group (one transaction). The queue runs on from one FETCH into the next, so neither the parse
   * worker nor this thread waits at a batch's end.
   */
  async #fetchAll(client: ImapFlow, uidValidity: string, pending: number[], oversized: ReadonlySet<number>): Promise<void> {
    const folder = this.o.cfg.folder;
    const origin = (uid: number) => ({
      tenant: this.o.tenant,
      sourceKey: `imap:${folder}:${uidValidity}:${uid}`,
      mailbox: folder,
      uidvalidity: uidValidity,
      uid,
    });
    const history = (uid: number) => (isImapHistory(this.#start, uidValidity, uid) ? { history: true } : {});
    const handled: number[] = [];
    let flagged = 0;
    // A watchdog rather than one timeout: a large backlog may take long, a stalled FETCH must not.
    let last = Date.now();
    const watchdog = setInterval(
      () => {
        if (Date.now() - last > this.#timeoutMs) {
          this.o.log.warn({ tenant: this.o.tenant, folder }, 'IMAP FETCH stalled; closing the connection');
          client.close();
        }
      },
      Math.min(5_000, this.#timeoutMs),
    );
    type Queued = { uid: number; mail: SourceMail; parsed?: Promise<ParseOutcome>; ready: boolean };
    const queue: Queued[] = [];
    let queuedBytes = 0;
    const enqueue = (q: Omit<Queued, 'ready'>) => {
      const item: Queued = { ...q, ready: q.parsed === undefined };
      void q.parsed?.then(
        () => (item.ready = true),
        () => (item.ready = true),
      );
      queue.push(item);
      queuedBytes += q.mail.raw?.length ?? 0;
    };
    /** Stores the first queued mail and every one after it that is parsed already, as one group. */
    const storeReady = async () => {
      let n = 1;
      while (n < queue.length && n < STORE_GROUP_MAX && queue[n]!.ready) n++;
      const group = queue.splice(0, n);
      for (const q of group) queuedBytes -= q.mail.raw?.length ?? 0;
      await this.o.handle.handleMany(group);
      this.#waiting -= group.length;
      for (const q of group) handled.push(q.uid);
      last = Date.now();
      // Parses already done resolve as microtasks: without a turn of the event loop a backlog
      // would store group after group while other tenants' mail and letters wait on their sockets.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    /** `markSeen`: what was stored since the last STORE gets \Seen (between FETCH commands, and at the end). */
    const flagHandled = async () => {
      if (!this.o.cfg.markSeen || flagged === handled.length || !client.usable) return;
      const uids = handled.slice(flagged);
      flagged = handled.length;
      await withTimeout(client.messageFlagsAdd(uids.join(','), ['\\Seen'], { uid: true }), this.#timeoutMs, 'IMAP STORE', () => client.close());
    };
    try {
      for (let i = 0; i < pending.length && !this.#stopped; i += this.o.cfg.batchSize) {
        const batch = pending.slice(i, i + this.o.cfg.batchSize);
        // Checked from the server's size before downloading: an oversized mail is recorded, never
        // fetched; it takes its turn in UID order (the cursor is a high-water mark).
        const big = batch.filter((uid) => oversized.has(uid));
        const wanted = batch.filter((uid) => !oversized.has(uid));
        const bigMeta = new Map<number, { size: number; internalDate: Date }>();
        for await (const m of big.length ? client.fetch(big.join(','), { uid: true, size: true, internalDate: true }, { uid: true }) : []) {
          bigMeta.set(m.uid, { size: m.size ?? 0, internalDate: toDate(m.internalDate) });
        }
        const queueOversizedBefore = (uid: number) => {
          while (big.length > 0 && big[0]! < uid) {
            const o = big.shift()!;
            const meta = bigMeta.get(o);
            if (!meta) continue; // expunged since the SEARCH
            enqueue({ uid: o, mail: { origin: origin(o), size: meta.size, raw: null, receivedAt: meta.internalDate, ...history(o) } });
          }
        };
        for await (const m of wanted.length ? client.fetch(wanted.join(','), { uid: true, source: true, size: true, internalDate: true }, { uid: true }) : []) {
          last = Date.now();
          if (!m.source) continue;
          queueOversizedBefore(m.uid);
          const mail: SourceMail = { origin: origin(m.uid), size: m.source.length, raw: m.source, receivedAt: toDate(m.internalDate), ...history(m.uid) };
          enqueue({ uid: m.uid, mail, parsed: this.o.handle.prepare(m.source) });
          while (queue.length > PARSE_AHEAD || queuedBytes > PARSE_AHEAD_BYTES) await storeReady();
          if (this.#stopped) break;
        }
        queueOversizedBefore(Infinity);
        await flagHandled();
      }
      while (queue.length > 0 && !this.#stopped) await storeReady();
    } finally {
      clearInterval(watchdog);
    }
    await flagHandled();
  }

  /**
   * Resolves once a sync pass that began after this call has finished: a pass already running may
   * have fetched the UID list before the mail the caller expects arrived, so it does not count.
   * While the server is unreachable the drain waits for the reconnect and that session's pass.
   */
  drain(): Promise<void> {
    if (!this.#loop || this.#stopped) return Promise.reject(new Error(`${this.name}: drain() needs a started source (call start() first)`));
    return new Promise<void>((resolve, reject) => {
      this.#drains.push({ after: this.#passes, resolve, reject });
      this.#dirty = true;
      this.#wakeIdle?.();
    });
  }

  #settleDrains(pass: number): void {
    const done = this.#drains.filter((d) => d.after < pass);
    this.#drains = this.#drains.filter((d) => d.after >= pass);
    for (const d of done) d.resolve();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#sleeper.wake();
    this.#wakeIdle?.();
    // Let the mail in hand finish storing; the session then logs out.
    await this.#syncing?.catch(() => undefined);
    await this.#loop;
    this.#loop = null;
    for (const d of this.#drains.splice(0)) d.reject(new Error(`${this.name}: stopped before the drain finished`));
  }
}

function toDate(v: unknown): Date {
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? new Date() : d;
}
