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

type ComplaintDbRow = {
  id: number;
  reference: string;
  subject: string;
  state: string;
  service: string | null;
  handler_id: string | null;
  received_at: string;
  created_at: string;
  closed_at: string | null;
};

const complaintOf = (r: ComplaintDbRow): DigestComplaintRow => ({
  id: r.id,
  reference: r.reference,
  subject: r.subject,
  state: r.state,
  service: r.service,
  handlerId: r.handler_id,
  receivedAt: r.received_at,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

const COMPLAINT_COLUMNS = 'id, reference, subject, state, service, handler_id, received_at, created_at, closed_at';

/**
 * The complaints the digest lists by themselves: open ones in `openStates` (waiting for
 * information, objections), those closed in [since, now) and open ones created in it. Three
 * disjoint index ranges instead of every open complaint; oldest receipt first, ties as the
 * (tenant, state) index and a stable sort ordered them before (state, then id).
 */
export const DIGEST_COMPLAINTS_SQL = /* sql */ `
  SELECT ${COMPLAINT_COLUMNS} FROM complaints
  WHERE tenant = @tenant AND closed_at IS NULL AND state IN (SELECT value FROM json_each(@openStates))
  UNION ALL
  SELECT ${COMPLAINT_COLUMNS} FROM complaints
  WHERE tenant = @tenant AND closed_at >= @since AND closed_at < @now
  UNION ALL
  SELECT ${COMPLAINT_COLUMNS} FROM complaints
  WHERE tenant = @tenant AND created_at >= @since AND created_at < @now AND closed_at IS NULL AND state NOT IN (SELECT value FROM json_each(@openStates))
  ORDER BY received_at, state, id`;

export function digestComplaints(db: Db, tenant: string, since: Date, now: Date, openStates: readonly string[]): DigestComplaintRow[] {
  return (
    stmt(db, DIGEST_COMPLAINTS_SQL).all({
      tenant,
      since: since.toISOString(),
      now: now.toISOString(),
      openStates: JSON.stringify(openStates),
    }) as ComplaintDbRow[]
  ).map(complaintOf);
}

/**
 * Complaints named by id (a learning, a letter that did not arrive) as far as the digest shows
 * them: open, or closed in [since, now); others are left out and the digest names no reference.
 * `+tenant`: look the ids up by primary key, not the whole tenant through a tenant index.
 */
export const DIGEST_COMPLAINTS_BY_ID_SQL = /* sql */ `
  SELECT ${COMPLAINT_COLUMNS} FROM complaints
  WHERE id IN (SELECT value FROM json_each(@ids)) AND +tenant = @tenant AND (closed_at IS NULL OR (closed_at >= @since AND closed_at < @now))`;

export function digestComplaintsById(db: Db, tenant: string, ids: readonly number[], since: Date, now: Date): DigestComplaintRow[] {
  if (ids.length === 0) return [];
  return (
    stmt(db, DIGEST_COMPLAINTS_BY_ID_SQL).all({
      tenant,
      ids: JSON.stringify([...new Set(ids)]),
      since: since.toISOString(),
      now: now.toISOString(),
    }) as ComplaintDbRow[]
  ).map(complaintOf);
}

export const DIGEST_OPEN_COUNT_SQL = /* sql */ `SELECT count(*) FROM complaints WHERE tenant = ? AND closed_at IS NULL`;

/** How many complaints are open. */
export function digestOpenCount(db: Db, tenant: string): number {
  return stmt(db, DIGEST_OPEN_COUNT_SQL).pluck().get(tenant) as number;
}

/** A deadline the digest lists, with what its line shows of the (open) complaint. */
export interface DigestDeadlineRow {
  complaint: Pick<DigestComplaintRow, 'id' | 'reference' | 'subject' | 'handlerId'>;
  kind: DeadlineKind;
  dueAt: string;
}

type DeadlineDbRow = { complaint_id: number; reference: string; subject: string; handler_id: string | null; kind: DeadlineKind; due_at: string };

const deadlineOf = (r: DeadlineDbRow): DigestDeadlineRow => ({
  complaint: { id: r.complaint_id, reference: r.reference, subject: r.subject, handlerId: r.handler_id },
  kind: r.kind,
  dueAt: r.due_at,
});

/** Open company deadlines of open complaints due before `before` (passed ones, today's, tomorrow's), soonest first. */
export const DIGEST_OPEN_DEADLINES_SQL = /* sql */ `
  SELECT d.complaint_id, c.reference, c.subject, c.handler_id, d.kind, d.due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
  WHERE d.tenant = @tenant AND d.status = 'open' AND d.owner = 'company' AND d.due_at < @before AND c.tenant = @tenant AND c.closed_at IS NULL
  ORDER BY d.due_at, d.rowid`;

export function digestOpenDeadlines(db: Db, tenant: string, before: Date): DigestDeadlineRow[] {
  return (stmt(db, DIGEST_OPEN_DEADLINES_SQL).all({ tenant, before: before.toISOString() }) as DeadlineDbRow[]).map(deadlineOf);
}

/** On time per company step over a window: met of total settled (figures.ts onTimeOf's rule). */
export interface OnTimeCounts {
  met30: number;
  total30: number;
  met90: number;
  total90: number;
}

export interface DigestFigureCounts {
  onTime: Record<'acknowledgement' | 'outcome', OnTimeCounts>;
  /** Outcome deadlines resolved (met or missed) in the 90 days: the population of the days-to-outcome median. */
  outcomesResolved: number;
}

/**
 * The digest's on-time figures in one grouped pass over the (expression) index of settled
 * deadlines: acknowledgement and outcome deadlines settled, or open and due, in [from90, now).
 * Counted as figures.ts onTimeOf counts: met and missed, and open ones past their due instant.
 */
export const DIGEST_FIGURES_SQL = /* sql */ `
  SELECT kind,
    coalesce(sum(status = 'met' AND coalesce(resolved_at, due_at) >= @from30), 0) AS met30,
    coalesce(sum((status IN ('met', 'missed') OR (status = 'open' AND due_at < @now)) AND coalesce(resolved_at, due_at) >= @from30), 0) AS total30,
    coalesce(sum(status = 'met'), 0) AS met90,
    coalesce(sum(status IN ('met', 'missed') OR (status = 'open' AND due_at < @now)), 0) AS total90,
    coalesce(sum(status <> 'open' AND resolved_at IS NOT NULL AND resolved_at <> ''), 0) AS resolved
  FROM deadlines
  WHERE tenant = @tenant AND kind IN ('acknowledgement', 'outcome') AND status IN ('met', 'missed', 'open')
    AND coalesce(resolved_at, due_at) >= @from90 AND coalesce(resolved_at, due_at) < @now
  GROUP BY kind`;

export function digestFigureCounts(db: Db, tenant: string, from30: Date, from90: Date, now: Date): DigestFigureCounts {
  const rows = stmt(db, DIGEST_FIGURES_SQL).all({
    tenant,
    from30: from30.toISOString(),
    from90: from90.toISOString(),
    now: now.toISOString(),
  }) as Array<OnTimeCounts & { kind: 'acknowledgement' | 'outcome'; resolved: number }>;
  const none: OnTimeCounts = { met30: 0, total30: 0, met90: 0, total90: 0 };
  const of = (kind: 'acknowledgement' | 'outcome') => {
    const r = rows.find((x) => x.kind === kind);
    return r ? { met30: r.met30, total30: r.total30, met90: r.met90, total90: r.total90 } : none;
  };
  return {
    onTime: { acknowledgement: of('acknowledgement'), outcome: of('outcome') },
    outcomesResolved: rows.find((x) => x.kind === 'outcome')?.resolved ?? 0,
  };
}

/**
 * The middle one or two (by duration) of the outcome deadlines resolved in [from90, now): their
 * resolution and the complaint's receipt, so the caller computes the median duration exactly as
 * before. `count` is digestFigureCounts' `outcomesResolved`.
 */
export const DIGEST_MEDIAN_OUTCOME_SQL = /* sql */ `
  SELECT d.resolved_at, c.received_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
  WHERE d.tenant = @tenant AND d.kind IN ('acknowledgement', 'outcome') AND d.status IN ('met', 'missed', 'open')
    AND coalesce(d.resolved_at, d.due_at) >= @from90 AND coalesce(d.resolved_at, d.due_at) < @now
    AND d.kind = 'outcome' AND d.status <> 'open' AND d.resolved_at IS NOT NULL AND d.resolved_at <> ''
  ORDER BY unixepoch(d.resolved_at, 'subsec') - unixepoch(c.received_at, 'subsec')
  LIMIT @limit OFFSET @offset`;

export function digestMiddleOutcomes(db: Db, tenant: string, count: number, from90: Date, now: Date): Array<{ resolvedAt: string; receivedAt: string }> {
  if (count === 0) return [];
  return (
    stmt(db, DIGEST_MEDIAN_OUTCOME_SQL).all({
      tenant,
      from90: from90.toISOString(),
      now: now.toISOString(),
      limit: count % 2 ? 1 : 2,
      offset: Math.floor((count - 1) / 2),
    }) as Array<{ resolved_at: string; received_at: string }>
  ).map((r) => ({ resolvedAt: r.resolved_at, receivedAt: r.received_at }));
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
 * with the due instant of their running outcome deadline when it is before `before`, soonest
 * first. For procedures that promise personal contact (treatment.personalContact).
 */
export const DIGEST_AWAITING_CONTACT_SQL = /* sql */ `
  SELECT d.complaint_id, c.reference, c.subject, c.handler_id, d.kind, d.due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id
  WHERE d.kind = 'outcome' AND d.status = 'open' AND d.due_at < @before AND d.tenant = @tenant AND c.tenant = @tenant AND c.closed_at IS NULL
    AND json_extract(c.proc_state, '$.contactMadeAt') IS NULL
  ORDER BY d.due_at, d.rowid`;

export function digestAwaitingContact(db: Db, tenant: string, before: Date): DigestDeadlineRow[] {
  return (stmt(db, DIGEST_AWAITING_CONTACT_SQL).all({ tenant, before: before.toISOString() }) as DeadlineDbRow[]).map(deadlineOf);
}
