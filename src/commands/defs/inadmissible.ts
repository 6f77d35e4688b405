import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Not admissible: the body is the justification in the letter, so it is required. */
export const inadmissible: CommandDef<'inadmissible'> = {
  name: 'inadmissible',
  aliases: { en: 'inadmissible', nl: 'nietontvankelijk' },
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: 'declare the complaint not admissible; the customer gets a letter and the complaint ends (body: justification)',
    nl: 'verklaar de klacht niet ontvankelijk; de klant krijgt een brief en de klacht eindigt (tekst: motivering)',
  },
  bodyHint: 'the justification for the customer',
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: { type: 'inadmissible', justification: cmd.body } }),
};
