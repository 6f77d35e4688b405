import type { ProcStateName } from '../procedure/types.js';
import { complaintById } from '../store/complaints.js';
import { deadlinesOpenCompany, type OpenDeadline } from '../store/deadlines.js';
import type { Db } from '../store/db.js';
import { dossierComplaintIds, type TenantPerson } from '../store/dossier.js';
import { inboundTriageList } from '../store/inbound.js';
import { outboxList, outboxUndeliveredComplaints } from '../store/outbox.js';
import { quarantineList } from '../store/quarantine.js';
import type { CliLanguage } from './args.js';
import { localDue, localTime, timeLeft } from './humanTime.js';
import { viewOf, type TenantViews } from './tenantViews.js';
import { oneLine } from './terminalSafe.js';
import { DEADLINE_SHORT, STATE_WORDS, wordFor } from './words.js';

/** A letter queued during a backlog has no subject yet: the sender renders it when it sends it. */
export const UNRENDERED = '(written when sent)';

/**
 * Operator views. Plain text, one fact per line, so they read well in a terminal and in grep.
 * A value from mail that belongs on one line (subject, name, address, file name) goes through
 * oneLine, so an encoded line break cannot forge the next line; everything printed is also
 * filtered for terminal controls on its way out (src/cli/output.ts).
 */

/** What `list` shows and filters by. */
export interface ListFilter {
  tenant?: string;
  state?: string;
  overdue?: boolean;
  /** The contact person(s) with the address `--mine` named, per tenant. */
  handlers?: TenantPerson[];
  /** Working days: an open company deadline due by the end of the Nth working day from today. */
  dueWithin?: number;
}

const LIST_WORDS = {
  nl: { none: 'geen klachten', overdue: 'TE LAAT', undelivered: 'NIET AFGELEVERD', unassigned: '(niemand)', due: 'termijn' },
  en: { none: 'no complaints', overdue: 'OVERDUE', undelivered: 'UNDELIVERED', unassigned: '(nobody)', due: 'due' },
} as const;

/**
 * Complaints, newest first, one line each: reference, state in words, received (local time),
 * contact person by name, customer, subject; and the deadline that matters — the overdue one
 * ("TE LAAT uitkomst, 2 werkdagen te laat") or the next open one ("termijn uitkomst wo 30 dec 2026,
 * nog 5 werkdagen").
 */
export function listComplaints(db: Db, views: TenantViews, lang: CliLanguage | undefined, filter: ListFilter, now: Date): string[] {
  const ids = dossierComplaintIds(db, { tenant: filter.tenant ?? null, state: filter.state ?? null, handlers: filter.handlers ?? null, limit: 1000 });
  const open = new Map<number, OpenDeadline[]>();
  for (const tenant of new Set(ids.length ? [...views.keys(), ...(filter.tenant ? [filter.tenant] : [])] : [])) {
    for (const d of deadlinesOpenCompany(db, tenant)) open.set(d.complaintId, [...(open.get(d.complaintId) ?? []), d]);
  }
  // A letter the mail server refused for good (or that bounced) needs a person: the customer may be unreachable by email.
  const undelivered = outboxUndeliveredComplaints(db, filter.tenant ?? null);
  const lines: string[] = [];
  for (const id of ids) {
    const c = complaintById(db, id);
    if (!c) continue;
    const view = viewOf(views, c.tenant, lang);
    const deadlines = open.get(c.id) ?? [];
    const overdue = deadlines.filter((d) => d.dueAt < now.toISOString());
    if (filter.overdue && overdue.length === 0) continue;
    if (filter.dueWithin !== undefined) {
      const cutoff = view.calendar.workingDaysDeadline(now, filter.dueWithin).toISOString();
      if (!deadlines.some((d) => d.dueAt <= cutoff)) continue;
    }
    const W = LIST_WORDS[view.lang];
    const handler = view.people.byId(c.handlerId);
    const marks = [
      ...overdue.map((d) => `${W.overdue} ${wordFor(DEADLINE_SHORT, view.lang, d.kind)}, ${timeLeft(new Date(d.dueAt), now, view.lang, view.calendar).text}`),
      ...(overdue.length === 0 && deadlines[0]
        ? [
            `${W.due} ${wordFor(DEADLINE_SHORT, view.lang, deadlines[0].kind)} ${localDue(new Date(deadlines[0].dueAt), view.lang, view.calendar)}, ${timeLeft(new Date(deadlines[0].dueAt), now, view.lang, view.calendar).text}`,
          ]
        : []),
      ...(undelivered.has(c.id) ? [W.undelivered] : []),
    ];
    const stateName = c.state as ProcStateName;
    lines.push(
      `${c.reference}  ${STATE_WORDS[view.lang][stateName] ?? c.state}  ${localTime(new Date(c.receivedAt), view.lang, view.calendar)}  ${handler ? oneLine(handler.name) : (c.handlerId ?? W.unassigned)}  ${oneLine(c.customerEmail ?? '-')}  ${oneLine(c.subject)}` +
        (marks.length ? `\n    ${marks.join('; ')}` : ''),
    );
  }
  return lines.length ? lines : [LIST_WORDS[lang ?? views.values().next().value?.lang ?? 'nl'].none];
}

export function listQuarantine(db: Db, tenant?: string): string[] {
  const rows = quarantineList(db, { status: 'open', ...(tenant ? { tenant } : {}) });
  if (rows.length === 0) return ['quarantine is empty'];
  return rows.map((q) => `#${q.id}  ${q.createdAt}  ${q.tenant}  ${q.reason}  ${oneLine(q.sourceKey)}  ${q.size} bytes\n      ${oneLine(q.detail)}`);
}

/** Mail that triage did not take as a complaint: a handler turns one into a complaint with #register. */
export function listTriage(db: Db, tenant?: string): string[] {
  const rows = inboundTriageList(db, tenant ?? null);
  if (rows.length === 0) return ['no unclassified mail'];
  return rows.map((r) => {
    // Too old to answer automatically (autoReply.maxMailAgeDays): a person decides, with #register.
    if (r.disposition === 'too-old')
      return `#${r.id}  ${r.receivedAt.slice(0, 16)}  ${r.tenant}  ${'too-old'.padEnd(15)} ${oneLine(r.fromAddress)}: ${oneLine(r.subject)}
      ${oneLine(r.detail ?? '')}`;
    const rules = (JSON.parse(r.triageRules || '[]') as Array<{ id: string; weight: number }>)
      .map((m) => `${m.id}${m.weight > 0 ? '+' : ''}${m.weight}`)
      .join(' ');
    return `#${r.id}  ${r.receivedAt.slice(0, 16)}  ${r.tenant}  ${r.disposition.padEnd(15)} score ${r.triageScore}  ${oneLine(r.fromAddress)}: ${oneLine(r.subject)}\n      rules: ${rules || '(none fired)'}`;
  });
}

/**
 * Outgoing mail for operators: what waits, what was held, what failed and why. Per letter its id
 * (for `outbox resend|cancel ID`), the complaint's reference, state, kind, recipient and subject;
 * a pending one's next attempt in the tenant's local time; the reason it waits or was cancelled;
 * the last error.
 */
export function listOutbox(db: Db, filter: { tenant?: string; status?: string }, views: TenantViews = new Map()): string[] {
  const rows = outboxList(db, filter.tenant ?? null, filter.status ?? null);
  if (rows.length === 0) return ['no mail in the outbox' + (filter.status ? ` with status ${filter.status}` : '')];
  const references = new Map<number, string>();
  const referenceOf = (id: number | null) => {
    if (id === null) return '-';
    if (!references.has(id)) references.set(id, complaintById(db, id)?.reference ?? '-');
    return references.get(id)!;
  };
  return rows.map(
    (o) =>
      `#${o.id}  ${o.tenant}  ${referenceOf(o.complaintId).padEnd(13)} ${o.status.padEnd(9)} ${o.kind.padEnd(20)} to ${oneLine(o.toAddress)}  ${o.unrendered ? UNRENDERED : oneLine(o.subject)}` +
      (o.status === 'pending' ? `\n      next attempt ${localTime(new Date(o.nextAttemptAt), 'en', viewOf(views, o.tenant, 'en').calendar)}` : '') +
      (o.status === 'sent' && o.sentAt ? `\n      sent ${localTime(new Date(o.sentAt), 'en', viewOf(views, o.tenant, 'en').calendar)}` : '') +
      (o.holdReason ? `\n      ${oneLine(o.holdReason)}` : '') +
      (o.lastError ? `\n      last error: ${oneLine(o.lastError)}` : ''),
  );
}
