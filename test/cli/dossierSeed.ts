// A data directory with two complaints worked on by email, for the `show` and `list` tests: the
// daemon runs over the Maildir source and the file transport with a ManualClock, as the scenario
// tests do, so the store holds exactly what production writes.
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

export const ESC = '\x1b';
const CLEAR = `${ESC}[2J${ESC}[H`;
const LINK = (url: string, text: string) => `${ESC}]8;;${url}${ESC}\\${text}${ESC}]8;;${ESC}\\`;
const b64 = (s: string) => `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

/** The hostile customer's display name and subject: escape sequences around readable text. */
export const HOSTILE_NAME = `Evil${CLEAR}\x07 Klant`;
export const HOSTILE_SUBJECT = `Klacht ${CLEAR}over ${LINK('https://evil.example/', 'het rapport')}\u202e`;

export interface SeededDesk {
  cfg: LoadedConfig & { root: string };
}

/**
 * PS-2026-0001 (PuraSec, Daan): received Mon 14 Dec 2026 10:00 Amsterdam without a service, the
 * customer names it on Tue 15 Dec, Daan notes, declares it admissible, records the cause and a
 * learning; the outcome is open. PA-2026-0001 (PreAct, Anna): received Mon 14 Dec 2026, answered
 * "partly" on Thu 17 Dec; the objection window runs.
 */
export async function seedDesk(): Promise<SeededDesk> {
  const cfg = writeTestConfig([{ id: 'preact' }, { id: 'purasec' }]);
  const clock = new ManualClock('2026-12-14T09:00:00Z');
  const daemon = new Daemon({ config: cfg, log: silentLogger, clock });
  const { send, last } = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'dossier' });
  await daemon.start();
  try {
    const customer = 'evil@klant.example';
    await send('purasec', {
      from: `${b64(HOSTILE_NAME)} <${customer}>`,
      to: 'klachten@purasec.nl',
      subject: b64(HOSTILE_SUBJECT),
      body: 'Het rapport van 2 december was onvolledig en kwam veel te laat.',
    });
    const request = last(customer, /Ontvangstbevestiging/);
    clock.set('2026-12-15T13:00:00Z');
    await send('purasec', {
      from: customer,
      to: 'klachten@purasec.nl',
      subject: `Re: ${request.parsed.subject}`,
      inReplyTo: request.parsed.messageId!,
      body: 'Het gaat om de penetratietest van november.',
    });
    const assignment = last('daan.bakker@example.nl', /toegewezen/);
    const daan = (subject: string, body = '') =>
      send('purasec', {
        from: 'Daan Bakker <daan.bakker@example.nl>',
        to: 'klachten@purasec.nl',
        subject: `Re: [PS-2026-0001] ${subject}`,
        inReplyTo: assignment.parsed.messageId!,
        body,
      });
    clock.set('2026-12-16T10:00:00Z');
    await daan('#notitie', 'Gebeld met de klant: het ging om het eindrapport.');
    await daan('#ontvankelijk');
    await daan('#oorzaak', 'De planning liep vast door ziekte van de analist.');
    await daan('#leerpunt', 'Een tweede analist als back-up inplannen.');

    clock.set('2026-12-14T09:30:00Z');
    await send('preact', {
      from: 'Jan Klant <jan@preact-klant.example>',
      to: 'info@preact-software.nl',
      subject: 'Klacht over de koppeling',
      body: 'De koppeling met ons boekhoudpakket werkt al weken niet. Ik ben hier zeer ontevreden over.',
    });
    const anna = last('anna.devries@example.nl', /toegewezen/);
    clock.set('2026-12-17T13:00:00Z');
    await send('preact', {
      from: 'Anna de Vries <anna.devries@example.nl>',
      to: 'info@preact-software.nl',
      subject: `Re: ${anna.parsed.subject} #uitkomst deels`,
      inReplyTo: anna.parsed.messageId!,
      body: 'De koppeling is hersteld; wij crediteren de maand november.',
    });
  } finally {
    await daemon.stop();
  }
  return { cfg };
}
