import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import { LETTER_NAMES } from '../../src/letters/data.js';
import { LetterRenderer, type Language } from '../../src/letters/render.js';
import { sample, SAMPLE_NAMES, VARIANTS } from './samples.js';

/**
 * The typed contract (src/letters/data.ts) against what the templates read. samples.ts types
 * every sample as `LetterData<K> & CommonData` (so a sample cannot carry a field the type
 * lacks); here every valid variant is rendered in both languages with each object wrapped so
 * that reading a field it does not have is recorded. Strict mode alone catches `{{field}}`
 * but not `{{#if field}}` or `{{#each field}}`: this catches those too, for every branch the
 * variants reach.
 */

const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
const LANGS: readonly Language[] = ['nl', 'en'];

/** `data`, with every object and array answering reads of fields it lacks by recording them. */
function watched<T>(data: T, misses: string[], path = ''): T {
  if (data === null || typeof data !== 'object') return data;
  const target = data as Record<string | symbol, unknown>;
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !(key in t)) misses.push(`${path}.${key}`.replace(/^\./, ''));
      const value: unknown = Reflect.get(t, key, receiver);
      return typeof key === 'string' && Object.hasOwn(t, key) ? watched(value, misses, `${path}.${key}`) : value;
    },
  }) as T;
}

/** Whether a dotted path exists in `data` (array indices included). */
function has(data: unknown, path: string): boolean {
  let at = data;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

/** A renderer whose templates read the data through `watched`, from the top level down. */
class WatchedRenderer extends LetterRenderer {
  readonly misses: string[] = [];
  protected override context(data: Record<string, unknown>, lang: Language): Record<string, unknown> {
    return watched(super.context(data, lang), this.misses);
  }
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('letter data contract', () => {
  it('every shipped letter has a contract and a sample, in both languages', () => {
    for (const lang of LANGS) {
      const shipped = readdirSync(join(TEMPLATES_DIR, 'default', lang))
        .filter((f) => f.endsWith('.text.hbs'))
        .map((f) => f.slice(0, -'.text.hbs'.length));
      expect([...shipped].sort()).toEqual([...LETTER_NAMES].sort());
    }
    expect([...SAMPLE_NAMES].sort()).toEqual([...LETTER_NAMES].sort());
  });

  for (const variant of VARIANTS.filter((v) => !v.invalid)) {
    for (const lang of LANGS) {
      it(`${variant.letter} / ${variant.label} (${lang}) reads only fields of its contract`, () => {
        const renderer = new WatchedRenderer(TEMPLATES_DIR, 'purasec', 'Europe/Amsterdam');
        renderer.renderLoose(variant.letter, lang, variant.data);
        // A variant may leave out an optional field (the complete sample has it): reading that is fine.
        const complete = sample(variant.letter) as unknown as Record<string, unknown>;
        expect([...new Set(renderer.misses)].filter((path) => !has(complete, path))).toEqual([]);
      });
    }
  }

  it('notices a template that reads a field outside the contract, even in {{#if}}', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-contract-'));
    tempDirs.push(dir);
    mkdirSync(join(dir, 'default', 'nl'), { recursive: true });
    writeFileSync(join(dir, 'default', 'nl', 'closing.text.hbs'), 'Subject: {{complaint.reference}}\n\n{{#if complaint.secret}}x{{/if}}\n');
    writeFileSync(join(dir, 'default', 'nl', 'closing.html.hbs'), '<p>{{#each attachments}}{{this}}{{/each}}</p>');
    writeFileSync(join(dir, 'default', 'layout.html.hbs'), '{{{body}}}');
    const renderer = new WatchedRenderer(dir, 'purasec', 'UTC');
    renderer.render('closing', 'nl', sample('closing'));
    expect(renderer.misses).toEqual(['complaint.secret', 'attachments']);
  });

  it('the typed form refuses data outside the contract at compile time', () => {
    const renderer2 = new LetterRenderer(TEMPLATES_DIR, 'purasec', 'UTC');
    expect(renderer2.render('outcome', 'nl', sample('outcome')).subject).toContain('PS-2026-0007');
    // @ts-expect-error — 'gegrond' is the Dutch command word, not a verdict.
    expect(() => renderer2.render('outcome', 'nl', { ...sample('outcome'), verdict: 'gegrond' })).toThrow(/verdictMustBeFoundedPartlyOrUnfounded/);
    // @ts-expect-error — a literal name must bring its typed data; the loose form is renderLoose.
    expect(() => renderer2.render('closing', 'nl', {})).toThrow();
  });
});
