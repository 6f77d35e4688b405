import type { ParsedMessage } from '../parse/types.js';
import type { Db } from '../store/db.js';
import { complaintInsert, nextSequence, openCountsByHandler } from '../store/complaints.js';
import { eventAppend } from '../store/events.js';
import { outboxEnqueue } from '../store/outbox.js';
import { stmt } from '../store/stmt.js';
import { detectLanguage } from '../text/language.js';
import { messageIdCreate } from '../thread/messageId.js';
import { chooseHandler } from './assign.js';
import type { TenantRuntime } from './tenant.js';

/** `PS-2026-0007`: the tenant's prefix, the year of receipt in the tenant's zone, a yearly sequence. */
export function formatComplaintReference(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(4, '0')}`;
}

export interface OpenComplaintInput {
  inboundId: number;
  msg: ParsedMessage;
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
  const reference = formatComplaintReference(cfg.reference, year, seq);
  const handler = cfg.procedure.acknowledgement.assignment === 'least-open' ? chooseHandler(cfg.people, openCountsByHandler(db, cfg.id)) : null;
  const language = detectLanguage(`${msg.subject}\n${msg.text}`, cfg.language);
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
    customerPhone: null,
    language,
    subject: msg.subject || '(geen onderwerp)',
    description: msg.text.trim(),
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
    data: { messageId: msg.messageId, from: msg.from!.address, subject: msg.subject, language, acknowledgementDue: ackDue.toISOString() },
  });
  if (handler) {
    eventAppend(db, { tenant: cfg.id, complaintId: complaint.id, at: now, type: 'complaint:assigned', actor: 'system', data: { handler: handler.id, rule: 'least-open' } });
  }
  if (!handler) {
    // Nobody to name as contact person: the acknowledgement waits for a manager's assignment.
    eventAppend(db, { tenant: cfg.id, complaintId: complaint.id, at: now, type: 'complaint:unassigned', actor: 'system', data: { reason: 'no handler available' } });
    return { complaintId: complaint.id, reference };
  }

  const letter = tenant.letters.render('acknowledgement', language, {
    tenant: { name: cfg.name, address: cfg.address, footer: cfg.letters.footer },
    complaint: { reference, subject: complaint.subject, receivedAt: receivedAt.toISOString() },
    customer: { name: customerName, email: msg.from!.address },
    contact: { name: handler.name, email: handler.email, phone: handler.phone ?? null },
  });
  const messageId = messageIdCreate(input.secret, reference, 'ack', tenant.domain);
  outboxEnqueue(
    db,
    {
      tenant: cfg.id,
      complaintId: complaint.id,
      kind: 'acknowledgement',
      messageId,
      fromAddress: cfg.address,
      fromName: cfg.name,
      toAddress: msg.from!.address,
      toName: msg.from!.name || null,
      subject: letter.subject,
      text: letter.text,
      html: letter.html,
      inReplyTo: msg.messageId,
      references: [...msg.references, ...(msg.messageId ? [msg.messageId] : [])].slice(-20),
      autoSubmitted: 'auto-replied',
    },
    now,
  );
  eventAppend(db, { tenant: cfg.id, complaintId: complaint.id, at: now, type: 'letter:queued', actor: 'system', data: { kind: 'acknowledgement', messageId, to: msg.from!.address } });
  return { complaintId: complaint.id, reference };
}
