import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FirstStartMode } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { Db } from '../store/db.js';
import { maildirSourceKey, type MailOrigin } from '../store/inbound.js';
import { mailboxStartComplete, mailboxStartFiles, mailboxStartGet, type MailboxStart, type MaildirFolder } from '../store/mailboxStarts.js';
import { logFirstStart, recordMaildirFirstStart } from './firstStart.js';
import { maildirList, maildirMoveToCur, maildirUnique } from './maildirFiles.js';
import type { MailHandler, MailSource } from './types.js';

export interface MaildirSourceOptions {
  tenant: string;
  dir: string;
  pollIntervalMs: number;
  /** What the first start does with the mail already in the Maildir (`mailbox.firstStart`). */
  firstStart: FirstStartMode;
  db: Db;
  clock: Clock;
  handle: MailHandler;
  log: Logger;
}

/** More mails than this waiting in one scan is a backlog (as the IMAP source's stored group). */
const BACKLOG_MAILS = 16;

/**
 * A local Maildir (the Dovecot/Postfix format): mail is delivered into tmp/ and renamed into new/.
 * A processed mail moves to cur/ without flags — the Maildir way of saying "the client has seen
 * it arrive", which does not mark it read. A mail is identified by its unique name (before ':')
 * together with a hash of its bytes, since people copy files in by hand and reuse names.
 *
 * The first scan of a Maildir without a recorded first start records one: what is in new/ and
 * cur/ then is history (see firstStart.ts); after that cur/ is never read again.
 */
export class MaildirSource implements MailSource {
  readonly name: string;
  /** Mails of the current scan not yet handed over (the one in hand included). */
  #waiting = 0;

  get catchingUp(): boolean {
    return this.#waiting > BACKLOG_MAILS;
  }

  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #followUp: Promise<void> | null = null;
  #stopped = false;
  #start: MailboxStart | null = null;

  constructor(private readonly o: MaildirSourceOptions) {
    this.name = `maildir:${o.dir}`;
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(o.dir, sub), { recursive: true });
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.o.log.info({ tenant: this.o.tenant, dropInto: join(this.o.dir, 'new') }, 'watching Maildir: drop .eml files into new/');
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.drain()
        .catch((err: unknown) => this.o.log.error({ tenant: this.o.tenant, err }, 'Maildir scan failed; retrying'))
        .finally(() => this.#schedule(this.o.pollIntervalMs));
    }, ms);
  }

  /**
   * Hand over everything in new/ now. Never two scans at once (a file could be handed over
   * twice); a scan already running may have listed new/ before the caller's mail arrived, so the
   * caller then waits for one more scan that starts after it (shared by every caller meanwhile).
   */
  drain(): Promise<void> {
    if (!this.#running) return this.#begin();
    this.#followUp ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#followUp = null;
        return this.#running ?? this.#begin();
      });
    return this.#followUp;
  }

  #begin(): Promise<void> {
    this.#running = this.#scan().finally(() => (this.#running = null));
    return this.#running;
  }

  async #scan(): Promise<void> {
    const { db, tenant, dir } = this.o;
    if (!this.#start) {
      const recorded = mailboxStartGet(db, tenant, dir);
      if (recorded) this.#start = recorded;
      else {
        this.#start = recordMaildirFirstStart(db, { tenant, dir, mode: this.o.firstStart, now: this.o.clock.now() });
        logFirstStart(this.o.log, this.#start, dir);
      }
    }
    if (!this.#start.completedAt) {
      await this.#firstStartPass(this.#start);
      if (this.#stopped) return;
    }
    // Maildir names start with the delivery time, so sorting keeps arrival order.
    const names = maildirList(dir, 'new');
    try {
      for (const [i, name] of names.entries()) {
        if (this.#stopped) return;
        this.#waiting = names.length - i;
        if (!(await this.#handleFile('new', name, false))) continue;
        // Stored (or quarantined) durably: now it may leave new/. A crash before this line means
        // the file is seen again and recognised by its name and bytes as a duplicate.
        maildirMoveToCur(dir, name);
      }
    } finally {
      this.#waiting = 0;
    }
  }

  /**
   * The files listed at the first start, cur/ (seen by a client, so older) before new/. Archive:
   * handed over as history; cur/ ones stay where they are. Skip: new/ ones only move to cur/.
   * A restart before the list is crossed off goes through it again; what was stored already is
   * recognised by its source key.
   */
  async #firstStartPass(start: MailboxStart): Promise<void> {
    const { db, tenant, dir } = this.o;
    for (const f of mailboxStartFiles(db, tenant, dir)) {
      if (this.#stopped) return;
      if (start.mode === 'archive' && !(await this.#handleFile(f.folder, f.name, true))) continue;
      if (f.folder === 'new') {
        try {
          maildirMoveToCur(dir, f.name);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // moved in a run before a crash
        }
      }
    }
    const now = this.o.clock.now();
    mailboxStartComplete(db, tenant, dir, now);
    this.#start = { ...start, completedAt: now.toISOString() };
  }

  /** Hand one file over; false when it is gone (taken by another reader, or moved before a crash). */
  async #handleFile(folder: MaildirFolder, name: string, history: boolean): Promise<boolean> {
    const file = join(this.o.dir, folder, name);
    let raw: Buffer;
    let mtime: Date;
    try {
      raw = readFileSync(file);
      mtime = statSync(file).mtime;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    const origin: MailOrigin = {
      tenant: this.o.tenant,
      sourceKey: maildirSourceKey(maildirUnique(name), raw),
      mailbox: this.o.dir,
      uidvalidity: null,
      uid: null,
    };
    await this.o.handle.handle({ origin, size: raw.length, raw, receivedAt: mtime, ...(history ? { history: true } : {}) });
    return true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}

/** Deliver a mail into a Maildir the standard way (tmp/ then rename into new/). Used by the demo and tests. */
export function maildirDeliver(dir: string, raw: string | Buffer, uniqueHint = 'complaintdesk'): string {
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  const name = `${Date.now()}.M${process.hrtime.bigint()}P${process.pid}.${uniqueHint}`;
  const tmp = join(dir, 'tmp', name);
  writeFileSync(tmp, raw, { flag: 'wx' });
  renameSync(tmp, join(dir, 'new', name));
  return name;
}
