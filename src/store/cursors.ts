import type { Db } from './db.js';
import { stmt } from './stmt.js';

export interface MailboxCursor {
  uidvalidity: string;
  lastUid: number;
}

export function cursorGet(db: Db, tenant: string, mailbox: string): MailboxCursor | null {
  const row = stmt(db, 'SELECT uidvalidity, last_uid FROM mailbox_cursors WHERE tenant = ? AND mailbox = ?').get(tenant, mailbox) as
    { uidvalidity: string; last_uid: number } | undefined;
  return row ? { uidvalidity: row.uidvalidity, lastUid: row.last_uid } : null;
}

/** Advance (never rewind, unless UIDVALIDITY changed) the cursor; call inside the transaction that stored the mail. */
export function cursorAdvance(db: Db, tenant: string, mailbox: string, uidvalidity: string, uid: number, now: Date): void {
  stmt(
    db,
    `INSERT INTO mailbox_cursors (tenant, mailbox, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant, mailbox) DO UPDATE SET
       last_uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
       uidvalidity = excluded.uidvalidity, updated_at = excluded.updated_at`,
  ).run(tenant, mailbox, uidvalidity, uid, now.toISOString());
}

/** UIDVALIDITY changed: every UID is new again; Message-ID dedup keeps already-seen mail from being processed twice. */
export function cursorReset(db: Db, tenant: string, mailbox: string, uidvalidity: string, now: Date): void {
  stmt(
    db,
    `INSERT INTO mailbox_cursors (tenant, mailbox, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, 0, ?)
     ON CONFLICT (tenant, mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = 0, updated_at = excluded.updated_at`,
  ).run(tenant, mailbox, uidvalidity, now.toISOString());
}

/**
 * Place the cursor at `lastUid` whatever it was: the first start of a mailbox with
 * `firstStart: skip` begins after the mail already there (UIDNEXT − 1).
 */
export function cursorSet(db: Db, tenant: string, mailbox: string, uidvalidity: string, lastUid: number, now: Date): void {
  stmt(
    db,
    `INSERT INTO mailbox_cursors (tenant, mailbox, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant, mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, updated_at = excluded.updated_at`,
  ).run(tenant, mailbox, uidvalidity, lastUid, now.toISOString());
}
