import type { BounceReport } from '../guards/bounce.js';
import { eventAppend, SYSTEM } from '../store/events.js';
import { outboxByMessageId, outboxMarkBounced, type OutboxMail } from '../store/outbox.js';
import { alertUndelivered } from '../workflow/delivery.js';
import type { Moment } from '../tenant/context.js';

export interface BounceOutcome {
  complaintId: number | null;
  detail: string;
}

/**
 * Inside the caller's transaction: match a delivery report to the mail it concerns. A permanent
 * failure marks that mail undelivered and tells the contact person (or, without one, the
 * managers) that the customer may be unreachable by email. A bounce never opens a complaint.
 */
export function applyBounce(m: Moment, report: BounceReport): BounceOutcome {
  const { tenant, now } = m;
  const { db } = tenant;
  let mail: OutboxMail | null = null;
  for (const id of report.originalMessageIds) {
    const found = outboxByMessageId(db, id);
    if (found && found.tenant === tenant.id) {
      mail = found;
      break;
    }
  }
  const failed = report.recipients.find((r) => r.permanent) ?? report.recipients[0];
  const diagnostic = [failed?.status, failed?.diagnostic].filter(Boolean).join(' ') || (report.permanent ? 'permanent failure' : 'delivery delayed');
  if (!mail)
    return {
      complaintId: null,
      detail: `${report.kind} bounce for a mail we cannot identify (${report.originalMessageIds.join(', ') || 'no Message-ID'}): ${diagnostic}`,
    };

  if (!report.permanent) {
    eventAppend(db, {
      tenant: tenant.id,
      complaintId: mail.complaintId,
      at: now,
      type: 'letter:delayed',
      actor: SYSTEM,
      data: { messageId: mail.messageId, kind: mail.kind, diagnostic },
    });
    return { complaintId: mail.complaintId, detail: `delivery of <${mail.messageId}> delayed: ${diagnostic}` };
  }
  outboxMarkBounced(db, mail.id, now, diagnostic);
  eventAppend(db, {
    tenant: tenant.id,
    complaintId: mail.complaintId,
    at: now,
    type: 'letter:bounced',
    actor: SYSTEM,
    data: { messageId: mail.messageId, kind: mail.kind, to: mail.toAddress, diagnostic },
  });

  // The same once-per-letter alert as a refusal at send time (a bounce after a 5xx alerts no one twice).
  alertUndelivered(m, mail, diagnostic);
  return { complaintId: mail.complaintId, detail: `<${mail.messageId}> to ${mail.toAddress} bounced: ${diagnostic}` };
}
