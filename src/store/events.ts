import type { Db } from './db.js';
import { stmt } from './stmt.js';

export interface EventRow {
  id: number;
  tenant: string;
  complaintId: number | null;
  at: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

/** Append to the history. The table refuses UPDATE and DELETE. */
export function eventAppend(
  db: Db,
  e: { tenant: string; complaintId: number | null; at: Date; type: string; actor: string; data?: Record<string, unknown> },
): number {
  const r = stmt(db, 'INSERT INTO events (tenant, complaint_id, at, type, actor, data) VALUES (?, ?, ?, ?, ?, ?)').run(
    e.tenant,
    e.complaintId,
    e.at.toISOString(),
    e.type,
    e.actor,
    JSON.stringify(e.data ?? {}),
  );
  return Number(r.lastInsertRowid);
}

export function eventsForComplaint(db: Db, complaintId: number): EventRow[] {
  const rows = stmt(db, 'SELECT id, tenant, complaint_id, at, type, actor, data FROM events WHERE complaint_id = ? ORDER BY id').all(complaintId) as Array<{
    id: number;
    tenant: string;
    complaint_id: number | null;
    at: string;
    type: string;
    actor: string;
    data: string;
  }>;
  return rows.map((r) => ({ id: r.id, tenant: r.tenant, complaintId: r.complaint_id, at: r.at, type: r.type, actor: r.actor, data: JSON.parse(r.data) as Record<string, unknown> }));
}
