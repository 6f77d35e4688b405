// The cheat sheet per tenant (issue 10, point 3): only the commands the tenant's procedure has,
// the ones possible in the complaint's state first, in the reader's language. Pure: the shipped
// procedures and the engine with an injected clock.
import { describe, expect, it } from 'vitest';
import { cheatSheet, procedureCommands } from '../../src/commands/registry.js';
import { preact, purasec, step } from '../procedure/helpers.js';

const tags = (lines: string[]) => lines.map((l) => l.split(' ')[0]);

describe('cheat sheet per tenant', () => {
  it('offers PuraSec no objection or hearing, and PreAct no admissibility, root cause or learnings', () => {
    const ps = procedureCommands(purasec);
    expect(ps).toEqual(expect.arrayContaining(['admissible', 'inadmissible', 'cause', 'learning', 'status', 'register']));
    expect(ps).not.toEqual(expect.arrayContaining(['objection']));
    for (const name of ['objection', 'hearing', 'heard', 'decision']) expect(ps).not.toContain(name);

    const pa = procedureCommands(preact);
    expect(pa).toEqual(expect.arrayContaining(['objection', 'hearing', 'heard', 'decision', 'outcome']));
    for (const name of ['admissible', 'inadmissible', 'cause', 'learning']) expect(pa).not.toContain(name);
  });

  it('lists what is possible now first, then the rest of the procedure, in the reader’s language', () => {
    const received = step(
      purasec,
      null,
      { type: 'received', receivedAt: '2026-11-16T09:00:00.000Z', present: ['contact', 'service', 'date', 'description'], handlerId: 'daan' },
      '2026-11-16 10:00',
    ).state;
    const nl = cheatSheet('nl', purasec, received);
    expect(tags(nl.now)).toContain('#ontvankelijk');
    expect(tags(nl.now)).toContain('#status');
    expect(tags(nl.now)).not.toContain('#uitkomst');
    expect(tags(nl.later)).toContain('#uitkomst');
    expect(tags([...nl.now, ...nl.later])).not.toContain('#bezwaar');
    const en = cheatSheet('en', purasec, received);
    expect(tags(en.now)).toContain('#admissible');
    expect(en.now.length).toBe(nl.now.length);

    const pa = step(preact, null, { type: 'received', receivedAt: '2026-11-16T09:00:00.000Z', handlerId: 'anna' }, '2026-11-16 10:00').state;
    const sheet = cheatSheet('nl', preact, pa);
    expect(tags(sheet.now)).toContain('#uitkomst');
    expect(tags(sheet.later)).toEqual(expect.arrayContaining(['#bezwaar', '#hoorzitting', '#uitspraak']));
    expect(tags([...sheet.now, ...sheet.later])).not.toEqual(expect.arrayContaining(['#ontvankelijk']));
    expect(tags([...sheet.now, ...sheet.later])).not.toContain('#oorzaak');
  });

  it('without a complaint, everything the procedure has is listed under later', () => {
    const sheet = cheatSheet('en', preact, null);
    expect(sheet.now).toEqual([]);
    expect(sheet.later.length).toBe(procedureCommands(preact).length);
  });
});
