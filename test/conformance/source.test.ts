// One contract, every mail source (src/source/types.ts): the Maildir source on a temp dir and the
// IMAP source on a private Dovecot. Each test gets a fresh mailbox and a fresh store; the handler
// plays ingest's part (stores a mail once per source key and, for IMAP, advances the cursor in
// the same transaction), so what is checked is the source's side of the bargain.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { imapSchema, type FirstStartMode } from '../../src/config/schema.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { ImapSource } from '../../src/source/imap.js';
import { MaildirSource } from '../../src/source/maildir.js';
import type { MailHandler, MailSource, SourceMail } from '../../src/source/types.js';
import { cursorAdvance } from '../../src/store/cursors.js';
import { openDb, type Db } from '../../src/store/db.js';
import { mailboxStartGet } from '../../src/store/mailboxStarts.js';
import { maildirDeliverAt } from '../helpers/maildirFlow.js';
import { DOVECOT_SKIP_REASON, HAVE_DOVECOT, requireDovecotInCi, useMailServers, type MailServers } from '../helpers/mailServers.js';
import { waitFor } from '../helpers/waitFor.js';

const TENANT = 'conformance';
const MAILBOXES_PER_RUN = 10;
/** Whole seconds: IMAP INTERNALDATE has no finer resolution. */
const RECEIVED = [Date.parse('2026-11-16T09:00:00Z'), Date.parse('2026-11-16T09:05:00Z'), Date.parse('2026-11-16T10:30:00Z')].map((t) => new Date(t));

function mail(i: number): Buffer {
  return Buffer.from(
    [
      `From: Klant ${i} <klant${i}@conformance.example>`,
      'To: klachten@purasec.nl',
      `Subject: Klacht ${i}`,
      `Message-ID: <conformance-${i}@conformance.example>`,
      '',
      `Mail ${i}: ik ben ontevreden.`,
      '',
    ].join('\r\n'),
  );
}

/** One mailbox of one kind of source, empty when handed out. */
interface Mailbox {
  /** The key its first start is recorded under (mailbox_starts). */
  readonly key: string;
  /** Put a mail in it, received at `at`. */
  deliver(raw: Buffer, at: Date): Promise<void>;
  /** A new source instance reading it into `db`. */
  source(db: Db, handle: MailHandler, firstStart: FirstStartMode): MailSource;
  /** How many mails are in it, and how many of them are marked read (\Seen, the Maildir S flag). */
  inspect(): Promise<{ mails: number; markedRead: number }>;
}

interface SourceKind {
  name: string;
  available: boolean;
  skipReason: string;
  /** Registers the kind's hooks (servers) in the enclosing describe; returns a mailbox factory. */
  setup(): () => Mailbox;
}

const maildir: SourceKind = {
  name: 'Maildir',
  available: true,
  skipReason: '',
  setup() {
    return () => {
      const dir = mkdtempSync(join(tmpdir(), 'complaintdesk-conformance-'));
      let n = 0;
      return {
        key: dir,
        async deliver(raw, at) {
          maildirDeliverAt(dir, raw, at, `conformance${++n}`);
        },
        source: (db, handle, firstStart) =>
          new MaildirSource({ tenant: TENANT, dir, pollIntervalMs: 50, firstStart, db, clock: systemClock, handle, log: silentLogger }),
        async inspect() {
          const files = ['new', 'cur'].flatMap((sub) => readdirSync(join(dir, sub)));
          // Maildir info is ':2,<flags>'; S is "seen" (read).
          return { mails: files.length, markedRead: files.filter((f) => /:2,[A-Z]*S/.test(f)).length };
        },
      };
    };
  },
};

const imap: SourceKind = {
  name: 'IMAP',
  available: HAVE_DOVECOT,
  skipReason: DOVECOT_SKIP_REASON,
  setup() {
    const users = Array.from({ length: MAILBOXES_PER_RUN }, (_, i) => ({ user: `box${i + 1}`, password: `box${i + 1}-pw` }));
    const env: MailServers = useMailServers({ users });
    let used = 0;
    return () => {
      const login = users[used++];
      if (!login) throw new Error(`source conformance: more than ${MAILBOXES_PER_RUN} IMAP mailboxes needed; raise MAILBOXES_PER_RUN`);
      return {
        key: 'INBOX',
        async deliver(raw, at) {
          await env.dc.append(login.user, raw, 'INBOX', at);
        },
        source: (db, handle, firstStart) =>
          new ImapSource({
            tenant: TENANT,
            cfg: imapSchema.parse({
              host: env.dc.host,
              port: env.dc.port,
              secure: false,
              user: login.user,
              password: login.password,
              pollIntervalSeconds: 5,
              commandTimeoutSeconds: 10,
            }),
            firstStart,
            db,
            clock: systemClock,
            maxMessageBytes: 1024 * 1024,
            handle,
            log: silentLogger,
          }),
        async inspect() {
          const client = new ImapFlow({ host: env.dc.host, port: env.dc.port, secure: false, auth: { user: login.user, pass: login.password }, logger: false });
          client.on('error', () => undefined);
          await client.connect();
          try {
            const box = await client.mailboxOpen('INBOX', { readOnly: true });
            let markedRead = 0;
            if (box.exists > 0) for await (const m of client.fetch('1:*', { flags: true })) if (m.flags?.has('\\Seen')) markedRead++;
            return { mails: box.exists, markedRead };
          } finally {
            await client.logout();
          }
        },
      };
    };
  },
};

/**
 * The store's side, as ingest does it: each source key stored once, the IMAP cursor advanced in
 * the same transaction. `calls` records every hand-over, `stored` what was kept.
 */
function store(db: Db, opts: { failOnce?: (m: SourceMail) => boolean; gate?: Promise<void> } = {}) {
  const calls: SourceMail[] = [];
  const stored: SourceMail[] = [];
  const keys = new Set<string>();
  const failed = new Set<string>();
  let entered: () => void = () => undefined;
  const inHand = new Promise<void>((resolve) => (entered = resolve));
  const handler: MailHandler = {
    // A group in order, each mail as `handle` does it: a failure leaves the rest of the group unstored.
    async handleMany(items) {
      for (const it of items) await handler.handle(it.mail, it.parsed);
    },
    async handle(m, parsed) {
      calls.push(m);
      await parsed;
      entered();
      await opts.gate;
      if (opts.failOnce?.(m) && !failed.has(m.origin.sourceKey)) {
        failed.add(m.origin.sourceKey);
        throw new Error('simulated failure while storing');
      }
      db.transaction(() => {
        if (keys.has(m.origin.sourceKey)) return;
        keys.add(m.origin.sourceKey);
        stored.push(m);
        const { tenant, mailbox, uidvalidity, uid } = m.origin;
        if (uid !== null && uidvalidity !== null) cursorAdvance(db, tenant, mailbox, uidvalidity, uid, new Date());
      })();
    },
    // IMAP parses ahead of storing; parsing is not the source's contract, so nothing is parsed here.
    prepare: () => Promise.resolve({ ok: false, reason: 'parse-failed', detail: 'not parsed in the source conformance suite' }),
  };
  return { handler, calls, stored, inHand };
}

const subjectOf = (m: SourceMail) => /Subject: (.*)\r\n/.exec(m.raw?.toString('utf8') ?? '')?.[1];

requireDovecotInCi('IMAP source conformance');

describe.each([maildir, imap].map((k) => [k.name, k] as const))('%s source', (_name, kind) => {
  describe.skipIf(!kind.available)(kind.available ? 'meets the source contract' : `meets the source contract [${kind.skipReason}]`, () => {
    const newMailbox = kind.setup();
    const running: MailSource[] = [];
    const start = async (s: MailSource) => {
      running.push(s);
      await s.start();
      return s;
    };
    afterEach(async () => {
      await Promise.all(running.splice(0).map((s) => s.stop()));
    });

    it('hands over each mail once, oldest first, byte for byte, with its size, the time the mailbox received it and a key of its own', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      const raws = [1, 2, 3].map(mail);
      for (const [i, raw] of raws.entries()) await box.deliver(raw, RECEIVED[i]!);
      await start(box.source(db, s.handler, 'process'));
      await waitFor(() => s.stored.length === 3, { timeoutMs: 15_000, message: 'three mails handed over' });
      expect(s.calls).toHaveLength(3);
      expect(s.stored.map((m, i) => m.raw !== null && Buffer.compare(m.raw, raws[i]!) === 0)).toEqual([true, true, true]);
      expect(s.stored.map((m) => m.size)).toEqual(raws.map((r) => r.length));
      expect(s.stored.map((m) => m.receivedAt.toISOString())).toEqual(RECEIVED.map((d) => d.toISOString()));
      expect(s.stored.map((m) => m.history ?? false)).toEqual([false, false, false]);
      expect(s.stored.map((m) => m.origin.tenant)).toEqual([TENANT, TENANT, TENANT]);
      expect(new Set(s.stored.map((m) => m.origin.sourceKey)).size).toBe(3);
    });

    it('sees mail that arrives while it runs', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      await start(box.source(db, s.handler, 'process'));
      await box.deliver(mail(1), RECEIVED[0]!);
      await waitFor(() => s.stored.length === 1, { timeoutMs: 15_000, message: 'the mail that arrived handed over' });
      await box.deliver(mail(2), RECEIVED[1]!);
      await waitFor(() => s.stored.length === 2, { timeoutMs: 15_000, message: 'the second mail handed over' });
      expect(s.calls.map(subjectOf)).toEqual(['Klacht 1', 'Klacht 2']);
    });

    it('drain() resolves only once the mail waiting at the call has been handed over', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      const src = await start(box.source(db, s.handler, 'process'));
      // First while the source may still be on its first pass, then once it has gone quiet (IMAP:
      // in IDLE, where a drain used to resolve at once with nothing handed over).
      await box.deliver(mail(1), RECEIVED[0]!);
      await src.drain();
      expect(s.stored.map(subjectOf)).toEqual(['Klacht 1']);
      await box.deliver(mail(2), RECEIVED[1]!);
      await src.drain();
      expect(s.stored.map(subjectOf)).toEqual(['Klacht 1', 'Klacht 2']);
    });

    it('after a restart on the same store, resumes after the last mail handled: nothing again, nothing skipped', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      await box.deliver(mail(1), RECEIVED[0]!);
      await box.deliver(mail(2), RECEIVED[1]!);
      const first = await start(box.source(db, s.handler, 'process'));
      await waitFor(() => s.stored.length === 2, { timeoutMs: 15_000, message: 'two mails handed over' });
      await first.stop();
      await box.deliver(mail(3), RECEIVED[2]!);
      await start(box.source(db, s.handler, 'process'));
      await waitFor(() => s.stored.length === 3, { timeoutMs: 15_000, message: 'the mail that came during the restart handed over' });
      // Oldest first: had the new source handed over mail 1 or 2 again, it would have done so before mail 3.
      expect(s.calls.map(subjectOf)).toEqual(['Klacht 1', 'Klacht 2', 'Klacht 3']);
    });

    it('hands a mail whose storing failed over again, under the same key, and not the mails stored before it', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db, { failOnce: (m) => subjectOf(m) === 'Klacht 2' });
      for (const i of [1, 2, 3]) await box.deliver(mail(i), RECEIVED[i - 1]!);
      await start(box.source(db, s.handler, 'process'));
      await waitFor(() => s.stored.length === 3, { timeoutMs: 20_000, message: 'all three stored after the failure' });
      expect(s.stored.map(subjectOf)).toEqual(['Klacht 1', 'Klacht 2', 'Klacht 3']);
      const calls = s.calls.map((m) => ({ subject: subjectOf(m), key: m.origin.sourceKey }));
      expect(calls.map((c) => c.subject)).toEqual(['Klacht 1', 'Klacht 2', 'Klacht 2', 'Klacht 3']);
      expect(calls[2]!.key).toBe(calls[1]!.key);
    });

    it('leaves the mailbox as people left it: every mail still there, none marked read', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      await box.deliver(mail(1), RECEIVED[0]!);
      await box.deliver(mail(2), RECEIVED[1]!);
      await start(box.source(db, s.handler, 'process'));
      await waitFor(() => s.stored.length === 2, { timeoutMs: 15_000, message: 'two mails handed over' });
      await Promise.all(running.splice(0).map((x) => x.stop()));
      expect(await box.inspect()).toEqual({ mails: 2, markedRead: 0 });
    });

    it('first start, archive: the mail already there is handed over as history, later mail as new', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      await box.deliver(mail(1), RECEIVED[0]!);
      await box.deliver(mail(2), RECEIVED[1]!);
      await start(box.source(db, s.handler, 'archive'));
      await waitFor(() => s.stored.length === 2, { timeoutMs: 15_000, message: 'the history handed over' });
      await box.deliver(mail(3), RECEIVED[2]!);
      await waitFor(() => s.stored.length === 3, { timeoutMs: 15_000, message: 'the new mail handed over' });
      expect(s.stored.map((m) => [subjectOf(m), m.history ?? false])).toEqual([
        ['Klacht 1', true],
        ['Klacht 2', true],
        ['Klacht 3', false],
      ]);
    });

    it('first start, skip: the mail already there is not handed over, later mail is', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      const s = store(db);
      await box.deliver(mail(1), RECEIVED[0]!);
      await box.deliver(mail(2), RECEIVED[1]!);
      await start(box.source(db, s.handler, 'skip'));
      await waitFor(() => mailboxStartGet(db, TENANT, box.key)?.completedAt, { timeoutMs: 15_000, message: 'first start recorded and done' });
      await box.deliver(mail(3), RECEIVED[2]!);
      await waitFor(() => s.stored.length === 1, { timeoutMs: 15_000, message: 'the new mail handed over' });
      expect(s.calls.map((m) => [subjectOf(m), m.history ?? false])).toEqual([['Klacht 3', false]]);
    });

    it('says it is catching up while a backlog is handed over (its letters wait for it), and not once it is stored or for one mail', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      let release: () => void = () => undefined;
      const s = store(db, { gate: new Promise<void>((resolve) => (release = resolve)) });
      for (let i = 1; i <= 40; i++) await box.deliver(mail(i), RECEIVED[0]!);
      const src = await start(box.source(db, s.handler, 'process'));
      await s.inHand;
      expect(src.catchingUp).toBe(true);
      release();
      await waitFor(() => s.stored.length === 40, { timeoutMs: 15_000, message: 'the backlog handed over' });
      await waitFor(() => !src.catchingUp, { timeoutMs: 15_000, message: 'the pass over' });
      await box.deliver(mail(41), RECEIVED[1]!);
      await src.drain();
      expect(s.stored).toHaveLength(41);
      expect(src.catchingUp).toBe(false);
    });

    it('stop() waits for the mail in hand to be stored', async () => {
      const box = newMailbox();
      const db = openDb(':memory:');
      let release: () => void = () => undefined;
      const s = store(db, { gate: new Promise<void>((resolve) => (release = resolve)) });
      await box.deliver(mail(1), RECEIVED[0]!);
      const src = await start(box.source(db, s.handler, 'process'));
      await s.inHand;
      let stopped = false;
      const stopping = src.stop().then(() => (stopped = true));
      // A turn of the event loop: enough for stop() to resolve if it did not wait.
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(s.stored.map(subjectOf)).toEqual(['Klacht 1']);
    });
  });
});
