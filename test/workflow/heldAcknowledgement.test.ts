// Issue 11 (8): an acknowledgement the auto-reply circuit breaker holds has not reached the
// customer, so it must not mark the acknowledgement deadline met. The deadline is met when the
// mail server accepts the letter after a person releases it — or missed, if that is too late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

describe('a held acknowledgement leaves its deadline open until it is sent', () => {
  const clock = new ManualClock('2026-11-30T09:00:00Z'); // Monday 10:00 in Amsterdam
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'ha' });
  const ackDeadline = (reference: string) =>
    daemon.db
      .prepare(
        `SELECT d.status, d.due_at, d.resolved_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = ? AND d.kind = 'acknowledgement'`,
      )
      .get(reference) as { status: string; due_at: string; resolved_at: string | null };

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec', overrides: { autoReply: { maxPerHour: 1 } } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('sent at once: met; held: open while held, met at the moment the released letter is accepted', async () => {
    await flow.send('purasec', {
      from: 'eerste@klant.example',
      subject: 'Pentest rapport te laat',
      body: 'Het pentestrapport van 20 november kwam te laat binnen.',
    });
    expect(ackDeadline('PS-2026-0001')).toMatchObject({ status: 'met', resolved_at: '2026-11-30T09:00:00.000Z' });

    await flow.send('purasec', { from: 'tweede@klant.example', subject: 'Factuur pentest klopt niet', body: 'De factuur van 25 november noemt te veel uren.' });
    expect(daemon.db.prepare(`SELECT count(*) FROM outbox WHERE status = 'held'`).pluck().get()).toBe(1);
    // Two working days after Monday 30 November: the end of Wednesday 2 December.
    expect(ackDeadline('PS-2026-0002')).toMatchObject({ status: 'open', due_at: '2026-12-02T22:59:59.999Z', resolved_at: null });

    clock.set('2026-12-01T10:00:00Z'); // the next day, still in time
    expect(daemon.releaseHeld('purasec')).toMatchObject({ released: 1 });
    expect(ackDeadline('PS-2026-0002').status).toBe('open'); // released is not yet sent
    await flow.settled();
    expect(flow.last('tweede@klant.example').parsed.subject).toMatch(/^\[PS-2026-0002\] Ontvangstbevestiging/);
    expect(ackDeadline('PS-2026-0002')).toMatchObject({ status: 'met', resolved_at: '2026-12-01T10:00:00.000Z' });
  });

  it('released after the due day: missed, not met', async () => {
    clock.set('2026-12-01T10:30:00Z');
    // Within the hour of the released letter: one of these two goes, the other is held.
    await flow.send('purasec', { from: 'derde@klant.example', subject: 'Scan onvolledig', body: 'De scan van 27 november miste twee servers.' });
    await flow.send('purasec', { from: 'vierde@klant.example', subject: 'Rapport onleesbaar', body: 'Het rapport van 26 november is onleesbaar.' });
    expect(daemon.db.prepare(`SELECT count(*) FROM outbox WHERE status = 'held'`).pluck().get()).toBe(1);
    expect(ackDeadline('PS-2026-0004')).toMatchObject({ status: 'open', due_at: '2026-12-03T22:59:59.999Z' });
    clock.set('2026-12-04T08:00:00Z');
    daemon.releaseHeld('purasec');
    await flow.settled();
    expect(ackDeadline('PS-2026-0004')).toMatchObject({ status: 'missed', resolved_at: '2026-12-04T08:00:00.000Z' });
  });
});
