import type { Db } from './db.js';
import { stmt } from './stmt.js';

/**
 * Learnings are `procedure:learning-recorded` events (src/store/events.ts); these are the two
 * reads of them: the digest's "since the last digest" and the monthly report's, by service.
 */

/** The learning's text from the event's data; '' when it has none. */
const learningBody = (data: string): string => {
  const body = (JSON.parse(data) as { body?: unknown }).body;
  return typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
};

/** Learnings recorded in [from, to), in the order they were recorded. */
export function learningsRecorded(db: Db, tenant: string, from: Date, to: Date): Array<{ complaintId: number; at: string; body: string }> {
  return (
    stmt(db, `SELECT complaint_id, at, data FROM events WHERE tenant = ? AND type = 'procedure:learning-recorded' AND at >= ? AND at < ? ORDER BY id`).all(
      tenant,
      from.toISOString(),
      to.toISOString(),
    ) as Array<{ complaint_id: number; at: string; data: string }>
  ).map((r) => ({ complaintId: r.complaint_id, at: r.at, body: learningBody(r.data) }));
}

/** Learnings recorded in [from, to) with their complaint's reference and service ('' when none), ordered by service, then as recorded. */
export function learningsByService(db: Db, tenant: string, from: Date, to: Date): Array<{ reference: string; service: string; body: string }> {
  return (
    stmt(
      db,
      `SELECT c.reference, coalesce(c.service, '') AS service, e.data FROM events e JOIN complaints c ON c.id = e.complaint_id
     WHERE e.tenant = ? AND e.type = 'procedure:learning-recorded' AND e.at >= ? AND e.at < ? ORDER BY c.service, e.id`,
    ).all(tenant, from.toISOString(), to.toISOString()) as Array<{ reference: string; service: string; data: string }>
  ).map((r) => ({ reference: r.reference, service: r.service, body: learningBody(r.data) }));
}
