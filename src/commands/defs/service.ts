import type { CommandDef } from '../types.js';
import { textArg } from './shared.js';

const aliases = { en: 'service', nl: 'dienst' } as const;
const usage = { en: 'NAME', nl: 'NAAM' } as const;

/** Set the service the complaint concerns; matched against the tenant's catalogue later. */
export const service: CommandDef<'service'> = {
  name: 'service',
  aliases,
  role: 'any',
  body: 'none',
  usage,
  summary: {
    en: 'set the service the complaint concerns',
    nl: 'leg vast over welke dienst de klacht gaat',
  },
  parseArgs(words, lang) {
    const tag = `#${aliases[lang]}`;
    const name = textArg(words, tag, usage[lang], 'a service name');
    return name.ok ? { ok: true, args: { service: name.value } } : name;
  },
};
