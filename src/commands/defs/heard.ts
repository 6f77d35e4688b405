import type { CommandDef } from '../types.js';
import { DATE_FORMATS, dateTimeWords, invalid } from './shared.js';

const aliases = { en: 'heard', nl: 'gehoord' } as const;
const usage = { en: '[DATE [TIME]]', nl: '[DATUM [TIJD]]' } as const;

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
    const found = dateTimeWords(words, tag);
    if (!found.ok) return found;
    const { date, time, rest } = found;
    if (rest.length > 0) {
      return invalid(`${tag}: "${rest[0]}" is not a date; write ${tag} alone (now) or ${tag} ${usage[lang]}, e.g. ${tag} 2026-12-03 10:30`, DATE_FORMATS);
    }
    return { ok: true, args: { date, time } };
  },
  means: (cmd) => ({
    ok: true,
    event: { type: 'heard', ...(cmd.date !== null ? { date: cmd.date } : {}), ...(cmd.time !== null ? { time: cmd.time } : {}) },
  }),
};
