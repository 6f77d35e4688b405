import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** The hearing took place; the decision deadline (4 weeks) runs from now. */
export const heard: CommandDef<'heard'> = {
  name: 'heard',
  aliases: { en: 'heard', nl: 'gehoord' },
  role: 'any',
  body: 'none',
  usage: { en: '', nl: '' },
  summary: {
    en: 'the conversation about the objection took place (starts the decision deadline)',
    nl: 'het gesprek over het bezwaar heeft plaatsgevonden (start de termijn voor de uitspraak)',
  },
  parseArgs: noArgs,
  means: () => ({ ok: true, event: { type: 'heard' } }),
};
