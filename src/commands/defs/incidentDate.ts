import type { CommandDef } from '../types.js';
import { DATE_FORMATS, invalid, missing, orList, parseDate } from './shared.js';

const aliases = { en: 'date', nl: 'datum' } as const;
const usage = { en: 'DATE', nl: 'DATUM' } as const;

/** The tenant's local calendar date of an instant, `YYYY-MM-DD`. */
function localDate(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * When the problem happened, as the customer told the handler (PuraSec's "datum", one of the four
 * pieces a complaint must carry): supplies it like the customer's own answer would, so a complaint
 * waiting for it goes on. For when the customer said it by phone, or in words the intake missed.
 */
export const incidentDate: CommandDef<'date'> = {
  name: 'date',
  aliases,
  role: 'any',
  body: 'none',
  usage,
  summary: {
    en: 'record when the problem happened, e.g. #date 3-11-2026 (when the customer told you)',
    nl: 'leg vast wanneer het probleem zich voordeed, bijv. #datum 3-11-2026 (als de klant het u vertelde)',
  },
  parseArgs(words, lang) {
    const tag = `#${aliases[lang]}`;
    const word = words.find((w) => w.trim() !== '');
    if (!word) return missing(`${tag} needs a date: ${tag} ${usage[lang]} (${orList(DATE_FORMATS)})`);
    const d = parseDate(word.replace(/[.,;]+$/u, ''));
    if (d.kind !== 'ok') return invalid(`${tag}: "${word}" is not a valid date; use ${orList(DATE_FORMATS)}`, DATE_FORMATS);
    return { ok: true, args: { date: d.iso } };
  },
  means(cmd, { cfg, now }) {
    if (cmd.date > localDate(now, cfg.timezone)) return { ok: false, message: `${cmd.typed}: ${cmd.date} is still to come; give the day the problem happened` };
    return { ok: true, event: { type: 'information-received', fields: ['date'], incidentDate: cmd.date } };
  },
};
