#!/usr/bin/env -S node --max-semi-space-size=4
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { USAGE, parseInvocation, type Invocation, type JobMoment } from './cli/args.js';
import { localTime } from './cli/humanTime.js';
import { outboxCancelLetter, outboxOutcome, outboxResendLetter, quarantineDiscardMail, quarantineShow, type DeskResult } from './cli/mailDesk.js';
import { operatorName } from './cli/operator.js';
import type { WorkingCalendar } from './calendar/types.js';
import { dossierLines } from './cli/dossier.js';
import { eraseCommand, retentionCommand } from './cli/erase.js';
import { dossierJson, dossierLoad } from './cli/dossierData.js';
import { listComplaints, listOutbox, listQuarantine, listTriage } from './cli/inspect.js';
import { printJson } from './cli/output.js';
import { statsLines, tenantStats } from './cli/stats.js';
import { tenantViews, viewOf } from './cli/tenantViews.js';
import type { TenantPerson } from './store/dossier.js';
import { printErr, printOut as out, terminalLogger } from './cli/output.js';
import { ConfigError, loadConfig, resolveConfigDir, type LoadedConfig } from './config/load.js';
import type { Logger } from './core/log.js';
import type { Daemon as DaemonClass } from './daemon/daemon.js';
import { JOB_NAMES, type JobName } from './scheduler/jobs.js';
import { openDb, type Db } from './store/db.js';

/**
 * The daemon (IMAP, SMTP, parser, holidays) takes half a second to import: only the commands
 * that run it load it, so a usage error or `list` answers at once.
 */
const loadDaemon = async (): Promise<typeof DaemonClass> => (await import('./daemon/daemon.js')).Daemon;

/** Exit codes: 0 done, 1 failed (or nothing found), 2 a bad invocation or configuration. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** A bad invocation: one line naming the mistake, then the usage. */
function usageError(message: string): number {
  printErr(`complaintdesk: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

/** A value the command line names that the configuration does not have (an unknown tenant). */
function checkTenant(cfg: LoadedConfig, tenant: string | undefined): string | null {
  if (tenant === undefined || cfg.tenants.some((t) => t.id === tenant)) return null;
  return `--tenant "${tenant}" is not a tenant; tenants: ${cfg.tenants.map((t) => t.id).join(', ')}`;
}

/** `list --mine EMAIL`: the configured people with that address, in every tenant they belong to. */
function peopleWithAddress(cfg: LoadedConfig, email: string): TenantPerson[] {
  const address = email.trim().toLowerCase();
  return cfg.tenants.flatMap((t) => t.people.filter((p) => p.email === address).map((p) => ({ tenant: t.id, personId: p.id })));
}

function unknownPerson(cfg: LoadedConfig, email: string): string {
  const known = [...new Set(cfg.tenants.flatMap((t) => t.people.map((p) => p.email)))].sort();
  return `--mine "${email}" is not one of the configured people; people: ${known.join(', ')}`;
}

function load(configFlag: string | undefined): LoadedConfig {
  return loadConfig(resolveConfigDir(configFlag));
}

function logger(cfg: LoadedConfig): Logger {
  const format = cfg.global.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : cfg.global.logFormat;
  return terminalLogger({ level: process.env.LOG_LEVEL ?? cfg.global.logLevel, format });
}

async function start(cfg: LoadedConfig): Promise<void> {
  const log = logger(cfg);
  const Daemon = await loadDaemon();
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (daemon keeps running)'));
  // The daemon's faults go to its log (with the stack), not to the one-line CLI message.
  process.removeListener('uncaughtException', fail);
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception: exiting (the service manager restarts the daemon)');
    process.exit(EXIT_FAILED);
  });
  const daemon = new Daemon({ config: cfg, log });
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    log.info({ signal }, 'shutdown requested');
    daemon.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await daemon.start();
}

async function checkConfig(cfg: LoadedConfig): Promise<void> {
  const { firstStartBacklog } = await import('./source/firstStart.js');
  const dbFile = join(cfg.dataDir, 'complaintdesk.sqlite');
  // Read the store only when it exists: check-config must not create one.
  const db = existsSync(dbFile) ? openDb(dbFile) : null;
  try {
    await checkTenants(cfg, (t) => firstStartBacklog(t, cfg.dataDir, db));
  } finally {
    db?.close();
  }
}

async function checkTenants(cfg: LoadedConfig, backlog: (t: LoadedConfig['tenants'][number]) => Promise<{ detail?: string }>): Promise<void> {
  out(`config OK: ${cfg.dir}`);
  out(`data directory: ${cfg.dataDir}${existsSync(cfg.dataDir) ? '' : ' (created at start)'}`);
  for (const t of cfg.tenants) {
    const mailbox =
      'imap' in t.mailbox
        ? `IMAP ${t.mailbox.imap.user}@${t.mailbox.imap.host}:${t.mailbox.imap.port}/${t.mailbox.imap.folder}`
        : `Maildir ${join(cfg.dataDir, t.mailbox.maildir.path)}`;
    const transport = 'smtp' in t.transport ? `SMTP ${t.transport.smtp.host}:${t.transport.smtp.port}` : `files in ${join(cfg.dataDir, t.transport.file.path)}`;
    const people = t.people.map((p) => `${p.id} (${p.role})`).join(', ');
    out(
      `- ${t.id}: ${t.name} <${t.address}> [${t.reference}-YYYY-NNNN], intake ${t.intake}\n    mailbox: ${mailbox}\n    sending: ${transport}\n    people: ${people}`,
    );
    const b = await backlog(t);
    if (b.detail) out(`    ${b.detail}`);
  }
}

/** Read-only views open the store, print, close. */
function withDb(cfg: LoadedConfig, fn: (db: Db) => string[] | null, missing = 'not found'): number {
  const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
  try {
    const lines = fn(db);
    if (!lines) {
      printErr(missing);
      return EXIT_FAILED;
    }
    if (lines.length) out(lines.join('\n'));
    return 0;
  } finally {
    db.close();
  }
}

/** `export REF|--person EMAIL --out DIR`: refuses a non-empty DIR unless --force (exit 2), a complaint not found exits 1. */
async function exportCommand(cfg: LoadedConfig, inv: Extract<Invocation, { command: 'export' }>): Promise<number> {
  const { checkOutDir, exportComplaint, exportPerson } = await import('./cli/export.js');
  const refused = checkOutDir(inv.out, inv.force);
  if (refused) {
    printErr(`complaintdesk: ${refused}`);
    return EXIT_USAGE;
  }
  const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
  try {
    const views = tenantViews(cfg.tenants, inv.lang);
    const now = inv.now ?? new Date();
    const r =
      'person' in inv.target
        ? await exportPerson(db, views, inv.lang, inv.target.person, inv.out, now)
        : await exportComplaint(db, views, inv.lang, inv.target.reference, inv.out, now);
    if (!r.ok) {
      printErr(r.message);
      return EXIT_FAILED;
    }
    out(r.lines.join('\n'));
    return 0;
  } finally {
    db.close();
  }
}

/** `backup FILE`: an online copy of the store through a second connection while the daemon runs. */
async function backup(cfg: LoadedConfig, file: string, force: boolean): Promise<number> {
  const { backupStore } = await import('./store/backup.js');
  const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
  try {
    const r = await backupStore(db, resolve(file), { force });
    const rows = Object.entries(r.rows).map(([table, n]) => `  ${table}: ${n}`);
    out([`backup written: ${r.file} (${r.bytes} bytes), integrity_check ${r.integrity}`, 'rows per table:', ...rows].join('\n'));
    return 0;
  } catch (err) {
    printErr(`complaintdesk: backup failed: ${(err as Error).message}`);
    return EXIT_FAILED;
  } finally {
    db.close();
  }
}

/** `status`: per tenant what needs a person; exit 1 when anything does (for monitoring). */
async function status(cfg: LoadedConfig, inv: Extract<Invocation, { command: 'status' }>): Promise<number> {
  const { statusJson, statusLines, tenantStatus } = await import('./cli/status.js');
  const { FileTransport } = await import('./outbox/fileTransport.js');
  const { SmtpTransport } = await import('./outbox/smtpTransport.js');
  const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
  try {
    const views = tenantViews(cfg.tenants, inv.lang);
    const now = new Date();
    const all = [];
    for (const t of cfg.tenants.filter((x) => !inv.tenant || x.id === inv.tenant)) {
      const transport = 'smtp' in t.transport ? new SmtpTransport(t.transport.smtp) : new FileTransport(resolve(cfg.dataDir, t.transport.file.path));
      all.push(await tenantStatus(cfg, t, db, viewOf(views, t.id, inv.lang), { now, staleMinutes: inv.staleMinutes, transport }));
    }
    if (inv.json) printJson(statusJson(all));
    else out(all.flatMap((s) => statusLines(s, viewOf(views, s.tenant, inv.lang))).join('\n'));
    return all.some((s) => s.problems.length > 0) ? EXIT_FAILED : 0;
  } finally {
    db.close();
  }
}

async function reprocess(cfg: LoadedConfig, id: number): Promise<number> {
  const Daemon = await loadDaemon();
  const daemon = new Daemon({ config: cfg, log: logger(cfg) });
  try {
    const r = await daemon.reprocess(id);
    if (r.kind === 'error') {
      printErr(r.message);
      return EXIT_FAILED;
    }
    out(r.kind === 'quarantined' ? `#${id} failed again: ${r.reason}: ${r.detail}` : `#${id} processed: ${r.kind}${'reference' in r ? ` ${r.reference}` : ''}`);
    return r.kind === 'quarantined' ? EXIT_FAILED : 0;
  } finally {
    await daemon.stop();
  }
}

/**
 * Run jobs by hand as of --now (default: now). What they queue is sent now, also when --now lies
 * in the future (the job computes with --now; the letters are due at the real moment), and each
 * letter's fate is printed: sent, or when it will be tried again and why not yet. A --now without
 * an offset is each tenant's local time, so the tenants are run one by one.
 */
async function jobsRun(
  cfg: LoadedConfig,
  opts: { job: JobName | undefined; tenant: string | undefined; now: JobMoment | undefined; dryRun: boolean },
): Promise<number> {
  const Daemon = await loadDaemon();
  const daemon = new Daemon({ config: cfg, log: logger(cfg) });
  const views = tenantViews(cfg.tenants, 'en');
  try {
    const jobs: JobName[] = opts.job ? [opts.job] : JOB_NAMES.filter((j) => j !== 'learnings' && j !== 'retention');
    const tenants = cfg.tenants.filter((t) => !opts.tenant || t.id === opts.tenant);
    const queued: number[] = [];
    for (const job of jobs) {
      for (const t of tenants) {
        const moment = opts.now ?? new Date();
        const now = moment instanceof Date ? moment : instantIn(daemon.tenants.get(t.id)!.calendar, moment);
        for (const r of daemon.runJob(job, { tenant: t.id, now, dryRun: opts.dryRun, sendNow: true })) {
          out(
            `${job} ${r.tenant} as of ${localTime(now, 'en', viewOf(views, r.tenant, 'en').calendar)}: ${r.mails.length} mail(s)${opts.dryRun ? ' would be sent' : ' queued'}${r.skippedLate.length ? `, ${r.skippedLate.length} late threshold(s) skipped` : ''}`,
          );
          for (const m of r.mails) out(`  ${m.late ? '[late] ' : ''}${m.to}: ${m.subject}  (${m.key})`);
          queued.push(...(r.queuedIds ?? []));
        }
      }
    }
    if (opts.dryRun || queued.length === 0) return 0;
    await daemon.drainSenders();
    const outcomes = queued.map((id) => outboxOutcome(daemon.db, id, views));
    for (const o of outcomes) out(`  ${o}`);
    return outcomes.every((o) => / sent( |$)/.test(o)) ? 0 : EXIT_FAILED;
  } finally {
    await daemon.stop();
  }
}

/** A local wall-clock moment in the tenant's zone. */
function instantIn(calendar: WorkingCalendar, m: Exclude<JobMoment, Date>): Date {
  return new Date(calendar.atLocalTime(m.localDate, m.hour, m.minute).getTime() + m.second * 1000);
}

/** `outbox resend ID`: queue it again and send it at once; prints whether it went. */
async function outboxResendNow(cfg: LoadedConfig, id: number): Promise<number> {
  const Daemon = await loadDaemon();
  const daemon = new Daemon({ config: cfg, log: logger(cfg) });
  const views = tenantViews(cfg.tenants, 'en');
  try {
    const r = outboxResendLetter(daemon.db, id, new Date(), operatorName(), views);
    if ('error' in r) return deskDone(r);
    out(r.lines.join('\n'));
    await daemon.drainSenders();
    const outcome = outboxOutcome(daemon.db, id, views);
    out(outcome);
    return / sent( |$)/.test(outcome) ? 0 : EXIT_FAILED;
  } finally {
    await daemon.stop();
  }
}

/** Print a mail-desk answer; an error goes to stderr with exit 1. */
function deskDone(r: DeskResult): number {
  if ('error' in r) {
    printErr(r.error);
    return EXIT_FAILED;
  }
  out(r.lines.join('\n'));
  return 0;
}

function withDeskDb(cfg: LoadedConfig, fn: (db: Db) => DeskResult): number {
  const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
  try {
    return deskDone(fn(db));
  } finally {
    db.close();
  }
}

async function outboxRelease(cfg: LoadedConfig, tenant: string | undefined): Promise<number> {
  const Daemon = await loadDaemon();
  const daemon = new Daemon({ config: cfg, log: logger(cfg) });
  try {
    for (const t of cfg.tenants.filter((x) => !tenant || x.id === tenant)) {
      const r = daemon.releaseHeld(t.id);
      out(`${t.id}: ${r.released} held letter(s) released, ${r.cancelled} dropped (complaint closed)${r.wasTripped ? '; circuit breaker reset' : ''}`);
    }
    await daemon.drainSenders();
    return 0;
  } finally {
    await daemon.stop();
  }
}

/** Runs the command; -1 means "keep running" (the daemon). */
async function run(inv: Exclude<Invocation, { command: 'help' }>): Promise<number> {
  const cfg = load(inv.config);
  if ('tenant' in inv) {
    const problem = checkTenant(cfg, inv.tenant);
    if (problem) return usageError(problem);
  }
  switch (inv.command) {
    case 'start':
      await start(cfg);
      return -1;
    case 'check-config':
      await checkConfig(cfg);
      return 0;
    case 'demo':
      await (await import('./daemon/demo.js')).runDemo(cfg, inv.keep, out);
      return 0;
    case 'list': {
      const handlers = inv.mine === undefined ? undefined : peopleWithAddress(cfg, inv.mine);
      if (handlers && handlers.length === 0) return usageError(unknownPerson(cfg, inv.mine!));
      const views = tenantViews(cfg.tenants, inv.lang);
      return withDb(cfg, (db) =>
        listComplaints(
          db,
          views,
          inv.lang,
          {
            ...(inv.tenant ? { tenant: inv.tenant } : {}),
            ...(inv.state ? { state: inv.state } : {}),
            overdue: inv.overdue,
            ...(handlers ? { handlers } : {}),
            ...(inv.dueWithin !== undefined ? { dueWithin: inv.dueWithin } : {}),
          },
          inv.now ?? new Date(),
        ),
      );
    }
    case 'show':
      return withDb(
        cfg,
        (db) => {
          const d = dossierLoad(db, inv.reference);
          if (!d) return null;
          if (inv.json) {
            printJson(dossierJson(d));
            return [];
          }
          return dossierLines(d, viewOf(tenantViews(cfg.tenants, inv.lang), d.complaint.tenant, inv.lang), inv.now ?? new Date());
        },
        `no complaint ${inv.reference}`,
      );
    case 'export':
      return exportCommand(cfg, inv);
    case 'quarantine':
      return withDb(cfg, (db) => listQuarantine(db, inv.tenant));
    case 'quarantine-reprocess':
      return reprocess(cfg, inv.id);
    case 'quarantine-show':
      return withDeskDb(cfg, (db) => quarantineShow(db, inv.id, tenantViews(cfg.tenants, 'en')));
    case 'quarantine-discard':
      return withDeskDb(cfg, (db) => quarantineDiscardMail(db, inv.id, new Date(), operatorName()));
    case 'triage':
      return withDb(cfg, (db) => listTriage(db, inv.tenant));
    case 'jobs-run':
      return jobsRun(cfg, inv);
    case 'outbox':
      return withDb(cfg, (db) =>
        listOutbox(db, { ...(inv.tenant ? { tenant: inv.tenant } : {}), ...(inv.status ? { status: inv.status } : {}) }, tenantViews(cfg.tenants, 'en')),
      );
    case 'stats':
      return withDb(cfg, (db) => {
        const views = tenantViews(cfg.tenants, inv.lang);
        const req = { from: inv.from, to: inv.to, by: inv.by, now: inv.now ?? new Date() };
        const all = cfg.tenants
          .filter((t) => !inv.tenant || t.id === inv.tenant)
          .map((t) => ({ view: viewOf(views, t.id, inv.lang), stats: tenantStats(db, t.id, viewOf(views, t.id, inv.lang).calendar, req) }));
        if (inv.json) {
          printJson(
            JSON.stringify(
              all.map((a) => a.stats),
              null,
              2,
            ),
          );
          return [];
        }
        return all.flatMap((a, i) => [...(i ? [''] : []), ...statsLines(a.stats, a.view, a.view.lang)]);
      });
    case 'backup':
      return backup(cfg, inv.file, inv.force);
    case 'status':
      return status(cfg, inv);
    case 'outbox-release':
      return outboxRelease(cfg, inv.tenant);
    case 'erase':
    case 'retention-run': {
      const bad = checkTenant(cfg, inv.tenant);
      if (bad) return usageError(bad);
      const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
      try {
        return inv.command === 'erase' ? eraseCommand(cfg, db, inv, new Date()) : retentionCommand(cfg, db, inv, inv.now ?? new Date());
      } finally {
        db.close();
      }
    }
    case 'outbox-resend':
      return outboxResendNow(cfg, inv.id);
    case 'outbox-cancel':
      return withDeskDb(cfg, (db) => outboxCancelLetter(db, inv.id, inv.reason, new Date(), operatorName()));
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseInvocation(argv);
  if (!parsed.ok) return usageError(parsed.message);
  const inv = parsed.invocation;
  if (inv.command === 'help') {
    out(USAGE);
    return 0;
  }
  try {
    return await run(inv);
  } catch (err) {
    // A broken config lists every problem (file, key, message), one per line.
    if (err instanceof ConfigError) {
      printErr(err.message);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/**
 * A fault, not a mistake of the operator: one line (with its cause) and exit 1. The stack is for
 * developers: LOG_LEVEL=debug (or trace) prints it.
 */
function fail(err: unknown): void {
  const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
  const e = err instanceof Error ? err : new Error(String(err));
  const cause = e.cause instanceof Error ? e.cause : null;
  if (debug) printErr(`complaintdesk: ${e.stack ?? e.message}${cause ? `\ncaused by: ${cause.stack ?? cause.message}` : ''}`);
  else printErr(`complaintdesk: ${e.message.split('\n')[0]}${cause ? `: ${cause.message.split('\n')[0]}` : ''} (LOG_LEVEL=debug shows where)`);
  process.exit(EXIT_FAILED);
}

// Only the daemon installs its own handlers (it logs and keeps running); everything else that
// escapes is a fault of this one command.
process.on('uncaughtException', fail);

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
}, fail);
