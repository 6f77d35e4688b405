import type { ComplaintProcState, DeadlineKind } from '../procedure/types.js';
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
    up.run({
      complaintId,
      tenant,
      kind: d.kind,
      owner: d.owner,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      status: d.status,
      pausedAt: d.pausedAt ?? null,
      resolvedAt: d.resolvedAt ?? null,
    });
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
  ).map((r) => ({
    complaintId: r.complaint_id,
    tenant: r.tenant,
    kind: r.kind,
    owner: r.owner,
    startedAt: r.started_at,
    dueAt: r.due_at,
    status: r.status,
    pausedAt: r.paused_at,
    resolvedAt: r.resolved_at,
  }));
}

/** Open deadlines of one kind that have passed (timers such as the objection window). */
export function deadlinesPassed(db: Db, tenant: string, kind: string, now: Date): number[] {
  return stmt(db, `SELECT complaint_id FROM deadlines WHERE tenant = ? AND kind = ? AND status = 'open' AND due_at < ? ORDER BY due_at`)
    .pluck()
    .all(tenant, kind, now.toISOString()) as number[];
}

/** An open company deadline with what a reminder or escalation about it needs of its complaint. */
export interface OpenDeadline {
  complaintId: number;
  reference: string;
  subject: string;
  handlerId: string | null;
  procState: string | null;
  kind: DeadlineKind;
  dueAt: string;
}

/** Open company deadlines of open complaints, soonest first (reminders, escalations); the (tenant, status, due_at) index serves it. */
export function deadlinesOpenCompany(db: Db, tenant: string): OpenDeadline[] {
  return (
    stmt(
      db,
      `SELECT d.complaint_id, c.reference, c.subject, c.handler_id, c.proc_state, d.kind, d.due_at
       FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE d.tenant = ? AND d.status = 'open' AND d.owner = 'company' AND c.closed_at IS NULL
       ORDER BY d.due_at`,
    ).all(tenant) as OpenDeadlineDbRow[]
  ).map(openDeadlineOf);
}

type OpenDeadlineDbRow = {
  complaint_id: number;
  reference: string;
  subject: string;
  handler_id: string | null;
  proc_state: string | null;
  kind: DeadlineKind;
  due_at: string;
};

const openDeadlineOf = (r: OpenDeadlineDbRow): OpenDeadline => ({
  complaintId: r.complaint_id,
  reference: r.reference,
  subject: r.subject,
  handlerId: r.handler_id,
  procState: r.proc_state,
  kind: r.kind,
  dueAt: r.due_at,
});

/**
 * The reminders' read: open company deadlines of open complaints due in [from, before), soonest
 * first (ties in insertion order, as the (tenant, status, due_at) index holds them). The job
 * passes the window its thresholds can reach, so a store of closed or far-off deadlines costs
 * nothing.
 */
export const DEADLINES_OPEN_COMPANY_DUE_SQL = /* sql */ `
  SELECT d.complaint_id, c.reference, c.subject, c.handler_id, c.proc_state, d.kind, d.due_at
  FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
  WHERE d.tenant = @tenant AND d.status = 'open' AND d.owner = 'company' AND d.due_at >= @from AND d.due_at < @before
    AND c.tenant = @tenant AND c.closed_at IS NULL
  ORDER BY d.due_at, d.rowid`;

export function deadlinesOpenCompanyDue(db: Db, tenant: string, from: Date, before: Date): OpenDeadline[] {
  return (stmt(db, DEADLINES_OPEN_COMPANY_DUE_SQL).all({ tenant, from: from.toISOString(), before: before.toISOString() }) as OpenDeadlineDbRow[]).map(
    openDeadlineOf,
  );
}

/** An open deadline the escalations look at, with the instant of its last overdue escalation (passed ones only). */
export interface EscalationCandidate extends OpenDeadline {
  lastEscalatedAt: string | null;
}

/**
 * The escalations' read: every open company deadline of an open complaint that has passed, and
 * the acknowledgements nobody is assigned to that end before `before`; soonest first. The last
 * escalation is looked up in the same statement through sent_notices' key (the key range of
 * sentNotices.ts escalationKey: `escalation:<complaintId>:<kind>:` up to `;`, which sorts right
 * after `:`), instead of one query per deadline.
 */
export const DEADLINES_TO_ESCALATE_SQL = /* sql */ `
  SELECT d.complaint_id, c.reference, c.subject, c.handler_id, c.proc_state, d.kind, d.due_at,
    CASE WHEN d.due_at < @now THEN (
      SELECT max(s.at) FROM sent_notices s
      WHERE s.key >= 'escalation:' || d.complaint_id || ':' || d.kind || ':' AND s.key < 'escalation:' || d.complaint_id || ':' || d.kind || ';'
        AND s.status = 'sent'
    ) END AS last_escalated_at
  FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
  WHERE d.tenant = @tenant AND d.status = 'open' AND d.owner = 'company' AND d.due_at < @before
    AND c.tenant = @tenant AND c.closed_at IS NULL
    AND (d.due_at < @now OR (d.kind = 'acknowledgement' AND c.handler_id IS NULL))
  ORDER BY d.due_at, d.rowid`;

export function deadlinesToEscalate(db: Db, tenant: string, now: Date, before: Date): EscalationCandidate[] {
  return (
    stmt(db, DEADLINES_TO_ESCALATE_SQL).all({ tenant, now: now.toISOString(), before: before.toISOString() }) as Array<
      OpenDeadlineDbRow & { last_escalated_at: string | null }
    >
  ).map((r) => ({ ...openDeadlineOf(r), lastEscalatedAt: r.last_escalated_at }));
}

/** Complaints (of every tenant) with an open company deadline that passed before `now`. */
export function deadlinesOverdueComplaintIds(db: Db, now: Date): number[] {
  return stmt(db, `SELECT complaint_id FROM deadlines WHERE owner = 'company' AND status = 'open' AND due_at < ?`).pluck().all(now.toISOString()) as number[];
}
