import { describe, expect, it } from 'vitest';
import { parseCommands } from '../../src/commands/parse.js';
import type { ParsedCommand } from '../../src/commands/types.js';
import { refusalText } from '../../src/execute/replyText.js';
import type { ComplaintProcState } from '../../src/procedure/types.js';
import type { TenantContext } from '../../src/tenant/context.js';
import { calendar, drive, local, preact, refuse, step } from '../procedure/helpers.js';

/** #gehoord refused: the reply says why, in the reader's language, with dates as people write them. */
const tenant = { cfg: { name: 'PreAct Software B.V.', timezone: 'Europe/Amsterdam' }, calendar } as unknown as TenantContext;
const RECEIVED = local('2026-11-16 10:00').toISOString();
const objection = drive(preact, [
  [{ type: 'received', receivedAt: RECEIVED, handlerId: 'anna' }, '2026-11-16 10:01'],
  [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
  [{ type: 'objection', receivedAt: local('2026-11-25 09:00').toISOString() }, '2026-11-25 09:05'],
]).state;
const scheduled = step(preact, objection, { type: 'hearing-scheduled', date: '2026-12-03', time: '10:30', mode: 'office' }, '2026-11-26 10:00').state;

function command(subject: string): Extract<ParsedCommand, { name: 'heard' }> {
  const parsed = parseCommands({ subject, body: '' });
  if (!parsed.ok || parsed.commands[0]?.name !== 'heard') throw new Error(`not a #heard: ${subject}`);
  return parsed.commands[0];
}

/** The engine's refusal of the command's event at `now`, as the reply text. */
function reply(subject: string, state: ComplaintProcState, now: string, lang: 'nl' | 'en'): string {
  const cmd = command(subject);
  const event = { type: 'heard' as const, ...(cmd.date ? { date: cmd.date } : {}), ...(cmd.time ? { time: cmd.time } : {}) };
  const refused = refuse(preact, state, event, now);
  return refusalText(cmd, refused.code, refused.choices, state, tenant, lang);
}

describe('#gehoord refused', () => {
  it('before the scheduled hearing, without a date: names the hearing and how to give the date', () => {
    expect(reply('#gehoord', scheduled, '2026-12-02 16:00', 'nl')).toBe(
      '#gehoord kan pas na de hoorzitting van donderdag 3 december 2026 om 10:30. Vond het gesprek eerder plaats, zet dan de datum erachter: #gehoord DATUM of #gehoord DATUM TIJD (datum als dag-maand-jaar of jaar-maand-dag, tijd als uu:mm).',
    );
    expect(reply('#heard', scheduled, '2026-12-02 16:00', 'en')).toBe(
      '#heard can only follow the hearing on Thursday 3 December 2026 at 10:30. If the conversation took place earlier, add its date: #heard DATE or #heard DATE TIME (date as year-month-day or day-month-year, time as hh:mm).',
    );
  });

  it('a date in the future', () => {
    expect(reply('#gehoord 4-12-2026', scheduled, '2026-12-03 12:00', 'nl')).toBe(
      '#gehoord (vrijdag 4 december 2026): dat moment moet nog komen. Stuur #gehoord na het gesprek, met de datum waarop het plaatsvond (datum als dag-maand-jaar of jaar-maand-dag, tijd als uu:mm).',
    );
    expect(reply('#heard 2026-12-03 14:00', scheduled, '2026-12-03 12:00', 'en')).toMatch(
      /^#heard \(Thursday 3 December 2026 at 14:00\): that moment is still to come\./,
    );
    expect(reply('#heard 14:00', scheduled, '2026-12-03 12:00', 'en')).toMatch(/^#heard \(today at 14:00\): that moment is still to come\./);
  });

  it('a date before the objection arrived', () => {
    expect(reply('#gehoord 24-11-2026', scheduled, '2026-12-03 12:00', 'nl')).toBe(
      '#gehoord (dinsdag 24 november 2026): het gesprek kan niet vóór het bezwaar zijn; het bezwaar kwam binnen op woensdag 25 november 2026 om 09:00. Controleer de datum.',
    );
    expect(reply('#heard 2026-11-25 08:30', scheduled, '2026-12-03 12:00', 'en')).toMatch(
      /cannot precede the objection, which arrived on Wednesday 25 November 2026 at 09:00/,
    );
  });
});
