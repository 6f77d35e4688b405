import { transition } from '../procedure/machine.js';
import type { ComplaintProcState, NotifyWhat, ProcEvent, TransitionResult } from '../procedure/types.js';
import { complaintById, complaintProcState, complaintSaveState, type Complaint } from '../store/complaints.js';
import { deadlinesSync } from '../store/deadlines.js';
import { eventAppend, SYSTEM, type Actor, type EventMap, type ProcedureMeta } from '../store/events.js';
import type { Moment } from '../tenant/context.js';
import { runEffects } from './effects.js';

export function procState(m: Moment, c: Pick<Complaint, 'id'>): ComplaintProcState | null {
  return complaintProcState(m.tenant.db, c.id);
}

/**
 * Feed one event to the complaint's procedure and, when accepted, apply everything in the
 * caller's transaction: the new state, its deadlines, the history event, the letters and
 * notifications. A refusal changes nothing and is returned for the caller to report.
 */
export function applyEvent(
  m: Moment,
  complaint: Complaint,
  event: ProcEvent,
  actor: Actor,
  meta: ProcedureMeta = {},
  quietNotices: readonly NotifyWhat[] = [],
): TransitionResult {
  const { tenant, now } = m;
  const { db } = tenant;
  const before = procState(m, complaint);
  const r = transition(before, event, tenant.cfg.procedure, tenant.calendar, now);
  if (!r.ok) return r;
  const s = r.state;
  complaintSaveState(db, complaint.id, s, now);
  deadlinesSync(db, tenant.id, complaint.id, s);
  eventAppend(db, {
    tenant: tenant.id,
    complaintId: complaint.id,
    at: now,
    type: `procedure:${event.type}`,
    actor,
    data: { ...event, ...meta, state: s.state } as EventMap[`procedure:${ProcEvent['type']}`],
  });
  const fresh = complaintById(db, complaint.id)!;
  const actorPerson = actor.kind === 'person' ? tenant.people.byId(actor.id) : null;
  const settleNow = runEffects({ ...m, complaint: fresh, state: s, actorPerson, quietNotices }, r.effects);
  // A letter that cannot be mailed (no address) was handed to a person: its deadline settles now.
  let result: TransitionResult = r;
  for (const letter of settleNow) {
    const again = applyEvent(m, complaintById(db, complaint.id)!, { type: 'letter-accepted', letter, at: now.toISOString() }, SYSTEM, {
      via: 'not mailed: no email address',
    });
    if (again.ok) result = { ok: true, state: again.state, effects: [...r.effects, ...again.effects] };
  }
  return result;
}
