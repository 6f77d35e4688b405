import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Registers an objection that did not arrive as the customer's reply (phone, letter) or confirms a suspected one. */
export const objection: CommandDef<'objection'> = {
  name: 'objection',
  aliases: { en: 'objection', nl: 'bezwaar' },
  role: 'any',
  body: 'optional',
  usage: { en: '', nl: '' },
  summary: {
    en: 'register an objection that arrived another way (body, optional: the objection)',
    nl: 'registreer een bezwaar dat via een andere weg binnenkwam (tekst, optioneel: het bezwaar)',
  },
  parseArgs: noArgs,
  means: (cmd, { now }) => ({
    ok: true,
    event: cmd.body ? { type: 'objection', receivedAt: now.toISOString(), body: cmd.body } : { type: 'objection', receivedAt: now.toISOString() },
  }),
};
