// The auto-reply limits (one automatic letter per sender per period, the tenant's circuit breaker)
// bound letters nobody asked for. An acknowledgement a person caused — a phone complaint entered
// with #registreer — is that person's letter: it goes at once, even while the breaker holds the
// automatic ones, and it carries no Auto-Submitted header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

describe("a person's acknowledgement is not an automatic letter", () => {
  const clock = new ManualClock('2026-11-30T09:00:00Z');
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'pa' });

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec', overrides: { autoReply: { maxPerHour: 1 } } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('#registreer while the circuit breaker holds automatic letters: its acknowledgement goes at once', async () => {
    await flow.send('purasec', { from: 'een@klant.example', subject: 'Pentest rapport te laat', body: 'Het pentestrapport van 2 november kwam te laat.' });
    await flow.send('purasec', { from: 'twee@klant.example', subject: 'Factuur pentest', body: 'De factuur van 3 november noemt te veel uren.' });
    expect(daemon.db.prepare(`SELECT count(*) FROM outbox WHERE status = 'held'`).pluck().get()).toBe(1);

    const assignment = flow.last('daan.bakker@example.nl', /PS-2026-0001\] Klacht aan u toegewezen/);
    await flow.send('purasec', {
      from: 'daan.bakker@example.nl',
      subject: 'Re: #registreer',
      body: 'Naam: Drie Klant\nE-mail: drie@klant.example\nDienst: pentest\nKanaal: telefoon\n\nDe pentest van 4 november begon een week te laat.',
      inReplyTo: flow.idOf(assignment),
    });
    const ack = flow.last('drie@klant.example');
    expect(ack.parsed.subject).toMatch(/Ontvangstbevestiging/);
    expect(ack.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(daemon.db.prepare(`SELECT count(*) FROM outbox WHERE status = 'held'`).pluck().get()).toBe(1);
  });
});
