import type { DeadlineKind } from '../procedure/types.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

/**
 * The daily digest's queries, each served by an index (the scale benchmark runs them at 10,000
 * complaints). The digest job (src/scheduler/digest.ts) composes them; the digest itself is a
 * pure function of what they return.
 */

export interface DigestComplaintRow {
  id: number;
  reference: string;
  subject: string;
  state: string;
  service: string | null;
  handlerId: string | null;
  receivedAt: string;
  createdAt: string;
  closedAt: string | null;
}

/** Open complaints, plus those closed in [since, now), oldest receipt first. */
export function digestComplaints(db: Db, tenant: string, since: Date, now: Date): DigestComplaintRow[] {
  return (
    stmt(
      db,
      `SELECT id, reference, subject, state, service, handler_id, received_at, created_at, closed_at FROM complaints
       WHERE tenant = ? AND (closed_at IS NULL OR (closed_at >= ? AND closed_at < ?)) ORDER BY received_at`,
    ).all(tenant, since.toISOString(), now.toISOString()) as Array<{
      id: number;
      reference: string;
      subject: string;
      state: string;
      service: string | null;
      handler_id: string | null;
      received_at: string;
      created_at: string;
      closed_at: string | null;
    }>
  ).map((r) => ({
    id: r.id,
    reference: r.reference,
    subject: r.subject,
    state: r.state,
    service: r.service,
    handlerId: r.handler_id,
    receivedAt: r.received_at,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  }));
}

/** Open company deadlines of open complaints, soonest first. */
export function digestOpenDeadlines(db: Db, tenant: string): Array<{ complaintId: number; kind: DeadlineKind; dueAt: string }> {
  return (
    stmt(
      db,
      `SELECT d.complaint_id, d.kind, d.due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE d.tenant = ? AND d.status = 'open' AND d.owner = 'company' AND c.closed_at IS NULL ORDER BY d.due_at`,
    ).all(tenant) as Array<{ complaint_id: number; kind: DeadlineKind; due_at: string }>
  ).map((r) => ({ complaintId: r.complaint_id, kind: r.kind, dueAt: r.due_at }));
}

export interface SettledDeadlineRow {
  complaintId: number;
  kind: 'acknowledgement' | 'outcome';
  status: string;
  dueAt: string;
  resolvedAt: string | null;
  /** The complaint's receipt, for the days-to-outcome figure. */
  receivedAt: string;
}

/** Acknowledgement and outcome deadlines settled (or, still open, due) in [from, now). */
export function digestSettledDeadlines(db: Db, tenant: string, from: Date, now: Date): SettledDeadlineRow[] {
  return (
    stmt(
      db,
      `SELECT d.complaint_id, d.kind, d.status, d.due_at, d.resolved_at, c.received_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE d.tenant = ? AND d.kind IN ('acknowledgement', 'outcome') AND d.status IN ('met', 'missed', 'open')
         AND coalesce(d.resolved_at, d.due_at) >= ? AND coalesce(d.resolved_at, d.due_at) < ?`,
    ).all(tenant, from.toISOString(), now.toISOString()) as Array<{
      complaint_id: number;
      kind: 'acknowledgement' | 'outcome';
      status: string;
      due_at: string;
      resolved_at: string | null;
      received_at: string;
    }>
  ).map((r) => ({ complaintId: r.complaint_id, kind: r.kind, status: r.status, dueAt: r.due_at, resolvedAt: r.resolved_at, receivedAt: r.received_at }));
}

/** Mails in quarantine that nobody has dealt with yet. */
export function digestQuarantineOpenCount(db: Db, tenant: string): number {
  return stmt(db, `SELECT count(*) FROM quarantine WHERE tenant = ? AND status = 'open'`).pluck().get(tenant) as number;
}

/** Mail received in [since, now) that triage did not take as a complaint. */
export function digestUnclassifiedCount(db: Db, tenant: string, since: Date, now: Date): number {
  return stmt(
    db,
    `SELECT count(*) FROM inbound_messages WHERE tenant = ? AND disposition IN ('unsure', 'not-a-complaint') AND received_at >= ? AND received_at < ?`,
  )
    .pluck()
    .get(tenant, since.toISOString(), now.toISOString()) as number;
}

/**
 * New threads received too long ago to answer automatically (autoReply.maxMailAgeDays): they
 * wait for a person until one #registers it (the mail then belongs to a complaint).
 */
export function digestTooOldCount(db: Db, tenant: string): number {
  return stmt(db, `SELECT count(*) FROM inbound_messages WHERE tenant = ? AND disposition = 'too-old' AND complaint_id IS NULL`).pluck().get(tenant) as number;
}

/** Automatic letters the circuit breaker holds now. */
export function digestHeldCount(db: Db, tenant: string): number {
  return stmt(db, `SELECT count(*) FROM outbox WHERE tenant = ? AND status = 'held'`).pluck().get(tenant) as number;
}

/**
 * Open complaints nobody has reached personally yet (no `contactMadeAt` on the procedure state),
 * with the due instant of their running outcome deadline, soonest first. For procedures that
 * promise personal contact (treatment.personalContact).
 */
export function digestAwaitingContact(db: Db, tenant: string): Array<{ complaintId: number; dueAt: string }> {
  return (
    stmt(
      db,
      `SELECT d.complaint_id, d.due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
       WHERE d.tenant = ? AND d.kind = 'outcome' AND d.status = 'open' AND c.closed_at IS NULL
         AND json_extract(c.proc_state, '$.contactMadeAt') IS NULL ORDER BY d.due_at`,
    ).all(tenant) as Array<{ complaint_id: number; due_at: string }>
  ).map((r) => ({ complaintId: r.complaint_id, dueAt: r.due_at }));
}
