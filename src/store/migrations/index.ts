import { sql as m001 } from './001_init.js';
import { sql as m002 } from './002_understanding.js';
import { sql as m003 } from './003_procedure.js';
import { sql as m004 } from './004_open_counts.js';
import { sql as m005 } from './005_schedule.js';

/** Numbered migrations, applied in order, each in its own transaction. Never edit a released one: add the next number. */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'init', sql: m001 },
  { version: 2, name: 'understanding', sql: m002 },
  { version: 3, name: 'procedure', sql: m003 },
  { version: 4, name: 'open-counts', sql: m004 },
  { version: 5, name: 'schedule', sql: m005 },
];
