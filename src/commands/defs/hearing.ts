import type { CommandDef, HearingMode } from '../types.js';
import { DATE_FORMATS, dateTimeWords, invalid, lookupChoice, missing, phraseOf, type ChoiceTable } from './shared.js';

const aliases = { en: 'hearing', nl: 'hoorzitting' } as const;
const usage = { en: 'DATE TIME [phone|office]', nl: 'DATUM TIJD [telefonisch|kantoor]' } as const;
const example = { en: '2026-03-14 10:30 phone', nl: '14-3-2026 10:30 telefonisch' } as const;

export const HEARING_MODES: ChoiceTable<HearingMode> = {
  phrases: {
    phone: 'phone',
    telephone: 'phone',
    'by phone': 'phone',
    call: 'phone',
    telefonisch: 'phone',
    telefoon: 'phone',
    'per telefoon': 'phone',
    office: 'office',
    'at the office': 'office',
    'at our office': 'office',
    'in person': 'office',
    kantoor: 'office',
    'op kantoor': 'office',
    'op het kantoor': 'office',
  },
  shown: { en: ['phone', 'office'], nl: ['telefonisch', 'kantoor'] },
};

/**
 * Invite the customer to explain the objection orally (§1 step 5). Date, time and mode may
 * come in any order; whether the date lies in the future is for the executor (it has the clock).
 */
export const hearing: CommandDef<'hearing'> = {
  name: 'hearing',
  aliases,
  role: 'any',
  // The manager's own words for the customer (directions, who else joins, what to prepare) go into the invitation.
  body: 'optional',
  usage,
  summary: {
    en: 'invite the customer to explain the objection (DATE as YYYY-MM-DD or D-M-YYYY, TIME as HH:MM; body, optional: your words for the customer in the invitation)',
    nl: 'nodig de klant uit het bezwaar toe te lichten (DATUM als JJJJ-MM-DD of D-M-JJJJ, TIJD als UU:MM; tekst, optioneel: uw woorden voor de klant in de uitnodiging)',
  },
  parseArgs(words, lang) {
    const tag = `#${aliases[lang]}`;
    const needs = `${tag} needs a date and a time: ${tag} ${usage[lang]}, e.g. ${tag} ${example[lang]}`;
    const found = dateTimeWords(words, tag);
    if (!found.ok) return found;
    const { date, time, rest } = found;

    const modePhrase = phraseOf(rest);
    const mode = modePhrase === '' ? null : lookupChoice(modePhrase, HEARING_MODES);
    if (date === null || time === null) {
      const what = date === null ? 'date' : 'time';
      const allowed = date === null ? DATE_FORMATS : ['HH:MM'];
      // Words that are neither date, time nor mode were most likely meant as the missing part.
      if (modePhrase !== '' && mode === null) {
        return invalid(`${tag}: "${rest.join(' ')}" is not a ${what}; ${needs}`, allowed);
      }
      return missing(needs);
    }
    if (modePhrase !== '' && mode === null) {
      const shown = HEARING_MODES.shown[lang];
      return invalid(`${tag}: "${rest.join(' ')}" is not a way to meet; use one of: ${shown.join(', ')}`, shown);
    }
    return { ok: true, args: { date, time, mode } };
  },
  means: (cmd) => ({
    ok: true,
    event: { type: 'hearing-scheduled', date: cmd.date, time: cmd.time, mode: cmd.mode, ...(cmd.body ? { note: cmd.body } : {}) },
  }),
};
