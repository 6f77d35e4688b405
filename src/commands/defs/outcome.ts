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

/**
 * The label of the paragraph on changes to the company's services (SPEC §1 step 4, "eventuele
 * aanpassingen in de dienstverlening"), at the start of a line: "Aanpassingen: …", "Changes to
 * our services: …".
 */
const CHANGES_LABEL =
  /^[ \t]*(?:aanpassingen|wijzigingen|changes|service changes)(?:[ \t]+(?:in|aan|to|of)[ \t]+(?:onze|de|our|the)[ \t]+(?:dienstverlening|diensten|dienst|services?))?[ \t]*:[ \t]*/iu;

/**
 * The outcome letter's body and its "changes to our services" section: the paragraph that starts
 * with the label, up to the next blank line, is the section; the rest (before and after) is the
 * body. No such paragraph, or nothing after the label: null, and the letter leaves the section out.
 */
export function splitServiceChanges(text: string): { body: string; serviceChanges: string | null } {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => CHANGES_LABEL.test(line));
  if (start < 0) return { body: text, serviceChanges: null };
  let end = start + 1;
  while (end < lines.length && lines[end]!.trim() !== '') end++;
  const section = [lines[start]!.replace(CHANGES_LABEL, ''), ...lines.slice(start + 1, end)].join('\n').trim();
  const body = [...lines.slice(0, start), ...lines.slice(end)]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { body, serviceChanges: section === '' ? null : section };
}

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
  bodyHint: 'the solution / reasoning for the outcome letter (changes to the service in a paragraph starting "Changes:")',
  parseArgs(words, lang) {
    const verdict = choiceArg(words, OUTCOME_VERDICTS, `#${aliases[lang]}`, lang);
    return verdict.ok ? { ok: true, args: { verdict: verdict.value } } : verdict;
  },
  means: (cmd) => {
    const { body, serviceChanges } = splitServiceChanges(cmd.body);
    return { ok: true, event: { type: 'outcome', verdict: cmd.verdict, body, ...(serviceChanges ? { serviceChanges } : {}) } };
  },
};
