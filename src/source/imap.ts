import { ImapFlow } from 'imapflow';
import type { ImapConfig } from '../config/schema.js';
import { backoffDelay, Sleeper, withTimeout } from '../core/backoff.js';
import type { Logger } from '../core/log.js';
import type { Db } from '../store/db.js';
import { cursorGet, cursorReset } from '../store/cursors.js';
import type { ParseOutcome } from '../parse/parse.js';
import type { MailHandler, MailSource, SourceMail } from './types.js';

const RECONNECT_BASE_MS = 1_000;
const RECONNECT_MAX_MS = 60_000;
/** Mails parsed ahead of the one being stored; bounded so a batch of large mails cannot pile up in memory. */
const PARSE_AHEAD = 4;

/**
 * An IMAP mailbox watched with IDLE (RFC 2177) plus a polling fallback. The cursor
 * (UIDVALIDITY + last processed UID) lives in SQLite and is advanced by the handler in the same
 * transaction that stores each mail, so a restart neither skips nor repeats mail.
 *
 * imapflow does not reconnect by itself: any close or error ends the session and a new client
 * is made after a jittered backoff. The mailbox is opened read-only unless `markSeen` is set, so
 * the bot cannot change flags in a shared mailbox by accident.
 */
export class ImapSource implements MailSource {
  readonly name: string;
  #stopped = false;
  #loop: Promise<void> | null = null;
  #wakeIdle: (() => void) | null = null;
  #dirty = true;
  #syncing: Promise<void> | null = null;
  #sleeper = new Sleeper();
  #failures = 0;

  constructor(
    private readonly tenant: string,
    private readonly cfg: ImapConfig,
    private readonly db: Db,
    private readonly maxMessageBytes: number,
    private readonly handle: MailHandler,
    private readonly log: Logger,
  ) {
    this.name = `imap:${cfg.user}@${cfg.host}:${cfg.port}/${cfg.folder}`;
  }

  get #timeoutMs(): number {
    return this.cfg.commandTimeoutSeconds * 1000;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.log.info({ tenant: this.tenant, mailbox: this.name }, 'watching IMAP mailbox');
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
        this.log.warn({ tenant: this.tenant, mailbox: this.name, err: (err as Error).message, retryInMs: delay }, 'IMAP connection lost; reconnecting');
        await this.#sleeper.sleep(delay);
      }
    }
  }

  #newClient(): ImapFlow {
    return new ImapFlow({
      host: this.cfg.host,
      port: this.cfg.port,
      secure: this.cfg.secure,
      auth: { user: this.cfg.user, pass: this.cfg.password },
      logger: false,
      // We drive IDLE ourselves: imapflow's auto-IDLE only starts after 15 s of silence.
      disableAutoIdle: true,
      connectionTimeout: this.#timeoutMs,
      greetingTimeout: this.#timeoutMs,
      socketTimeout: Math.max(this.#timeoutMs, this.cfg.pollIntervalSeconds * 1000 + 30_000),
    });
  }

  async #session(): Promise<void> {
    const client = this.#newClient();
    // An 'error' without a listener would crash the process; the session ends through 'close'.
    client.on('error', (err: Error) => this.log.debug({ tenant: this.tenant, err: err.message }, 'IMAP client error'));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('exists', () => {
      this.#dirty = true;
      this.#wakeIdle?.();
    });
    try {
      await withTimeout(client.connect(), this.#timeoutMs, 'IMAP connect', () => client.close());
      const box = await withTimeout(client.mailboxOpen(this.cfg.folder, { readOnly: !this.cfg.markSeen }), this.#timeoutMs, 'IMAP SELECT', () => client.close());
      this.#failures = 0;
      this.log.info({ tenant: this.tenant, mailbox: this.name, uidValidity: String(box.uidValidity), exists: box.exists }, 'IMAP mailbox open');
      while (!this.#stopped && client.usable) {
        this.#dirty = false;
        this.#syncing = this.#sync(client, String(box.uidValidity));
        await this.#syncing;
        this.#syncing = null;
        if (this.#stopped) break;
        if (!this.#dirty) await this.#idle(client, closed);
      }
      if (!this.#stopped) throw new Error('connection closed by server');
    } finally {
      this.#syncing = null;
      if (client.usable) await withTimeout(client.logout(), 5_000, 'IMAP LOGOUT', () => client.close()).catch(() => client.close());
      else client.close();
    }
  }

  /** IDLE until the server reports new mail, the poll interval passes, or we are stopped. */
  async #idle(client: ImapFlow, closed: Promise<void>): Promise<void> {
    await new Promise<void>((resolve) => {
      const poll = setTimeout(done, this.cfg.pollIntervalSeconds * 1000);
      const self = this;
      function done() {
        clearTimeout(poll);
        self.#wakeIdle = null;
        resolve();
      }
      this.#wakeIdle = done;
      // idle() only returns when the next command breaks it; the next FETCH does that.
      client.idle().then(done, done);
      void closed.then(done);
    });
  }

  /** Fetch and hand over every message above the cursor, oldest first. */
  async #sync(client: ImapFlow, uidValidity: string): Promise<void> {
    const folder = this.cfg.folder;
    let cursor = cursorGet(this.db, this.tenant, folder);
    if (!cursor || cursor.uidvalidity !== uidValidity) {
      if (cursor) this.log.warn({ tenant: this.tenant, folder, was: cursor.uidvalidity, now: uidValidity }, 'UIDVALIDITY changed: rescanning the folder (Message-IDs prevent double processing)');
      cursorReset(this.db, this.tenant, folder, uidValidity, new Date());
      cursor = { uidvalidity: uidValidity, lastUid: 0 };
    }
    const after = cursor.lastUid;
    // `UID n:*` always returns the highest UID even when it is below n: filter.
    const pending: Array<{ uid: number; size: number; internalDate: Date }> = [];
    await withTimeout(
      (async () => {
        for await (const m of client.fetch(`${after + 1}:*`, { uid: true, size: true, internalDate: true }, { uid: true })) {
          if (m.uid > after) pending.push({ uid: m.uid, size: m.size ?? 0, internalDate: toDate(m.internalDate) });
        }
      })(),
      this.#timeoutMs,
      'IMAP UID FETCH (sizes)',
      () => client.close(),
    );
    pending.sort((a, b) => a.uid - b.uid);
    for (let i = 0; i < pending.length && !this.#stopped; i += this.cfg.batchSize) {
      await this.#fetchBatch(client, uidValidity, pending.slice(i, i + this.cfg.batchSize));
    }
  }

  async #fetchBatch(client: ImapFlow, uidValidity: string, batch: Array<{ uid: number; size: number; internalDate: Date }>): Promise<void> {
    const folder = this.cfg.folder;
    const origin = (uid: number) => ({ tenant: this.tenant, sourceKey: `imap:${folder}:${uidValidity}:${uid}`, mailbox: folder, uidvalidity: uidValidity, uid });
    // Checked from the IMAP size before downloading: an oversized mail is recorded, never fetched.
    const oversized = batch.filter((m) => m.size > this.maxMessageBytes);
    const wanted = batch.filter((m) => m.size <= this.maxMessageBytes).map((m) => m.uid);
    const dates = new Map(batch.map((m) => [m.uid, m.internalDate]));
    const handled: number[] = [];
    // A watchdog rather than one timeout: a large batch may take long, a stalled one must not.
    let last = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - last > this.#timeoutMs) {
        this.log.warn({ tenant: this.tenant, folder }, 'IMAP FETCH stalled; closing the connection');
        client.close();
      }
    }, Math.min(5_000, this.#timeoutMs));
    // Parse up to PARSE_AHEAD mails ahead while the current one is stored (in UID order).
    const queue: Array<{ uid: number; mail: SourceMail; parsed?: Promise<ParseOutcome> }> = [];
    // Stored strictly in UID order (the cursor is a high-water mark): an oversized mail takes its turn.
    const queueOversizedBefore = (uid: number) => {
      while (oversized.length > 0 && oversized[0]!.uid < uid) {
        const o = oversized.shift()!;
        queue.push({ uid: o.uid, mail: { origin: origin(o.uid), size: o.size, raw: null, receivedAt: o.internalDate } });
      }
    };
    const storeNext = async () => {
      const next = queue.shift()!;
      await this.handle.handle(next.mail, next.parsed);
      handled.push(next.uid);
      last = Date.now();
    };
    try {
      for await (const m of wanted.length ? client.fetch(wanted.join(','), { uid: true, source: true, size: true }, { uid: true }) : []) {
        last = Date.now();
        if (!m.source) continue;
        queueOversizedBefore(m.uid);
        const mail: SourceMail = { origin: origin(m.uid), size: m.source.length, raw: m.source, receivedAt: dates.get(m.uid) ?? new Date() };
        queue.push({ uid: m.uid, mail, parsed: this.handle.prepare(m.source) });
        while (queue.length > PARSE_AHEAD) await storeNext();
        if (this.#stopped) break;
      }
      queueOversizedBefore(Infinity);
      while (queue.length > 0 && !this.#stopped) await storeNext();
    } finally {
      clearInterval(watchdog);
    }
    if (this.cfg.markSeen && handled.length > 0 && client.usable) {
      await withTimeout(client.messageFlagsAdd(handled.join(','), ['\\Seen'], { uid: true }), this.#timeoutMs, 'IMAP STORE', () => client.close());
    }
  }

  async drain(): Promise<void> {
    // The session loop syncs on every wake-up; a drain asks for one more pass and waits for it.
    this.#dirty = true;
    this.#wakeIdle?.();
    await this.#syncing;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#sleeper.wake();
    this.#wakeIdle?.();
    // Let the mail in hand finish storing; the session then logs out.
    await this.#syncing?.catch(() => undefined);
    await this.#loop;
  }
}

function toDate(v: unknown): Date {
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? new Date() : d;
}
