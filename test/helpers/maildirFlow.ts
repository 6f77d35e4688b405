// Conversations with a running daemon over its embedded pieces, no mail servers: a mail is
// delivered into the tenant's Maildir the standard way (written in tmp/, renamed into new/) with
// its file time = the test clock's now, since the Maildir source takes the file's mtime as the
// moment of receipt; what the daemon sends is read back from the file transport's .eml files.
// The same API as mailFlow.ts (send / settled / last / idOf), with a tenant id where that takes a
// Dovecot login.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import type { LoadedConfig } from '../../src/config/load.js';
import type { Clock } from '../../src/core/clock.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { rawMail, type Mail } from './mailFlow.js';
import type { ReceivedMessage } from './smtpSink.js';
import { waitFor } from './waitFor.js';

export type { Mail } from './mailFlow.js';

/** The file transport names files `<ISO time with - for : and .>-<ref>-<kind>-<outbox id>.eml`. */
const SENT_FILE = /^(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)-.*-(\d+)\.eml$/;

export interface MaildirFlowOptions {
  config: () => LoadedConfig;
  daemon: () => Daemon;
  clock: Clock;
  idPrefix: string;
}

export function maildirFlow(opts: MaildirFlowOptions) {
  let seq = 0;
  const db = () => opts.daemon().db;
  const tenant = (id: string) => {
    const t = opts.config().tenants.find((x) => x.id === id);
    if (!t) throw new Error(`maildirFlow: no tenant ${id}`);
    return t;
  };
  const maildirOf = (id: string): string => {
    const m = tenant(id).mailbox;
    if (!('maildir' in m)) throw new Error(`maildirFlow: tenant ${id} reads IMAP, not a Maildir`);
    return resolve(opts.config().dataDir, m.maildir.path);
  };
  const outboxDirs = (): string[] =>
    opts.config().tenants.flatMap((t) => ('file' in t.transport ? [resolve(opts.config().dataDir, t.transport.file.path)] : []));

  /** Everything the file transport wrote, in the order it wrote it; parsed once per file. */
  const parsedFiles = new Map<string, Promise<ReceivedMessage>>();
  let sent: ReceivedMessage[] = [];
  async function messages(): Promise<ReceivedMessage[]> {
    const files: Array<{ path: string; stamp: string; id: number }> = [];
    for (const dir of outboxDirs()) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        const m = SENT_FILE.exec(name); // skips the transport's .tmp files
        if (m) files.push({ path: join(dir, name), stamp: m[1]!, id: Number(m[2]) });
      }
    }
    // Written one at a time (concurrency 1): the time stamp orders them; the outbox id breaks ties within a millisecond.
    files.sort((a, b) => (a.stamp === b.stamp ? a.id - b.id : a.stamp < b.stamp ? -1 : 1));
    sent = await Promise.all(
      files.map((f) => {
        let p = parsedFiles.get(f.path);
        if (!p) {
          p = readSent(f.path);
          parsedFiles.set(f.path, p);
        }
        return p;
      }),
    );
    return sent;
  }

  /** Everything due by the test clock has been written (letters deferred to a later slot wait; see autoReply.ts). */
  async function settled(): Promise<void> {
    await opts.daemon().drainSenders();
    await waitFor(
      () =>
        db()
          .prepare(`SELECT count(*) FROM outbox WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?)`)
          .pluck()
          .get(opts.clock.now().toISOString()) === 0,
      { timeoutMs: 10_000, message: 'outbox drained' },
    );
    const count = db().prepare(`SELECT count(*) FROM outbox WHERE status = 'sent'`).pluck().get() as number;
    await waitFor(async () => (await messages()).length >= count, { timeoutMs: 5_000, message: 'file transport wrote every sent mail' });
  }

  /**
   * Deliver `raw` into the tenant's Maildir, received at `receivedAt` (default: the test clock's
   * now), and resolve once the daemon has stored it and everything it caused is written.
   */
  async function deliver(tenantId: string, raw: string | Buffer, receivedAt: Date = opts.clock.now()): Promise<void> {
    const dir = maildirOf(tenantId);
    const name = maildirDeliverAt(dir, raw, receivedAt, opts.idPrefix);
    // The source moves a file out of new/ only once it is stored (or quarantined) durably.
    await waitFor(
      async () => {
        await opts.daemon().runOnce();
        return !existsSync(join(dir, 'new', name));
      },
      { timeoutMs: 10_000, message: `stored ${name}` },
    );
    await settled();
  }

  async function send(tenantId: string, m: Mail): Promise<string> {
    const id = `${opts.idPrefix}-${++seq}@test.example`;
    const raw = rawMail(m, id, opts.clock.now());
    await deliver(tenantId, raw);
    if (!db().prepare('SELECT 1 FROM inbound_messages WHERE message_id = ?').get(id))
      throw new Error(`maildirFlow: ${m.subject} was not stored as a mail (quarantined?)`);
    return id;
  }

  /** The newest mail to `to` whose subject matches, among what was written by the last settled()/messages(). */
  function last(to: string, subject?: RegExp): ReceivedMessage {
    const m = [...sent].reverse().find((x) => x.envelope.to.includes(to) && (!subject || subject.test(x.parsed.subject ?? '')));
    if (!m) throw new Error(`no mail to ${to} matching ${subject}: ${sent.map((x) => `${x.envelope.to[0]}: ${x.parsed.subject}`).join(' | ')}`);
    return m;
  }

  return { send, deliver, settled, messages, last, maildirOf, idOf: (m: ReceivedMessage) => m.parsed.messageId!.replace(/[<>]/g, '') };
}

let deliveries = 0;

/**
 * Deliver `raw` into a Maildir the standard way (written in tmp/, renamed into new/) as received
 * at `receivedAt`: the Maildir source reads the moment of receipt from the file's mtime, which the
 * rename keeps. Returns the file name in new/.
 */
export function maildirDeliverAt(dir: string, raw: string | Buffer, receivedAt: Date, hint = 'test'): string {
  for (const sub of ['tmp', 'new', 'cur']) mkdirSync(join(dir, sub), { recursive: true });
  // Maildir names start with the delivery time, so the source's name order is arrival order.
  const name = `${Date.now()}.M${String(++deliveries).padStart(6, '0')}P${process.pid}.${hint}`;
  const tmp = join(dir, 'tmp', name);
  writeFileSync(tmp, raw, { flag: 'wx' });
  utimesSync(tmp, receivedAt, receivedAt);
  renameSync(tmp, join(dir, 'new', name));
  return name;
}

/**
 * One written mail in the SMTP sink's shape. The file transport keeps no envelope; the one the
 * daemon would use is the From and To addresses (composeOptions sets the envelope to exactly those).
 */
export async function readSent(path: string): Promise<ReceivedMessage> {
  const raw = readFileSync(path);
  const parsed = await simpleParser(raw);
  const addresses = (v: typeof parsed.to): string[] =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((a) => a.value.map((x) => x.address ?? ''));
  return { envelope: { from: parsed.from?.value[0]?.address ?? '', to: addresses(parsed.to) }, raw, parsed, authUser: null };
}
