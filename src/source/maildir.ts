import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log.js';
import type { MailHandler, MailSource } from './types.js';

/**
 * A local Maildir (the Dovecot/Postfix format): mail is delivered into tmp/ and renamed into new/.
 * A processed mail moves to cur/ without flags — the Maildir way of saying "the client has seen
 * it arrive", which does not mark it read. The unique file name (before ':') is the identity.
 */
export class MaildirSource implements MailSource {
  readonly name: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(
    private readonly tenant: string,
    private readonly dir: string,
    private readonly pollIntervalMs: number,
    private readonly handle: MailHandler,
    private readonly log: Logger,
  ) {
    this.name = `maildir:${dir}`;
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.log.info({ tenant: this.tenant, dropInto: join(this.dir, 'new') }, 'watching Maildir: drop .eml files into new/');
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.drain()
        .catch((err: unknown) => this.log.error({ tenant: this.tenant, err }, 'Maildir scan failed; retrying'))
        .finally(() => this.#schedule(this.pollIntervalMs));
    }, ms);
  }

  drain(): Promise<void> {
    // Never two scans at once: a file could be handed over twice.
    this.#running ??= this.#scan().finally(() => (this.#running = null));
    return this.#running;
  }

  async #scan(): Promise<void> {
    const newDir = join(this.dir, 'new');
    // Maildir names start with the delivery time, so sorting keeps arrival order.
    const names = readdirSync(newDir).filter((n) => !n.startsWith('.')).sort();
    for (const name of names) {
      if (this.#stopped) return;
      const file = join(newDir, name);
      let raw: Buffer;
      let mtime: Date;
      try {
        raw = readFileSync(file);
        mtime = statSync(file).mtime;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // taken by another reader
        throw err;
      }
      const unique = name.split(':')[0] ?? name;
      await this.handle.handle({
        origin: { tenant: this.tenant, sourceKey: `maildir:${unique}`, mailbox: this.dir, uidvalidity: null, uid: null },
        size: raw.length,
        raw,
        receivedAt: mtime,
      });
      // Stored (or quarantined) durably: now it may leave new/. A crash before this line means
      // the file is seen again and recognised by its name as a duplicate.
      renameSync(file, join(this.dir, 'cur', `${unique}:2,`));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
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

