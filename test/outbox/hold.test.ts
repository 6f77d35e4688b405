// The sender holds a tenant's letters while its mailbox catches up on a backlog (the daemon
// passes `() => source.catchingUp`), and sends what is due at least every 5 s of a long hold.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { OutboxSender } from '../../src/outbox/sender.js';
import type { MailTransport } from '../../src/outbox/transport.js';
import { openDb, type Db } from '../../src/store/db.js';
import { outboxEnqueue, type OutboxMail } from '../../src/store/outbox.js';
import { recordingTransport } from '../helpers/recordingTransport.js';

const NOW = new Date('2026-11-30T10:00:00Z');

/** `n` letters of `kind`: by default acknowledgements (automatic replies, which a hold holds). */
function queue(db: Db, n: number, kind = 'acknowledgement', autoSubmitted: 'auto-replied' | 'auto-generated' | null = 'auto-replied', from = 0): void {
  for (let i = from; i < from + n; i++)
    outboxEnqueue(
      db,
      {
        tenant: 'purasec',
        complaintId: null,
        kind,
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
        autoSubmitted,
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

  function start(holding: () => boolean): MailTransport & { sent: OutboxMail[] } {
    const transport = recordingTransport(2);
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

  it('letters a person is waiting for go at once during a hold: what they wrote, the answer to their command', async () => {
    queue(db, 5);
    queue(db, 1, 'outcome', null, 100);
    queue(db, 1, 'command-reply', 'auto-replied', 101);
    queue(db, 1, 'assignment', 'auto-generated', 102);
    const transport = start(() => true);
    await vi.advanceTimersByTimeAsync(300);
    expect(transport.sent.map((m) => m.messageId)).toEqual(['m100@purasec.example', 'm101@purasec.example']);
    // A person's letter queued in the middle of the hold is not kept waiting either.
    queue(db, 1, 'handler-message', null, 103);
    sender!.wake();
    await vi.advanceTimersByTimeAsync(300);
    expect(transport.sent.map((m) => m.messageId)).toEqual(['m100@purasec.example', 'm101@purasec.example', 'm103@purasec.example']);
  });

  it('without a hold, queued mail goes at once', async () => {
    queue(db, 2);
    const transport = start(() => false);
    await vi.advanceTimersByTimeAsync(10);
    expect(transport.sent).toHaveLength(2);
  });
});
