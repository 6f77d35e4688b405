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
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastResponseCode: number | null;
  createdAt: string;
  sentAt: string | null;
}

export type OutboxNew = Omit<OutboxMail, 'id' | 'status' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'lastResponseCode' | 'createdAt' | 'sentAt'>;

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
  };
}

/** Queue a mail; call inside the transaction that made the state change it belongs to. */
export function outboxEnqueue(db: Db, m: OutboxNew, now: Date, notBefore: Date = now): number {
  const r = stmt(
    db,
    `INSERT INTO outbox (tenant, complaint_id, kind, message_id, from_address, from_name, to_address, to_name, subject, text, html,
       in_reply_to, references_ids, auto_submitted, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
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
    notBefore.toISOString(),
    now.toISOString(),
  );
  return Number(r.lastInsertRowid);
}

/** Due mail of a tenant, oldest first, atomically marked `sending` so a second sender cannot take it too. */
export function outboxClaimDue(db: Db, tenant: string, now: Date, limit: number): OutboxMail[] {
  return db.transaction(() => {
    const rows = stmt(
      db,
      `SELECT * FROM outbox WHERE tenant = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    ).all(tenant, now.toISOString(), limit) as Row[];
    const mark = stmt(db, `UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?`);
    for (const r of rows) mark.run(r.id);
    return rows.map((r) => ({ ...fromRow(r), status: 'sending' as const, attempts: r.attempts + 1 }));
  }).immediate();
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
  const rows = stmt(db, `SELECT status, count(*) AS n FROM outbox WHERE (@tenant IS NULL OR tenant = @tenant) GROUP BY status`).all({ tenant: tenant ?? null }) as Array<{
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
