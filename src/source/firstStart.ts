import { resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { FirstStartMode, ImapConfig, TenantConfig } from '../config/schema.js';
import { withTimeout } from '../core/backoff.js';
import type { Logger } from '../core/log.js';
import { cursorGet, cursorReset, cursorSet } from '../store/cursors.js';
import type { Db } from '../store/db.js';
import { inboundSeenMaildir } from '../store/inbound.js';
import { mailboxStartFilesInsert, mailboxStartGet, mailboxStartInsert, type MailboxStart, type MaildirFolder } from '../store/mailboxStarts.js';
import { maildirList } from './maildirFiles.js';

/*
 * The first start of a mailbox (SPEC §3): mail already there when the desk first watches it is
 * history, not new work. `archive` hands it over with `history: true` (stored, threadable, no
 * complaint, no letter); `skip` starts after it; `process` treats it as new (the age limit in
 * ingest still guards letters). The moment is recorded once, with what counted as "already
 * there", so a restart in the middle of archiving goes on archiving.
 */

/** check-config gives up on an unreachable IMAP server after this long. */
const BACKLOG_CHECK_TIMEOUT_MS = 10_000;

/** The one log line per mailbox, at its first start. */
export function logFirstStart(log: Logger, s: MailboxStart, mailboxName: string): void {
  const what: Record<FirstStartMode, string> = {
    archive: 'recorded as archive (no letters)',
    skip: 'skipped (not stored, no letters)',
    process: 'processed as new mail (letters only for mail younger than autoReply.maxMailAgeDays)',
  };
  log.info(
    { tenant: s.tenant, mailbox: mailboxName, mode: s.mode, count: s.historyCount },
    `first start: ${s.historyCount} mails already in ${mailboxName} ${what[s.mode]}`,
  );
}

/**
 * IMAP: no cursor yet for this folder. UIDs below UIDNEXT of this SELECT are what was there;
 * mail arriving from now on gets a higher UID. The boundary and the cursor are written together.
 */
export function recordImapFirstStart(
  db: Db,
  o: { tenant: string; folder: string; uidvalidity: string; uidNext: number; exists: number; mode: FirstStartMode; now: Date },
): MailboxStart {
  db.transaction(() => {
    mailboxStartInsert(db, {
      tenant: o.tenant,
      mailbox: o.folder,
      mode: o.mode,
      historyCount: o.exists,
      historyBelowUid: o.uidNext,
      uidvalidity: o.uidvalidity,
      now: o.now,
      completed: true,
    });
    if (o.mode === 'skip') cursorSet(db, o.tenant, o.folder, o.uidvalidity, Math.max(0, o.uidNext - 1), o.now);
    else cursorReset(db, o.tenant, o.folder, o.uidvalidity, o.now);
  }).immediate();
  return mailboxStartGet(db, o.tenant, o.folder)!;
}

/**
 * Is this UID history? Only under the UIDVALIDITY of the first start: after a renumbering the
 * folder is rescanned and Message-IDs recognise what was stored, archive included.
 */
export function isImapHistory(start: MailboxStart | null, uidvalidity: string, uid: number): boolean {
  return start !== null && start.mode === 'archive' && start.uidvalidity === uidvalidity && start.historyBelowUid !== null && uid < start.historyBelowUid;
}

/**
 * Maildir: no marker yet for this directory. Everything in new/ and cur/ now is what was there;
 * the names are listed (a Maildir has no order to draw a line in) and crossed off as a whole
 * once handled. A directory this tenant already stored mail from was in use before first starts
 * were recorded (an upgrade): nothing in it is history, its new/ is handled as before.
 */
export function recordMaildirFirstStart(db: Db, o: { tenant: string; dir: string; mode: FirstStartMode; now: Date }): MailboxStart {
  const inNew = maildirList(o.dir, 'new');
  const inCur = maildirList(o.dir, 'cur');
  const upgrade = inboundSeenMaildir(db, o.tenant, o.dir);
  const mode: FirstStartMode = upgrade ? 'process' : o.mode;
  const listed: Array<{ folder: MaildirFolder; name: string }> =
    mode === 'archive'
      ? [...inCur.map((name) => ({ folder: 'cur' as const, name })), ...inNew.map((name) => ({ folder: 'new' as const, name }))]
      : mode === 'skip'
        ? inNew.map((name) => ({ folder: 'new' as const, name }))
        : [];
  // cur/ is mail a client has already seen: never read in process mode, so not counted there.
  const count = upgrade ? 0 : mode === 'process' ? inNew.length : inNew.length + inCur.length;
  db.transaction(() => {
    mailboxStartInsert(db, {
      tenant: o.tenant,
      mailbox: o.dir,
      mode,
      historyCount: count,
      historyBelowUid: null,
      uidvalidity: null,
      now: o.now,
      completed: listed.length === 0,
    });
    mailboxStartFilesInsert(db, o.tenant, o.dir, listed);
  }).immediate();
  return mailboxStartGet(db, o.tenant, o.dir)!;
}

export interface FirstStartBacklog {
  /** The first start already happened (recorded, or the mailbox was in use before that was recorded). */
  started: boolean;
  mode: FirstStartMode;
  /** Mails the first start would treat by `mode`; null when started or the mailbox could not be read. */
  count: number | null;
  detail?: string;
}

/**
 * For `check-config`: what the first start of a tenant's mailbox would do, changing nothing.
 * IMAP: STATUS (not SELECT, so no \Recent is claimed and no flag changes) under a timeout;
 * Maildir: the files in new/ and cur/. `db` is null when there is no store yet.
 */
export async function firstStartBacklog(cfg: TenantConfig, dataDir: string, db: Db | null, opts: { timeoutMs?: number } = {}): Promise<FirstStartBacklog> {
  const mode = cfg.mailbox.firstStart;
  const wouldDo = (n: number) =>
    mode === 'archive'
      ? `${n} mails would be recorded as archive (no letters)`
      : mode === 'skip'
        ? `${n} mails would be skipped (not stored, no letters)`
        : `${n} mails would be processed as new mail (no letter for mail older than ${cfg.autoReply.maxMailAgeDays} days)`;

  if ('maildir' in cfg.mailbox) {
    const dir = resolve(dataDir, cfg.mailbox.maildir.path);
    const recorded = db ? mailboxStartGet(db, cfg.id, dir) : null;
    if (recorded) return { started: true, mode: recorded.mode, count: null, detail: describeRecorded(recorded) };
    if (db && inboundSeenMaildir(db, cfg.id, dir)) return { started: true, mode, count: null, detail: 'in use since before first starts were recorded' };
    const inNew = maildirList(dir, 'new').length;
    const count = mode === 'process' ? inNew : inNew + maildirList(dir, 'cur').length;
    return { started: false, mode, count, detail: `first start: ${wouldDo(count)}` };
  }

  const imap = cfg.mailbox.imap;
  const recorded = db ? mailboxStartGet(db, cfg.id, imap.folder) : null;
  if (recorded) return { started: true, mode: recorded.mode, count: null, detail: describeRecorded(recorded) };
  if (db && cursorGet(db, cfg.id, imap.folder)) return { started: true, mode, count: null, detail: 'in use since before first starts were recorded' };
  try {
    const messages = await imapMessageCount(imap, opts.timeoutMs ?? Math.min(BACKLOG_CHECK_TIMEOUT_MS, imap.commandTimeoutSeconds * 1000));
    return { started: false, mode, count: messages, detail: `first start: ${wouldDo(messages)}` };
  } catch (err) {
    return { started: false, mode, count: null, detail: `could not read ${imap.user}@${imap.host}:${imap.port}/${imap.folder}: ${(err as Error).message}` };
  }
}

function describeRecorded(s: MailboxStart): string {
  const done = s.mode === 'archive' ? 'recorded as archive' : s.mode === 'skip' ? 'skipped' : 'processed as new mail';
  return `first start on ${s.startedAt}: ${s.historyCount} mails ${done}${s.completedAt ? '' : ' (still under way)'}`;
}

/**
 * A short-lived IMAP connection for a look at a mailbox (check-config, status): no IDLE, every
 * phase bounded by `timeoutMs`; its errors surface through the caller's rejected promise.
 */
export function imapProbeClient(cfg: ImapConfig, timeoutMs: number): ImapFlow {
  const client = new ImapFlow({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: { user: cfg.user, pass: cfg.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  client.on('error', () => undefined);
  return client;
}

async function imapMessageCount(cfg: ImapConfig, timeoutMs: number): Promise<number> {
  const client = imapProbeClient(cfg, timeoutMs);
  try {
    return await withTimeout(
      (async () => {
        await client.connect();
        const status = await client.status(cfg.folder, { messages: true });
        if (!status) throw new Error(`STATUS ${cfg.folder} refused by the server`);
        return status.messages ?? 0;
      })(),
      timeoutMs,
      'IMAP STATUS',
      () => client.close(),
    );
  } finally {
    if (client.usable) await withTimeout(client.logout(), 2_000, 'IMAP LOGOUT', () => client.close()).catch(() => client.close());
    else client.close();
  }
}
