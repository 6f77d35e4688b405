import { describe, expect, it } from 'vitest';
import { parseCommands } from '../../src/commands/parse.js';
import { meaningOf } from '../../src/commands/registry.js';
import type { MeaningContext } from '../../src/commands/types.js';
import { drive, preact, step } from './helpers.js';

/**
 * The effect data the customer letters are written from (workflow/effects.ts): the manager's own
 * words in a hearing invitation, and why a complaint closed.
 */
const RECEIVED = '2026-11-16T09:00:00.000Z';

describe('hearing-scheduled: the manager’s own text goes into the invitation', () => {
  const objection = drive(preact, [
    [{ type: 'received', receivedAt: RECEIVED, handlerId: 'bram' }, '2026-11-16 10:01'],
    [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
    [{ type: 'objection', receivedAt: '2026-12-01T09:00:00.000Z' }, '2026-12-01 10:05'],
  ]);

  it('a note travels to the letter, trimmed', () => {
    const r = step(
      preact,
      objection.state,
      { type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: 'phone', note: '  Ik bel u vanaf een afgeschermd nummer.\n' },
      '2026-12-15 11:00',
    );
    expect(r.effects[0]).toMatchObject({ letter: 'hearing-invitation', data: { mode: 'phone', note: 'Ik bel u vanaf een afgeschermd nummer.' } });
  });

  it('without a note (or a blank one) the letter gets null', () => {
    const none = step(preact, objection.state, { type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: 'office' }, '2026-12-15 11:00');
    expect(none.effects[0]).toMatchObject({ letter: 'hearing-invitation', data: { note: null } });
    const blank = step(preact, objection.state, { type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: null, note: ' \n ' }, '2026-12-15 11:00');
    expect(blank.effects[0]).toMatchObject({ letter: 'hearing-invitation', data: { note: null } });
  });
});

describe('#hearing / #hoorzitting: the mail body is the note', () => {
  const meaning = (subject: string, body: string) => {
    const parsed = parseCommands({ subject, body });
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    return meaningOf(parsed.commands[0]!, { cfg: {} as MeaningContext['cfg'], now: new Date('2026-12-15T10:00:00Z') });
  };

  it('carries the body into the event', () => {
    expect(meaning('Re: [PA-2026-0001] #hoorzitting 6-1-2027 10:30 telefonisch', 'Ik bel u vanaf een afgeschermd nummer.')).toEqual({
      kind: 'event',
      event: {
        ok: true,
        event: { type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: 'phone', note: 'Ik bel u vanaf een afgeschermd nummer.' },
      },
    });
  });

  it('no note when the body is empty', () => {
    expect(meaning('#hearing 2027-01-06 10:30', '')).toEqual({
      kind: 'event',
      event: { ok: true, event: { type: 'hearing-scheduled', date: '2027-01-06', time: '10:30', mode: null } },
    });
  });
});

describe('close: the closing letter knows why', () => {
  const sent = drive(preact, [
    [{ type: 'received', receivedAt: RECEIVED, handlerId: 'bram' }, '2026-11-16 10:01'],
    [{ type: 'outcome', verdict: 'unfounded', body: 'Uitleg' }, '2026-11-20 12:00'],
  ]);

  it('the objection window ended: the letter gets the window’s end', () => {
    const ended = step(preact, sent.state, { type: 'objection-window-ended' }, '2026-12-19 00:00');
    expect(ended.effects.find((e) => e.type === 'send-letter')).toMatchObject({
      letter: 'closing',
      data: { reason: 'objection-window-ended', note: null, objectionWindowEnd: '2026-12-18T22:59:59.999Z' },
    });
  });

  it('closed by a person: their words or nothing, and no objection window', () => {
    const plain = step(preact, sent.state, { type: 'close' }, '2026-11-25 09:00');
    expect(plain.effects.find((e) => e.type === 'send-letter')).toMatchObject({
      letter: 'closing',
      data: { reason: 'closed', note: null, objectionWindowEnd: null },
    });
    const noted = step(preact, sent.state, { type: 'close', reason: 'De creditnota is verstuurd.' }, '2026-11-25 09:00');
    expect(noted.effects.find((e) => e.type === 'send-letter')).toMatchObject({ data: { note: 'De creditnota is verstuurd.', objectionWindowEnd: null } });
  });
});
