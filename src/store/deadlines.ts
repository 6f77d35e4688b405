import type { ComplaintProcState } from '../procedure/types.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

export interface DeadlineRow {
  complaintId: number;
  tenant: string;
  kind: string;
  owner: string;
  startedAt: string;
  dueAt: string;
  status: string;
  pausedAt: string | null;
  resolvedAt: string | null;
}

/** Mirror the engine's deadlines of one complaint into the indexed table (in the caller's transaction). */
export function deadlinesSync(db: Db, tenant: string, complaintId: number, state: ComplaintProcState): void {
  const up = stmt(
    db,
    `INSERT INTO deadlines (complaint_id, tenant, kind, owner, started_at, due_at, status, paused_at, resolved_at)
     VALUES (@complaintId, @tenant, @kind, @owner, @startedAt, @dueAt, @status, @pausedAt, @resolvedAt)
     ON CONFLICT (complaint_id, kind) DO UPDATE SET owner = excluded.owner, started_at = excluded.started_at, due_at = excluded.due_at,
       status = excluded.status, paused_at = excluded.paused_at, resolved_at = excluded.resolved_at`,
  );
  for (const d of Object.values(state.deadlines)) {
    if (!d) continue;
    up.run({ complaintId, tenant, kind: d.kind, owner: d.owner, startedAt: d.startedAt, dueAt: d.dueAt, status: d.status, pausedAt: d.pausedAt ?? null, resolvedAt: d.resolvedAt ?? null });
  }
}

export function deadlinesForComplaint(db: Db, complaintId: number): DeadlineRow[] {
  return (
    stmt(db, 'SELECT * FROM deadlines WHERE complaint_id = ? ORDER BY due_at').all(complaintId) as Array<{
      complaint_id: number;
      tenant: string;
      kind: string;
      owner: string;
      started_at: string;
      due_at: string;
      status: string;
      paused_at: string | null;
      resolved_at: string | null;
    }>
  ).map((r) => ({ complaintId: r.complaint_id, tenant: r.tenant, kind: r.kind, owner: r.owner, startedAt: r.started_at, dueAt: r.due_at, status: r.status, pausedAt: r.paused_at, resolvedAt: r.resolved_at }));
}

/** Open deadlines of one kind that have passed (timers such as the objection window). */
export function deadlinesPassed(db: Db, tenant: string, kind: string, now: Date): number[] {
  return stmt(db, `SELECT complaint_id FROM deadlines WHERE tenant = ? AND kind = ? AND status = 'open' AND due_at < ? ORDER BY due_at`)
    .pluck()
    .all(tenant, kind, now.toISOString()) as number[];
}
