// The sender holds a tenant's letters while its mailbox catches up on a backlog (the daemon
// passes `() => source.catchingUp`), and sends what is due at least every 5 s of a long hold.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { OutboxSender } from '../../src/outbox/sender.js';
import type { MailTransport } from '../../src/outbox/transport.js';
import { openDb, type Db } from '../../src/store/db.js';
import { outboxEnqueue, type OutboxMail } from '../../src/store/outbox.js';

const NOW = new Date('2026-11-30T10:00:00Z');

function recordingTransport(): MailTransport & { sent: string[] } {
  const sent: string[] = [];
  return {
    name: 'recording',
    concurrency: 2,
    sent,
    send(mail: OutboxMail) {
      sent.push(mail.messageId);
      return Promise.resolve({ responseCode: 250, response: '250 ok' });
    },
    verify: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function queue(db: Db, n: number): void {
  for (let i = 0; i < n; i++)
    outboxEnqueue(
      db,
      {
        tenant: 'purasec',
        complaintId: null,
        kind: 'notice',
        messageId: `m${i}@purasec.example`,
        fromAddress: 'klachten@purasec.nl',
        fromName: 'PuraSec',
        toAddress: `klant${i}@example.nl`,
        toName: null,
        subject: 'Onderwerp',
        text: 'Tekst',
        html: null,
        inReplyTo: null,
        references: [],
        autoSubmitted: null,
      },
      NOW,
    );
}

describe('OutboxSender holdWhile', () => {
  let db: Db;
  let sender: OutboxSender | null = null;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    db = openDb(':memory:');
  });
  afterEach(async () => {
    await sender?.stop();
    sender = null;
    vi.useRealTimers();
    db.close();
  });

  function start(holding: () => boolean): MailTransport & { sent: string[] } {
    const transport = recordingTransport();
    sender = new OutboxSender(db, 'purasec', transport, { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 }, new ManualClock(NOW), silentLogger, {}, holding);
    sender.start();
    return transport;
  }

  it('sends nothing while held, and everything due as soon as the hold ends', async () => {
    queue(db, 3);
    let holding = true;
    const transport = start(() => holding);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(transport.sent).toEqual([]);
    holding = false;
    await vi.advanceTimersByTimeAsync(300);
    expect(transport.sent).toHaveLength(3);
  });

  it('a hold that lasts sends what is due every 5 s, one claim at a time, and holds again', async () => {
    queue(db, 120);
    const transport = start(() => true);
    await vi.advanceTimersByTimeAsync(4_900);
    expect(transport.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(transport.sent).toHaveLength(50);
    await vi.advanceTimersByTimeAsync(4_500);
    expect(transport.sent).toHaveLength(50);
    await vi.advanceTimersByTimeAsync(600);
    expect(transport.sent).toHaveLength(100);
  });

  it('without a hold, queued mail goes at once', async () => {
    queue(db, 2);
    const transport = start(() => false);
    await vi.advanceTimersByTimeAsync(10);
    expect(transport.sent).toHaveLength(2);
  });
});
