import { hasAdmissibility, type Procedure } from './schema.js';
import type { ComplaintProcState, ProcStateName } from './types.js';

/**
 * The state of a complaint, derived from its facts, latest stage first. Deriving instead of
 * storing transitions is what lets any composition of steps work: a procedure without
 * admissibility never shows `admissibility-check`, one without objection never gets past
 * `outcome-sent` except by closing.
 *
 *   closed                 closedAt
 *   heard                  the hearing took place; waiting for management's decision
 *   hearing-scheduled      the customer is invited
 *   objection              an objection arrived; no hearing yet (or the decision, without hearing)
 *   outcome-sent           the substantive response went out
 *   new                    not yet acknowledged (no contact person confirmed)
 *   awaiting-information   the company asked the customer something and waits
 *   admissibility-check    admissibility not yet decided (when the step is on)
 *   in-treatment           otherwise
 */
export function phaseOf(s: ComplaintProcState, policy: Procedure): ProcStateName {
  if (s.closedAt) return 'closed';
  if (s.heardAt) return 'heard';
  if (s.hearingAt) return 'hearing-scheduled';
  if (s.objectionAt) return 'objection';
  if (s.outcomeSentAt) return 'outcome-sent';
  if (!s.acknowledgedAt) return 'new';
  if (s.waitingSince) return 'awaiting-information';
  if (hasAdmissibility(policy) && s.admissibility !== 'admissible') return 'admissibility-check';
  return 'in-treatment';
}

/** For messages to staff: "… is not allowed while the complaint is <description>". */
export const STATE_DESCRIPTIONS: Readonly<Record<ProcStateName, string>> = {
  new: 'new (not yet acknowledged)',
  'awaiting-information': 'waiting on the customer for information',
  'admissibility-check': 'waiting for the admissibility decision',
  'in-treatment': 'in treatment',
  'outcome-sent': 'answered (outcome sent)',
  objection: 'in objection',
  'hearing-scheduled': 'in objection with a hearing scheduled',
  heard: 'heard, waiting for the decision',
  closed: 'closed',
};
