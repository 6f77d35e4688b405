import type { CommandDef } from '../types.js';
import { noArgs } from './shared.js';

/** Mail the sender the timeline and deadlines. The same word in both languages. */
export const status: CommandDef<'status'> = {
  name: 'status',
  aliases: { en: 'status', nl: 'status' },
  role: 'any',
  body: 'none',
  usage: { en: '', nl: '' },
  summary: {
    en: "get the complaint's timeline and deadlines by mail",
    nl: 'ontvang de tijdlijn en termijnen van de klacht per mail',
  },
  parseArgs: noArgs,
  means: 'report-status',
};
