import type { Clock } from '../core/clock.js';
import { backoffDelay } from '../core/backoff.js';
import { isTemporarySendError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Db } from '../store/db.js';
import { eventAppend, SYSTEM } from '../store/events.js';
import {
  outboxClaimDue,
  outboxMarkFailed,
  outboxMarkRetry,
  outboxMarkSent,
  outboxNextDue,
  outboxRecoverInFlight,
  outboxRelease,
  type OutboxMail,
} from '../store/outbox.js';
import type { MailTransport } from './transport.js';

export interface SenderPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * What the sender reports back, each inside the transaction that records the outcome (the
 * workflow layer settles deadlines, alerts people, drops moot letters).
 */
export interface SenderHooks {
  /** Just before sending: true when the mail is moot and was cancelled instead (in its own transaction). */
  cancelIfMoot?(mail: OutboxMail, at: Date): boolean;
  /** The mail server accepted it (or the file transport wrote it). */
  accepted?(mail: OutboxMail, at: Date): void;
  /** Refused for good (5xx) or retries exhausted. */
  refused?(mail: OutboxMail, at: Date, error: string): void;
  /** A letter queued unrendered (during a backlog): render it, write it into its row and return it (outbox/queue.ts renderQueued). */
  render?(mail: OutboxMail): OutboxMail;
}

const CLAIM_BATCH = 50;
/** While held (see `holdWhile`), look again this often… */
const HOLD_RECHECK_MS = 250;
/** …and send what is due at least this often, however long the hold lasts. */
const MAX_HOLD_MS = 5_000;
/** The longest a sender sleeps without looking at the outbox (mail queued by another process). */
const IDLE_RECHECK_MS = 30_000;

/**
 * Drains one tenant's outbox. Temporary failures (network, 4xx) are retried with jittered
 * exponential backoff; permanent ones (5xx) and exhausted retries are marked failed and recorded
 * on the complaint, visible in `show` and to the handler.
 */
export class OutboxSender {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = true;
  #again = false;
  #halting = false;
  /** When the current hold began (wall time: a hold is about this process's load, not the procedure's clock). */
  #heldSince: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly tenant: string,
    private readonly transport: MailTransport,
    private readonly policy: SenderPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly hooks: SenderHooks = {},
    /**
     * While this says so (the tenant's mailbox is catching up on a backlog), automatic letters
     * wait, up to MAX_HOLD_MS at a time: the backlog is stored first and answered right after,
     * instead of both sharing this thread with every other tenant's mail waiting behind them.
     * Letters a person is waiting for are never held.
     */
    private readonly holdWhile: () => boolean = () => false,
  ) {}

  start(): void {
    this.#stopped = false;
    const recovered = outboxRecoverInFlight(this.db, this.tenant);
    if (recovered > 0) this.log.warn({ tenant: this.tenant, recovered }, 'mail left in flight by an earlier run will be sent again (same Message-ID)');
    this.wake();
  }

  /** Something was queued: look now. */
  wake(): void {
    if (this.#stopped) return;
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const held = this.#held();
      void this.drain(held)
        .catch((err: unknown) => this.log.error({ tenant: this.tenant, err }, 'outbox pass failed'))
        .finally(() => (held ? this.#schedule(HOLD_RECHECK_MS) : this.#scheduleNext()));
    }, ms);
  }

  #scheduleNext(): void {
    if (this.#stopped || this.#timer) return;
    const next = outboxNextDue(this.db, this.tenant);
    const wait = next ? Math.max(0, next.getTime() - this.clock.now().getTime()) : IDLE_RECHECK_MS;
    this.#schedule(Math.min(wait, IDLE_RECHECK_MS));
  }

  /** Whether automatic mail waits now; false at least every MAX_HOLD_MS of a long hold (then the hold starts over). */
  #held(): boolean {
    if (!this.holdWhile()) {
      this.#heldSince = null;
      return false;
    }
    const now = Date.now();
    this.#heldSince ??= now;
    if (now - this.#heldSince < MAX_HOLD_MS) return true;
    this.#heldSince = now;
    return false;
  }

  /**
   * Send everything due now; resolves when nothing due is left. `held`: only the letters a person
   * is waiting for (what they wrote, the answer to their command) — automatic mail waits. A pass
   * sending everything stops after a claim when a hold has begun (see `holdWhile`).
   */
  drain(held = false): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        for (;;) {
          const due = outboxClaimDue(this.db, this.tenant, this.clock.now(), CLAIM_BATCH, held);
          if (due.length === 0) break;
          // As many in flight as the transport's pool has connections; each mail settles on its own.
          for (let i = 0; i < due.length; i += this.transport.concurrency) {
            const group = due.slice(i, i + this.transport.concurrency);
            // Shutting down: finish the mails in flight, hand the rest back untouched.
            if (this.#halting) {
              for (const mail of group) outboxRelease(this.db, mail.id);
              continue;
            }
            await Promise.all(group.map((mail) => this.#sendOne(mail)));
          }
          if (this.#halting) return;
          // A backlog is being stored: the rest waits for it (the next pass holds automatic mail).
          if (!held && this.holdWhile()) return;
        }
      } while (this.#again && !this.#halting);
    })().finally(() => (this.#running = null));
    return this.#running;
  }

  async #sendOne(mail: OutboxMail): Promise<void> {
    const log = this.log.child({ tenant: this.tenant, messageId: mail.messageId, kind: mail.kind, attempt: mail.attempts });
    if (this.hooks.cancelIfMoot?.(mail, this.clock.now())) {
      log.info({ to: mail.toAddress }, 'automatic letter not sent: its complaint was closed meanwhile');
      return;
    }
    if (mail.unrendered) {
      try {
        if (!this.hooks.render) throw new Error('this sender cannot render letters');
        mail = this.hooks.render(mail);
      } catch (err) {
        // Nothing a retry would change (a template that no longer fits its data): failed, and said so.
        this.#failed(mail, `letter could not be rendered: ${err instanceof Error ? err.message : String(err)}`, null, log);
        return;
      }
    }
    try {
      const r = await this.transport.send(mail);
      const now = this.clock.now();
      this.db.transaction(() => {
        outboxMarkSent(this.db, mail.id, now, r.responseCode);
        eventAppend(this.db, {
          tenant: this.tenant,
          complaintId: mail.complaintId,
          at: now,
          type: 'letter:sent',
          actor: SYSTEM,
          data: { kind: mail.kind, messageId: mail.messageId, to: mail.toAddress, response: r.response },
        });
        this.hooks.accepted?.(mail, now);
      })();
      log.info({ to: mail.toAddress }, 'mail sent');
    } catch (err) {
      const e = err as { message?: string; responseCode?: number };
      const code = typeof e.responseCode === 'number' ? e.responseCode : null;
      const message = e.message ?? String(err);
      if (isTemporarySendError(err) && mail.attempts < this.policy.maxAttempts) {
        const next = new Date(this.clock.now().getTime() + backoffDelay(mail.attempts, this.policy.baseDelayMs, this.policy.maxDelayMs));
        outboxMarkRetry(this.db, mail.id, next, message, code);
        log.warn({ err: message, responseCode: code, retryAt: next.toISOString() }, 'send failed temporarily; will retry');
        return;
      }
      this.#failed(mail, message, code, log);
    }
  }

  /** Failed for good: recorded on the letter and its complaint, and told to a person (the refused hook). */
  #failed(mail: OutboxMail, message: string, code: number | null, log: Logger): void {
    const now = this.clock.now();
    this.db.transaction(() => {
      outboxMarkFailed(this.db, mail.id, message, code);
      eventAppend(this.db, {
        tenant: this.tenant,
        complaintId: mail.complaintId,
        at: now,
        type: 'letter:failed',
        actor: SYSTEM,
        data: { kind: mail.kind, messageId: mail.messageId, to: mail.toAddress, error: message, responseCode: code, attempts: mail.attempts },
      });
      this.hooks.refused?.(mail, now, code ? `${code} ${message}` : message);
    })();
    log.error({ err: message, responseCode: code }, 'send failed permanently');
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#halting = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
    await this.transport.close();
  }
}
