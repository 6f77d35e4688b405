import type { CommandDef } from '../types.js';
import { DATE_FORMATS, invalid, orList, parseDate, parseTime } from './shared.js';

const aliases = { en: 'heard', nl: 'gehoord' } as const;
const usage = { en: '[DATE [TIME]]', nl: '[DATUM [TIJD]]' } as const;

/** "op 3-12-2026 om 10:30", "on 2026-12-03 at 10:30". */
const BEFORE_DATE = new Set(['on', 'op']);
const BEFORE_TIME = new Set(['at', 'om']);

/**
 * The conversation about the objection took place; the decision deadline runs from it. Without
 * a date: now (refused before the scheduled hearing, see procedure/steps/hearing.ts). With one
 * (and optionally a time): when it was, in the tenant's time zone. Any other word is an error,
 * not ignored: "#gehoord gisteren" must not silently mean today.
 */
export const heard: CommandDef<'heard'> = {
  name: 'heard',
  aliases,
  role: 'any',
  body: 'none',
  usage,
  summary: {
    en: 'the conversation about the objection took place (DATE as YYYY-MM-DD or D-M-YYYY, TIME as HH:MM, both optional: now; starts the decision deadline from that day)',
    nl: 'het gesprek over het bezwaar heeft plaatsgevonden (DATUM als JJJJ-MM-DD of D-M-JJJJ, TIJD als UU:MM, beide optioneel: nu; start de termijn voor de uitspraak vanaf die dag)',
  },
  parseArgs(words, lang) {
    const tag = `#${aliases[lang]}`;
    const cleaned = words.map((w) => w.replace(/[,;.]+$/u, '')).filter((w) => w !== '');
    let date: string | null = null;
    let time: string | null = null;
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
      return invalid(`${tag}: "${word}" is not a date; write ${tag} alone (now) or ${tag} ${usage[lang]}, e.g. ${tag} 2026-12-03 10:30`, DATE_FORMATS);
    }
    return { ok: true, args: { date, time } };
  },
  means: (cmd) => ({
    ok: true,
    event: { type: 'heard', ...(cmd.date !== null ? { date: cmd.date } : {}), ...(cmd.time !== null ? { time: cmd.time } : {}) },
  }),
};
