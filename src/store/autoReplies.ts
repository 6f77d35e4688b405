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
