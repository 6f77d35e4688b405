import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ComplaintdeskError, ErrorCodes } from '../core/errors.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

/**
 * Pages the WAL grows to before a commit copies it into the database file. Each such checkpoint
 * syncs both files; at SQLite's default (1,000 pages, 4 MB) a 1,000-mail catch-up ran ten of them
 * inside its commits (≈ 0.3 ms a mail). At 10,000 (40 MB) a burst seldom reaches one; the daemon
 * checkpoints on its minute tick instead (walCheckpoint), so the WAL stays small when calm.
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** Copy what the WAL holds into the database file, without waiting for readers (PASSIVE). */
export function walCheckpoint(db: Db): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}

/** Open (creating if needed) the SQLite store in WAL mode and bring its schema up to date. */
export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: the CLI can read while the daemon writes; NORMAL sync is durable across process crashes in WAL mode.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      }).immediate();
    } catch (err) {
      throw new ComplaintdeskError(ErrorCodes.STORE_MIGRATION, `migration ${m.version} (${m.name}) failed`, { cause: err });
    }
  }
}
