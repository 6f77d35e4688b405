import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Close the complaint. */
export const close: CommandDef<'close'> = {
  name: 'close',
  aliases: { en: 'close', nl: 'sluiten' },
  role: 'any',
  body: 'none',
  usage: { en: '', nl: '' },
  summary: {
    en: 'close the complaint',
    nl: 'sluit de klacht',
  },
  parseArgs: noArgs,
  means: () => ({ ok: true, event: { type: 'close' } }),
};
