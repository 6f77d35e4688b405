import type { Db } from './db.js';
import { stmt } from './stmt.js';

export interface OutboxMail {
  id: number;
  tenant: string;
  complaintId: number | null;
  kind: string;
  messageId: string;
  fromAddress: string;
  fromName: string;
  toAddress: string;
  toName: string | null;
  subject: string;
  text: string;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  autoSubmitted: string | null;
  /** held: the circuit breaker holds it for a person; cancelled: collapsed into a later letter, or moot. */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'held' | 'cancelled';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastResponseCode: number | null;
  createdAt: string;
  sentAt: string | null;
  /** Why it waits (auto-reply slot, circuit breaker) or was cancelled. */
  holdReason: string | null;
  /** What the mail server's acceptance settles: `letter-accepted` for each (complaint, letter). */
  deliveries: OutboxDelivery[];
  /** Template and data of an automatic letter, kept so a collapse can render it again (and to render an unrendered one). */
  render: OutboxRender | null;
  /**
   * Queued during a backlog and not rendered yet: subject and text are empty until the sender
   * renders it from `render` when it sends it (migration 012).
   */
  unrendered: boolean;
}

export interface OutboxDelivery {
  complaintId: number;
  letter: string;
}

export interface OutboxRender {
  template: string;
  lang: 'nl' | 'en';
  data: Record<string, unknown>;
}

export type OutboxNew = Omit<
  OutboxMail,
  | 'id'
  | 'status'
  | 'attempts'
  | 'nextAttemptAt'
  | 'lastError'
  | 'lastResponseCode'
  | 'createdAt'
  | 'sentAt'
  | 'holdReason'
  | 'deliveries'
  | 'render'
  | 'unrendered'
> & { status?: 'pending' | 'held'; holdReason?: string | null; deliveries?: OutboxDelivery[]; render?: OutboxRender | null; unrendered?: boolean };

interface Row {
  id: number;
  tenant: string;
  complaint_id: number | null;
  kind: string;
  message_id: string;
  from_address: string;
  from_name: string;
  to_address: string;
  to_name: string | null;
  subject: string;
  text: string;
  html: string | null;
  in_reply_to: string | null;
  references_ids: string | null;
  auto_submitted: string | null;
  status: OutboxMail['status'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  last_response_code: number | null;
  created_at: string;
  sent_at: string | null;
  hold_reason: string | null;
  deliveries: string | null;
  render: string | null;
  unrendered: number;
}

function fromRow(r: Row): OutboxMail {
  return {
    id: r.id,
    tenant: r.tenant,
    complaintId: r.complaint_id,
    kind: r.kind,
    messageId: r.message_id,
    fromAddress: r.from_address,
    fromName: r.from_name,
    toAddress: r.to_address,
    toName: r.to_name,
    subject: r.subject,
    text: r.text,
    html: r.html,
    inReplyTo: r.in_reply_to,
    references: r.references_ids ? r.references_ids.split(' ') : [],
    autoSubmitted: r.auto_submitted,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    lastResponseCode: r.last_response_code,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    holdReason: r.hold_reason,
    deliveries: r.deliveries ? (JSON.parse(r.deliveries) as OutboxDelivery[]) : [],
    render: r.render ? (JSON.parse(r.render) as OutboxRender) : null,
    unrendered: r.unrendered === 1,
  };
}

/** Queue a mail; call inside the transaction that made the state change it belongs to. */
export function outboxEnqueue(db: Db, m: OutboxNew, now: Date, notBefore: Date = now): number {
  const r = stmt(
    db,
    `INSERT INTO outbox (tenant, complaint_id, kind, message_id, from_address, from_name, to_address, to_name, subject, text, html,
       in_reply_to, references_ids, auto_submitted, status, next_attempt_at, created_at, hold_reason, deliveries, render, unrendered)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.tenant,
    m.complaintId,
    m.kind,
    m.messageId,
    m.fromAddress,
    m.fromName,
    m.toAddress,
    m.toName,
    m.subject,
    m.text,
    m.html,
    m.inReplyTo,
    m.references.length ? m.references.join(' ') : null,
    m.autoSubmitted,
    m.status ?? 'pending',
    notBefore.toISOString(),
    now.toISOString(),
    m.holdReason ?? null,
    m.deliveries?.length ? JSON.stringify(m.deliveries) : null,
    m.render ? JSON.stringify(m.render) : null,
    m.unrendered ? 1 : 0,
  );
  return Number(r.lastInsertRowid);
}

/** An unrendered letter's content, written in by the sender just before it sends it. */
export function outboxSetRendered(db: Db, id: number, content: { subject: string; text: string; html: string | null }): void {
  stmt(db, 'UPDATE outbox SET subject = ?, text = ?, html = ?, unrendered = 0 WHERE id = ?').run(content.subject, content.text, content.html, id);
}

export function outboxById(db: Db, id: number): OutboxMail | null {
  const r = stmt(db, 'SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  return r ? fromRow(r) : null;
}

/** Automatic letters to `address` not yet attempted — waiting for their slot, or due now and not yet picked up by the sender — oldest first. */
export function outboxAutoWaiting(db: Db, tenant: string, address: string, now: Date): OutboxMail[] {
  return (
    stmt(
      db,
      `SELECT * FROM outbox WHERE tenant = ? AND to_address = ? AND status = 'pending' AND auto_submitted = 'auto-replied'
         AND attempts = 0 AND next_attempt_at >= ? ORDER BY id`,
    ).all(tenant, address, now.toISOString()) as Row[]
  ).map(fromRow);
}

/** Automatic letters the circuit breaker holds, oldest first. */
export function outboxHeld(db: Db, tenant: string): OutboxMail[] {
  return (stmt(db, `SELECT * FROM outbox WHERE tenant = ? AND status = 'held' ORDER BY id`).all(tenant) as Row[]).map(fromRow);
}

/** Automatic letters queued to go out since `since` (held and cancelled ones did not go out). */
export function outboxAutoCountSince(db: Db, tenant: string, since: Date): number {
  return stmt(
    db,
    `SELECT count(*) FROM outbox WHERE tenant = ? AND auto_submitted = 'auto-replied' AND created_at >= ? AND status NOT IN ('held', 'cancelled')`,
  )
    .pluck()
    .get(tenant, since.toISOString()) as number;
}

export function outboxCancel(db: Db, id: number, reason: string): void {
  stmt(db, `UPDATE outbox SET status = 'cancelled', hold_reason = ? WHERE id = ? AND status IN ('pending', 'held', 'sending')`).run(reason, id);
}

/** Put a letter (again) in line: content re-rendered by a collapse, a new slot, released from hold. */
export function outboxRequeue(
  db: Db,
  id: number,
  m: {
    subject: string;
    text: string;
    html: string | null;
    deliveries: OutboxDelivery[];
    render: OutboxRender | null;
    notBefore: Date;
    holdReason: string | null;
    /** Still to be rendered when sent (queued during a backlog, not rendered again here). */
    unrendered?: boolean;
  },
): void {
  stmt(
    db,
    `UPDATE outbox SET status = 'pending', subject = ?, text = ?, html = ?, unrendered = ?, deliveries = ?, render = ?, next_attempt_at = ?, hold_reason = ? WHERE id = ?`,
  ).run(
    m.subject,
    m.text,
    m.html,
    m.unrendered ? 1 : 0,
    m.deliveries.length ? JSON.stringify(m.deliveries) : null,
    m.render ? JSON.stringify(m.render) : null,
    m.notBefore.toISOString(),
    m.holdReason,
    id,
  );
}

/**
 * Letters that did not reach their recipient (refused, retries exhausted, bounced), newest first.
 * `since` compares the moment it failed: the bounce, else the last attempt (next_attempt_at is
 * left at the attempt that failed for good).
 */
export function outboxUndelivered(db: Db, tenant: string | null, since: Date | null = null, limit = 200): OutboxMail[] {
  return (
    stmt(
      db,
      `SELECT * FROM outbox WHERE status = 'failed' AND (@tenant IS NULL OR tenant = @tenant) AND (@since IS NULL OR coalesce(bounced_at, next_attempt_at) >= @since)
       ORDER BY id DESC LIMIT @limit`,
    ).all({ tenant, since: since ? since.toISOString() : null, limit }) as Row[]
  ).map(fromRow);
}

/** Complaints with a letter that did not reach its recipient. */
export function outboxUndeliveredComplaints(db: Db, tenant: string | null): Set<number> {
  return new Set(
    stmt(db, `SELECT DISTINCT complaint_id FROM outbox WHERE status = 'failed' AND complaint_id IS NOT NULL AND (@tenant IS NULL OR tenant = @tenant)`)
      .pluck()
      .all({ tenant }) as number[],
  );
}

/** Every complaint a (possibly collapsed) letter answers. */
export function outboxComplaintIds(mail: OutboxMail): number[] {
  return [...new Set([mail.complaintId, ...mail.deliveries.map((d) => d.complaintId)].filter((x): x is number => x !== null))];
}

/** Is every complaint this automatic letter answers closed? Then it is moot. */
export function outboxComplaintsClosed(db: Db, complaintIds: number[]): boolean {
  if (complaintIds.length === 0) return false;
  const open = stmt(db, `SELECT count(*) FROM complaints WHERE id IN (SELECT value FROM json_each(?)) AND state != 'closed'`)
    .pluck()
    .get(JSON.stringify(complaintIds)) as number;
  return open === 0;
}

/**
 * Letters a person is waiting for: one a person wrote (to a customer: no Auto-Submitted) and the
 * answer to a person's own command mail. They go out even while automatic mail is held.
 */
const PERSON_WAITING = `(auto_submitted IS NULL OR kind = 'command-reply')`;

/**
 * Due mail of a tenant, oldest first, atomically marked `sending` so a second sender cannot take it
 * too; `personWaiting`: only letters a person is waiting for (see PERSON_WAITING).
 */
export function outboxClaimDue(db: Db, tenant: string, now: Date, limit: number, personWaiting = false): OutboxMail[] {
  return db
    .transaction(() => {
      const rows = stmt(
        db,
        `SELECT * FROM outbox WHERE tenant = ? AND status = 'pending' AND next_attempt_at <= ?${personWaiting ? ` AND ${PERSON_WAITING}` : ''}
         ORDER BY next_attempt_at, id LIMIT ?`,
      ).all(tenant, now.toISOString(), limit) as Row[];
      const mark = stmt(db, `UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?`);
      for (const r of rows) mark.run(r.id);
      return rows.map((r) => ({ ...fromRow(r), status: 'sending' as const, attempts: r.attempts + 1 }));
    })
    .immediate();
}

export function outboxMarkSent(db: Db, id: number, now: Date, responseCode: number | null): void {
  stmt(db, `UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, last_response_code = ? WHERE id = ?`).run(now.toISOString(), responseCode, id);
}

export function outboxMarkRetry(db: Db, id: number, nextAttemptAt: Date, error: string, responseCode: number | null): void {
  stmt(db, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, last_response_code = ? WHERE id = ?`).run(
    nextAttemptAt.toISOString(),
    error,
    responseCode,
    id,
  );
}

export function outboxMarkFailed(db: Db, id: number, error: string, responseCode: number | null): void {
  stmt(db, `UPDATE outbox SET status = 'failed', last_error = ?, last_response_code = ? WHERE id = ?`).run(error, responseCode, id);
}

/**
 * After a crash, mail left `sending` may or may not have reached the server. Sending it again is
 * the lesser evil: it keeps its Message-ID, so the recipient's client shows it once.
 */
export function outboxRecoverInFlight(db: Db, tenant: string): number {
  return stmt(db, `UPDATE outbox SET status = 'pending' WHERE tenant = ? AND status = 'sending'`).run(tenant).changes;
}

export function outboxByMessageId(db: Db, messageId: string): OutboxMail | null {
  const r = stmt(db, 'SELECT * FROM outbox WHERE message_id = ?').get(messageId) as Row | undefined;
  return r ? fromRow(r) : null;
}

export function outboxForComplaint(db: Db, complaintId: number): OutboxMail[] {
  return (stmt(db, 'SELECT * FROM outbox WHERE complaint_id = ? ORDER BY id').all(complaintId) as Row[]).map(fromRow);
}

export function outboxNextDue(db: Db, tenant: string): Date | null {
  const r = stmt(db, `SELECT min(next_attempt_at) AS t FROM outbox WHERE tenant = ? AND status = 'pending'`).get(tenant) as { t: string | null };
  return r.t ? new Date(r.t) : null;
}

export function outboxCounts(db: Db, tenant?: string): Record<string, number> {
  const rows = stmt(db, `SELECT status, count(*) AS n FROM outbox WHERE (@tenant IS NULL OR tenant = @tenant) GROUP BY status`).all({
    tenant: tenant ?? null,
  }) as Array<{
    status: string;
    n: number;
  }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Hand a claimed mail back untouched (shutdown came between claim and send): it was not attempted. */
export function outboxRelease(db: Db, id: number): void {
  stmt(db, `UPDATE outbox SET status = 'pending', attempts = max(0, attempts - 1) WHERE id = ? AND status = 'sending'`).run(id);
}

/** A permanent bounce came back for this mail: it did not arrive, whatever the server said at the time. */
export function outboxMarkBounced(db: Db, id: number, at: Date, detail: string): void {
  stmt(db, `UPDATE outbox SET status = 'failed', bounced_at = ?, bounce_detail = ? WHERE id = ?`).run(at.toISOString(), detail, id);
}

/** The outbox for operators, newest first. */
export function outboxList(db: Db, tenant: string | null, status: string | null, limit = 500): OutboxMail[] {
  return (
    stmt(db, `SELECT * FROM outbox WHERE (@tenant IS NULL OR tenant = @tenant) AND (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit`).all({
      tenant,
      status,
      limit,
    }) as Row[]
  ).map(fromRow);
}

/** The newest outbox id: compared before and after a unit of work to see whether it queued mail. */
export function outboxHighWater(db: Db): number {
  return stmt(db, 'SELECT coalesce(max(id), 0) FROM outbox').pluck().get() as number;
}

/** Kind and recipient of what was queued after `afterId`, other than command replies (a command's answer lists them). */
export function outboxQueuedSince(db: Db, afterId: number): Array<{ kind: string; toAddress: string }> {
  return stmt(db, `SELECT kind, to_address AS toAddress FROM outbox WHERE id > ? AND kind NOT IN ('command-reply') ORDER BY id`).all(afterId) as Array<{
    kind: string;
    toAddress: string;
  }>;
}

/** States from which an operator may queue a letter again; sent too: "send it again" for a customer who lost it. */
export const OUTBOX_RESENDABLE = ['failed', 'cancelled', 'sent'] as const;
/** States from which an operator may cancel a letter. */
export const OUTBOX_CANCELLABLE = ['pending', 'held', 'failed'] as const;

/**
 * Queue a letter again as a fresh attempt (attempts 0, due now), keeping its Message-ID so a
 * recipient who has it after all sees it once. False when it was no longer in a resendable state.
 */
export function outboxResend(db: Db, id: number, now: Date): boolean {
  return (
    stmt(
      db,
      `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, last_response_code = NULL, hold_reason = NULL
       WHERE id = ? AND status IN ('failed', 'cancelled', 'sent')`,
    ).run(now.toISOString(), id).changes === 1
  );
}

/** An operator cancels a letter that has not gone out (or failed); false when it was no longer cancellable. */
export function outboxCancelByOperator(db: Db, id: number, reason: string): boolean {
  return (
    stmt(db, `UPDATE outbox SET status = 'cancelled', hold_reason = ? WHERE id = ? AND status IN ('pending', 'held', 'failed')`).run(reason, id).changes === 1
  );
}

/** The subject a letter was queued with, by its Message-ID (a job's report lists it without rendering the letter again). */
export function outboxSubjectOf(db: Db, messageId: string): string | null {
  return (stmt(db, 'SELECT subject FROM outbox WHERE message_id = ?').pluck().get(messageId) as string | undefined) ?? null;
}

/** Letters a job queued as of `jobNow` (their created_at) after outbox id `afterId`, oldest first. */
export function outboxQueuedByJob(db: Db, tenant: string, afterId: number, jobNow: Date): OutboxMail[] {
  return (stmt(db, `SELECT * FROM outbox WHERE tenant = ? AND id > ? AND created_at = ? ORDER BY id`).all(tenant, afterId, jobNow.toISOString()) as Row[]).map(
    fromRow,
  );
}

/**
 * A job run by hand sends what it queued now: its pending letters due later than `sendAt` (a
 * --now in the future) are due at `sendAt`. Returns how many were moved forward.
 */
export function outboxDueAt(db: Db, ids: number[], sendAt: Date): number {
  return stmt(db, `UPDATE outbox SET next_attempt_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending' AND next_attempt_at > ?`).run(
    sendAt.toISOString(),
    JSON.stringify(ids),
    sendAt.toISOString(),
  ).changes;
}
