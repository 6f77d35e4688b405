import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { Db } from './db.js';

/** What a finished backup holds, checked on the copy itself. */
export interface BackupReport {
  file: string;
  bytes: number;
  /** `PRAGMA integrity_check` of the copy: "ok", or SQLite's first findings. */
  integrity: string;
  /** Rows per table of the copy, by table name. */
  rows: Record<string, number>;
}

/**
 * A consistent online copy of the store through SQLite's backup API, while the daemon keeps
 * writing through its own connection (WAL: readers never block the writer). SQLite restarts a
 * stepwise backup whenever another connection writes between steps, which a busy daemon could do
 * forever; so after the first step the rest is copied in one step, inside one read snapshot.
 *
 * Written to `file.partial`, checked (integrity_check, row counts) and switched to a single
 * self-contained file (journal_mode DELETE: no -wal beside it), then renamed to `file`: a backup
 * that fails leaves no file under the name an operator would restore from.
 */
export async function backupStore(db: Db, file: string, opts: { force: boolean }): Promise<BackupReport> {
  if (existsSync(file) && !opts.force) throw new Error(`${file} exists; choose another name or pass --force to replace it`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial);
    let report: Omit<BackupReport, 'file' | 'bytes'>;
    try {
      copy.pragma('journal_mode = DELETE');
      const findings = copy.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
      const integrity = findings.map((f) => f.integrity_check).join('; ');
      if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${integrity}`);
      report = { integrity, rows: tableRows(copy) };
    } finally {
      copy.close();
    }
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, ...report };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/** Rows per table (SQLite's own tables left out). */
export function tableRows(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}
