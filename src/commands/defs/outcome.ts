import type { CommandDef, OutcomeVerdict } from '../types.js';
import { choiceArg, type ChoiceTable } from './shared.js';

const aliases = { en: 'outcome', nl: 'uitkomst' } as const;

/** §1 step 4: founded, partly founded or unfounded. Words of either language are accepted. */
export const OUTCOME_VERDICTS: ChoiceTable<OutcomeVerdict> = {
  phrases: {
    founded: 'founded',
    gegrond: 'founded',
    partly: 'partly',
    'partly founded': 'partly',
    partially: 'partly',
    'partially founded': 'partly',
    deels: 'partly',
    'deels gegrond': 'partly',
    gedeeltelijk: 'partly',
    'gedeeltelijk gegrond': 'partly',
    unfounded: 'unfounded',
    'not founded': 'unfounded',
    ongegrond: 'unfounded',
    'niet gegrond': 'unfounded',
  },
  shown: { en: ['founded', 'partly', 'unfounded'], nl: ['gegrond', 'deels', 'ongegrond'] },
};

/** The substantive response; the body is the solution / reasoning / service changes of the letter. */
export const outcome: CommandDef<'outcome'> = {
  name: 'outcome',
  aliases,
  role: 'any',
  body: 'required',
  usage: { en: OUTCOME_VERDICTS.shown.en.join('|'), nl: OUTCOME_VERDICTS.shown.nl.join('|') },
  summary: {
    en: 'send the outcome letter (body: solution/reasoning/service changes)',
    nl: 'verstuur de uitkomstbrief (tekst: oplossing/onderbouwing/aanpassingen van de dienst)',
  },
  bodyHint: 'the solution / reasoning for the outcome letter',
  parseArgs(words, lang) {
    const verdict = choiceArg(words, OUTCOME_VERDICTS, `#${aliases[lang]}`, lang);
    return verdict.ok ? { ok: true, args: { verdict: verdict.value } } : verdict;
  },
  means: (cmd) => ({ ok: true, event: { type: 'outcome', verdict: cmd.verdict, body: cmd.body } }),
};
