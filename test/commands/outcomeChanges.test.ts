import { describe, expect, it } from 'vitest';
import { outcome, splitServiceChanges } from '../../src/commands/defs/outcome.js';
import type { CommandOf, MeaningContext } from '../../src/commands/types.js';
import { letters, local, purasec, step } from '../procedure/helpers.js';

function meaning(body: string) {
  const means = outcome.means;
  if (typeof means !== 'function') throw new Error('#outcome has an event meaning');
  const cmd = { name: 'outcome', verdict: 'partly', body } as CommandOf<'outcome'>;
  const r = means(cmd, {} as MeaningContext);
  if (!r.ok) throw new Error('refused');
  return r.event;
}

describe('#uitkomst: the "changes to our services" section comes from an Aanpassingen: paragraph (issue 11)', () => {
  it('the paragraph after the label, up to the next blank line, is the section; the rest is the body', () => {
    const text =
      'Het rapport kwam te laat.\nWij crediteren 10%.\n\nAanpassingen: wij leggen de opleverdatum vast\nin de opdrachtbevestiging.\n\nMet vriendelijke groet,\nDaan';
    expect(splitServiceChanges(text)).toEqual({
      body: 'Het rapport kwam te laat.\nWij crediteren 10%.\n\nMet vriendelijke groet,\nDaan',
      serviceChanges: 'wij leggen de opleverdatum vast\nin de opdrachtbevestiging.',
    });
  });

  it.each([
    ['Aanpassingen in onze dienstverlening:\n- planning vooraf', '- planning vooraf'],
    ['Changes to our services: weekly status mails', 'weekly status mails'],
    ['changes: a second reviewer', 'a second reviewer'],
    ['Wijzigingen: nieuwe planning', 'nieuwe planning'],
  ])('%j', (paragraph, changes) => {
    expect(splitServiceChanges(`Reasoning first.\n\n${paragraph}`)).toEqual({ body: 'Reasoning first.', serviceChanges: changes });
  });

  it('without such a paragraph, or with nothing after the label, the section is left out', () => {
    expect(splitServiceChanges('Wij passen onze aanpassingen niet aan: de test was correct.')).toEqual({
      body: 'Wij passen onze aanpassingen niet aan: de test was correct.',
      serviceChanges: null,
    });
    expect(splitServiceChanges('Ongegrond.\n\nAanpassingen:\n\nGroet')).toEqual({ body: 'Ongegrond.\n\nGroet', serviceChanges: null });
  });

  it('the command means an outcome event with the section; the letter gets it, and not without it', () => {
    const meant = meaning('Deels terecht.\n\nAanpassingen: extra controle.');
    expect(meant).toEqual({ type: 'outcome', verdict: 'partly', body: 'Deels terecht.', serviceChanges: 'extra controle.' });
    const plain = meaning('Deels terecht.');
    expect(plain).toEqual({ type: 'outcome', verdict: 'partly', body: 'Deels terecht.' });

    const ready = step(
      purasec,
      step(
        purasec,
        step(
          purasec,
          null,
          { type: 'received', receivedAt: local('2026-11-16 10:00').toISOString(), present: ['contact', 'service', 'date', 'description'], handlerId: 'daan' },
          '2026-11-16 10:01',
        ).state,
        { type: 'admissible' },
        '2026-11-17 09:00',
      ).state,
      { type: 'cause-recorded', body: 'Planning' },
      '2026-11-18 09:00',
    );
    const sent = step(purasec, ready.state, meant, '2026-11-19 09:00');
    expect(letters(sent.effects)).toEqual(['outcome']);
    expect(sent.effects[0]).toMatchObject({ data: { body: 'Deels terecht.', serviceChanges: 'extra controle.' } });
    expect(step(purasec, ready.state, plain, '2026-11-19 09:00').effects[0]).toMatchObject({ data: { serviceChanges: null } });
  });
});
