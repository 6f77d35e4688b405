import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TenantConfig } from '../config/schema.js';
import { maildirUnique } from '../source/maildirFiles.js';
import type { Db } from '../store/db.js';
import { compactStore, eraseSet, findExpired, findPerson, type ErasureSet } from '../store/retention.js';

/**
 * Retention (a tenant's expired data, daily) and erasure (one person at once, GDPR art. 17): the
 * store's rows (src/store/retention.ts) and the files under the data directory that hold the
 * same mail — the Maildir's copies in new/ and cur/ and the file transport's .eml letters. After
 * the rows are gone the database is rewritten (VACUUM, WAL truncated) so no deleted byte remains.
 */

export interface ErasureReport {
  complaints: string[];
  mails: number;
  attachments: number;
  letters: number;
  quarantined: number;
  autoReplies: number;
  /** Files deleted under the data directory (paths relative to it). */
  files: string[];
  /**
   * After a real run: false when another connection's open read kept the WAL from being emptied
   * (old pages may still be in it until the next checkpoint); null in a dry run or when nothing went.
   */
  walTruncated: boolean | null;
}

interface TenantDirs {
  maildir: string | null;
  outbox: string | null;
}

function dirsOf(t: TenantConfig, dataDir: string): TenantDirs {
  return {
    maildir: 'maildir' in t.mailbox ? resolve(dataDir, t.mailbox.maildir.path) : null,
    outbox: 'file' in t.transport ? resolve(dataDir, t.transport.file.path) : null,
  };
}

const listFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).map((n) => join(dir, n)) : []).filter((p) => statSync(p).isFile());

/** The files that hold what `set` lists: Maildir copies by their unique name, letters by outbox id. */
function filesOf(set: ErasureSet, tenants: readonly TenantConfig[], dataDir: string, address: string | null): string[] {
  const files = new Set<string>();
  for (const t of tenants) {
    const { maildir, outbox } = dirsOf(t, dataDir);
    if (maildir) {
      const uniques = new Set(
        [...set.inbound, ...set.quarantine].filter((m) => m.tenant === t.id && m.sourceKey.startsWith('maildir:')).map((m) => m.sourceKey.split(':')[1]),
      );
      for (const sub of ['new', 'cur', 'tmp']) {
        for (const f of listFiles(join(maildir, sub))) {
          const name = f.slice(join(maildir, sub).length + 1);
          if (uniques.has(maildirUnique(name))) files.add(f);
        }
      }
    }
    if (outbox) {
      const outIds = new Set(set.outbox.filter((o) => o.tenant === t.id).map((o) => String(o.id)));
      for (const f of listFiles(outbox)) {
        const id = /-(\d+)\.eml(?:\.tmp)?$/.exec(f)?.[1];
        if (id !== undefined && outIds.has(id)) files.add(f);
      }
    }
    // Erasure of one person: also any other mail file that names the address (a copy the store
    // no longer links, a letter about a thread they wrote in).
    if (address) {
      const needle = Buffer.from(address, 'latin1');
      for (const dir of [maildir && join(maildir, 'new'), maildir && join(maildir, 'cur'), maildir && join(maildir, 'tmp'), outbox]) {
        if (!dir) continue;
        for (const f of listFiles(dir)) {
          if (files.has(f)) continue;
          if (Buffer.from(readFileSync(f).toString('latin1').toLowerCase(), 'latin1').includes(needle)) files.add(f);
        }
      }
    }
  }
  return [...files].sort();
}

function report(set: ErasureSet, files: string[], dataDir: string, walTruncated: boolean | null): ErasureReport {
  return {
    complaints: set.complaints.map((c) => c.reference),
    mails: set.inbound.length,
    attachments: set.attachments,
    letters: set.outbox.length,
    quarantined: set.quarantine.length,
    autoReplies: set.autoReplies,
    files: files.map((f) => f.slice(resolve(dataDir).length + 1)),
    walTruncated,
  };
}

function apply(db: Db, set: ErasureSet, files: string[], now: Date, address: string | null): boolean {
  eraseSet(db, set, now, address);
  for (const f of files) {
    try {
      unlinkSync(f);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return compactStore(db).walTruncated;
}

/** `erase --person EMAIL`: everything about one address, in every tenant (or one); dry run: only what would go. */
export function erasePerson(
  db: Db,
  opts: { tenants: readonly TenantConfig[]; dataDir: string; email: string; tenant?: string; now: Date; dryRun: boolean },
): ErasureReport {
  const address = opts.email.trim().toLowerCase();
  const tenants = opts.tenants.filter((t) => !opts.tenant || t.id === opts.tenant);
  const set = findPerson(db, address, opts.tenant);
  const files = filesOf(set, tenants, opts.dataDir, address);
  const wal = opts.dryRun ? null : apply(db, set, files, opts.now, address);
  return report(set, files, opts.dataDir, wal);
}

const monthsBefore = (now: Date, months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
};

/** One tenant's retention as of `now`: closed complaints, quarantined and history mail past their periods. */
export function runRetention(db: Db, opts: { tenant: TenantConfig; dataDir: string; now: Date; dryRun: boolean }): ErasureReport {
  const { retention } = opts.tenant;
  const set = findExpired(db, opts.tenant.id, {
    closedBefore: monthsBefore(opts.now, retention.closedComplaintsMonths),
    quarantineBefore: new Date(opts.now.getTime() - retention.quarantineDays * 86_400_000),
    archiveBefore: monthsBefore(opts.now, retention.archiveMonths),
  });
  const files = filesOf(set, [opts.tenant], opts.dataDir, null);
  const empty = set.complaints.length + set.inbound.length + set.quarantine.length + set.outbox.length === 0;
  const wal = opts.dryRun || empty ? null : apply(db, set, files, opts.now, null);
  return report(set, files, opts.dataDir, wal);
}
