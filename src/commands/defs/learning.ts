import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** A learning from the complaint; internal, reported to management. */
export const learning: CommandDef<'learning'> = {
  name: 'learning',
  aliases: { en: 'learning', nl: 'leerpunt' },
  role: 'any',
  body: 'required',
  usage: { en: '', nl: '' },
  summary: {
    en: 'record a learning, internal and reported to management (body: the learning)',
    nl: 'leg een leerpunt vast, intern en gemeld aan het management (tekst: het leerpunt)',
  },
  bodyHint: 'the learning',
  parseArgs: noArgs,
  means: (cmd) => ({ ok: true, event: { type: 'learning-recorded', body: cmd.body } }),
};
