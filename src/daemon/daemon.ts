import { join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { ANALYSE_WORKER } from '../ingest/analyse.js';
import { Ingest } from '../ingest/ingest.js';
import { systemDnsResolver } from '../ingest/mailAuth.js';
import { reprocessQuarantined, type ReprocessResult } from '../ingest/reprocess.js';
import { FileTransport } from '../outbox/fileTransport.js';
import { renderQueued } from '../outbox/queue.js';
import { OutboxSender, type SenderHooks } from '../outbox/sender.js';
import { SmtpTransport } from '../outbox/smtpTransport.js';
import type { MailTransport } from '../outbox/transport.js';
import { MailParser } from '../parse/parse.js';
import { ImapSource } from '../source/imap.js';
import { MaildirSource } from '../source/maildir.js';
import type { MailSource } from '../source/types.js';
import { openDb, walCheckpoint, type Db } from '../store/db.js';
import { createTenantContext, type DnsResolver, type TenantContext } from '../tenant/context.js';
import { loadOrCreateSecret } from '../tenant/secret.js';
import { runTimers } from '../workflow/timers.js';
import { releaseHeld, type ReleaseResult } from '../workflow/autoReply.js';
import { cancelIfMoot, letterAcceptedByServer, letterRefusedForGood } from '../workflow/delivery.js';
import type { JobResult } from '../scheduler/context.js';
import { JobScheduler } from '../scheduler/cron.js';
import { JOBS, type JobName } from '../scheduler/jobs.js';
import { DataDirLock } from './lock.js';
import { outboxDueAt, outboxHighWater, outboxQueuedByJob } from '../store/outbox.js';

/** How often procedure timers are checked; the objection window ends at a day's end, a minute late is fine. */
const TIMER_INTERVAL_MS = 60_000;

export interface DaemonOptions {
  config: LoadedConfig;
  log: Logger;
  clock?: Clock;
  /** DNS for checking command mails' DKIM and DMARC (tests serve their own keys); default: global `dns`. */
  dnsResolver?: DnsResolver;
}

/**
 * The long-running process: per tenant a mailbox source and an outbox sender, one store, one
 * parse worker. Stopping finishes the mail in hand and the send in flight before closing.
 */
export class Daemon {
  readonly db: Db;
  readonly tenants = new Map<string, TenantContext>();
  readonly ingest: Ingest;
  /** Each tenant's mailbox source, by tenant id. */
  readonly #sources = new Map<string, MailSource>();
  readonly #senders = new Map<string, OutboxSender>();
  readonly #parser: MailParser;
  readonly #log: Logger;
  readonly #clock: Clock;
  #stopping: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #scheduler: JobScheduler | null = null;
  #lock: DataDirLock | null = null;

  constructor(private readonly opts: DaemonOptions) {
    const { config } = opts;
    const clock = opts.clock ?? systemClock;
    this.#clock = clock;
    this.#log = opts.log;
    this.db = openDb(join(config.dataDir, 'complaintdesk.sqlite'));
    const secret = config.global.secret ?? loadOrCreateSecret(join(config.dataDir, 'secret.key'));
    // The worker parses and analyses each mail (bounce, automatic-mail rules, body), ingest reads the result.
    this.#parser = new MailParser(config.global.limits, { worker: ANALYSE_WORKER });
    const dns = { resolve: opts.dnsResolver ?? systemDnsResolver(config.global.dns.servers), timeoutMs: config.global.dns.timeoutMs };
    for (const t of config.tenants) this.tenants.set(t.id, createTenantContext({ cfg: t, configDir: config.dir, db: this.db, clock, secret, dns }));
    this.ingest = new Ingest({
      parser: this.#parser,
      tenants: this.tenants,
      maxAttachmentBytes: config.global.limits.maxAttachmentBytes,
      log: this.#log.child({ component: 'ingest' }),
      onOutbox: (tenant) => this.#senders.get(tenant)?.wake(),
      // The same test as the sender's hold: what it holds is rendered when it sends it.
      renderLater: (tenant) => this.#sources.get(tenant)?.catchingUp ?? false,
    });
    for (const t of config.tenants) {
      const log = this.#log.child({ component: 'source' });
      const source =
        'imap' in t.mailbox
          ? new ImapSource({
              tenant: t.id,
              cfg: t.mailbox.imap,
              firstStart: t.mailbox.firstStart,
              db: this.db,
              clock,
              maxMessageBytes: config.global.limits.maxMessageBytes,
              handle: this.ingest.handler,
              log,
            })
          : new MaildirSource({
              tenant: t.id,
              dir: resolve(config.dataDir, t.mailbox.maildir.path),
              pollIntervalMs: t.mailbox.maildir.pollIntervalSeconds * 1000,
              firstStart: t.mailbox.firstStart,
              db: this.db,
              clock,
              handle: this.ingest.handler,
              log,
            });
      this.#sources.set(t.id, source);
      const transport: MailTransport =
        'smtp' in t.transport ? new SmtpTransport(t.transport.smtp) : new FileTransport(resolve(config.dataDir, t.transport.file.path));
      this.#senders.set(
        t.id,
        new OutboxSender(
          this.db,
          t.id,
          transport,
          config.global.sender,
          clock,
          this.#log.child({ component: 'sender' }),
          this.#deliveryHooks(this.tenants.get(t.id)!),
          () => source.catchingUp,
        ),
      );
    }
  }

  /** The outbox reports back into the procedure: deadlines met on acceptance, refusals alerted, moot letters dropped. */
  #deliveryHooks(tenant: TenantContext): SenderHooks {
    return {
      cancelIfMoot: (mail, at) => cancelIfMoot(tenant, mail, at),
      accepted: (mail, at) => letterAcceptedByServer(tenant, mail, at),
      refused: (mail, at, error) => letterRefusedForGood(tenant, mail, at, error),
      render: (mail) => renderQueued(tenant, mail),
    };
  }

  /** A person releases the automatic letters the tenant's circuit breaker held (see workflow/autoReply.ts). */
  releaseHeld(tenantId: string): ReleaseResult {
    const tenant = this.tenants.get(tenantId);
    if (!tenant) throw new Error(`no tenant ${tenantId}`);
    const r = this.db.transaction(() => releaseHeld({ tenant, now: this.#clock.now() })).immediate();
    this.#senders.get(tenantId)?.wake();
    return r;
  }

  async start(): Promise<void> {
    // Before touching any mailbox: a second daemon on the same data directory would answer mail twice.
    this.#lock = DataDirLock.acquire(this.opts.config.dataDir, this.#clock.now());
    this.#log.info({ tenants: [...this.tenants.keys()], dataDir: this.opts.config.dataDir }, 'complaintdesk starting');
    this.#parser.start();
    for (const s of this.#senders.values()) s.start();
    for (const s of this.#sources.values()) await s.start();
    const tick = () => {
      try {
        this.runTimers();
      } catch (err) {
        this.#log.error({ err }, 'procedure timers failed; retrying next minute');
      }
      try {
        walCheckpoint(this.db);
      } catch (err) {
        this.#log.warn({ err }, 'WAL checkpoint failed; retrying next minute');
      }
    };
    tick();
    this.#timer = setInterval(tick, TIMER_INTERVAL_MS);
    this.#scheduler = new JobScheduler((job, tenant) => void this.runJob(job, { tenant }), this.#log.child({ component: 'scheduler' }));
    this.#scheduler.start(this.opts.config.tenants);
  }

  /**
   * Run a scheduled job (reminders, escalations, digest, learnings) as of `now` for one tenant or
   * all; what it queued is sent by the running senders (woken here). A dry run queues nothing.
   * `sendNow` (a run by hand): the letters are due at the clock's now even when `now` lies in the
   * future, so they go out at once instead of waiting for that date; `queuedIds` names them.
   */
  runJob(job: JobName, opts: { tenant?: string; now?: Date; dryRun?: boolean; sendNow?: boolean } = {}): Array<JobResult & { queuedIds: number[] }> {
    const now = opts.now ?? this.#clock.now();
    const tenants = opts.tenant ? [this.tenants.get(opts.tenant)].filter((t) => t !== undefined) : [...this.tenants.values()];
    if (opts.tenant && tenants.length === 0) throw new Error(`no tenant ${opts.tenant}`);
    const results = tenants.map((tenant) => {
      const before = outboxHighWater(this.db);
      const r = JOBS[job]({ tenant, now, dryRun: opts.dryRun ?? false });
      const queuedIds = opts.dryRun ? [] : outboxQueuedByJob(this.db, tenant.id, before, now).map((m) => m.id);
      if (opts.sendNow) outboxDueAt(this.db, queuedIds, this.#clock.now());
      return { ...r, queuedIds };
    });
    for (const r of results) {
      if (r.mails.length > 0 && !opts.dryRun) {
        this.#log.info({ job, tenant: r.tenant, mails: r.mails.length, skippedLate: r.skippedLate.length }, 'scheduled mail queued');
        this.#senders.get(r.tenant)?.wake();
      }
    }
    return results;
  }

  /** Send what is queued now (after jobs run on demand). */
  async drainSenders(): Promise<void> {
    for (const s of this.#senders.values()) await s.drain();
  }

  /** Fire procedure timers that are due (the objection window ending); wakes the senders when letters were queued. */
  runTimers(now: Date = this.#clock.now()): number {
    let fired = 0;
    for (const t of this.tenants.values()) {
      const n = runTimers({ tenant: t, now });
      if (n > 0) this.#senders.get(t.id)?.wake();
      fired += n;
    }
    return fired;
  }

  /** Reprocess a quarantined mail, then send what that queued (claims are atomic, so a running daemon never sends it twice). */
  async reprocess(id: number): Promise<ReprocessResult> {
    const r = await reprocessQuarantined(this.db, this.ingest, id, this.#clock);
    for (const s of this.#senders.values()) await s.drain();
    return r;
  }

  /** One pass: process every waiting mail, then send everything due. For the demo, tests and one-shot runs. */
  async runOnce(): Promise<void> {
    for (const s of this.#sources.values()) await s.drain();
    for (const s of this.#senders.values()) await s.drain();
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#log.info('stopping: finishing the mail in hand');
      if (this.#timer) clearInterval(this.#timer);
      await this.#scheduler?.stop();
      await Promise.all([...this.#sources.values()].map((s) => s.stop()));
      await Promise.all([...this.#senders.values()].map((s) => s.stop()));
      await this.#parser.close();
      this.db.close();
      this.#lock?.release();
      this.#log.info('stopped');
    })();
    return this.#stopping;
  }
}
