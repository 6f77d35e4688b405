// PuraSec's regulation asks for four pieces of information, among them the date the problem
// happened. The intake finds it in the mail's text; when it is missing the desk asks the customer.
// A customer who tells the handler by phone (or in words the intake does not read) is not stuck:
// `#datum DATE` records it as the customer's answer would, and the complaint goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import type { ComplaintProcState } from '../../src/procedure/types.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

describe('#datum: the handler supplies the date of the problem', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Monday
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'date' });
  const state = (ref: string) =>
    JSON.parse(daemon.db.prepare('SELECT proc_state FROM complaints WHERE reference = ?').pluck().get(ref) as string) as ComplaintProcState;

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec' }, { id: 'preact' }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('a complaint without a date waits for it; #datum supplies it, a date to come is refused, the cheat sheet offers it', async () => {
    await flow.send('purasec', {
      from: 'Ruud <ruud@klant.example>',
      subject: 'Klacht over de pentest',
      body: 'Het pentestrapport was onvolledig en miste de bevindingen.',
    });
    expect(state('PS-2026-0001')).toMatchObject({ state: 'awaiting-information', missing: ['date'] });
    expect(flow.last('ruud@klant.example').parsed.text).toMatch(/datum/i);
    const assignment = flow.last('daan.bakker@example.nl', /toegewezen/);
    expect(assignment.parsed.text).toContain('#datum');
    const daan = (subject: string) =>
      flow.send('purasec', { from: 'daan.bakker@example.nl', subject: `Re: [PS-2026-0001] ${subject}`, body: '', inReplyTo: flow.idOf(assignment) });

    await daan('#datum 20-11-2026');
    expect(flow.last('daan.bakker@example.nl', /Niet uitgevoerd/).parsed.text).toContain('#datum vrijdag 20 november 2026: die dag moet nog komen.');
    expect(state('PS-2026-0001').state).toBe('awaiting-information');

    await daan('#datum 4-11-2026');
    expect(flow.last('daan.bakker@example.nl', /Uitgevoerd/).parsed.text).toContain('#datum');
    expect(state('PS-2026-0001')).toMatchObject({ incidentDate: '2026-11-04', missing: [] });
    expect(state('PS-2026-0001').state).not.toBe('awaiting-information');
  });

  it('PreAct does not ask for the date, and its cheat sheet has no #datum', async () => {
    await flow.send('preact', {
      from: 'Mark <mark@klant.example>',
      subject: 'Klacht over de koppeling',
      body: 'De koppeling met het boekhoudpakket werkt niet.',
    });
    const assignment = flow.last('anna.devries@example.nl', /toegewezen/);
    expect(assignment.parsed.text).not.toContain('#datum');
  });
});
