import type { CommandDef } from '../types.js';
import { textArg } from './shared.js';

const aliases = { en: 'assign', nl: 'toewijzen' } as const;
const usage = { en: 'NAME', nl: 'NAAM' } as const;

/** (Re)assign to a handler. The name may be several words (`#assign Jan de Vries`). */
export const assign: CommandDef<'assign'> = {
  name: 'assign',
  aliases,
  role: 'any',
  body: 'none',
  usage,
  summary: {
    en: '(re)assign the complaint to a handler (person id or name)',
    nl: 'wijs de klacht (opnieuw) toe aan een behandelaar (id of naam)',
  },
  parseArgs(words, lang) {
    const tag = `#${aliases[lang]}`;
    const person = textArg(words, tag, usage[lang], 'a person (id or name)');
    return person.ok ? { ok: true, args: { person: person.value } } : person;
  },
};
