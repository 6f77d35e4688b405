import { attachmentsForComplaint } from '../store/attachments.js';
import { complaintByReference, complaintsList } from '../store/complaints.js';
import { deadlinesForComplaint, deadlinesOverdueComplaintIds } from '../store/deadlines.js';
import type { Db } from '../store/db.js';
import { actorCode, eventsForComplaint } from '../store/events.js';
import { inboundForComplaint, inboundTriageList } from '../store/inbound.js';
import { outboxForComplaint, outboxList, outboxUndeliveredComplaints } from '../store/outbox.js';
import { quarantineList } from '../store/quarantine.js';
import { oneLine } from './terminalSafe.js';

/**
 * Operator views. Plain text, one fact per line, so they read well in a terminal and in grep.
 * A value from mail that belongs on one line (subject, name, address, file name) goes through
 * oneLine, so an encoded line break cannot forge the next line; everything printed is also
 * filtered for terminal controls on its way out (src/cli/output.ts).
 */

/** Event data as JSON, its strings one-lined: `"\u001b[2J"` is no control, but it is noise. */
const eventJson = (data: Record<string, unknown>) => JSON.stringify(data, (_key, value: unknown) => (typeof value === 'string' ? oneLine(value) : value));

export function listComplaints(db: Db, filter: { tenant?: string; state?: string; overdue?: boolean }, now = new Date()): string[] {
  const overdue = new Set(deadlinesOverdueComplaintIds(db, now));
  const rows = complaintsList(db, { ...(filter.tenant ? { tenant: filter.tenant } : {}), ...(filter.state ? { state: filter.state } : {}) }).filter(
    (c) => !filter.overdue || overdue.has(c.id),
  );
  if (rows.length === 0) return ['no complaints'];
  // A letter the mail server refused for good (or that bounced) needs a person: the customer may be unreachable by email.
  const undelivered = outboxUndeliveredComplaints(db, filter.tenant ?? null);
  return rows.map(
    (c) =>
      `${c.reference.padEnd(14)} ${c.state.padEnd(20)}${overdue.has(c.id) ? ' OVERDUE' : ''}${undelivered.has(c.id) ? ' UNDELIVERED' : ''} ${c.receivedAt.slice(0, 16)}  ${(c.handlerId ?? '-').padEnd(10)} ${oneLine(c.customerEmail ?? '-')}  ${oneLine(c.subject)}`,
  );
}

export function showComplaint(db: Db, reference: string): string[] | null {
  const c = complaintByReference(db, reference);
  if (!c) return null;
  const out = [
    `${c.reference}  (${c.tenant})  state: ${c.state}`,
    `customer:  ${oneLine(c.customerName ?? '')} <${oneLine(c.customerEmail ?? '-')}>${c.customerPhone ? `  ${oneLine(c.customerPhone)}` : ''}`,
    `handler:   ${c.handlerId ?? '(unassigned)'}`,
    `received:  ${c.receivedAt}   channel: ${c.channel}   language: ${c.language}`,
    `subject:   ${oneLine(c.subject)}`,
    '',
    'description:',
    ...c.description.split('\n').map((l) => `  ${l}`),
  ];
  const deadlines = deadlinesForComplaint(db, c.id);
  if (deadlines.length) {
    out.push('', 'deadlines:');
    for (const d of deadlines) {
      const overdue = d.status === 'open' && d.dueAt < new Date().toISOString() ? '  OVERDUE' : '';
      out.push(
        `  ${d.kind.padEnd(17)} due ${d.dueAt}  ${d.status}${d.resolvedAt ? ` (${d.resolvedAt})` : ''}${d.owner === 'customer' ? '  [customer]' : ''}${overdue}`,
      );
    }
  }
  const outgoing = outboxForComplaint(db, c.id);
  const failed = outgoing.filter((o) => o.status === 'failed');
  if (failed.length) {
    out.push('', 'undelivered letters (the customer may be unreachable by email; reach them another way):');
    for (const o of failed) out.push(`  #${o.id} ${o.kind} to ${oneLine(o.toAddress)}: ${oneLine(o.lastError ?? 'bounced')}`);
  }
  const waiting = outgoing.filter((o) => o.status === 'held' || (o.status === 'pending' && o.holdReason));
  if (waiting.length) {
    out.push('', 'letters waiting:');
    for (const o of waiting)
      out.push(
        `  #${o.id} ${o.kind} to ${oneLine(o.toAddress)}: ${o.status === 'held' ? 'held' : `waits until ${o.nextAttemptAt}`} (${oneLine(o.holdReason ?? '')})`,
      );
  }
  const attachments = attachmentsForComplaint(db, c.id);
  if (attachments.length)
    out.push(
      '',
      'attachments:',
      ...attachments.map(
        (a) =>
          `  #${a.id} ${a.filename === null ? '(unnamed)' : oneLine(a.filename)}  ${oneLine(a.contentType)}  ${a.size} bytes${a.stored ? '' : '  (not stored: over cap)'}`,
      ),
    );
  const timeline: Array<{ at: string; line: string }> = [];
  for (const e of eventsForComplaint(db, c.id))
    timeline.push({ at: e.at, line: `event  ${e.type.padEnd(20)} by ${oneLine(actorCode(e.actor))}  ${eventJson(e.data as Record<string, unknown>)}` });
  for (const m of inboundForComplaint(db, c.id))
    timeline.push({
      at: m.receivedAt,
      line: `mail in  #${m.id} ${m.disposition} from ${oneLine(m.fromAddress ?? '-')}: ${oneLine(m.subject ?? '')}${m.detail ? `  (${oneLine(m.detail)})` : ''}`,
    });
  for (const o of outgoing) {
    timeline.push({
      at: o.createdAt,
      line: `mail out #${o.id} ${o.kind} to ${oneLine(o.toAddress)}: ${o.status}${o.sentAt ? ` at ${o.sentAt}` : ''}, ${o.attempts} attempt(s)${o.lastError ? `, ${oneLine(o.lastError)}` : ''}`,
    });
  }
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  out.push('', 'timeline:', ...timeline.map((t) => `  ${t.at}  ${t.line}`));
  return out;
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

/** Outgoing mail for operators: what waits, what was held, what failed and why. */
export function listOutbox(db: Db, filter: { tenant?: string; status?: string }): string[] {
  const rows = outboxList(db, filter.tenant ?? null, filter.status ?? null);
  if (rows.length === 0) return ['no mail in the outbox' + (filter.status ? ` with status ${filter.status}` : '')];
  return rows.map(
    (o) =>
      `#${o.id}  ${o.tenant}  ${o.status.padEnd(9)} ${o.kind.padEnd(20)} to ${oneLine(o.toAddress)}  ${oneLine(o.subject)}` +
      (o.status === 'pending' ? `\n      next attempt ${o.nextAttemptAt}` : '') +
      (o.holdReason ? `\n      ${oneLine(o.holdReason)}` : '') +
      (o.lastError ? `\n      last error: ${oneLine(o.lastError)}` : ''),
  );
}
