import type { DeadlineKind, DecisionVerdict, OutcomeVerdict } from '../procedure/types.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

/**
 * The rows `complaintdesk stats` and the digest's figures are computed from
 * (src/scheduler/figures.ts): complaints received in a window, with what their procedure state
 * says about verdicts, objections and learnings, and their company deadlines.
 */

export interface StatsComplaintRow {
  id: number;
  tenant: string;
  channel: string;
  service: string | null;
  handlerId: string | null;
  receivedAt: string;
  closedAt: string | null;
  outcomeVerdict: OutcomeVerdict | null;
  outcomeSentAt: string | null;
  objectionAt: string | null;
  decisionVerdict: DecisionVerdict | null;
  /** Suspected objections management dismissed (#noobjection). */
  objectionsDismissed: number;
  learnings: number;
}

export interface StatsDeadlineRow {
  complaintId: number;
  kind: DeadlineKind;
  status: string;
  dueAt: string;
  resolvedAt: string | null;
}

/** Complaints of a tenant received in [from, to), oldest first. */
export function statsComplaints(db: Db, tenant: string, from: Date, to: Date): StatsComplaintRow[] {
  return (
    stmt(
      db,
      `SELECT c.id, c.tenant, c.channel, c.service, c.handler_id, c.received_at, c.closed_at,
              json_extract(c.proc_state, '$.outcomeVerdict') AS outcome_verdict,
              json_extract(c.proc_state, '$.outcomeSentAt') AS outcome_sent_at,
              json_extract(c.proc_state, '$.objectionAt') AS objection_at,
              json_extract(c.proc_state, '$.decisionVerdict') AS decision_verdict,
              coalesce(json_extract(c.proc_state, '$.learningsRecorded'), 0) AS learnings,
              (SELECT count(*) FROM events e WHERE e.complaint_id = c.id AND e.type = 'procedure:objection-dismissed') AS dismissed
       FROM complaints c WHERE c.tenant = ? AND c.received_at >= ? AND c.received_at < ? ORDER BY c.received_at`,
    ).all(tenant, from.toISOString(), to.toISOString()) as Array<{
      id: number;
      tenant: string;
      channel: string;
      service: string | null;
      handler_id: string | null;
      received_at: string;
      closed_at: string | null;
      outcome_verdict: OutcomeVerdict | null;
      outcome_sent_at: string | null;
      objection_at: string | null;
      decision_verdict: DecisionVerdict | null;
      learnings: number;
      dismissed: number;
    }>
  ).map((r) => ({
    id: r.id,
    tenant: r.tenant,
    channel: r.channel,
    service: r.service,
    handlerId: r.handler_id,
    receivedAt: r.received_at,
    closedAt: r.closed_at,
    outcomeVerdict: r.outcome_verdict,
    outcomeSentAt: r.outcome_sent_at,
    objectionAt: r.objection_at,
    decisionVerdict: r.decision_verdict,
    objectionsDismissed: r.dismissed,
    learnings: r.learnings,
  }));
}

/** The company deadlines (acknowledgement, outcome, decision) of the complaints received in [from, to). */
export function statsDeadlines(db: Db, tenant: string, from: Date, to: Date): StatsDeadlineRow[] {
  return (
    stmt(
      db,
      `SELECT d.complaint_id, d.kind, d.status, d.due_at, d.resolved_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE d.tenant = ? AND d.owner = 'company' AND c.received_at >= ? AND c.received_at < ? ORDER BY d.complaint_id, d.kind`,
    ).all(tenant, from.toISOString(), to.toISOString()) as Array<{
      complaint_id: number;
      kind: DeadlineKind;
      status: string;
      due_at: string;
      resolved_at: string | null;
    }>
  ).map((r) => ({ complaintId: r.complaint_id, kind: r.kind, status: r.status, dueAt: r.due_at, resolvedAt: r.resolved_at }));
}
