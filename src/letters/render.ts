import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDateTime, formatDeadline, formatLongDate, formatMonth } from '../calendar/format.js';
import { ComplaintdeskError, ErrorCodes } from '../core/errors.js';
import type { Language } from '../text/language.js';
import type { CommonData, LetterData, LetterName } from './data.js';

export type { Language };

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

/** Strip what must never reach a header: CR, LF and other control characters (C0, DEL, C1 such as NEL). */
export function headerSafe(value: string, maxLength = 200): string {
  const flat = value
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= maxLength) return flat;
  // Never cut between the two halves of a surrogate pair (an emoji): a lone half is not text.
  let cut = maxLength - 1;
  if (/[\ud800-\udbff]/.test(flat.charAt(cut - 1))) cut--;
  return flat.slice(0, cut).trimEnd() + '…';
}

/** Letters to the customer by name, as people read "… to karin@…" (workflow/labels.ts uses the same table). */
export const LETTER_NAMES_IN_WORDS: Readonly<Record<string, Record<Language, string>>> = {
  acknowledgement: { nl: 'ontvangstbevestiging', en: 'acknowledgement' },
  'information-request': { nl: 'informatieverzoek', en: 'request for information' },
  inadmissible: { nl: 'brief over de niet-ontvankelijkheid', en: 'letter declaring the complaint inadmissible' },
  outcome: { nl: 'uitkomstbrief', en: 'outcome letter' },
  'objection-received': { nl: 'ontvangstbevestiging van het bezwaar', en: 'acknowledgement of the objection' },
  'hearing-invitation': { nl: 'uitnodiging voor de hoorzitting', en: 'invitation to the hearing' },
  decision: { nl: 'uitspraak van de directie', en: "management's decision" },
  closing: { nl: 'afsluitbrief', en: 'closing letter' },
  'handler-message': { nl: 'bericht', en: 'message' },
};

type Format = 'text' | 'html';
type Template = Handlebars.TemplateDelegate;

/** A letter's parts, found and compiled once per renderer. */
interface CompiledLetter {
  subject: Template;
  text: Template;
  html: Template;
  layout: Template;
  partials: Record<Format, Record<string, Template>>;
}

/**
 * The first line of a text template, after any Handlebars comments, is its subject:
 *   Subject: [{{complaint.reference}}] …
 * followed by a blank line and the body. A text template without it (the format before
 * subjects moved in) is all body; its subject then comes from a `<name>.subject.hbs`.
 */
const SUBJECT_HEADER = /^((?:\s*\{\{!--[\s\S]*?--\}\}|\s*\{\{![^}]*\}\})*)\s*Subject:[ \t]*([^\r\n]*)\r?\n/;

function splitSubject(source: string): { subject: string | null; body: string } {
  const m = SUBJECT_HEADER.exec(source);
  if (!m) return { subject: null, body: source };
  return { subject: `${m[1]}${m[2]}`, body: source.slice(m[0].length) };
}

/**
 * Renders letters from Handlebars templates (see templates/README.md). Directories, first found
 * wins: the tenant's override directory (`letters.templatesDir`), `<templatesDir>/<tenant>/`,
 * `<templatesDir>/default/`; in each, `<lang>/` before the shared files at its top.
 *   <lang>/<name>.text.hbs         the subject line and the plain-text body
 *   <lang>/<name>.html.hbs         the HTML body
 *   <lang>/<name>.subject.hbs      optional: a subject that wins over the text template's
 *   layout.html.hbs                the HTML document around every body (also per <lang>/)
 *   partials/<p>.{text,html}.hbs   `{{> p}}` in a text or HTML template (also per <lang>/)
 * Templates only ever come from these files — never from mail content. HTML parts escape every
 * value; text parts are plain text and need no escaping; subjects are made header-safe.
 * `strict` makes a missing field an error instead of a half-filled letter. Every file is found
 * and compiled once per renderer: a changed template takes effect at the next start.
 */
export class LetterRenderer {
  readonly #hbs = Handlebars.create();
  /** Compiled templates by escaping and path: a layout or partial is compiled once for all letters. */
  readonly #compiled = new Map<string, Template>();
  readonly #letters = new Map<string, CompiledLetter>();
  readonly #partials = new Map<Language, Record<Format, Record<string, Template>>>();

  constructor(
    private readonly templatesDir: string,
    private readonly tenant: string,
    private readonly timezone: string,
    private readonly overrideDir?: string,
  ) {
    const tz = this.timezone;
    this.#hbs.registerHelper('date', (d: unknown, lang: unknown) => formatLongDate(new Date(String(d)), lang === 'en' ? 'en' : 'nl', tz));
    this.#hbs.registerHelper('datetime', (d: unknown, lang: unknown) => formatDateTime(new Date(String(d)), lang === 'en' ? 'en' : 'nl', tz));
    // A local calendar day (`YYYY-MM-DD`, e.g. the date a problem happened), written out: midday avoids any zone edge.
    this.#hbs.registerHelper('day', (d: unknown, lang: unknown) => formatLongDate(new Date(`${String(d)}T12:00:00Z`), lang === 'en' ? 'en' : 'nl', tz));
    // When a complaint was received: with its time, or the date alone when only the day is known.
    this.#hbs.registerHelper('received', (c: { receivedAt?: unknown; receivedDateOnly?: unknown }, lang: unknown) => {
      const when = new Date(String(c.receivedAt));
      const l = lang === 'en' ? 'en' : 'nl';
      return c.receivedDateOnly === true ? formatLongDate(when, l, tz) : formatDateTime(when, l, tz);
    });
    // `{{deadline dueAt lang}}`: "maandag 28 december 2026, einde van de dag"; with a third
    // argument (an instant in the letter's data) the year is left out when it is that instant's year.
    this.#hbs.registerHelper('deadline', (d: unknown, lang: unknown, ...rest: unknown[]) => {
      const ref = rest.length > 1 && typeof rest[0] === 'string' ? new Date(rest[0]) : undefined;
      return formatDeadline(new Date(String(d)), lang === 'en' ? 'en' : 'nl', tz, ref);
    });
    // `{{month "2026-11" lang}}`: "november 2026".
    this.#hbs.registerHelper('month', (m: unknown, lang: unknown) => formatMonth(String(m), lang === 'en' ? 'en' : 'nl'));
    // `{{letterName kind lang}}`: "ontvangstbevestiging" for a queued letter's kind; other kinds as "e-mail" / "email".
    this.#hbs.registerHelper('letterName', (kind: unknown, lang: unknown) => {
      const l = lang === 'en' ? 'en' : 'nl';
      return LETTER_NAMES_IN_WORDS[String(kind)]?.[l] ?? (l === 'nl' ? 'e-mail' : 'email');
    });
    this.#hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  /** The directories a language's files come from, most specific first: per tier, `<lang>/` then the shared top. */
  #dirs(lang: Language, shared: boolean): string[] {
    const tiers = [...(this.overrideDir ? [this.overrideDir] : []), join(this.templatesDir, this.tenant), join(this.templatesDir, 'default')];
    return tiers.flatMap((t) => (shared ? [join(t, lang), t] : [join(t, lang)]));
  }

  #find(lang: Language, file: string, shared = false): string | null {
    for (const d of this.#dirs(lang, shared)) {
      const p = join(d, file);
      if (existsSync(p)) return p;
    }
    return null;
  }

  #missing(what: string): ComplaintdeskError {
    return new ComplaintdeskError(ErrorCodes.TEMPLATE_MISSING, `no template ${what} for tenant ${this.tenant} under ${this.templatesDir}`);
  }

  #compile(key: string, source: () => string, escape: boolean): Template {
    const k = `${escape}:${key}`;
    let t = this.#compiled.get(k);
    if (!t) {
      t = this.#hbs.compile(source(), { strict: true, noEscape: !escape });
      this.#compiled.set(k, t);
    }
    return t;
  }

  #file(path: string, escape: boolean): Template {
    return this.#compile(path, () => readFileSync(path, 'utf8'), escape);
  }

  /** The subject: a `<name>.subject.hbs`, or the Subject line of a text template, whichever a directory has first. */
  #subject(lang: Language, name: string): Template {
    for (const d of this.#dirs(lang, false)) {
      const own = join(d, `${name}.subject.hbs`);
      if (existsSync(own)) return this.#file(own, false);
      const text = join(d, `${name}.text.hbs`);
      if (!existsSync(text)) continue;
      const { subject } = splitSubject(readFileSync(text, 'utf8'));
      if (subject !== null) return this.#compile(`${text}#subject`, () => subject, false);
    }
    throw this.#missing(`${lang}/${name}.text.hbs with a "Subject:" line (or ${lang}/${name}.subject.hbs)`);
  }

  /** Every partial a language can use, by format: for each name, the most specific file. */
  #partialsFor(lang: Language): Record<Format, Record<string, Template>> {
    let found = this.#partials.get(lang);
    if (found) return found;
    found = { text: {}, html: {} };
    // Least specific first, so that a more specific file replaces it.
    for (const dir of this.#dirs(lang, true).reverse()) {
      const pdir = join(dir, 'partials');
      if (!existsSync(pdir)) continue;
      for (const file of readdirSync(pdir)) {
        const m = /^(.+)\.(text|html)\.hbs$/.exec(file);
        if (!m) continue;
        const format = m[2] as Format;
        found[format][m[1]!] = this.#file(join(pdir, file), format === 'html');
      }
    }
    this.#partials.set(lang, found);
    return found;
  }

  #letter(lang: Language, name: string): CompiledLetter {
    const key = `${lang}/${name}`;
    let letter = this.#letters.get(key);
    if (letter) return letter;
    const subject = this.#subject(lang, name);
    const textPath = this.#find(lang, `${name}.text.hbs`);
    if (!textPath) throw this.#missing(`${lang}/${name}.text.hbs`);
    const htmlPath = this.#find(lang, `${name}.html.hbs`);
    if (!htmlPath) throw this.#missing(`${lang}/${name}.html.hbs`);
    const layoutPath = this.#find(lang, 'layout.html.hbs', true);
    if (!layoutPath) throw this.#missing(`${lang}/layout.html.hbs or layout.html.hbs`);
    letter = {
      subject,
      text: this.#compile(`${textPath}#body`, () => splitSubject(readFileSync(textPath, 'utf8')).body, false),
      html: this.#file(htmlPath, true),
      layout: this.#file(layoutPath, true),
      partials: this.#partialsFor(lang),
    };
    this.#letters.set(key, letter);
    return letter;
  }

  /** What every template sees: the caller's data and `lang` (test/letters/letterContract.test.ts watches the reads here). */
  protected context(data: Record<string, unknown>, lang: Language): Record<string, unknown> {
    return { ...data, lang };
  }

  has(name: string, lang: Language): boolean {
    return this.#find(lang, `${name}.text.hbs`) !== null;
  }

  /** A letter with the data its template reads (data.ts); the name is known when the code is written. */
  render<K extends LetterName>(name: K, lang: Language, data: LetterData<K> & CommonData): RenderedLetter;
  /**
   * The loose form, for a template name only known at run time (queued mail, kept render data).
   * Only a `string` reaches it: a literal name must bring its typed data.
   */
  render<N extends string>(name: string extends N ? N : never, lang: Language, data: Record<string, unknown>): RenderedLetter;
  render(name: string, lang: Language, data: object): RenderedLetter {
    return this.renderLoose(name, lang, data as Record<string, unknown>);
  }

  /** Any template by name, with data the compiler cannot check (a stored render, a tenant's own letter, a test of bad data). */
  renderLoose(name: string, lang: Language, data: Record<string, unknown>): RenderedLetter {
    const letter = this.#letter(lang, name);
    const ctx = this.context(data, lang);
    const run = (t: Template, context: object, format: Format) => {
      try {
        return t(context, { partials: letter.partials[format] });
      } catch (err) {
        // Handlebars' own words for a `{{> name}}` no directory has.
        const m = /^The partial (\S+) could not be found/.exec((err as Error).message);
        if (m)
          throw new ComplaintdeskError(
            ErrorCodes.TEMPLATE_MISSING,
            `no partial ${lang}/partials/${m[1]}.${format}.hbs (used by ${name}) for tenant ${this.tenant} under ${this.templatesDir}`,
            { cause: err },
          );
        throw err;
      }
    };
    const subject = headerSafe(run(letter.subject, ctx, 'text'));
    const text = run(letter.text, ctx, 'text').replace(/\r\n?/g, '\n').trim() + '\n';
    const body = run(letter.html, ctx, 'html');
    // The layout inserts the already-escaped body with {{{body}}}.
    const html = run(letter.layout, { ...ctx, subject, body }, 'html');
    return { subject, text, html };
  }
}
