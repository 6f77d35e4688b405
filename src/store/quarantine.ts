import type { MailOrigin } from './inbound.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

export interface QuarantineEntry {
  id: number;
  tenant: string;
  sourceKey: string;
  mailbox: string;
  uidvalidity: string | null;
  uid: number | null;
  size: number;
  reason: string;
  detail: string;
  createdAt: string;
  status: string;
}

interface QuarantineRow {
  id: number;
  tenant: string;
  source_key: string;
  mailbox: string;
  uidvalidity: string | null;
  uid: number | null;
  size: number;
  reason: string;
  detail: string;
  created_at: string;
  status: string;
}

const COLUMNS = 'id, tenant, source_key, mailbox, uidvalidity, uid, size, reason, detail, created_at, status';

function fromRow(r: QuarantineRow): QuarantineEntry {
  return {
    id: r.id,
    tenant: r.tenant,
    sourceKey: r.source_key,
    mailbox: r.mailbox,
    uidvalidity: r.uidvalidity,
    uid: r.uid,
    size: r.size,
    reason: r.reason,
    detail: r.detail,
    createdAt: r.created_at,
    status: r.status,
  };
}

/** Keep a mail that could not be processed, with why. A second failure of the same copy updates the reason. */
export function quarantineInsert(db: Db, q: { origin: MailOrigin; size: number; raw: Buffer | null; reason: string; detail: string; now: Date }): number {
  const r = stmt(
    db,
    `INSERT INTO quarantine (tenant, source_key, mailbox, uidvalidity, uid, size, raw, reason, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant, source_key) DO UPDATE SET reason = excluded.reason, detail = excluded.detail, status = 'open', resolved_at = NULL,
       raw = coalesce(excluded.raw, raw)
     RETURNING id`,
  ).get(q.origin.tenant, q.origin.sourceKey, q.origin.mailbox, q.origin.uidvalidity, q.origin.uid, q.size, q.raw, q.reason, q.detail, q.now.toISOString()) as {
    id: number;
  };
  return r.id;
}

export function quarantineList(db: Db, filter: { tenant?: string; status?: string } = {}): QuarantineEntry[] {
  const rows = stmt(
    db,
    `SELECT ${COLUMNS} FROM quarantine
     WHERE (@tenant IS NULL OR tenant = @tenant) AND (@status IS NULL OR status = @status) ORDER BY id`,
  ).all({ tenant: filter.tenant ?? null, status: filter.status ?? null }) as QuarantineRow[];
  return rows.map(fromRow);
}

export function quarantineRaw(db: Db, id: number): Buffer | null {
  const r = stmt(db, 'SELECT raw FROM quarantine WHERE id = ?').get(id) as { raw: Buffer | null } | undefined;
  return r?.raw ?? null;
}

export function quarantineResolve(db: Db, id: number, now: Date): void {
  stmt(db, `UPDATE quarantine SET status = 'reprocessed', resolved_at = ? WHERE id = ?`).run(now.toISOString(), id);
}

/** One quarantined mail with its state, for `quarantine show`. */
export function quarantineById(db: Db, id: number): (QuarantineEntry & { resolvedAt: string | null; resolvedBy: string | null }) | null {
  const r = stmt(db, `SELECT ${COLUMNS}, resolved_at, resolved_by FROM quarantine WHERE id = ?`).get(id) as
    (QuarantineRow & { resolved_at: string | null; resolved_by: string | null }) | undefined;
  return r ? { ...fromRow(r), resolvedAt: r.resolved_at, resolvedBy: r.resolved_by } : null;
}

/** Set an open quarantined mail aside; the raw mail stays (retention removes it). False when it was not open. */
export function quarantineDiscard(db: Db, id: number, by: string, now: Date): boolean {
  return (
    stmt(db, `UPDATE quarantine SET status = 'discarded', resolved_at = ?, resolved_by = ? WHERE id = ? AND status = 'open'`).run(now.toISOString(), by, id)
      .changes === 1
  );
}
