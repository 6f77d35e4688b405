import type { Db } from './db.js';
import { stmt } from './stmt.js';

export type NoticeKind = 'reminder' | 'escalation' | 'digest' | 'learnings';

/**
 * Claim a notice key in the caller's transaction. True when this call recorded it (queue the
 * mail now); false when it was already sent or skipped, by this process or another one.
 */
export function noticeClaim(db: Db, n: { key: string; tenant: string; kind: NoticeKind; complaintId: number | null; status?: 'sent' | 'skipped-late'; at: Date }): boolean {
  const r = stmt(db, 'INSERT OR IGNORE INTO sent_notices (key, tenant, kind, complaint_id, status, at) VALUES (?, ?, ?, ?, ?, ?)').run(
    n.key,
    n.tenant,
    n.kind,
    n.complaintId,
    n.status ?? 'sent',
    n.at.toISOString(),
  );
  return r.changes === 1;
}

export function noticeExists(db: Db, key: string): boolean {
  return stmt(db, 'SELECT 1 FROM sent_notices WHERE key = ?').get(key) !== undefined;
}

/** When the last notice of a kind went out for a tenant (the digest's "since the last digest"), or null. */
export function noticeLastAt(db: Db, tenant: string, kind: NoticeKind, before: Date): Date | null {
  const at = stmt(db, `SELECT max(at) FROM sent_notices WHERE tenant = ? AND kind = ? AND status = 'sent' AND at < ?`).pluck().get(tenant, kind, before.toISOString()) as string | null;
  return at ? new Date(at) : null;
}
