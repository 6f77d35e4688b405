// The malformed-mail corpus through a real Dovecot: every fixture the server accepts on APPEND
// ends processed or quarantined (none dropped, the cursor past all of them) and the daemon is
// still up to acknowledge an ordinary complaint afterwards.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const DIR = fileURLToPath(new URL('../fixtures/malformed/', import.meta.url));
const LOGIN = { user: 'malformed', password: 'malformed-pw' };

describeWithMailServers('malformed mail over IMAP', { users: [LOGIN] }, (env) => {
  it('processes or quarantines every fixture Dovecot accepts, and still acknowledges a normal complaint', async () => {
    const { dc, smtp } = env;
    const names = readdirSync(DIR)
      .filter((n) => n.endsWith('.eml'))
      .sort();
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const name of names) {
      try {
        await dc.append(LOGIN.user, readFileSync(join(DIR, name)));
        accepted.push(name);
      } catch {
        refused.push(name); // e.g. NUL bytes in an IMAP literal
      }
    }
    expect(accepted.length).toBeGreaterThanOrEqual(30);
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...LOGIN }, smtp: { host: smtp.host, port: smtp.port } }], {
      limits: { parseTimeoutMs: 3_000 },
    });
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    try {
      const handled = () =>
        (daemon.db.prepare('SELECT count(*) FROM inbound_messages').pluck().get() as number) +
        (daemon.db.prepare('SELECT count(*) FROM quarantine').pluck().get() as number);
      await waitFor(() => handled() === accepted.length, {
        timeoutMs: 60_000,
        message: `all ${accepted.length} fixtures handled (refused by Dovecot: ${refused.join(', ') || 'none'})`,
      });
      expect(daemon.db.prepare('SELECT last_uid FROM mailbox_cursors').pluck().get()).toBe(accepted.length);
      for (const q of daemon.db.prepare('SELECT reason, detail FROM quarantine').all() as Array<{ reason: string; detail: string }>) {
        expect(q.reason).not.toBe('');
        expect(q.detail).not.toBe('');
      }
      await dc.append(
        LOGIN.user,
        [
          'From: Ruud <ruud@klant.example>',
          'To: klachten@purasec.nl',
          'Subject: Klacht over de pentest',
          'Message-ID: <after-imap-malformed@klant.example>',
          '',
          'De pentest was slecht gepland.',
          '',
        ].join('\r\n'),
      );
      await waitFor(() => smtp.messages.find((m) => m.envelope.to.includes('ruud@klant.example')), {
        timeoutMs: 15_000,
        message: 'acknowledgement after the corpus',
      });
    } finally {
      await daemon.stop();
    }
  });
});
