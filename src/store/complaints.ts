import type { ComplaintProcState } from '../procedure/types.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

export interface Complaint {
  id: number;
  tenant: string;
  reference: string;
  state: string;
  channel: string;
  customerEmail: string | null;
  customerName: string | null;
  customerPhone: string | null;
  language: 'nl' | 'en';
  subject: string;
  description: string;
  service: string | null;
  handlerId: string | null;
  receivedAt: string;
  /** Registered with a date but no time: `receivedAt` is that day's local start, and letters print the date only. */
  receivedDateOnly: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

interface ComplaintRow {
  id: number;
  tenant: string;
  reference: string;
  state: string;
  channel: string;
  customer_email: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  language: string;
  subject: string;
  description: string;
  service: string | null;
  handler_id: string | null;
  received_at: string;
  received_date_only: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

function fromRow(r: ComplaintRow): Complaint {
  return {
    id: r.id,
    tenant: r.tenant,
    reference: r.reference,
    state: r.state,
    channel: r.channel,
    customerEmail: r.customer_email,
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
    language: r.language === 'en' ? 'en' : 'nl',
    subject: r.subject,
    description: r.description,
    service: r.service,
    handlerId: r.handler_id,
    receivedAt: r.received_at,
    receivedDateOnly: r.received_date_only === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

/** Next number of the tenant's yearly sequence; call inside the transaction that creates the complaint. */
export function nextSequence(db: Db, tenant: string, year: number): number {
  const row = stmt(
    db,
    `INSERT INTO reference_sequences (tenant, year, last_seq) VALUES (?, ?, 1)
     ON CONFLICT (tenant, year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
  ).get(tenant, year) as { last_seq: number };
  return row.last_seq;
}

export interface NewComplaint {
  tenant: string;
  reference: string;
  year: number;
  seq: number;
  state: string;
  channel: string;
  customerEmail: string | null;
  customerName: string | null;
  customerPhone: string | null;
  language: 'nl' | 'en';
  subject: string;
  description: string;
  service: string | null;
  handlerId: string | null;
  receivedAt: Date;
  /** Only the day of receipt is known (see Complaint.receivedDateOnly). */
  receivedDateOnly?: boolean;
  now: Date;
}

export function complaintInsert(db: Db, c: NewComplaint): Complaint {
  const now = c.now.toISOString();
  const r = stmt(
    db,
    `INSERT INTO complaints (tenant, reference, year, seq, state, channel, customer_email, customer_name, customer_phone, language,
       subject, description, service, handler_id, received_at, received_date_only, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    c.tenant,
    c.reference,
    c.year,
    c.seq,
    c.state,
    c.channel,
    c.customerEmail,
    c.customerName,
    c.customerPhone,
    c.language,
    c.subject,
    c.description,
    c.service,
    c.handlerId,
    c.receivedAt.toISOString(),
    c.receivedDateOnly ? 1 : 0,
    now,
    now,
  );
  return complaintById(db, Number(r.lastInsertRowid))!;
}

export function complaintById(db: Db, id: number): Complaint | null {
  const r = stmt(db, 'SELECT * FROM complaints WHERE id = ?').get(id) as ComplaintRow | undefined;
  return r ? fromRow(r) : null;
}

export function complaintByReference(db: Db, reference: string): Complaint | null {
  const r = stmt(db, 'SELECT * FROM complaints WHERE reference = ?').get(reference.toUpperCase()) as ComplaintRow | undefined;
  return r ? fromRow(r) : null;
}

export function complaintsList(db: Db, filter: { tenant?: string; state?: string; limit?: number } = {}): Complaint[] {
  const rows = stmt(
    db,
    `SELECT * FROM complaints WHERE (@tenant IS NULL OR tenant = @tenant) AND (@state IS NULL OR state = @state) ORDER BY id DESC LIMIT @limit`,
  ).all({ tenant: filter.tenant ?? null, state: filter.state ?? null, limit: filter.limit ?? 1000 }) as ComplaintRow[];
  return rows.map(fromRow);
}

/** Open complaints per handler of a tenant (handlers with none are absent from the map). */
export function openCountsByHandler(db: Db, tenant: string): Map<string, number> {
  const rows = stmt(
    db,
    `SELECT handler_id, count(*) AS n FROM complaints WHERE tenant = ? AND closed_at IS NULL AND handler_id IS NOT NULL GROUP BY handler_id`,
  ).all(tenant) as Array<{ handler_id: string; n: number }>;
  return new Map(rows.map((r) => [r.handler_id, r.n]));
}

/** The procedure state the engine last produced for a complaint (null before its first event). */
export function complaintProcState(db: Db, id: number): ComplaintProcState | null {
  const raw = stmt(db, 'SELECT proc_state FROM complaints WHERE id = ?').pluck().get(id) as string | null;
  return raw ? (JSON.parse(raw) as ComplaintProcState) : null;
}

/** Store the engine's new state and the columns derived from it (state, handler, service, closed). */
export function complaintSaveState(db: Db, id: number, s: ComplaintProcState, now: Date): void {
  stmt(db, `UPDATE complaints SET state = ?, proc_state = ?, handler_id = ?, service = coalesce(?, service), closed_at = ?, updated_at = ? WHERE id = ?`).run(
    s.state,
    JSON.stringify(s),
    s.handlerId,
    s.service,
    s.closedAt,
    now.toISOString(),
    id,
  );
}
