import { matchService } from '../../intake/service.js';
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
  means(cmd, { cfg }) {
    const name = matchService(cmd.service, cfg.services) ?? cfg.services.find((s) => s.name.toLowerCase() === cmd.service.trim().toLowerCase())?.name ?? null;
    if (!name)
      return {
        ok: false,
        message: `#service: "${cmd.service}" is not in the service catalogue; choose one of: ${cfg.services.map((s) => s.name).join(', ') || '(none configured)'}`,
      };
    return { ok: true, event: { type: 'service-set', service: name } };
  },
};
