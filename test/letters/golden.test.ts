import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/config/load.js';
import { LetterRenderer, type Language } from '../../src/letters/render.js';
import { VARIANTS } from './samples.js';

/**
 * Golden letters: every shipped letter × language × branch (samples.ts), rendered from the
 * shipped templates and compared byte for byte with test/letters/golden/. A change to a
 * template that changes what a customer or handler receives shows up here as a diff of the
 * golden files. After an intended change:
 *   UPDATE_GOLDEN=1 npx vitest run test/letters/golden.test.ts
 * and review the diff of test/letters/golden/ before committing it.
 *
 * Files: <letter>/<variant>.<lang>.txt is "Subject: <subject>", a blank line and the text part;
 * .html is the HTML part; .error is the message of a render that must throw (Handlebars'
 * " - line:column" suffix left out: it moves whenever a template is edited).
 */

const GOLDEN_DIR = join(PACKAGE_ROOT, 'test', 'letters', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const LANGS: readonly Language[] = ['nl', 'en'];

const renderer = new LetterRenderer(join(PACKAGE_ROOT, 'templates'), 'purasec', 'Europe/Amsterdam');

function renderFiles(letter: string, lang: Language, data: Record<string, unknown>, invalid: boolean): Record<string, string> {
  try {
    const r = renderer.render(letter, lang, data);
    if (invalid) throw new Error(`${letter} (${lang}) rendered although its data is invalid`);
    return { txt: `Subject: ${r.subject}\n\n${r.text}`, html: r.html };
  } catch (err) {
    if (!invalid) throw err;
    return { error: `${(err as Error).message.replace(/ - \d+:\d+$/, '')}\n` };
  }
}

const expected = new Set<string>();

describe('golden letters: byte-identical to test/letters/golden/', () => {
  for (const variant of VARIANTS) {
    for (const lang of LANGS) {
      it(`${variant.letter} / ${variant.label} (${lang})`, () => {
        const files = renderFiles(variant.letter, lang, variant.data, variant.invalid ?? false);
        for (const [ext, content] of Object.entries(files)) {
          const path = join(GOLDEN_DIR, variant.letter, `${variant.label}.${lang}.${ext}`);
          expected.add(path);
          if (UPDATE) {
            mkdirSync(join(GOLDEN_DIR, variant.letter), { recursive: true });
            writeFileSync(path, content);
            continue;
          }
          expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
          expect(content).toBe(readFileSync(path, 'utf8'));
        }
      });
    }
  }

  it('variant labels are unique per letter', () => {
    const keys = VARIANTS.map((v) => `${v.letter}/${v.label}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('no golden file is left over from a variant that no longer exists', () => {
    if (UPDATE) return;
    const onDisk = readdirSync(GOLDEN_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    expect(onDisk.filter((p) => !expected.has(p))).toEqual([]);
    expect(expected.size).toBeGreaterThan(300);
  });
});
