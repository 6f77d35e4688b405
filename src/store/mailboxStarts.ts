import type { FirstStartMode } from '../config/schema.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

/** The first start of one mailbox, as recorded when it happened (migration 006). */
export interface MailboxStart {
  tenant: string;
  mailbox: string;
  startedAt: string;
  mode: FirstStartMode;
  historyCount: number;
  /** IMAP: UIDNEXT of the first SELECT — UIDs below it (under `uidvalidity`) are history. */
  historyBelowUid: number | null;
  uidvalidity: string | null;
  /** Maildir: every file listed at the first start has been handled. */
  completedAt: string | null;
}

export type MaildirFolder = 'new' | 'cur';

interface Row {
  tenant: string;
  mailbox: string;
  started_at: string;
  mode: FirstStartMode;
  history_count: number;
  history_below_uid: number | null;
  uidvalidity: string | null;
  completed_at: string | null;
}

export function mailboxStartGet(db: Db, tenant: string, mailbox: string): MailboxStart | null {
  const r = stmt(db, 'SELECT * FROM mailbox_starts WHERE tenant = ? AND mailbox = ?').get(tenant, mailbox) as Row | undefined;
  return r
    ? {
        tenant: r.tenant,
        mailbox: r.mailbox,
        startedAt: r.started_at,
        mode: r.mode,
        historyCount: r.history_count,
        historyBelowUid: r.history_below_uid,
        uidvalidity: r.uidvalidity,
        completedAt: r.completed_at,
      }
    : null;
}

/** Record a first start. Exactly once per mailbox: a second insert is a fault (the primary key refuses it). */
export function mailboxStartInsert(db: Db, s: Omit<MailboxStart, 'startedAt' | 'completedAt'> & { now: Date; completed: boolean }): void {
  const at = s.now.toISOString();
  stmt(
    db,
    `INSERT INTO mailbox_starts (tenant, mailbox, started_at, mode, history_count, history_below_uid, uidvalidity, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.tenant, s.mailbox, at, s.mode, s.historyCount, s.historyBelowUid, s.uidvalidity, s.completed ? at : null);
}

/** Maildir: the file names found at the first start, to be handled as history (archive) or set aside (skip). */
export function mailboxStartFilesInsert(db: Db, tenant: string, mailbox: string, files: ReadonlyArray<{ folder: MaildirFolder; name: string }>): void {
  const ins = stmt(db, 'INSERT OR IGNORE INTO mailbox_start_files (tenant, mailbox, folder, name) VALUES (?, ?, ?, ?)');
  for (const f of files) ins.run(tenant, mailbox, f.folder, f.name);
}

export function mailboxStartFiles(db: Db, tenant: string, mailbox: string): Array<{ folder: MaildirFolder; name: string }> {
  return stmt(db, 'SELECT folder, name FROM mailbox_start_files WHERE tenant = ? AND mailbox = ? ORDER BY folder, name').all(tenant, mailbox) as Array<{
    folder: MaildirFolder;
    name: string;
  }>;
}

/** Every listed file was handled: mark the first start complete and forget the list, in one transaction. */
export function mailboxStartComplete(db: Db, tenant: string, mailbox: string, now: Date): void {
  db.transaction(() => {
    stmt(db, 'UPDATE mailbox_starts SET completed_at = ? WHERE tenant = ? AND mailbox = ? AND completed_at IS NULL').run(now.toISOString(), tenant, mailbox);
    stmt(db, 'DELETE FROM mailbox_start_files WHERE tenant = ? AND mailbox = ?').run(tenant, mailbox);
  }).immediate();
}
