import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import cron from 'node-cron';
import type { TenantConfig } from '../config/schema.js';
import type { MailTransport } from '../outbox/transport.js';
import { imapProbeClient } from '../source/firstStart.js';

/**
 * What `status` finds by looking now, outside the store: is the mailbox reachable and is mail
 * waiting in it, would the mail server take mail, when do the scheduled jobs run next. Each
 * probe answers within PROBE_TIMEOUT_MS whatever the server does.
 */

export const PROBE_TIMEOUT_MS = 10_000;

export interface MailboxProbe {
  reachable: boolean;
  /** Why not, in the server's or file system's words. */
  error: string | null;
  /** Mail in the mailbox the desk has not taken in yet (null: not known, e.g. unreachable). */
  waiting: number | null;
  /** When the oldest of it arrived. */
  oldestWaitingAt: Date | null;
}

async function withTimeout<T>(p: Promise<T>, what: string, onTimeout: () => void = () => undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what}: no answer within ${PROBE_TIMEOUT_MS / 1000} s`));
    }, PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * IMAP: connect, log in, STATUS of the watched folder; when UIDs above the desk's cursor exist,
 * the arrival time of the first of them (a read-only EXAMINE, so no flag changes).
 */
export async function probeImap(
  cfg: Extract<TenantConfig['mailbox'], { imap: unknown }>['imap'],
  cursor: { uidvalidity: string; lastUid: number } | null,
): Promise<MailboxProbe> {
  const client = imapProbeClient(cfg, PROBE_TIMEOUT_MS);
  try {
    await withTimeout(client.connect(), `IMAP ${cfg.host}:${cfg.port} connect and login`, () => client.close());
    const st = await withTimeout(client.status(cfg.folder, { uidNext: true, uidValidity: true, messages: true }), `IMAP STATUS ${cfg.folder}`, () =>
      client.close(),
    );
    if (!st) throw new Error(`IMAP STATUS ${cfg.folder}: the server does not know this folder`);
    let waiting: number | null = null;
    let oldestWaitingAt: Date | null = null;
    if (cursor && st.uidValidity !== undefined && String(st.uidValidity) === cursor.uidvalidity && st.uidNext !== undefined) {
      waiting = 0;
      if (st.uidNext - 1 > cursor.lastUid) {
        const lock = await withTimeout(client.getMailboxLock(cfg.folder, { readOnly: true }), `IMAP EXAMINE ${cfg.folder}`, () => client.close());
        try {
          for await (const m of client.fetch(`${cursor.lastUid + 1}:*`, { uid: true, internalDate: true }, { uid: true })) {
            if (m.uid <= cursor.lastUid) continue; // `N:*` names the last message when none is above N
            waiting++;
            const at = m.internalDate ? new Date(m.internalDate) : null;
            if (at && (!oldestWaitingAt || at < oldestWaitingAt)) oldestWaitingAt = at;
          }
        } finally {
          lock.release();
        }
      }
    }
    return { reachable: true, error: null, waiting, oldestWaitingAt };
  } catch (err) {
    const e = err as Error & { responseText?: string; code?: string };
    return { reachable: false, error: [e.code, e.responseText ?? e.message].filter(Boolean).join(' '), waiting: null, oldestWaitingAt: null };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Maildir: new/ readable; the files in it (less those a first start set aside) are waiting. */
export function probeMaildir(dir: string, setAside: ReadonlySet<string>): MailboxProbe {
  try {
    const names = readdirSync(join(dir, 'new')).filter((n) => !n.startsWith('.') && !setAside.has(n));
    let oldest: Date | null = null;
    let waiting = 0;
    for (const n of names) {
      try {
        const at = statSync(join(dir, 'new', n)).mtime;
        waiting++;
        if (!oldest || at < oldest) oldest = at;
      } catch {
        // taken in (moved to cur/) between the listing and the stat
      }
    }
    return { reachable: true, error: null, waiting, oldestWaitingAt: oldest };
  } catch (err) {
    return { reachable: false, error: (err as Error).message, waiting: null, oldestWaitingAt: null };
  }
}

/** The transport's own check (SMTP: connect, EHLO, login; files: the directory is writable), bounded in time. */
export async function probeTransport(transport: MailTransport): Promise<string | null> {
  try {
    await withTimeout(transport.verify(), transport.name);
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await transport.close().catch(() => undefined);
  }
}

/** The next time a node-cron expression fires in a time zone (node-cron's own computation, nothing scheduled). */
export async function nextCronRun(expr: string, timezone: string, after: Date): Promise<Date | null> {
  const task = cron.createTask(expr, () => undefined, { timezone });
  try {
    return task.getNextRuns(5).find((d) => d > after) ?? null;
  } finally {
    await Promise.resolve(task.destroy());
  }
}
