import { sql as m001 } from './001_init.js';
import { sql as m002 } from './002_understanding.js';
import { sql as m003 } from './003_procedure.js';
import { sql as m004 } from './004_open_counts.js';
import { sql as m005 } from './005_schedule.js';
import { sql as m006 } from './006_first_start.js';
import { sql as m007 } from './007_delivery.js';
import { sql as m008 } from './008_received_date_only.js';
import { sql as m009 } from './009_quarantine_discard.js';
import { sql as m010 } from './010_ingest_indexes.js';
import { sql as m011 } from './011_job_indexes.js';
import { sql as m012 } from './012_render_at_send.js';

/** Numbered migrations, applied in order, each in its own transaction. Never edit a released one: add the next number. */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'init', sql: m001 },
  { version: 2, name: 'understanding', sql: m002 },
  { version: 3, name: 'procedure', sql: m003 },
  { version: 4, name: 'open-counts', sql: m004 },
  { version: 5, name: 'schedule', sql: m005 },
  { version: 6, name: 'first-start', sql: m006 },
  { version: 7, name: 'delivery', sql: m007 },
  { version: 8, name: 'received-date-only', sql: m008 },
  { version: 9, name: 'quarantine-discard', sql: m009 },
  { version: 10, name: 'ingest-indexes', sql: m010 },
  { version: 11, name: 'job-indexes', sql: m011 },
  { version: 12, name: 'render-at-send', sql: m012 },
];
