import type { CommandDef, DecisionVerdict } from '../types.js';
import { choiceArg, type ChoiceTable } from './shared.js';

const aliases = { en: 'decision', nl: 'uitspraak' } as const;

/**
 * The verdict is about the objection: upheld = the customer's objection is founded.
 * Dutch shows `gegrond|deels|afgewezen`: "afgewezen" cannot be mistaken for the outcome's
 * "ongegrond" when a manager skims the subject, but "ongegrond" (the usual wording of a
 * bezwaar decision) is accepted too, as are "toegewezen" and "(deels|gedeeltelijk) gegrond".
 */
export const DECISION_VERDICTS: ChoiceTable<DecisionVerdict> = {
  phrases: {
    upheld: 'upheld',
    founded: 'upheld',
    gegrond: 'upheld',
    toegewezen: 'upheld',
    partly: 'partly',
    'partly upheld': 'partly',
    partially: 'partly',
    'partially upheld': 'partly',
    deels: 'partly',
    'deels gegrond': 'partly',
    'deels toegewezen': 'partly',
    gedeeltelijk: 'partly',
    'gedeeltelijk gegrond': 'partly',
    rejected: 'rejected',
    dismissed: 'rejected',
    unfounded: 'rejected',
    afgewezen: 'rejected',
    ongegrond: 'rejected',
  },
  shown: { en: ['upheld', 'partly', 'rejected'], nl: ['gegrond', 'deels', 'afgewezen'] },
};

/** Management's written decision on an objection (§1 step 5). Managers only. */
export const decision: CommandDef<'decision'> = {
  name: 'decision',
  aliases,
  role: 'manager',
  body: 'required',
  usage: { en: DECISION_VERDICTS.shown.en.join('|'), nl: DECISION_VERDICTS.shown.nl.join('|') },
  summary: {
    en: "send management's written decision on the objection (body: decision and reasoning)",
    nl: 'verstuur de schriftelijke uitspraak van de directie op het bezwaar (tekst: uitspraak en motivering)',
  },
  bodyHint: 'the decision and its reasoning for the letter',
  parseArgs(words, lang) {
    const verdict = choiceArg(words, DECISION_VERDICTS, `#${aliases[lang]}`, lang);
    return verdict.ok ? { ok: true, args: { verdict: verdict.value } } : verdict;
  },
  means: (cmd) => ({ ok: true, event: { type: 'decision', verdict: cmd.verdict, body: cmd.body } }),
};
