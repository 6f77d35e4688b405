import { learningsByService } from '../store/learnings.js';
import { deliver, emptyResult, type JobContext, type JobResult } from './context.js';

/** The previous calendar month of a local date: `YYYY-MM`. */
export function previousMonth(localDate: string): string {
  const [y, m] = localDate.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The learnings report: every learning recorded in the previous month, grouped by service, to the managers. */
export function runLearnings(ctx: JobContext): JobResult {
  const result = emptyResult('learnings', ctx);
  const { tenant, now } = ctx;
  const { db } = tenant;
  const month = previousMonth(tenant.calendar.localDate(now));
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = tenant.calendar.atLocalTime(`${month}-01`, 0, 0);
  const to = tenant.calendar.atLocalTime(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, 0, 0);
  const rows = learningsByService(db, tenant.cfg.id, from, to);
  const groups = new Map<string, Array<{ reference: string; body: string }>>();
  for (const r of rows) {
    const list = groups.get(r.service) ?? [];
    list.push({ reference: r.reference, body: r.body });
    groups.set(r.service, list);
  }
  const services = [...groups].map(([service, learnings]) => ({ service, learnings }));
  deliver(
    ctx,
    {
      key: `learnings:${tenant.cfg.id}:${month}`,
      kind: 'learnings',
      complaintId: null,
      mails: tenant.people.managers.map((person) => ({
        complaint: null,
        kind: 'learnings-report',
        template: 'learnings-report',
        lang: tenant.people.languageOf(person),
        to: { address: person.email, name: person.name },
        data: { person: { name: person.name }, month, count: rows.length, services },
      })),
    },
    result,
  );
  return result;
}
