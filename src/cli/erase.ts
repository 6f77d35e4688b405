import type { LoadedConfig } from '../config/load.js';
import type { Db } from '../store/db.js';
import { erasePerson, runRetention, type ErasureReport } from '../workflow/retention.js';
import { printErr, printOut } from './output.js';

/**
 * `erase --person EMAIL [--yes]` and `retention run [--dry-run]`: what goes, per kind, by
 * reference and file. Both work on the store a running daemon uses (WAL, busy timeout); the
 * final VACUUM and WAL truncation need a moment without the daemon's transactions, which the busy
 * timeout waits for — when a reader still holds the WAL, the command says so and exits 1.
 */

const EXIT_FAILED = 1;

function lines(r: ErasureReport): string[] {
  const out = [
    `  complaints: ${r.complaints.length}${r.complaints.length ? ` (${r.complaints.join(', ')}; kept as anonymous figures)` : ''}`,
    `  mails received: ${r.mails}`,
    `  attachments: ${r.attachments}`,
    `  letters and internal mails: ${r.letters}`,
    `  quarantined mails: ${r.quarantined}`,
    `  auto-reply records: ${r.autoReplies}`,
    `  files: ${r.files.length}`,
    ...r.files.map((f) => `    ${f}`),
  ];
  return out;
}

const nothing = (r: ErasureReport) => r.complaints.length + r.mails + r.letters + r.quarantined + r.autoReplies + r.files.length === 0;

function walWarning(r: ErasureReport): number {
  if (r.walTruncated !== false) return 0;
  printErr(
    'complaintdesk: another process held the database open for reading, so its write-ahead log could not be emptied; run the command again (or with the daemon stopped)',
  );
  return EXIT_FAILED;
}

export function eraseCommand(cfg: LoadedConfig, db: Db, inv: { person: string; tenant: string | undefined; yes: boolean }, now: Date): number {
  const r = erasePerson(db, {
    tenants: cfg.tenants,
    dataDir: cfg.dataDir,
    email: inv.person,
    ...(inv.tenant ? { tenant: inv.tenant } : {}),
    now,
    dryRun: !inv.yes,
  });
  const who = `${inv.person.trim().toLowerCase()}${inv.tenant ? ` in ${inv.tenant}` : ''}`;
  if (nothing(r)) {
    printOut(`nothing stored about ${who}`);
    return 0;
  }
  printOut([inv.yes ? `erased everything stored about ${who}:` : `stored about ${who} (nothing changed; --yes erases it):`, ...lines(r)].join('\n'));
  printOut('Mail where the address is only in Cc, and copies outside the data directory (mail server, backups), are not covered.');
  return inv.yes ? walWarning(r) : 0;
}

export function retentionCommand(cfg: LoadedConfig, db: Db, inv: { tenant: string | undefined; dryRun: boolean }, now: Date): number {
  let code = 0;
  for (const tenant of cfg.tenants.filter((t) => !inv.tenant || t.id === inv.tenant)) {
    const r = runRetention(db, { tenant, dataDir: cfg.dataDir, now, dryRun: inv.dryRun });
    const { closedComplaintsMonths: c, quarantineDays: q, archiveMonths: a } = tenant.retention;
    const head = `retention ${tenant.id} as of ${now.toISOString()} (closed complaints ${c} months, quarantine ${q} days, history mail ${a} months)`;
    if (nothing(r)) printOut(`${head}: nothing expired`);
    else printOut([`${head}: ${inv.dryRun ? 'would remove' : 'removed'}`, ...lines(r)].join('\n'));
    code = Math.max(code, walWarning(r));
  }
  return code;
}
