import { stmt } from '../store/stmt.js';
import { deliver, emptyResult, langOf, managersOf, type JobContext, type JobResult } from './context.js';

/** The previous calendar month of a local date: `YYYY-MM`. */
export function previousMonth(localDate: string): string {
  const [y, m] = localDate.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The learnings report: every learning recorded in the previous month, grouped by service, to the managers. */
export function runLearnings(ctx: JobContext): JobResult {
  const result = emptyResult('learnings', ctx);
  const { tenant, db, now } = ctx;
  const month = previousMonth(tenant.calendar.localDate(now));
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = tenant.calendar.atLocalTime(`${month}-01`, 0, 0);
  const to = tenant.calendar.atLocalTime(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, 0, 0);
  const rows = stmt(
    db,
    `SELECT c.reference, coalesce(c.service, '') AS service, e.data FROM events e JOIN complaints c ON c.id = e.complaint_id
     WHERE e.tenant = ? AND e.type = 'procedure:learning-recorded' AND e.at >= ? AND e.at < ? ORDER BY c.service, e.id`,
  ).all(tenant.cfg.id, from.toISOString(), to.toISOString()) as Array<{ reference: string; service: string; data: string }>;
  const groups = new Map<string, Array<{ reference: string; body: string }>>();
  for (const r of rows) {
    const list = groups.get(r.service) ?? [];
    list.push({ reference: r.reference, body: String((JSON.parse(r.data) as { body?: unknown }).body ?? '') });
    groups.set(r.service, list);
  }
  const services = [...groups].map(([service, learnings]) => ({ service, learnings }));
  deliver(
    ctx,
    {
      key: `learnings:${tenant.cfg.id}:${month}`,
      kind: 'learnings',
      complaintId: null,
      mails: managersOf(tenant).map((person) => ({
        complaint: null,
        kind: 'learnings-report',
        template: 'learnings-report',
        lang: langOf(tenant, person),
        to: { address: person.email, name: person.name },
        data: { person: { name: person.name }, month, count: rows.length, services },
      })),
    },
    result,
  );
  return result;
}
