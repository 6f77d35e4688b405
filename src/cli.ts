#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, resolveConfigDir, type LoadedConfig } from './config/load.js';
import { createLogger, type Logger } from './core/log.js';
import { Daemon } from './daemon/daemon.js';
import { runDemo } from './daemon/demo.js';
import { openDb } from './store/db.js';
import type { Db } from './store/db.js';
import { listComplaints, listQuarantine, listTriage, showComplaint } from './cli/inspect.js';
import { join } from 'node:path';
import { JOB_NAMES, isJobName, type JobName } from './scheduler/jobs.js';

const USAGE = `complaintdesk — an email-driven complaints desk

Usage: complaintdesk <command> [--config DIR]

Commands:
  start              run the daemon (embedded defaults: Maildirs and .eml output under data/)
  check-config       validate the configuration and print a summary
  demo [--keep DIR]  play a sample complaint of each tenant through the real pipeline and print the letters
  list [--tenant T] [--state S] [--overdue]
                     complaints, newest first (--overdue: a company deadline has passed)
  show REF           one complaint: details, attachments and its full timeline
  quarantine         list mail that could not be processed
  quarantine reprocess ID
                     run a quarantined mail through the pipeline again (e.g. after raising a limit)
  triage [--tenant T]
                     mail a shared mailbox's triage did not take as a complaint (turn one into a
                     complaint by forwarding it with #register)
  jobs run [reminders|escalations|digest|learnings] [--tenant T] [--now ISO] [--dry-run]
                     run a scheduled job as of a moment (default now; all jobs when none is named) and
                     send what it queued; --dry-run prints what would be sent and records nothing

Options:
  --config DIR       configuration directory (default: $COMPLAINTDESK_CONFIG or the shipped config/)
`;

function out(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

function load(configFlag: string | undefined): LoadedConfig {
  return loadConfig(resolveConfigDir(configFlag));
}

function logger(cfg: LoadedConfig): Logger {
  const format = cfg.global.logFormat === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : cfg.global.logFormat;
  return createLogger({ level: process.env.LOG_LEVEL ?? cfg.global.logLevel, format });
}

async function start(cfg: LoadedConfig): Promise<void> {
  const log = logger(cfg);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (daemon keeps running)'));
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

function checkConfig(cfg: LoadedConfig): void {
  out(`config OK: ${cfg.dir}`);
  out(`data directory: ${cfg.dataDir}`);
  for (const t of cfg.tenants) {
    const mailbox = 'imap' in t.mailbox ? `IMAP ${t.mailbox.imap.user}@${t.mailbox.imap.host}:${t.mailbox.imap.port}/${t.mailbox.imap.folder}` : `Maildir ${join(cfg.dataDir, t.mailbox.maildir.path)}`;
    const transport = 'smtp' in t.transport ? `SMTP ${t.transport.smtp.host}:${t.transport.smtp.port}` : `files in ${join(cfg.dataDir, t.transport.file.path)}`;
    const people = t.people.map((p) => `${p.id} (${p.role})`).join(', ');
    out(`- ${t.id}: ${t.name} <${t.address}> [${t.reference}-YYYY-NNNN], intake ${t.intake}\n    mailbox: ${mailbox}\n    sending: ${transport}\n    people: ${people}`);
  }
}

/** Read-only views open the store, print, close. */
function withDb(cfg: LoadedConfig, fn: (db: Db) => string[] | null, missing = 'not found'): number {
  const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
  try {
    const lines = fn(db);
    if (!lines) {
      process.stderr.write(`${missing}\n`);
      return 1;
    }
    out(lines.join('\n'));
    return 0;
  } finally {
    db.close();
  }
}

async function reprocess(cfg: LoadedConfig, idArg: string | undefined): Promise<number> {
  const id = Number(idArg);
  if (!Number.isInteger(id) || id <= 0) {
    process.stderr.write('usage: complaintdesk quarantine reprocess ID\n');
    return 2;
  }
  const daemon = new Daemon({ config: cfg, log: logger(cfg) });
  try {
    const r = await daemon.reprocess(id);
    if (r.kind === 'error') {
      process.stderr.write(`${r.message}\n`);
      return 1;
    }
    out(r.kind === 'quarantined' ? `#${id} failed again: ${r.reason}: ${r.detail}` : `#${id} processed: ${r.kind}${'reference' in r ? ` ${r.reference}` : ''}`);
    return r.kind === 'quarantined' ? 1 : 0;
  } finally {
    await daemon.stop();
  }
}

async function jobsRun(cfg: LoadedConfig, name: string | undefined, opts: { tenant?: string | undefined; now?: string | undefined; dryRun: boolean }): Promise<number> {
  if (name !== undefined && !isJobName(name)) {
    process.stderr.write(`unknown job "${name}"; jobs: ${JOB_NAMES.join(', ')}\n`);
    return 2;
  }
  const now = opts.now ? new Date(opts.now) : new Date();
  if (Number.isNaN(now.getTime())) {
    process.stderr.write(`--now "${opts.now}" is not an ISO date-time\n`);
    return 2;
  }
  if (opts.tenant && !cfg.tenants.some((t) => t.id === opts.tenant)) {
    process.stderr.write(`no tenant "${opts.tenant}"\n`);
    return 2;
  }
  const daemon = new Daemon({ config: cfg, log: logger(cfg) });
  try {
    const jobs: JobName[] = name ? [name] : JOB_NAMES.filter((j) => j !== 'learnings');
    for (const job of jobs) {
      for (const r of daemon.runJob(job, { ...(opts.tenant ? { tenant: opts.tenant } : {}), now, dryRun: opts.dryRun })) {
        out(`${job} ${r.tenant} as of ${r.now}: ${r.mails.length} mail(s)${opts.dryRun ? ' would be sent' : ' queued'}${r.skippedLate.length ? `, ${r.skippedLate.length} late threshold(s) skipped` : ''}`);
        for (const m of r.mails) out(`  ${m.late ? '[late] ' : ''}${m.to}: ${m.subject}  (${m.key})`);
      }
    }
    if (!opts.dryRun) await daemon.drainSenders();
    return 0;
  } finally {
    await daemon.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: 'string' }, keep: { type: 'string' }, tenant: { type: 'string' }, state: { type: 'string' }, overdue: { type: 'boolean' }, now: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (!command || values.help) {
    out(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'start':
        await start(load(values.config));
        return -1; // keep running
      case 'check-config':
        checkConfig(load(values.config));
        return 0;
      case 'demo':
        await runDemo(load(values.config), values.keep, out);
        return 0;
      case 'list':
        return withDb(load(values.config), (db) => listComplaints(db, { ...(values.tenant ? { tenant: values.tenant } : {}), ...(values.state ? { state: values.state } : {}), overdue: values.overdue === true }));
      case 'show':
        if (!positionals[1]) {
          process.stderr.write('usage: complaintdesk show REF\n');
          return 2;
        }
        return withDb(load(values.config), (db) => showComplaint(db, positionals[1]!), `no complaint ${positionals[1]}`);
      case 'quarantine':
        if (positionals[1] === 'reprocess') return reprocess(load(values.config), positionals[2]);
        return withDb(load(values.config), (db) => listQuarantine(db, values.tenant));
      case 'jobs':
        if (positionals[1] !== 'run') {
          process.stderr.write('usage: complaintdesk jobs run [reminders|escalations|digest|learnings] [--tenant T] [--now ISO] [--dry-run]\n');
          return 2;
        }
        return jobsRun(load(values.config), positionals[2], { tenant: values.tenant, now: values.now, dryRun: values['dry-run'] === true });
      case 'triage':
        return withDb(load(values.config), (db) => listTriage(db, values.tenant));
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`complaintdesk: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
