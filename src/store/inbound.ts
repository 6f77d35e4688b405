import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

/** Where a mail came from: enough to fetch it again and to recognise it when seen twice. */
export interface MailOrigin {
  tenant: string;
  /** `imap:<folder>:<uidvalidity>:<uid>` or `maildir:<unique name>:<content hash>` (see maildirSourceKey). */
  sourceKey: string;
  mailbox: string;
  uidvalidity: string | null;
  uid: number | null;
}

/**
 * What a stored mail did. `archive`: already in the mailbox at its first start (history, never
 * answered); `too-old`: a new thread the mailbox received longer ago than autoReply.maxMailAgeDays,
 * stored for a person to decide (#register) instead of answered.
 */
export type InboundDisposition =
  | 'new-complaint'
  | 'attached'
  | 'duplicate'
  | 'automatic'
  | 'own-mail'
  | 'staff-mail'
  | 'not-a-complaint'
  | 'unsure'
  | 'too-old'
  | 'archive'
  | 'bounce'
  | 'command';

/** Dispositions that wait for a person: triage did not take them, or they were too old to answer. */
export const AWAITING_PERSON: readonly InboundDisposition[] = ['unsure', 'not-a-complaint', 'too-old'];

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
  /** What the sender newly wrote (quote and signature removed) and its language; null when not analysed. */
  newText?: string | null;
  language?: string | null;
  /** Outlook conversation GUID from Thread-Index. */
  threadGuid?: string | null;
  /** Intake triage of a `classify` tenant's new thread. */
  triage?: { label: string; score: number; matched: unknown } | null;
}

export function inboundInsert(db: Db, m: InboundInsert): number {
  const r = stmt(
    db,
    `INSERT INTO inbound_messages (tenant, source_key, mailbox, uidvalidity, uid, message_id, size, raw, from_address, from_name, subject, text,
       sent_date, received_at, complaint_id, disposition, detail, new_text, language, thread_guid, triage_label, triage_score, triage_rules)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    m.newText ?? null,
    m.language ?? null,
    m.threadGuid ?? null,
    m.triage?.label ?? null,
    m.triage?.score ?? null,
    m.triage ? JSON.stringify(m.triage.matched) : null,
  );
  return Number(r.lastInsertRowid);
}

/**
 * The identity of a Maildir mail: its unique name (before ':') plus a hash of its bytes. The name
 * alone is not enough — people copy files in by hand and reuse names — and the bytes alone would
 * merge two deliveries of the same mail. Same name + same bytes is the same mail seen again
 * (a crash between storing it and moving it to cur/).
 */
export function maildirSourceKey(unique: string, raw: Buffer): string {
  return `maildir:${unique}:${contentHash(raw)}`;
}

function contentHash(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

const MAILDIR_KEY = /^maildir:([^:]+):([0-9a-f]{16})$/;

/**
 * Seen this exact mailbox copy before (same folder, UIDVALIDITY and UID, or same Maildir name
 * and bytes)? Databases from before the content hash keyed Maildir mail by `maildir:<unique>`:
 * such a row still counts when its stored bytes hash the same, so a crash-window copy from
 * before the upgrade stays a duplicate while a new mail under a reused name does not.
 */
export function inboundSeenSource(db: Db, tenant: string, sourceKey: string): boolean {
  if (stmt(db, 'SELECT 1 FROM inbound_messages WHERE tenant = ? AND source_key = ?').get(tenant, sourceKey) !== undefined) return true;
  const m = MAILDIR_KEY.exec(sourceKey);
  if (!m) return false;
  const legacy = stmt(db, 'SELECT raw FROM inbound_messages WHERE tenant = ? AND source_key = ?').get(tenant, `maildir:${m[1]!}`) as
    { raw: Buffer } | undefined;
  return legacy !== undefined && contentHash(legacy.raw) === m[2];
}

/** Has this tenant stored mail from this Maildir before (a database from before first starts were recorded)? */
export function inboundSeenMaildir(db: Db, tenant: string, mailbox: string): boolean {
  // The range on source_key uses the (tenant, source_key) index; mailbox then filters.
  return (
    stmt(db, `SELECT 1 FROM inbound_messages WHERE tenant = ? AND source_key >= 'maildir:' AND source_key < 'maildir;' AND mailbox = ? LIMIT 1`).get(
      tenant,
      mailbox,
    ) !== undefined
  );
}

/** The first stored copy of a Message-ID for this tenant, if any. */
export function inboundByMessageId(db: Db, tenant: string, messageId: string): { id: number; complaintId: number | null } | null {
  const r = stmt(db, 'SELECT id, complaint_id FROM inbound_messages WHERE tenant = ? AND message_id = ? ORDER BY id LIMIT 1').get(tenant, messageId) as
    { id: number; complaint_id: number | null } | undefined;
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
    stmt(db, 'SELECT id, message_id, from_address, subject, received_at, disposition, detail FROM inbound_messages WHERE complaint_id = ? ORDER BY id').all(
      complaintId,
    ) as Array<{
      id: number;
      message_id: string | null;
      from_address: string | null;
      subject: string | null;
      received_at: string;
      disposition: string;
      detail: string | null;
    }>
  ).map((r) => ({
    id: r.id,
    messageId: r.message_id,
    fromAddress: r.from_address,
    subject: r.subject,
    receivedAt: r.received_at,
    disposition: r.disposition,
    detail: r.detail,
  }));
}

export interface TriageEntry {
  id: number;
  tenant: string;
  receivedAt: string;
  fromAddress: string;
  subject: string;
  disposition: string;
  detail: string | null;
  triageScore: number;
  /** JSON: the rules that fired, `[{ id, weight }]`. */
  triageRules: string;
}

/** Mail triage did not take as a complaint (or too old to answer), not yet registered: newest first, at most 200. */
export function inboundTriageList(db: Db, tenant: string | null): TriageEntry[] {
  return (
    stmt(
      db,
      `SELECT id, tenant, received_at, from_address, subject, disposition, detail, triage_score, triage_rules FROM inbound_messages
     WHERE disposition IN ('unsure', 'not-a-complaint', 'too-old') AND complaint_id IS NULL AND (@tenant IS NULL OR tenant = @tenant) ORDER BY id DESC LIMIT 200`,
    ).all({ tenant }) as Array<{
      id: number;
      tenant: string;
      received_at: string;
      from_address: string;
      subject: string;
      disposition: string;
      detail: string | null;
      triage_score: number;
      triage_rules: string;
    }>
  ).map((r) => ({
    id: r.id,
    tenant: r.tenant,
    receivedAt: r.received_at,
    fromAddress: r.from_address,
    subject: r.subject,
    disposition: r.disposition,
    detail: r.detail,
    triageScore: r.triage_score,
    triageRules: r.triage_rules,
  }));
}

/** Message-IDs of the customer's mails in a complaint, oldest first: letters reply to the last so they thread in the customer's client. */
export function inboundCustomerMessageIds(db: Db, complaintId: number, customerEmail: string): string[] {
  return stmt(db, `SELECT message_id FROM inbound_messages WHERE complaint_id = ? AND from_address = ? AND message_id IS NOT NULL ORDER BY id`)
    .pluck()
    .all(complaintId, customerEmail) as string[];
}

/** The complaint a sender's own earlier mail (by Message-ID) belongs to: their reply to themselves continues it. */
export function inboundComplaintOfOwnMail(db: Db, tenant: string, messageId: string, from: string): number | null {
  return (
    (stmt(db, `SELECT complaint_id FROM inbound_messages WHERE tenant = ? AND message_id = ? AND from_address = ? AND complaint_id IS NOT NULL LIMIT 1`)
      .pluck()
      .get(tenant, messageId, from) as number | undefined) ?? null
  );
}

/** The complaint of this sender's latest mail in an Outlook conversation (Thread-Index GUID). */
export function inboundComplaintOfConversation(db: Db, tenant: string, guid: string, from: string): number | null {
  return (
    (stmt(
      db,
      `SELECT complaint_id FROM inbound_messages WHERE tenant = ? AND thread_guid = ? AND from_address = ? AND complaint_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
      .pluck()
      .get(tenant, guid, from) as number | undefined) ?? null
  );
}
