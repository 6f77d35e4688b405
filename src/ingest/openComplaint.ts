import type { ParsedMessage } from '../parse/types.js';
import type { Db } from '../store/db.js';
import { complaintInsert, nextSequence, openCountsByHandler } from '../store/complaints.js';
import { eventAppend } from '../store/events.js';
import { autoReplyLast, autoReplyRecord } from '../store/autoReplies.js';
import { queueLetter } from '../letters/queue.js';
import { stmt } from '../store/stmt.js';
import type { Understood } from './understand.js';
import { formatReference } from '../thread/subject.js';
import { chooseHandler } from './assign.js';
import type { TenantRuntime } from './tenant.js';

export interface OpenComplaintInput {
  inboundId: number;
  msg: ParsedMessage;
  /** What the sender newly wrote, without quote and signature. */
  understood: Understood;
  /** References the subject named that this sender may not join (recorded, not followed). */
  mentioned: string[];
  receivedAt: Date;
  now: Date;
  secret: string;
}

/**
 * Inside the caller's transaction: create the complaint for a new thread, assign its contact
 * person, record the events and queue the acknowledgement. Either all of it happens or none.
 */
export function openComplaint(db: Db, tenant: TenantRuntime, input: OpenComplaintInput): { complaintId: number; reference: string } {
  const { cfg, calendar } = tenant;
  const { msg, now, receivedAt } = input;
  const year = Number(calendar.localDate(receivedAt).slice(0, 4));
  const seq = nextSequence(db, cfg.id, year);
  // `PS-2026-0007`: the year of receipt in the tenant's zone and a yearly sequence.
  const reference = formatReference(cfg.reference, year, seq);
  const handler = cfg.procedure.acknowledgement.assignment === 'least-open' ? chooseHandler(cfg.people, openCountsByHandler(db, cfg.id)) : null;
  const { language } = input.understood;
  const customerName = msg.from!.name || msg.from!.address;

  const complaint = complaintInsert(db, {
    tenant: cfg.id,
    reference,
    year,
    seq,
    state: 'open',
    channel: 'email',
    customerEmail: msg.from!.address,
    customerName: msg.from!.name || null,
    customerPhone: input.understood.phone,
    language,
    subject: msg.subject || '(geen onderwerp)',
    description: input.understood.newText,
    service: null,
    handlerId: handler?.id ?? null,
    receivedAt,
    now,
  });
  stmt(db, 'UPDATE inbound_messages SET complaint_id = ? WHERE id = ?').run(complaint.id, input.inboundId);

  const within = cfg.procedure.acknowledgement.within;
  const ackDue = 'workingDays' in within ? calendar.workingDaysDeadline(receivedAt, within.workingDays) : calendar.calendarDaysDeadline(receivedAt, within.calendarDays);
  eventAppend(db, {
    tenant: cfg.id,
    complaintId: complaint.id,
    at: now,
    type: 'complaint:received',
    actor: 'customer',
    data: {
      messageId: msg.messageId,
      from: msg.from!.address,
      subject: msg.subject,
      language,
      acknowledgementDue: ackDue.toISOString(),
      ...(input.mentioned.length ? { mentionedReferences: input.mentioned } : {}),
    },
  });
  if (handler) {
    eventAppend(db, { tenant: cfg.id, complaintId: complaint.id, at: now, type: 'complaint:assigned', actor: 'system', data: { handler: handler.id, rule: 'least-open' } });
  }
  if (!handler) {
    // Nobody to name as contact person: the acknowledgement waits for a manager's assignment.
    eventAppend(db, { tenant: cfg.id, complaintId: complaint.id, at: now, type: 'complaint:unassigned', actor: 'system', data: { reason: 'no handler available' } });
    return { complaintId: complaint.id, reference };
  }

  // RFC 3834 §2: at most one automatic reply per sender per period; a second one waits.
  const last = autoReplyLast(db, cfg.id, msg.from!.address);
  const earliest = last ? new Date(last.getTime() + cfg.autoReply.minHoursBetween * 3_600_000) : now;
  const notBefore = earliest > now ? earliest : now;
  autoReplyRecord(db, cfg.id, msg.from!.address, notBefore);
  queueLetter(db, tenant, {
    complaint: { id: complaint.id, reference },
    kind: 'acknowledgement',
    template: 'acknowledgement',
    lang: language,
    to: { address: msg.from!.address, name: msg.from!.name || null },
    data: {
      complaint: { reference, subject: complaint.subject, receivedAt: receivedAt.toISOString() },
      customer: { name: customerName, email: msg.from!.address },
      contact: { name: handler.name, email: handler.email, phone: handler.phone ?? null },
    },
    inReplyTo: msg.messageId,
    references: [...msg.references, ...(msg.messageId ? [msg.messageId] : [])],
    autoSubmitted: 'auto-replied',
    secret: input.secret,
    now,
    notBefore,
  });
  return { complaintId: complaint.id, reference };
}
