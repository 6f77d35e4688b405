import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDateTime, formatLongDate } from '../calendar/format.js';
import { ComplaintdeskError, ErrorCodes } from '../core/errors.js';

export type Language = 'nl' | 'en';

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

/** Strip what must never reach a header: CR, LF and other control characters (C0, DEL, C1 such as NEL). */
export function headerSafe(value: string, maxLength = 200): string {
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  // Never cut between the two halves of a surrogate pair (an emoji): a lone half is not text.
  let cut = maxLength - 1;
  if (/[\ud800-\udbff]/.test(flat.charAt(cut - 1))) cut--;
  return flat.slice(0, cut).trimEnd() + '…';
}

/**
 * Renders letters from Handlebars templates. Lookup, first found wins:
 *   <overrideDir>/<lang>/<name>.<part>.hbs   (a tenant's own directory, from its config)
 *   <templatesDir>/<tenant>/<lang>/<name>.<part>.hbs
 *   <templatesDir>/default/<lang>/<name>.<part>.hbs
 * Templates only ever come from these files — never from mail content. HTML parts escape every
 * value; text parts are plain text and need no escaping; subjects are made header-safe.
 * `strict` makes a missing field an error instead of a half-filled letter.
 */
export class LetterRenderer {
  readonly #hbs = Handlebars.create();
  readonly #cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly templatesDir: string,
    private readonly tenant: string,
    private readonly timezone: string,
    private readonly overrideDir?: string,
  ) {
    const tz = this.timezone;
    this.#hbs.registerHelper('date', (d: unknown, lang: unknown) => formatLongDate(new Date(String(d)), lang === 'en' ? 'en' : 'nl', tz));
    this.#hbs.registerHelper('datetime', (d: unknown, lang: unknown) => formatDateTime(new Date(String(d)), lang === 'en' ? 'en' : 'nl', tz));
    this.#hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  #find(lang: Language, file: string): string | null {
    const dirs = [
      ...(this.overrideDir ? [join(this.overrideDir, lang)] : []),
      join(this.templatesDir, this.tenant, lang),
      join(this.templatesDir, 'default', lang),
    ];
    for (const d of dirs) {
      const p = join(d, file);
      if (existsSync(p)) return p;
    }
    return null;
  }

  #template(lang: Language, file: string, escape: boolean): Handlebars.TemplateDelegate {
    const path = this.#find(lang, file);
    if (!path) throw new ComplaintdeskError(ErrorCodes.TEMPLATE_MISSING, `no template ${lang}/${file} for tenant ${this.tenant} under ${this.templatesDir}`);
    const key = `${escape}:${path}`;
    let t = this.#cache.get(key);
    if (!t) {
      t = this.#hbs.compile(readFileSync(path, 'utf8'), { strict: true, noEscape: !escape });
      this.#cache.set(key, t);
    }
    return t;
  }

  has(name: string, lang: Language): boolean {
    return this.#find(lang, `${name}.text.hbs`) !== null;
  }

  render(name: string, lang: Language, data: Record<string, unknown>): RenderedLetter {
    const ctx = { ...data, lang };
    const subject = headerSafe(this.#template(lang, `${name}.subject.hbs`, false)(ctx));
    const text = this.#template(lang, `${name}.text.hbs`, false)(ctx).replace(/\r\n?/g, '\n').trim() + '\n';
    const body = this.#template(lang, `${name}.html.hbs`, true)(ctx);
    // The layout inserts the already-escaped body with {{{body}}}.
    const html = this.#template(lang, 'layout.html.hbs', true)({ ...ctx, subject, body });
    return { subject, text, html };
  }
}
