import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/**
 * Management's answer to a customer's mail that may be an objection: it is none. Until they say
 * so (or confirm it with #objection) the complaint does not close at the end of the objection period.
 */
export const noObjection: CommandDef<'no-objection'> = {
  name: 'no-objection',
  aliases: { en: 'noobjection', nl: 'geenbezwaar' },
  role: 'manager',
  body: 'optional',
  usage: { en: '', nl: '' },
  summary: {
    en: 'the customer’s mail is not an objection; after the objection period the complaint then closes (body, optional: why, on record)',
    nl: 'het bericht van de klant is geen bezwaar; na de bezwaartermijn sluit de klacht dan (tekst, optioneel: waarom, wordt vastgelegd)',
  },
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: cmd.body ? { type: 'objection-dismissed', note: cmd.body } : { type: 'objection-dismissed' } }),
};
