import type { Person, TenantConfig } from '../../config/schema.js';
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
  means(cmd, { cfg }) {
    const p = resolvePerson(cfg, cmd.person);
    if (!p) return { ok: false, message: `#assign: nobody called "${cmd.person}"; choose one of: ${cfg.people.map((x) => `${x.id} (${x.name})`).join(', ')}` };
    return { ok: true, event: { type: 'assigned', handlerId: p.id } };
  },
};

/** `#assign` names a handler by id, e-mail or (part of) the name, case-insensitively. */
export function resolvePerson(cfg: TenantConfig, text: string): Person | null {
  const q = text.trim().toLowerCase();
  const handlers = cfg.people.filter((p) => p.role === 'handler' || p.role === 'manager');
  return (
    handlers.find((p) => p.id.toLowerCase() === q || p.email === q || p.name.toLowerCase() === q) ??
    (handlers.filter((p) => p.name.toLowerCase().split(/\s+/).includes(q)).length === 1
      ? handlers.find((p) => p.name.toLowerCase().split(/\s+/).includes(q))!
      : null)
  );
}
