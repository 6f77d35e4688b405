import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** The body goes to the customer through the bot, so the contact is on record (§1 step 3). */
export const reply: CommandDef<'reply'> = {
  name: 'reply',
  aliases: { en: 'reply', nl: 'antwoord' },
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: "send the body to the customer in the complaint's thread (body: your message)",
    nl: 'stuur de tekst naar de klant, in de lopende correspondentie (tekst: uw bericht)',
  },
  bodyHint: 'the message for the customer',
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: { type: 'reply', body: cmd.body } }),
};
