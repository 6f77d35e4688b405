/**
 * Argument helpers shared by the command defs (not a command itself). Messages are English:
 * they go to staff in the command-error reply; the words they list are in the language typed.
 */
import type { ArgError, ArgResult, Lang } from '../types.js';

/** The words as one lower-case phrase, single-spaced, trailing punctuation dropped. */
export function phraseOf(words: readonly string[]): string {
  return words
    .join(' ')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[.,;:!?]+$/u, '')
    .trim();
}

export function missing(message: string): { ok: false; error: ArgError } {
  return { ok: false, error: { code: 'missing-argument', message } };
}

export function invalid(message: string, allowed: readonly string[]): { ok: false; error: ArgError } {
  return { ok: false, error: { code: 'invalid-argument', message, allowed: [...allowed] } };
}

/** For commands without subject arguments. Extra words are ignored: handlers add things like
 * "#close thanks", and these commands send nothing the words could be meant for. */
export function noArgs(): ArgResult<Record<never, never>> {
  return { ok: true, args: {} };
}

/** A free-text argument that may span several words (a person, a service). */
export function textArg(words: readonly string[], tag: string, usage: string, what: string): { ok: true; value: string } | { ok: false; error: ArgError } {
  const value = words.join(' ').trim();
  if (value === '') return missing(`${tag} needs ${what}: ${tag} ${usage}`);
  return { ok: true, value };
}

/**
 * A closed set of words. `phrases` maps every accepted lower-case phrase (either language,
 * so `#uitkomst partly` works too) to its value; `shown` is what help and errors list.
 */
export interface ChoiceTable<V extends string> {
  phrases: Readonly<Record<string, V>>;
  shown: Readonly<Record<Lang, readonly string[]>>;
}

export function lookupChoice<V extends string>(phrase: string, table: ChoiceTable<V>): V | null {
  return Object.hasOwn(table.phrases, phrase) ? (table.phrases[phrase] ?? null) : null;
}

/** The whole argument must be one of the table's phrases: these choices decide a letter. */
export function choiceArg<V extends string>(
  words: readonly string[],
  table: ChoiceTable<V>,
  tag: string,
  lang: Lang,
): { ok: true; value: V } | { ok: false; error: ArgError } {
  const allowed = table.shown[lang];
  const needs = `${tag} needs one of: ${allowed.join(', ')}`;
  const phrase = phraseOf(words);
  if (phrase === '') return missing(needs);
  const value = lookupChoice(phrase, table);
  if (value === null) return invalid(`${needs} (not "${words.join(' ')}")`, allowed);
  return { ok: true, value };
}

export const DATE_FORMATS: readonly string[] = ['YYYY-MM-DD', 'D-M-YYYY', 'D/M/YYYY'];

/** "a, b or c" for messages. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u;
const DMY_DATE = /^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$/u;

/**
 * `YYYY-MM-DD`, `D-M-YYYY` or `D/M/YYYY` (Dutch order: day first) to `YYYY-MM-DD`.
 * `invalid` when it has a date's shape but no such day exists (31-4-2026), so the error can
 * say so instead of calling it an unknown word.
 */
export function parseDate(word: string): { kind: 'ok'; iso: string } | { kind: 'invalid' } | { kind: 'no-date' } {
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(word);
  const dmy = iso ? null : DMY_DATE.exec(word);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [y, m, d] = [Number(dmy[4]), Number(dmy[3]), Number(dmy[1])];
  else return { kind: 'no-date' };
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return { kind: 'invalid' };
  }
  return { kind: 'ok', iso: `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}` };
}

/** `H:MM` / `HH:MM`, also the Dutch `10.30` and `10:30u`, to `HH:MM`. */
export function parseTime(word: string): { kind: 'ok'; hhmm: string } | { kind: 'invalid' } | { kind: 'no-time' } {
  const match = /^(\d{1,2})[:.](\d{2})[uh]?$/iu.exec(word);
  if (!match) return { kind: 'no-time' };
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h > 23 || m > 59) return { kind: 'invalid' };
  return { kind: 'ok', hhmm: `${pad2(h)}:${pad2(m)}` };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** "op 3-12-2026 om 10:30", "on 2026-12-03 at 10:30": small words people put before a date or time. */
const BEFORE_DATE = new Set(['on', 'op']);
const BEFORE_TIME = new Set(['at', 'om']);

/**
 * The date and time among a command's subject words, in any order (at most one of each), and the
 * words that are neither (#hoorzitting's mode; for #gehoord an error). A word shaped like a date
 * or time that is no real one is an error, not a leftover.
 */
export function dateTimeWords(
  words: readonly string[],
  tag: string,
): { ok: true; date: string | null; time: string | null; rest: string[] } | { ok: false; error: ArgError } {
  const cleaned = words.map((w) => w.replace(/[,;.]+$/u, '')).filter((w) => w !== '');
  let date: string | null = null;
  let time: string | null = null;
  const rest: string[] = [];
  for (const [i, word] of cleaned.entries()) {
    const d = parseDate(word);
    if (d.kind === 'invalid') return invalid(`${tag}: "${word}" is not a valid date; use ${orList(DATE_FORMATS)}`, DATE_FORMATS);
    if (d.kind === 'ok') {
      if (date !== null) return invalid(`${tag}: give one date, not "${date}" and "${word}"`, DATE_FORMATS);
      date = d.iso;
      continue;
    }
    const t = parseTime(word);
    if (t.kind === 'invalid') return invalid(`${tag}: "${word}" is not a valid time; use HH:MM`, ['HH:MM']);
    if (t.kind === 'ok') {
      if (time !== null) return invalid(`${tag}: give one time, not "${time}" and "${word}"`, ['HH:MM']);
      time = t.hhmm;
      continue;
    }
    const next = cleaned[i + 1] ?? '';
    const lower = word.toLowerCase();
    if (BEFORE_DATE.has(lower) && parseDate(next).kind !== 'no-date') continue;
    if (BEFORE_TIME.has(lower) && parseTime(next).kind !== 'no-time') continue;
    rest.push(word);
  }
  return { ok: true, date, time, rest };
}
