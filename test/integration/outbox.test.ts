// Sending through a real SMTP server (smtp-server on 127.0.0.1) with the Maildir source:
// temporary failures are retried with the same Message-ID, permanent ones marked failed and
// recorded on the complaint; mail that cannot be processed is quarantined, never dropped.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

function mail(from: string, id: string, subject = 'Klacht over de dienstverlening'): string {
  return [
    `From: ${from}`,
    'To: klachten@purasec.nl',
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    'Date: Tue, 17 Nov 2026 09:00:00 +0100',
    '',
    'Ik ben ontevreden over de pentest.',
    '',
  ].join('\r\n');
}

describe('outbox over real SMTP, Maildir source', () => {
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it('retries a 451 with the same Message-ID and marks a 550 failed on the complaint', async () => {
    const cfg = writeTestConfig([{ id: 'purasec', smtp: { host: smtp.host, port: smtp.port } }]);
    let temporaryLeft = 2;
    smtp.setFailure((rcpt) => {
      if (rcpt === 'later@retry.example' && temporaryLeft > 0) {
        temporaryLeft--;
        return { code: 451, message: 'Try again later' };
      }
      if (rcpt === 'gone@retry.example') return { code: 550, message: 'No such user' };
      return null;
    });
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    try {
      maildirDeliver(join(cfg.dataDir, 'maildir', 'purasec'), mail('later@retry.example', 'retry-1@retry.example'));
      maildirDeliver(join(cfg.dataDir, 'maildir', 'purasec'), mail('gone@retry.example', 'retry-2@retry.example'));
      await daemon.start();
      const got = await waitFor(() => smtp.messages.find((m) => m.envelope.to.includes('later@retry.example')), {
        timeoutMs: 10_000,
        message: 'the retried acknowledgement arrives',
      });
      const db = daemon.db;
      const rows = await waitFor(
        () => {
          const r = db
            .prepare(`SELECT to_address, status, attempts, message_id, last_response_code, last_error FROM outbox WHERE kind = 'acknowledgement' ORDER BY id`)
            .all() as Array<Record<string, unknown>>;
          return r.length === 2 && r.every((x) => x.status === 'sent' || x.status === 'failed') ? r : null;
        },
        { timeoutMs: 10_000, message: 'both outbox rows settled' },
      );
      expect(rows[0]).toMatchObject({ to_address: 'later@retry.example', status: 'sent', attempts: 3 });
      expect(got.parsed.messageId).toBe(`<${String(rows[0]!.message_id)}>`);
      expect(rows[1]).toMatchObject({ to_address: 'gone@retry.example', status: 'failed', attempts: 1, last_response_code: 550 });
      expect(String(rows[1]!.last_error)).toContain('No such user');
      const failedEvent = db.prepare(`SELECT data FROM events WHERE type = 'letter:failed'`).pluck().get() as string;
      expect(JSON.parse(failedEvent)).toMatchObject({ kind: 'acknowledgement', to: 'gone@retry.example', responseCode: 550 });
      expect(smtp.messages.filter((m) => m.envelope.to.includes('gone@retry.example'))).toHaveLength(0);
    } finally {
      smtp.setFailure(null);
      await daemon.stop();
    }
  });

  it('quarantines what it cannot process, keeps the raw source, acknowledges nothing, and stays up', async () => {
    const cfg = writeTestConfig([{ id: 'purasec', smtp: { host: smtp.host, port: smtp.port } }], { limits: { maxMessageBytes: 4096 } });
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    const before = smtp.messages.length;
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    try {
      maildirDeliver(dir, mail('big@q.example', 'big@q.example') + 'x'.repeat(5000));
      maildirDeliver(dir, ['To: klachten@purasec.nl', 'Subject: no sender', '', 'body'].join('\r\n'));
      maildirDeliver(dir, mail('fine@q.example', 'fine@q.example'));
      // The same mail again (a second delivery): processed once.
      maildirDeliver(dir, mail('fine@q.example', 'fine@q.example'));
      await daemon.runOnce();
      const q = daemon.db.prepare('SELECT reason, length(raw) AS bytes, status FROM quarantine ORDER BY id').all();
      expect(q).toEqual([
        { reason: 'too-large', bytes: expect.any(Number), status: 'open' },
        { reason: 'no-sender', bytes: expect.any(Number), status: 'open' },
      ]);
      const dispositions = daemon.db.prepare('SELECT disposition FROM inbound_messages ORDER BY id').pluck().all();
      expect(dispositions).toEqual(['new-complaint', 'duplicate']);
      expect(daemon.db.prepare('SELECT count(*) FROM complaints').pluck().get()).toBe(1);
      // The customer's acknowledgement and the handler's assignment mail; nothing for the quarantined ones.
      const sent = smtp.messages.slice(before);
      expect(sent.map((m) => m.envelope.to[0]).sort()).toEqual(['daan.bakker@example.nl', 'fine@q.example']);
      // Every file left new/ (stored or quarantined), none was deleted.
      expect(readdirSync(join(dir, 'new'))).toEqual([]);
      expect(readdirSync(join(dir, 'cur'))).toHaveLength(4);
    } finally {
      await daemon.stop();
    }

    // After raising the limit, the operator reprocesses the oversized mail: it becomes a
    // complaint, is acknowledged, and leaves the quarantine. The sender-less one fails again.
    const raised = { ...cfg, global: { ...cfg.global, limits: { ...cfg.global.limits, maxMessageBytes: 1024 * 1024 } } };
    const again = new Daemon({ config: raised, log: silentLogger });
    try {
      const ok = await again.reprocess(1);
      expect(ok).toMatchObject({ kind: 'new-complaint', reference: 'PS-2026-0002' });
      const stillBad = await again.reprocess(2);
      expect(stillBad).toMatchObject({ kind: 'quarantined', reason: 'no-sender' });
      expect(await again.reprocess(1)).toEqual({ kind: 'error', message: 'quarantine entry #1 was already reprocessed' });
      expect(again.db.prepare('SELECT id, status FROM quarantine ORDER BY id').all()).toEqual([
        { id: 1, status: 'reprocessed' },
        { id: 2, status: 'open' },
      ]);
      const customers = smtp.messages
        .slice(before)
        .map((m) => m.envelope.to[0])
        .filter((to) => !to?.endsWith('@example.nl'));
      expect(customers).toEqual(['fine@q.example', 'big@q.example']);
    } finally {
      await again.stop();
    }
  });
});
