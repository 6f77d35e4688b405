// Issue 11: an objection sent on the last day of the window is not lost. The customer's mail that
// may be an objection holds the automatic close at midnight until management confirms it
// (#bezwaar: the customer's time and text) or dismisses it (#geenbezwaar: closed as the timer would
// have). A mail to management's objection address (`objection.address`, an alias into the same
// mailbox) counts even when its wording does not read like an objection. Over Maildir + file transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import type { ComplaintProcState } from '../../src/procedure/types.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PA = 'preact';
const DESK = 'info@preact-software.nl';
const MANAGEMENT = 'directie@preact-software.nl';
const CARLA = 'directie@example.nl';
const ANNA = 'anna.devries@example.nl';
const BRAM = 'bram.jansen@example.nl';
const MARK = 'mark@klant.example';
const SANNE = 'sanne@klant.example';

describe('an objection on the last day of the window', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Monday
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'old' });
  const { last, idOf } = flow;
  const q = <T>(sql: string, ...a: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...a) as T;
  const stateOf = (ref: string) => q<string>('SELECT state FROM complaints WHERE reference = ?', ref);
  const procOf = (ref: string) => JSON.parse(q<string>('SELECT proc_state FROM complaints WHERE reference = ?', ref)) as ComplaintProcState;
  const maxOutbox = () => q<number | null>('SELECT max(id) FROM outbox') ?? 0;
  const queuedSince = (since: number) =>
    (daemon.db.prepare('SELECT kind, to_address FROM outbox WHERE id > ? ORDER BY id').all(since) as Array<{ kind: string; to_address: string }>).map(
      (r) => `${r.kind} → ${r.to_address}`,
    );
  const send = (from: string, subject: string, body: string, inReplyTo?: string, to = DESK) =>
    flow.send(PA, { from, to, subject, body, ...(inReplyTo ? { inReplyTo } : {}) });

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PA, overrides: { objection: { address: MANAGEMENT } } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  /** A complaint answered with an outcome on Friday 20 November at 12:00: the window runs to the end of Friday 18 December. */
  async function answered(customer: string, subject: string, ref: string): Promise<string> {
    await send(`Klant <${customer}>`, subject, 'Mijn supportvraag is al twee weken niet beantwoord.');
    const handler = [ANNA, BRAM].find((h) => {
      try {
        return last(h, new RegExp(`${ref}\\] Klacht aan u toegewezen`));
      } catch {
        return false;
      }
    })!;
    const assignment = last(handler, new RegExp(`${ref}\\] Klacht aan u toegewezen`));
    await send(handler, `Re: [${ref}] #uitkomst ongegrond`, 'Uw vraag is binnen de afgesproken tijd beantwoord.', idOf(assignment));
    expect(stateOf(ref)).toBe('outcome-sent');
    return handler;
  }

  it('the outcome letter names management’s address and the last day to object', async () => {
    clock.set('2026-11-20T11:00:00Z'); // Friday 12:00 Amsterdam
    await answered(MARK, 'Klacht over de support', 'PA-2026-0001');
    await answered(SANNE, 'Trage helpdesk', 'PA-2026-0002');
    expect(procOf('PA-2026-0001').objectionWindowEnd).toBe('2026-12-18T22:59:59.999Z');
    const outcome = last(MARK, /PA-2026-0001\] Onze reactie op uw klacht/);
    expect(outcome.parsed.text).toContain(`Stuur uw bezwaar uiterlijk vrijdag 18 december 2026 per e-mail naar ${MANAGEMENT}, of antwoord op deze e-mail.`);
    expect(outcome.parsed.html).toContain(`href="mailto:${MANAGEMENT}"`);
  });

  it('the customer objects on the last day at 16:00: management is told, and the window’s end at midnight does not close the complaint', async () => {
    clock.set('2026-12-18T15:00:00Z'); // Friday 16:00, day 28
    let before = maxOutbox();
    await send(
      MARK,
      'Re: [PA-2026-0001] Onze reactie op uw klacht',
      'Ik ben het niet eens met deze uitkomst en maak bezwaar.',
      idOf(last(MARK, /PA-2026-0001/)),
    );
    expect(queuedSince(before).filter((l) => l.endsWith(CARLA))).toEqual([`customer-message → ${CARLA}`]);
    const toCarla = last(CARLA, /PA-2026-0001\] Mogelijk bezwaar/);
    expect(toCarla.parsed.text).toContain('Is het geen bezwaar, antwoord dan met #geenbezwaar in het onderwerp.');
    expect(toCarla.parsed.text).toContain('sluit de klacht na de bezwaartermijn niet vanzelf');
    expect(procOf('PA-2026-0001').objectionSuspected).toMatchObject({
      receivedAt: '2026-12-18T15:00:00.000Z',
      text: 'Ik ben het niet eens met deze uitkomst en maak bezwaar.',
    });

    // Sanne writes to management's address; her wording does not read like an objection, the address does.
    clock.set('2026-12-18T15:30:00Z');
    before = maxOutbox();
    await send(SANNE, 'Re: [PA-2026-0002] Onze reactie op uw klacht', 'Graag leg ik dit voor aan de directie.', idOf(last(SANNE, /PA-2026-0002/)), MANAGEMENT);
    expect(queuedSince(before).filter((l) => l.endsWith(CARLA))).toEqual([`customer-message → ${CARLA}`]);
    expect(last(CARLA, /PA-2026-0002\] Mogelijk bezwaar/)).toBeTruthy();
    expect(procOf('PA-2026-0002').objectionSuspected?.receivedAt).toBe('2026-12-18T15:30:00.000Z');

    clock.set('2026-12-18T23:00:00Z'); // midnight Amsterdam
    before = maxOutbox();
    expect(daemon.runTimers()).toBe(2);
    clock.set('2026-12-19T07:00:00Z'); // the next morning, 08:00
    daemon.runTimers();
    expect(queuedSince(before)).toEqual([]);
    expect(stateOf('PA-2026-0001')).toBe('outcome-sent');
    expect(stateOf('PA-2026-0002')).toBe('outcome-sent');
    expect(procOf('PA-2026-0001').objectionWindowEnded).toBe(true);
  });

  it('management’s #bezwaar the next morning is accepted, with the customer’s time and text', async () => {
    clock.set('2026-12-19T08:15:00Z'); // Saturday 09:15
    const toCarla = last(CARLA, /PA-2026-0001\] Mogelijk bezwaar/);
    await send(CARLA, `Re: ${toCarla.parsed.subject} #bezwaar`, '', idOf(toCarla));
    expect(stateOf('PA-2026-0001')).toBe('objection');
    const s = procOf('PA-2026-0001');
    expect(s.objectionAt).toBe('2026-12-18T15:00:00.000Z');
    expect(s.objectionLate).toBe(false);
    expect(s.objectionSuspected).toBeNull();
    const received = last(MARK, /PA-2026-0001/);
    expect(received.parsed.text).toContain('vrijdag 18 december');
    expect(received.parsed.text).not.toMatch(/na afloop van de bezwaartermijn|te laat/u);
    // Management's notice quotes the customer's objection.
    const notice = last(CARLA, /PA-2026-0001\] Bezwaar/);
    expect(notice.parsed.text).toContain('Ik ben het niet eens met deze uitkomst en maak bezwaar.');
  });

  it('#geenbezwaar: only management may give it; it closes the complaint as the timer would have, with the closing letter', async () => {
    clock.set('2026-12-21T08:00:00Z'); // Monday 09:00
    const toCarla = last(CARLA, /PA-2026-0002\] Mogelijk bezwaar/);
    const handler = procOf('PA-2026-0002').handlerId === 'anna' ? ANNA : BRAM;
    const toHandler = last(handler, /PA-2026-0002\] Mogelijk bezwaar/);
    await send(handler, `Re: ${toHandler.parsed.subject} #geenbezwaar`, '', idOf(toHandler));
    expect(stateOf('PA-2026-0002')).toBe('outcome-sent');
    expect(last(handler, /PA-2026-0002/).parsed.text).toContain('#geenbezwaar is alleen voor de directie');

    const before = maxOutbox();
    await send(CARLA, `Re: ${toCarla.parsed.subject} #geenbezwaar`, 'Mevrouw vraagt om uitleg, zij maakt geen bezwaar.', idOf(toCarla));
    expect(stateOf('PA-2026-0002')).toBe('closed');
    expect(procOf('PA-2026-0002').closedReason).toBe('objection-window-ended');
    expect(queuedSince(before)).toContain(`closing → ${SANNE}`);
    const closing = last(SANNE, /PA-2026-0002/);
    expect(closing.parsed.text).toContain('is op vrijdag 18 december 2026 verstreken');
    expect(q<number>(`SELECT count(*) FROM events WHERE type = 'record:note' AND data LIKE '%geen bezwaar%'`)).toBe(1);
  });
});
