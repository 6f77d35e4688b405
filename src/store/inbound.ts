import type { Db } from './db.js';
import { stmt } from './stmt.js';

/** Where a mail came from: enough to fetch it again and to recognise it when seen twice. */
export interface MailOrigin {
  tenant: string;
  /** `imap:<folder>:<uidvalidity>:<uid>` or `maildir:<unique name>`. */
  sourceKey: string;
  mailbox: string;
  uidvalidity: string | null;
  uid: number | null;
}

export type InboundDisposition = 'new-complaint' | 'attached' | 'duplicate' | 'automatic' | 'own-mail' | 'staff-mail' | 'not-a-complaint' | 'unsure' | 'bounce' | 'command';

export interface InboundInsert {
  origin: MailOrigin;
  messageId: string | null;
  raw: Buffer;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  text: string | null;
  sentDate: Date | null;
  receivedAt: Date;
  complaintId: number | null;
  disposition: InboundDisposition;
  detail?: string | null;
}

export function inboundInsert(db: Db, m: InboundInsert): number {
  const r = stmt(
    db,
    `INSERT INTO inbound_messages (tenant, source_key, mailbox, uidvalidity, uid, message_id, size, raw, from_address, from_name, subject, text,
       sent_date, received_at, complaint_id, disposition, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.origin.tenant,
    m.origin.sourceKey,
    m.origin.mailbox,
    m.origin.uidvalidity,
    m.origin.uid,
    m.messageId,
    m.raw.length,
    m.raw,
    m.fromAddress,
    m.fromName,
    m.subject,
    m.text,
    m.sentDate ? m.sentDate.toISOString() : null,
    m.receivedAt.toISOString(),
    m.complaintId,
    m.disposition,
    m.detail ?? null,
  );
  return Number(r.lastInsertRowid);
}

/** Seen this exact mailbox copy before (same folder, UIDVALIDITY and UID, or same Maildir file)? */
export function inboundSeenSource(db: Db, tenant: string, sourceKey: string): boolean {
  return stmt(db, 'SELECT 1 FROM inbound_messages WHERE tenant = ? AND source_key = ?').get(tenant, sourceKey) !== undefined;
}

/** The first stored copy of a Message-ID for this tenant, if any. */
export function inboundByMessageId(db: Db, tenant: string, messageId: string): { id: number; complaintId: number | null } | null {
  const r = stmt(db, 'SELECT id, complaint_id FROM inbound_messages WHERE tenant = ? AND message_id = ? ORDER BY id LIMIT 1').get(tenant, messageId) as
    | { id: number; complaint_id: number | null }
    | undefined;
  return r ? { id: r.id, complaintId: r.complaint_id } : null;
}

export interface InboundSummary {
  id: number;
  messageId: string | null;
  fromAddress: string | null;
  subject: string | null;
  receivedAt: string;
  disposition: string;
  detail: string | null;
}

export function inboundForComplaint(db: Db, complaintId: number): InboundSummary[] {
  return (
    stmt(db, 'SELECT id, message_id, from_address, subject, received_at, disposition, detail FROM inbound_messages WHERE complaint_id = ? ORDER BY id').all(complaintId) as Array<{
      id: number;
      message_id: string | null;
      from_address: string | null;
      subject: string | null;
      received_at: string;
      disposition: string;
      detail: string | null;
    }>
  ).map((r) => ({ id: r.id, messageId: r.message_id, fromAddress: r.from_address, subject: r.subject, receivedAt: r.received_at, disposition: r.disposition, detail: r.detail }));
}
