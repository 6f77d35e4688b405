import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Internal consultation with colleagues and suppliers; never sent to the customer. */
export const note: CommandDef<'note'> = {
  name: 'note',
  aliases: { en: 'note', nl: 'notitie' },
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: 'record an internal note (body: the note)',
    nl: 'leg een interne notitie vast (tekst: de notitie)',
  },
  bodyHint: 'the note',
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: { type: 'note', body: cmd.body } }),
};
