// The size cap is checked from the IMAP size before downloading: an oversized mail is
// quarantined without its body, in its UID turn, and the mails around it are processed.
// With `markSeen`, every mail handled gets \Seen, over several FETCH batches.
import { ImapFlow } from 'imapflow';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const LOGIN = { user: 'limits', password: 'limits-pw' };
const SEEN = { user: 'seen', password: 'seen-pw' };
const mail = (i: number, extra = '') =>
  [
    `From: klant${i}@limits.example`,
    'To: klachten@purasec.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <limits-${i}@limits.example>`,
    '',
    `De pentest was slecht (${i}).`,
    extra,
    '',
  ].join('\r\n');

describeWithMailServers('IMAP size cap', { users: [LOGIN, SEEN] }, (env) => {
  it('quarantines an oversized mail unread, in UID order, and processes its neighbours', async () => {
    const { dc, smtp } = env;
    await dc.append(LOGIN.user, mail(1));
    const bigUid = await dc.append(LOGIN.user, mail(2, 'x'.repeat(20_000)));
    await dc.append(LOGIN.user, mail(3));
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...LOGIN }, smtp: { host: smtp.host, port: smtp.port } }], {
      limits: { maxMessageBytes: 8192 },
    });
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    try {
      await waitFor(() => daemon.db.prepare('SELECT last_uid FROM mailbox_cursors').pluck().get() === 3, {
        timeoutMs: 10_000,
        message: 'cursor past all three',
      });
      expect(daemon.db.prepare('SELECT customer_email FROM complaints ORDER BY id').pluck().all()).toEqual(['klant1@limits.example', 'klant3@limits.example']);
      const q = daemon.db.prepare('SELECT reason, uid, raw, size FROM quarantine').get() as Record<string, unknown>;
      expect(q).toMatchObject({ reason: 'too-large', uid: bigUid, raw: null });
      expect(q.size as number).toBeGreaterThan(20_000);
    } finally {
      await daemon.stop();
    }
  });

  it('markSeen: every mail handled, the oversized one too, is flagged \\Seen across FETCH batches of 2', async () => {
    const { dc, smtp } = env;
    for (let i = 1; i <= 5; i++) await dc.append(SEEN.user, mail(10 + i, i === 3 ? 'x'.repeat(20_000) : ''));
    const cfg = writeTestConfig(
      [{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...SEEN, markSeen: true, batchSize: 2 }, smtp: { host: smtp.host, port: smtp.port } }],
      { limits: { maxMessageBytes: 8192 } },
    );
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    try {
      await waitFor(() => daemon.db.prepare('SELECT last_uid FROM mailbox_cursors').pluck().get() === 5, {
        timeoutMs: 10_000,
        message: 'cursor past all five',
      });
      expect(daemon.db.prepare('SELECT count(*) FROM complaints').pluck().get()).toBe(4);
      // Stopped first: the last STORE is part of the pass, and stop() waits for the pass.
      await daemon.stop();
      const client = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: SEEN.user, pass: SEEN.password }, logger: false });
      await client.connect();
      try {
        await client.mailboxOpen('INBOX', { readOnly: true });
        const seen: Array<[number, boolean]> = [];
        for await (const m of client.fetch('1:*', { uid: true, flags: true }, { uid: true })) seen.push([m.uid, m.flags?.has('\\Seen') ?? false]);
        expect(seen).toEqual([1, 2, 3, 4, 5].map((uid) => [uid, true]));
      } finally {
        await client.logout();
      }
    } finally {
      await daemon.stop();
    }
  });
});
