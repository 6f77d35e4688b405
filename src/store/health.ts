import type { Db } from './db.js';
import { stmt } from './stmt.js';

/** What `status` reads from the store for one tenant. */
export interface TenantHealth {
  outbox: { pending: number; held: number; failed: number; oldestPendingAt: string | null };
  /** Quarantined mail still waiting for a person (not reprocessed, not discarded). */
  quarantineOpen: number;
  /** IMAP cursors (per folder) and Maildir first starts, as the daemon recorded them. */
  cursors: Array<{ mailbox: string; uidvalidity: string; lastUid: number; updatedAt: string }>;
  starts: Array<{ mailbox: string; startedAt: string; mode: string; completedAt: string | null }>;
  /** The newest mail the desk stored for this tenant: when the mailbox received it. */
  newestMail: { receivedAt: string; mailbox: string } | null;
  /** The circuit breaker on automatic letters, while tripped. */
  breakerTrippedAt: string | null;
}

export function tenantHealth(db: Db, tenant: string): TenantHealth {
  const counts = stmt(
    db,
    `SELECT status, count(*) AS n, min(CASE WHEN status = 'pending' THEN created_at END) AS oldest FROM outbox WHERE tenant = ? AND status IN ('pending', 'sending', 'held', 'failed') GROUP BY status`,
  ).all(tenant) as Array<{ status: string; n: number; oldest: string | null }>;
  const n = (status: string) => counts.filter((c) => c.status === status).reduce((sum, c) => sum + c.n, 0);
  const pendingRows = counts.filter((c) => c.status === 'pending' || c.status === 'sending');
  return {
    outbox: {
      pending: n('pending') + n('sending'),
      held: n('held'),
      failed: n('failed'),
      oldestPendingAt: pendingRows.map((c) => c.oldest).find((o) => o !== null) ?? null,
    },
    quarantineOpen: stmt(db, "SELECT count(*) FROM quarantine WHERE tenant = ? AND status = 'open'").pluck().get(tenant) as number,
    cursors: (
      stmt(db, 'SELECT mailbox, uidvalidity, last_uid, updated_at FROM mailbox_cursors WHERE tenant = ? ORDER BY mailbox').all(tenant) as Array<{
        mailbox: string;
        uidvalidity: string;
        last_uid: number;
        updated_at: string;
      }>
    ).map((r) => ({ mailbox: r.mailbox, uidvalidity: r.uidvalidity, lastUid: r.last_uid, updatedAt: r.updated_at })),
    starts: (
      stmt(db, 'SELECT mailbox, started_at, mode, completed_at FROM mailbox_starts WHERE tenant = ? ORDER BY mailbox').all(tenant) as Array<{
        mailbox: string;
        started_at: string;
        mode: string;
        completed_at: string | null;
      }>
    ).map((r) => ({ mailbox: r.mailbox, startedAt: r.started_at, mode: r.mode, completedAt: r.completed_at })),
    newestMail:
      (stmt(db, 'SELECT received_at AS receivedAt, mailbox FROM inbound_messages WHERE tenant = ? ORDER BY id DESC LIMIT 1').get(tenant) as
        { receivedAt: string; mailbox: string } | undefined) ?? null,
    breakerTrippedAt: (stmt(db, 'SELECT tripped_at FROM auto_reply_breaker WHERE tenant = ?').pluck().get(tenant) as string | undefined) ?? null,
  };
}

/** Maildir: the file names listed at a first start not yet handled (they are history, not waiting mail). */
export function firstStartFileNames(db: Db, tenant: string, mailbox: string): Set<string> {
  return new Set(stmt(db, "SELECT name FROM mailbox_start_files WHERE tenant = ? AND mailbox = ? AND folder = 'new'").pluck().all(tenant, mailbox) as string[]);
}
