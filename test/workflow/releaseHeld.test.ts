// Letters the circuit breaker held are released by a person, possibly after an upgrade.
// - Two held letters to the same customer go as one (RFC 3834: one automatic reply per sender per
//   period), not both at the release instant.
// - The surviving letter is rendered again from its stored data to list the other; data stored by
//   an older version may lack a field today's templates read. The release must not fail on it: the
//   letter goes as first rendered, and the absorbed letter's deadline still settles on acceptance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

describe('releasing held letters stored by an older version', () => {
  const clock = new ManualClock('2026-11-30T09:00:00Z');
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'rh' });

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec', overrides: { autoReply: { maxPerHour: 1 } } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('a held letter whose stored data no longer renders is released as first rendered, absorbing the other', async () => {
    await flow.send('purasec', {
      from: 'eerste@klant.example',
      subject: 'Pentest rapport te laat',
      body: 'Het pentestrapport kwam twee weken te laat binnen.',
    });
    await flow.send('purasec', { from: 'tweede@klant.example', subject: 'Factuur pentest klopt niet', body: 'De factuur van de pentest noemt te veel uren.' });
    await flow.send('purasec', { from: 'tweede@klant.example', subject: 'Nog een klacht over de pentest', body: 'Ook het rapport zelf was onvolledig.' });
    const held = daemon.db.prepare(`SELECT id, text FROM outbox WHERE status = 'held' ORDER BY id`).all() as Array<{ id: number; text: string }>;
    expect(held).toHaveLength(2);
    // As stored before the contact block existed in the letters' data.
    daemon.db.prepare(`UPDATE outbox SET render = json_remove(render, '$.data.contact') WHERE id = ?`).run(held[1]!.id);

    const r = daemon.releaseHeld('purasec');
    expect(r).toMatchObject({ released: 2, cancelled: 0 });
    const rows = daemon.db.prepare(`SELECT id, status, text, deliveries FROM outbox WHERE id IN (?, ?) ORDER BY id`).all(held[0]!.id, held[1]!.id) as Array<{
      id: number;
      status: string;
      text: string;
      deliveries: string;
    }>;
    expect(rows[0]!.status).toBe('cancelled');
    expect(rows[1]!.status).toBe('pending');
    expect(rows[1]!.text).toBe(held[1]!.text);
    expect((JSON.parse(rows[1]!.deliveries) as unknown[]).length).toBe(2);
  });
});
