import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Reopen a closed complaint. */
export const reopen: CommandDef<'reopen'> = {
  name: 'reopen',
  aliases: { en: 'reopen', nl: 'heropenen' },
  role: 'any',
  body: 'none',
  usage: { en: '', nl: '' },
  summary: {
    en: 'reopen a closed complaint',
    nl: 'heropen een gesloten klacht',
  },
  parseArgs: noArgs,
  means: () => ({ ok: true, event: { type: 'reopen' } }),
};
