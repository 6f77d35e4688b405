import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Ask the customer for information; the procedure decides whether the clock pauses. */
export const info: CommandDef<'info'> = {
  name: 'info',
  aliases: { en: 'info', nl: 'opvragen' },
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: 'ask the customer for missing information; pauses the clock where the procedure says so (body: your question)',
    nl: 'vraag de klant om ontbrekende informatie; zet de termijn stil waar de procedure dat zegt (tekst: uw vraag)',
  },
  bodyHint: 'the question for the customer',
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: { type: 'information-requested', question: cmd.body } }),
};
