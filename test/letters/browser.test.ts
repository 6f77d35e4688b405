import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { LETTER_NAMES } from '../../src/letters/data.js';
import { LetterRenderer, type Language } from '../../src/letters/render.js';
import { sample, SAMPLE_NAMES, VARIANTS, type Variant } from './samples.js';

/**
 * Every letter's HTML part as a mail client shows it: rendered from the templates as they are
 * now (never a snapshot), loaded into Debian's chromium at a phone width (375 px) and a desktop
 * reading-pane width (800 px), and measured there. A letter fails when the page scrolls
 * sideways, when a piece of text runs out of its box or past the window's right edge, or when a
 * box with hidden/scrolling overflow clips its content. Each render is also written as a full-page
 * PNG to test-output/letters/<letter>.<lang>.<variant>.<width>.png to look at.
 *
 * Chromium: /usr/bin/chromium (`apt-get install -y chromium`) or CHROMIUM_PATH. Without it the
 * suite is skipped with the reason in its name; with CI=true it fails instead (.ci/run installs it).
 */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const IN_CI = process.env.CI === 'true';
const SKIP_REASON = `chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH); skipped locally, required when CI=true`;

const WIDTHS = [375, 800] as const;
const LANGS: readonly Language[] = ['nl', 'en'];
const OUTPUT_DIR = join(PACKAGE_ROOT, 'test-output', 'letters');

const renderer = new LetterRenderer(join(PACKAGE_ROOT, 'templates'), 'purasec', 'Europe/Amsterdam');

// What people actually type into the fields a letter shows: long names and addresses, a subject
// that runs on, a pasted link, and one of Dutch's long compound words with no place to break.
const LONG_WORD = 'Aansprakelijkheidsverzekeringsmaatschappijvoorwaardenbeoordelingscommissievergadering';
const LONG_URL =
  'https://portaal.klant.example.nl/klachten/dossiers/PS-2026-0007/bijlagen/eindrapportage-penetratietest-webapplicatie-definitief-versie-3.pdf?download=1&token=8f14e45fceea167a5a36dedd4bea2543';
const LONG_EMAIL = 'maximiliaan.van.der.hoogeveen-schimmelpenninck@klachtenafdeling-hoofdkantoor.klant.example.nl';
const LONG_NAME = 'Maximiliaan Alexander van der Hoogeveen-Schimmelpenninck tot Oud-Wassenaar';
const LONG_SENTENCE = `Zie ${LONG_URL} voor het volledige rapport; de ${LONG_WORD} heeft het besproken en is het er niet mee eens.`;
const LONG_PARAGRAPHS = `${LONG_SENTENCE}\n\n${'Wij hebben het rapport op 6 maart ontvangen, maar de bevindingen waren onvolledig en de samenvatting ontbrak. '.repeat(6)}\n${LONG_WORD}`;

/** Free-text fields by key: what a long version of each looks like (kept behind the original). */
const LONGER: Record<string, string> = {
  subject: `Rapportage pentest van de klantportaalomgeving opnieuw veel te laat en onvolledig aangeleverd ${LONG_WORD} ${LONG_URL}`,
  name: LONG_NAME,
  handler: LONG_NAME,
  email: LONG_EMAIL,
  to: LONG_EMAIL,
  from: `"${LONG_NAME}" <${LONG_EMAIL}>`,
  body: LONG_PARAGRAPHS,
  justification: LONG_PARAGRAPHS,
  question: LONG_PARAGRAPHS,
  excerpt: LONG_PARAGRAPHS,
  description: LONG_PARAGRAPHS,
  serviceChanges: LONG_PARAGRAPHS,
  detail: LONG_SENTENCE,
  diagnostic: `550 5.1.1 <${LONG_EMAIL}>: ${LONG_WORD} ${LONG_URL}`,
  reason: LONG_SENTENCE,
  title: `${LONG_SENTENCE} ${LONG_WORD}`,
  label: `Uitkomst ${LONG_WORD}`,
  footer: `PuraSec B.V. · ${LONG_EMAIL} · ${LONG_URL} · +31 15 200 2193`,
  address: `${LONG_WORD}straat 1234-bis\n2628 EB ${LONG_WORD}`,
  service: LONG_WORD,
  next: LONG_SENTENCE,
  command: `#uitkomst deels ${LONG_WORD}`,
  lines: LONG_SENTENCE,
  cheatSheet: `#${LONG_WORD} — ${LONG_SENTENCE}`,
  commands: `#${LONG_WORD}`,
  services: LONG_WORD,
};

/** Addresses are replaced, not extended: one long address is what a mail client shows. */
const REPLACED = new Set(['email', 'to', 'from']);

/** The sample with every free-text field lengthened; enums, dates and numbers stay as they are. */
function lengthened(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    const longer = LONGER[key];
    if (longer === undefined) return value;
    return REPLACED.has(key) ? longer : `${value} ${longer}`.trim();
  }
  if (Array.isArray(value)) return value.map((item: unknown) => lengthened(item, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lengthened(v, k)]));
  return value;
}

const CASES: Variant[] = [
  ...VARIANTS.filter((v) => !v.invalid),
  ...SAMPLE_NAMES.map((letter): Variant => ({ letter, label: 'long', data: lengthened(sample(letter)) as Record<string, unknown> })),
];

/**
 * At 375 px the letter's text column is about 290 px wide: every word of up to this many
 * characters fits on one line there, even in a heading, so one split over lines was squeezed.
 */
const SHORT_WORD = 24;

interface Problem {
  what: string;
  element: string;
}

/**
 * Runs in the page (a string: the tsconfig has no DOM types). Reports the page scrolling
 * sideways, with the innermost elements that stick out past the window's right edge; every
 * element with its own text that ends past the window's edge or starts left of it; every word
 * that sticks out of its element (too long for a fixed box); every box with overflow other
 * than visible whose content is wider or taller than it. Words, not whole text nodes, are
 * measured: in pre-wrap text the space at the end of a wrapped line hangs past the box
 * without being seen.
 */
const MEASURE = `(() => {
  const SHORT_WORD = ${SHORT_WORD};
  const vw = window.innerWidth;
  const problems = [];
  const describe = (el) => {
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim();
    return '<' + el.tagName.toLowerCase() + '> "' + (text.length > 80 ? text.slice(0, 79) + '…' : text) + '"';
  };
  const all = [...document.body.querySelectorAll('*')];
  const doc = document.documentElement;
  if (doc.scrollWidth > vw) {
    const wide = all.filter((el) => el.getBoundingClientRect().right > vw);
    const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
    const named = innermost.slice(0, 3).map(describe).join(', ') + (innermost.length > 3 ? ' and ' + (innermost.length - 3) + ' more' : '');
    problems.push({ what: 'the page is ' + doc.scrollWidth + ' px wide in a ' + vw + ' px window', element: named || describe(document.body) });
  }
  for (const el of all) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
      problems.push({ what: 'content ' + el.scrollWidth + ' px wide is clipped to ' + el.clientWidth + ' px', element: describe(el) });
    if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
      problems.push({ what: 'content ' + el.scrollHeight + ' px tall is clipped to ' + el.clientHeight + ' px', element: describe(el) });
    const parent = el.parentElement;
    if (parent && parent !== document.body && el.tagName !== 'BR') {
      const r = el.getBoundingClientRect();
      const p = parent.getBoundingClientRect();
      if (r.width > 0 && (r.right > p.right + 1 || r.left < p.left - 1))
        problems.push({ what: 'spans ' + Math.round(r.left) + '–' + Math.round(r.right) + ' px, out of its container at ' + Math.round(p.left) + '–' + Math.round(p.right) + ' px', element: describe(el) });
    }
    const texts = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
    if (texts.length === 0) continue;
    const box = el.getBoundingClientRect();
    if (box.right > vw + 1 || box.left < -1)
      problems.push({ what: 'spans ' + Math.round(box.left) + '–' + Math.round(box.right) + ' px in a ' + vw + ' px window', element: describe(el) });
    const range = document.createRange();
    let wordOut = false;
    let squeezed = false;
    for (const node of texts) {
      for (const word of node.textContent.matchAll(/\\S+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        for (const r of range.getClientRects()) {
          if (wordOut || r.width === 0) continue;
          if (r.right > box.right + 1 || r.left < box.left - 1) {
            problems.push({ what: '"' + word[0].slice(0, 40) + '" runs to ' + Math.round(r.right) + ' px, out of its ' + Math.round(box.left) + '–' + Math.round(box.right) + ' px box', element: describe(el) });
            wordOut = true;
          }
        }
        // Line breaking never splits a run of letters and digits on its own (UAX #14); only an
        // emergency break does, when the box is narrower than the word. A short word split that
        // way means its column was squeezed; a long word or URL may rightly break anywhere.
        for (const piece of word[0].matchAll(/[\\p{L}\\p{N}]+/gu)) {
          if (squeezed || word[0].length > SHORT_WORD) continue;
          range.setStart(node, word.index + piece.index);
          range.setEnd(node, word.index + piece.index + piece[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) {
            problems.push({ what: '"' + piece[0] + '" is split over ' + lines.size + ' lines in a ' + Math.round(box.width) + ' px wide box', element: describe(el) });
            squeezed = true;
          }
        }
      }
    }
  }
  return problems;
})()`;

function describeWithChromium(name: string, body: () => void): void {
  if (!HAVE_CHROMIUM && IN_CI) {
    describe(name, () => {
      it('has chromium (CI=true)', () => {
        throw new Error(`CI=true but ${SKIP_REASON}`);
      });
    });
    return;
  }
  describe.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? name : `${name} [${SKIP_REASON}]`, body);
}

describeWithChromium('HTML letters in chromium at 375 and 800 px', () => {
  let browser: Browser | undefined;
  const pages = new Map<number, Page>();
  const cdps = new Map<number, CDPSession>();
  const scripted: string[] = [];

  beforeAll(async () => {
    rmSync(OUTPUT_DIR, { recursive: true, force: true });
    mkdirSync(OUTPUT_DIR, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
    for (const width of WIDTHS) {
      // Not a mobile context: a phone browser would zoom out to fit a too-wide letter and hide the fault.
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      // A letter loads nothing: no remote images, fonts or styles (they would be blocked or track the reader).
      await page.route('**/*', (route) => route.abort());
      // Escaped customer text never runs: a dialog would mean a <script> sample got through.
      page.on('dialog', (dialog) => {
        scripted.push(`${width} px: ${dialog.message()}`);
        void dialog.dismiss();
      });
      pages.set(width, page);
      cdps.set(width, await page.context().newCDPSession(page));
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function check(width: number, html: string, png: string): Promise<string[]> {
    const page = pages.get(width)!;
    await page.setContent(html, { waitUntil: 'load' });
    const problems = await page.evaluate<Problem[]>(MEASURE);
    // Screenshots are most of the run time: CDP's optimizeForSpeed (quicker PNG compression)
    // took about a third less than page.screenshot({ fullPage: true }) here.
    const cdp = cdps.get(width)!;
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    const shot = await cdp.send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      optimizeForSpeed: true,
      clip: { x: 0, y: 0, width, height, scale: 1 },
    });
    writeFileSync(join(OUTPUT_DIR, png), Buffer.from(shot.data, 'base64'));
    return problems.map((p) => `${width} px: ${p.element}: ${p.what}`);
  }

  for (const variant of CASES) {
    for (const lang of LANGS) {
      it(`${variant.letter} / ${variant.label} (${lang})`, async () => {
        const { html } = renderer.renderLoose(variant.letter, lang, variant.data);
        const base = `${variant.letter}.${lang}.${variant.label}`;
        // The two widths render side by side in their own pages.
        const problems = (await Promise.all(WIDTHS.map((w) => check(w, html, `${base}.${w}.png`)))).flat();
        expect(problems, `${base}: see ${join('test-output', 'letters', `${base}.*.png`)}`).toEqual([]);
      });
    }
  }

  it('every letter is rendered, its long variant included', () => {
    for (const letter of LETTER_NAMES) {
      expect(
        CASES.some((c) => c.letter === letter && c.label === 'long'),
        letter,
      ).toBe(true);
      expect(CASES.filter((c) => c.letter === letter).length, letter).toBeGreaterThan(1);
    }
  });

  it('no letter ran a script', () => {
    expect(scripted).toEqual([]);
  });
});
