import type { Clock } from '../core/clock.js';
import { QuarantineReasons } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { MailParser } from '../parse/parse.js';
import type { ParsedMessage } from '../parse/types.js';
import type { SourceMail } from '../source/types.js';
import type { Db } from '../store/db.js';
import { cursorAdvance } from '../store/cursors.js';
import { inboundByMessageId, inboundInsert, inboundSeenSource, type InboundDisposition, type MailOrigin } from '../store/inbound.js';
import { quarantineInsert } from '../store/quarantine.js';
import { messageIdVerify } from '../thread/messageId.js';
import { complaintByReference } from '../store/complaints.js';
import { eventAppend } from '../store/events.js';
import { openComplaint } from './openComplaint.js';
import { LOOP_HEADER, type TenantRuntime } from './tenant.js';
import { headerValues } from '../parse/types.js';

export type IngestResult =
  | { kind: 'new-complaint'; complaintId: number; reference: string }
  | { kind: 'attached'; complaintId: number; reference: string }
  | { kind: 'skipped'; disposition: InboundDisposition; detail: string }
  | { kind: 'quarantined'; reason: string; detail: string };

export interface IngestDeps {
  db: Db;
  parser: MailParser;
  tenants: ReadonlyMap<string, TenantRuntime>;
  secret: string;
  clock: Clock;
  log: Logger;
  /** Called after a transaction queued outgoing mail for a tenant, to wake its sender. */
  onOutbox: (tenant: string) => void;
}

/**
 * source → parse → guards → thread → intake → store + outbox (one transaction).
 * Every mail ends stored (processed, attached, skipped with a reason) or quarantined; the
 * mailbox cursor advances in the same transaction, never before.
 */
export class Ingest {
  constructor(private readonly deps: IngestDeps) {}

  /** The MailHandler sources call. Throws only when the store itself fails (the source retries). */
  handle = async (mail: SourceMail): Promise<void> => {
    const r = await this.process(mail);
    const log = this.deps.log;
    if (r.kind === 'quarantined') log.warn({ tenant: mail.origin.tenant, source: mail.origin.sourceKey, reason: r.reason, detail: r.detail }, 'mail quarantined');
    else if (r.kind === 'skipped') log.info({ tenant: mail.origin.tenant, source: mail.origin.sourceKey, disposition: r.disposition, detail: r.detail }, 'mail stored, no action');
    else log.info({ tenant: mail.origin.tenant, ref: r.reference, source: mail.origin.sourceKey }, r.kind === 'new-complaint' ? 'complaint:received' : 'complaint:mail-attached');
  };

  async process(mail: SourceMail): Promise<IngestResult> {
    const { db, clock } = this.deps;
    const { origin } = mail;
    const tenant = this.deps.tenants.get(origin.tenant);
    if (!tenant) throw new Error(`mail for unknown tenant ${origin.tenant}`);

    if (inboundSeenSource(db, origin.tenant, origin.sourceKey)) {
      this.#tx(origin, () => undefined);
      return { kind: 'skipped', disposition: 'duplicate', detail: 'this mailbox copy was processed before' };
    }
    if (!mail.raw) return this.#quarantine(mail, QuarantineReasons.TOO_LARGE, `${mail.size} bytes, not downloaded`);

    const parsed = await this.deps.parser.parse(mail.raw);
    if (!parsed.ok) return this.#quarantine(mail, parsed.reason, parsed.detail);
    const msg = parsed.msg;
    if (!msg.from?.address) return this.#quarantine(mail, QuarantineReasons.NO_SENDER, 'no usable From address');

    try {
      const r = this.#tx(origin, () => this.#decide(tenant, mail, msg));
      // After commit: the sender must find the queued mail when it wakes.
      if (r.kind === 'new-complaint') this.deps.onOutbox(origin.tenant);
      return r;
    } catch (err) {
      this.deps.log.error({ tenant: origin.tenant, source: origin.sourceKey, err }, 'processing failed');
      return this.#quarantine(mail, QuarantineReasons.PROCESSING_FAILED, err instanceof Error ? err.message : String(err));
    }
  }

  /** Run `fn` and advance the mailbox cursor in one transaction. */
  #tx<T>(origin: MailOrigin, fn: () => T): T {
    const { db, clock } = this.deps;
    return db
      .transaction(() => {
        const r = fn();
        if (origin.uid !== null && origin.uidvalidity !== null) cursorAdvance(db, origin.tenant, origin.mailbox, origin.uidvalidity, origin.uid, clock.now());
        return r;
      })
      .immediate();
  }

  #quarantine(mail: SourceMail, reason: string, detail: string): IngestResult {
    this.#tx(mail.origin, () => quarantineInsert(this.deps.db, { origin: mail.origin, size: mail.size, raw: mail.raw, reason, detail, now: this.deps.clock.now() }));
    return { kind: 'quarantined', reason, detail };
  }

  #store(tenant: TenantRuntime, mail: SourceMail, msg: ParsedMessage, complaintId: number | null, disposition: InboundDisposition, detail: string | null): number {
    return inboundInsert(this.deps.db, {
      origin: mail.origin,
      messageId: msg.messageId,
      raw: mail.raw!,
      fromAddress: msg.from?.address ?? null,
      fromName: msg.from?.name ?? null,
      subject: msg.subject,
      text: msg.text,
      sentDate: msg.date,
      receivedAt: mail.receivedAt,
      complaintId,
      disposition,
      detail,
    });
  }

  /** Inside the transaction: what this mail is and what it does. */
  #decide(tenant: TenantRuntime, mail: SourceMail, msg: ParsedMessage): IngestResult {
    const { db, clock } = this.deps;
    const id = tenant.cfg.id;
    const skip = (disposition: InboundDisposition, detail: string, complaintId: number | null = null): IngestResult => {
      this.#store(tenant, mail, msg, complaintId, disposition, detail);
      return { kind: 'skipped', disposition, detail };
    };

    if (msg.messageId) {
      const seen = inboundByMessageId(db, id, msg.messageId);
      if (seen) return skip('duplicate', `Message-ID <${msg.messageId}> was processed before (inbound #${seen.id})`, seen.complaintId);
    }
    const loop = headerValues(msg, LOOP_HEADER);
    if (msg.from!.address === tenant.cfg.address || loop.length > 0) {
      return skip('own-mail', loop.length > 0 ? `carries our ${LOOP_HEADER} header` : 'sent from our own address');
    }

    // Strongest evidence first: a signed Message-ID of ours in In-Reply-To/References.
    for (const ref of [...msg.inReplyTo, ...[...msg.references].reverse()]) {
      const ours = messageIdVerify(this.deps.secret, ref);
      if (!ours?.reference) continue;
      const complaint = complaintByReference(db, ours.reference);
      if (!complaint || complaint.tenant !== id) continue;
      this.#store(tenant, mail, msg, complaint.id, 'attached', `replies to <${ref}>`);
      eventAppend(db, { tenant: id, complaintId: complaint.id, at: clock.now(), type: 'mail:received', actor: msg.from!.address === complaint.customerEmail ? 'customer' : `sender:${msg.from!.address}`, data: { messageId: msg.messageId, subject: msg.subject, evidence: 'signed-message-id' } });
      return { kind: 'attached', complaintId: complaint.id, reference: complaint.reference };
    }

    const inboundId = this.#store(tenant, mail, msg, null, 'new-complaint', null);
    const opened = openComplaint(db, tenant, {
      inboundId,
      msg,
      receivedAt: mail.receivedAt,
      now: clock.now(),
      secret: this.deps.secret,
    });
    return { kind: 'new-complaint', complaintId: opened.complaintId, reference: opened.reference };
  }
}
