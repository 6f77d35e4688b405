import type { Db } from './db.js';
import { stmt } from './stmt.js';

export type NoticeKind = 'reminder' | 'escalation' | 'digest' | 'learnings' | 'forged-alert' | 'undelivered';

/**
 * `sent`: the mail was queued. `skipped-late`: a threshold passed over during catch-up, never to
 * be sent. `held`: considered and deliberately not mailed (rate limit); counted in the next one.
 */
export type NoticeStatus = 'sent' | 'skipped-late' | 'held';

/**
 * Claim a notice key in the caller's transaction. True when this call recorded it (queue the
 * mail now); false when it was already sent or skipped, by this process or another one.
 */
export function noticeClaim(
  db: Db,
  n: { key: string; tenant: string; kind: NoticeKind; complaintId: number | null; status?: NoticeStatus; at: Date },
): boolean {
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
  const at = stmt(db, `SELECT max(at) FROM sent_notices WHERE tenant = ? AND kind = ? AND status = 'sent' AND at < ?`)
    .pluck()
    .get(tenant, kind, before.toISOString()) as string | null;
  return at ? new Date(at) : null;
}

/**
 * Alerts about forged commands, one row per refused attempt under
 * `forged-alert:<tenant>:<personId>:<eventId>`: `sent` when it was mailed, `held` when the
 * person had an alert less than an hour before. Read by key range, like escalations.
 */
export function forgedAlertKey(tenant: string, personId: string, eventId: number): string {
  return `${forgedAlertPrefix(tenant, personId)}${eventId}`;
}

const forgedAlertPrefix = (tenant: string, personId: string) => `forged-alert:${tenant}:${personId}:`;

/**
 * The person's last mailed forged-command alert, and how many attempts were held since it
 * (insertion order, so a clock set back cannot hide them). Null when none was ever mailed.
 */
export function forgedAlertLast(db: Db, tenant: string, personId: string): { at: Date; heldSince: number } | null {
  const lo = forgedAlertPrefix(tenant, personId);
  // ';' sorts right after ':': the end of this person's key range.
  const hi = lo.slice(0, -1) + ';';
  const last = stmt(db, `SELECT rowid, at FROM sent_notices WHERE key >= ? AND key < ? AND status = 'sent' ORDER BY rowid DESC LIMIT 1`).get(lo, hi) as
    { rowid: number; at: string } | undefined;
  if (!last) return null;
  const held = stmt(db, `SELECT count(*) FROM sent_notices WHERE key >= ? AND key < ? AND status = 'held' AND rowid > ?`)
    .pluck()
    .get(lo, hi, last.rowid) as number;
  return { at: new Date(last.at), heldSince: held };
}

/** One overdue escalation of a deadline per local day: `escalation:<complaintId>:<kind>:<YYYY-MM-DD>`. */
export function escalationKey(complaintId: number, kind: string, localDay: string): string {
  return `${escalationPrefix(complaintId, kind)}${localDay}`;
}

const escalationPrefix = (complaintId: number, kind: string) => `escalation:${complaintId}:${kind}:`;

/** When the last overdue escalation of one deadline was sent, or null. */
export function escalationLastAt(db: Db, complaintId: number, kind: string): Date | null {
  // A key range, not LIKE: SQLite only uses the key's index for LIKE with a case-insensitive
  // collation, and a full scan per overdue deadline made the job quadratic (23 s at 10,000).
  const prefix = escalationPrefix(complaintId, kind);
  const at = stmt(db, `SELECT max(at) FROM sent_notices WHERE key >= ? AND key < ? AND status = 'sent'`)
    .pluck()
    .get(prefix, `${prefix.slice(0, -1)};`) as string | null;
  return at ? new Date(at) : null;
}
