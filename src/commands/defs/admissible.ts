import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Admissibility decision: admissible. The body, when given, is the justification for the customer. */
export const admissible: CommandDef<'admissible'> = {
  name: 'admissible',
  aliases: { en: 'admissible', nl: 'ontvankelijk' },
  role: 'any',
  body: 'optional',
  usage: { en: '', nl: '' },
  summary: {
    en: 'declare the complaint admissible and take it into treatment (body, optional: explanation for the customer)',
    nl: 'verklaar de klacht ontvankelijk en neem hem in behandeling (tekst, optioneel: toelichting voor de klant)',
  },
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: cmd.body ? { type: 'admissible', body: cmd.body } : { type: 'admissible' } }),
};
