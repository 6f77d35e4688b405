import type { Db } from './db.js';
import { stmt } from './stmt.js';

/** When we last sent an automatic reply to this address (per tenant), or null. */
export function autoReplyLast(db: Db, tenant: string, address: string): Date | null {
  const r = stmt(db, 'SELECT last_at FROM auto_replies WHERE tenant = ? AND address = ?').get(tenant, address) as { last_at: string } | undefined;
  return r ? new Date(r.last_at) : null;
}

export function autoReplyRecord(db: Db, tenant: string, address: string, at: Date): void {
  stmt(db, `INSERT INTO auto_replies (tenant, address, last_at) VALUES (?, ?, ?) ON CONFLICT (tenant, address) DO UPDATE SET last_at = excluded.last_at`).run(
    tenant,
    address,
    at.toISOString(),
  );
}

/** When the tenant's circuit breaker for automatic letters tripped, or null while it is not tripped. */
export function breakerTrippedAt(db: Db, tenant: string): Date | null {
  const at = stmt(db, 'SELECT tripped_at FROM auto_reply_breaker WHERE tenant = ?').pluck().get(tenant) as string | undefined;
  return at ? new Date(at) : null;
}

/** Trip the breaker; true when this call tripped it (tell the managers), false when it already was. */
export function breakerTrip(db: Db, tenant: string, at: Date, count: number): boolean {
  return stmt(db, 'INSERT OR IGNORE INTO auto_reply_breaker (tenant, tripped_at, count) VALUES (?, ?, ?)').run(tenant, at.toISOString(), count).changes === 1;
}

export function breakerReset(db: Db, tenant: string): boolean {
  return stmt(db, 'DELETE FROM auto_reply_breaker WHERE tenant = ?').run(tenant).changes === 1;
}
