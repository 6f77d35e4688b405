import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/config/schema.js';
import { chooseHandler } from '../../src/workflow/assign.js';

function person(id: string, role: Person['role'] = 'handler', absent = false): Person {
  return { id, name: id.toUpperCase(), email: `${id}@example.nl`, role, absent };
}

const daan = person('daan');
const eva = person('eva');
const fleur = person('fleur');
const directie = person('directie', 'manager');

const open = (counts: Record<string, number>) => new Map(Object.entries(counts));

describe('chooseHandler', () => {
  it('chooses the handler with the fewest open complaints', () => {
    expect(chooseHandler([daan, eva, fleur], open({ daan: 3, eva: 1, fleur: 2 }))).toBe(eva);
    expect(chooseHandler([daan, eva, fleur], open({ daan: 3, eva: 2, fleur: 0 }))).toBe(fleur);
  });

  it('counts a handler missing from the counts as having none open', () => {
    expect(chooseHandler([daan, eva], open({ daan: 1 }))).toBe(eva);
    expect(chooseHandler([daan, eva], new Map())).toBe(daan);
  });

  it('breaks ties by the order in config', () => {
    expect(chooseHandler([daan, eva, fleur], open({ daan: 2, eva: 1, fleur: 1 }))).toBe(eva);
    expect(chooseHandler([fleur, eva, daan], open({ daan: 2, eva: 1, fleur: 1 }))).toBe(fleur);
    expect(chooseHandler([daan, eva], open({ daan: 0, eva: 0 }))).toBe(daan);
  });

  it('spreads consecutive complaints over the handlers (least open, then config order)', () => {
    const counts = new Map<string, number>();
    const chosen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = chooseHandler([daan, eva, fleur], counts)!;
      chosen.push(p.id);
      counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    }
    expect(chosen).toEqual(['daan', 'eva', 'fleur', 'daan', 'eva', 'fleur']);
  });

  it('skips absent handlers, even with the fewest open', () => {
    const away = person('eva', 'handler', true);
    expect(chooseHandler([daan, away, fleur], open({ daan: 5, eva: 0, fleur: 4 }))).toBe(fleur);
  });

  it('never chooses a manager', () => {
    expect(chooseHandler([directie, daan], open({ directie: 0, daan: 9 }))).toBe(daan);
  });

  it('returns null when nobody can take it (then a manager assigns by hand)', () => {
    expect(chooseHandler([], new Map())).toBeNull();
    expect(chooseHandler([directie], new Map())).toBeNull();
    expect(chooseHandler([person('daan', 'handler', true), directie], new Map())).toBeNull();
  });
});
