import type { Db } from './db.js';
import { stmt } from './stmt.js';

/**
 * The reads behind `export`: a mail's stored source as it arrived, and everything stored about one
 * address for a subject access request (GDPR art. 15).
 */

/** One stored inbound mail with its source, byte for byte as the mailbox held it. */
export interface RawInbound {
  id: number;
  receivedAt: string;
  raw: Buffer;
}

export function exportInboundRaw(db: Db, complaintId: number): RawInbound[] {
  return (
    stmt(db, 'SELECT id, received_at, raw FROM inbound_messages WHERE complaint_id = ? ORDER BY id').all(complaintId) as Array<{
      id: number;
      received_at: string;
      raw: Buffer;
    }>
  ).map((r) => ({ id: r.id, receivedAt: r.received_at, raw: r.raw }));
}

/** The references of the complaints whose customer has this address (any case), oldest first. */
export function exportReferencesOfCustomer(db: Db, email: string): string[] {
  return stmt(db, 'SELECT reference FROM complaints WHERE lower(customer_email) = lower(?) ORDER BY id').pluck().all(email.trim()) as string[];
}

/** A mail from the address that is not part of one of their own complaints: threaded into another complaint, or none. */
export interface SenderMail extends RawInbound {
  tenant: string;
  subject: string | null;
  disposition: string;
  /** The complaint it was filed with (someone else's), or null. */
  reference: string | null;
}

export function exportInboundOfSenderElsewhere(db: Db, email: string): SenderMail[] {
  return (
    stmt(
      db,
      `SELECT m.id, m.tenant, m.received_at, m.raw, m.subject, m.disposition, c.reference
       FROM inbound_messages m LEFT JOIN complaints c ON c.id = m.complaint_id
       WHERE lower(m.from_address) = lower(@email) AND (c.id IS NULL OR c.customer_email IS NULL OR lower(c.customer_email) <> lower(@email))
       ORDER BY m.id`,
    ).all({ email: email.trim() }) as Array<{
      id: number;
      tenant: string;
      received_at: string;
      raw: Buffer;
      subject: string | null;
      disposition: string;
      reference: string | null;
    }>
  ).map((r) => ({
    id: r.id,
    tenant: r.tenant,
    receivedAt: r.received_at,
    raw: r.raw,
    subject: r.subject,
    disposition: r.disposition,
    reference: r.reference,
  }));
}

/** A quarantined mail whose source was kept: the caller reads its sender from the source (the store has no parsed sender). */
export interface QuarantinedRaw extends RawInbound {
  tenant: string;
  reason: string;
}

export function exportQuarantinedRaws(db: Db): QuarantinedRaw[] {
  return (
    stmt(db, 'SELECT id, tenant, created_at, raw, reason FROM quarantine WHERE raw IS NOT NULL ORDER BY id').all() as Array<{
      id: number;
      tenant: string;
      created_at: string;
      raw: Buffer;
      reason: string;
    }>
  ).map((r) => ({ id: r.id, tenant: r.tenant, receivedAt: r.created_at, raw: r.raw, reason: r.reason }));
}
