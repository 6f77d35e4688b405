import type { TenantRuntime } from '../ingest/tenant.js';
import { transition } from '../procedure/machine.js';
import type { ComplaintProcState, ProcEvent, TransitionResult } from '../procedure/types.js';
import { complaintById, type Complaint } from '../store/complaints.js';
import type { Db } from '../store/db.js';
import { deadlinesSync } from '../store/deadlines.js';
import { eventAppend } from '../store/events.js';
import { stmt } from '../store/stmt.js';
import { runEffects } from './effects.js';

/** Who caused an event, as the history records it: `system`, `customer`, `person:<id>`. */
export type Actor = string;

export interface WorkflowDeps {
  db: Db;
  tenant: TenantRuntime;
  secret: string;
  now: Date;
}

export function procState(c: Complaint & { procState?: string | null }, db: Db): ComplaintProcState | null {
  const raw = stmt(db, 'SELECT proc_state FROM complaints WHERE id = ?').pluck().get(c.id) as string | null;
  return raw ? (JSON.parse(raw) as ComplaintProcState) : null;
}

/**
 * Feed one event to the complaint's procedure and, when accepted, apply everything in the
 * caller's transaction: the new state, its deadlines, the history event, the letters and
 * notifications. A refusal changes nothing and is returned for the caller to report.
 */
export function applyEvent(deps: WorkflowDeps, complaint: Complaint, event: ProcEvent, actor: Actor, meta: Record<string, unknown> = {}): TransitionResult {
  const { db, tenant, now } = deps;
  const before = procState(complaint, db);
  const r = transition(before, event, tenant.cfg.procedure, tenant.calendar, now);
  if (!r.ok) return r;
  const s = r.state;
  stmt(
    db,
    `UPDATE complaints SET state = ?, proc_state = ?, handler_id = ?, service = coalesce(?, service), closed_at = ?, updated_at = ? WHERE id = ?`,
  ).run(s.state, JSON.stringify(s), s.handlerId, s.service, s.closedAt, now.toISOString(), complaint.id);
  deadlinesSync(db, tenant.cfg.id, complaint.id, s);
  eventAppend(db, { tenant: tenant.cfg.id, complaintId: complaint.id, at: now, type: `procedure:${event.type}`, actor, data: { ...event, ...meta, state: s.state } as Record<string, unknown> });
  const fresh = complaintById(db, complaint.id)!;
  const actorPerson = actor.startsWith('person:') ? (tenant.cfg.people.find((p) => `person:${p.id}` === actor) ?? null) : null;
  const settleNow = runEffects({ db, tenant, complaint: fresh, state: s, secret: deps.secret, now, actorPerson }, r.effects);
  // A letter that cannot be mailed (no address) was handed to a person: its deadline settles now.
  let result: TransitionResult = r;
  for (const letter of settleNow) {
    const again = applyEvent(deps, complaintById(db, complaint.id)!, { type: 'letter-accepted', letter, at: now.toISOString() }, 'system', { via: 'not mailed: no email address' });
    if (again.ok) result = { ok: true, state: again.state, effects: [...r.effects, ...again.effects] };
  }
  return result;
}
