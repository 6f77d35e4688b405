import type { WorkingCalendar } from '../calendar/types.js';
import type { TenantConfig } from '../config/schema.js';
import type { LetterRenderer } from '../letters/render.js';

/** Everything the pipeline needs to know about one tenant at run time. */
export interface TenantRuntime {
  cfg: TenantConfig;
  calendar: WorkingCalendar;
  letters: LetterRenderer;
  /** Domain of our Message-IDs: the complaints address's domain. */
  domain: string;
}

/** The header we stamp on every mail we send; seeing it come back means a loop. */
export const LOOP_HEADER = 'X-Complaintdesk-Loop';
