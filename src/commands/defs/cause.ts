import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Root cause found by the analysis; internal. */
export const cause: CommandDef<'cause'> = {
  name: 'cause',
  aliases: { en: 'cause', nl: 'oorzaak' },
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: 'record the root cause, internal (body: the cause)',
    nl: 'leg de grondoorzaak vast, intern (tekst: de oorzaak)',
  },
  bodyHint: 'the root cause',
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: { type: 'cause-recorded', body: cmd.body } }),
};
