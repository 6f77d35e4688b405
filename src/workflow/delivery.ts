import type { LetterKind } from '../procedure/types.js';
import { queueLetter } from '../outbox/queue.js';
import { complaintById } from '../store/complaints.js';
import { eventAppend, SYSTEM } from '../store/events.js';
import { outboxCancel, outboxComplaintIds, outboxComplaintsClosed, type OutboxMail } from '../store/outbox.js';
import { noticeClaim } from '../store/sentNotices.js';
import type { Moment, TenantContext } from '../tenant/context.js';
import { applyEvent } from './apply.js';

/*
 * What the outbox learns about a letter, fed back to the procedure (SPEC §3): a deadline that a
 * letter meets is met when the mail server accepts it; a letter refused for good tells a person
 * once; an automatic letter whose complaints all closed while it waited is not sent. Each runs
 * inside the sender's transaction that records the outcome; the sender is the tenant's own.
 */

/** Internal alerts about undelivered mail; an alert about one of these would only loop. */
const ALERT_KINDS = new Set(['bounce-alert', 'auto-reply-hold', 'forged-command-alert']);

export function letterAcceptedByServer(tenant: TenantContext, mail: OutboxMail, at: Date): void {
  for (const d of mail.deliveries) {
    const c = complaintById(tenant.db, d.complaintId);
    if (!c) continue;
    applyEvent({ tenant, now: at }, c, { type: 'letter-accepted', letter: d.letter as LetterKind, at: at.toISOString() }, SYSTEM, {
      messageId: mail.messageId,
    });
  }
}

/** Refused for good (5xx, retries exhausted): the deadlines run on, and a person hears it once. */
export function letterRefusedForGood(tenant: TenantContext, mail: OutboxMail, at: Date, error: string): void {
  for (const d of mail.deliveries) {
    const c = complaintById(tenant.db, d.complaintId);
    if (c) applyEvent({ tenant, now: at }, c, { type: 'letter-failed', letter: d.letter as LetterKind }, SYSTEM, { messageId: mail.messageId, error });
  }
  alertUndelivered({ tenant, now: at }, mail, error);
}

/** Tell the contact person (managers when there is none, or when the contact person's own mail failed) once. */
export function alertUndelivered(m: Moment, mail: OutboxMail, diagnostic: string): void {
  const { tenant, now } = m;
  const { db, people } = tenant;
  if (ALERT_KINDS.has(mail.kind) || mail.complaintId === null) return;
  const complaint = complaintById(db, mail.complaintId);
  if (!complaint) return;
  if (!noticeClaim(db, { key: `undelivered:${mail.id}`, tenant: tenant.id, kind: 'undelivered', complaintId: complaint.id, at: now })) return;
  const failed = mail.toAddress.toLowerCase();
  const handler = people.byId(complaint.handlerId);
  const recipients = handler && handler.email !== failed ? [handler] : people.managers.filter((p) => p.email !== failed);
  for (const person of recipients) {
    queueLetter(m, {
      complaint: { id: complaint.id, reference: complaint.reference },
      kind: 'bounce-alert',
      template: 'bounce-alert',
      lang: people.languageOf(person),
      to: { address: person.email, name: person.name },
      data: {
        person: { name: person.name },
        complaint: { reference: complaint.reference, subject: complaint.subject },
        bounced: { kind: mail.kind, to: mail.toAddress, diagnostic, subject: mail.subject },
      },
      autoSubmitted: 'auto-generated',
    });
  }
}

/**
 * Just before sending: an automatic letter whose complaints were all closed while it waited
 * (slot, retries) says nothing the customer needs. Cancelled, and its deadlines let go.
 */
export function cancelIfMoot(tenant: TenantContext, mail: OutboxMail, at: Date): boolean {
  // Only automatic letters can be moot; everything else goes without touching the store.
  if (mail.autoSubmitted !== 'auto-replied') return false;
  const { db } = tenant;
  return db
    .transaction(() => {
      if (!outboxComplaintsClosed(db, outboxComplaintIds(mail))) return false;
      cancelMoot(tenant, mail, at);
      return true;
    })
    .immediate();
}

function cancelMoot(tenant: TenantContext, mail: OutboxMail, at: Date): void {
  const { db } = tenant;
  outboxCancel(db, mail.id, 'the complaint was closed before the letter went out');
  eventAppend(db, {
    tenant: mail.tenant,
    complaintId: mail.complaintId,
    at,
    type: 'letter:cancelled',
    actor: SYSTEM,
    data: { kind: mail.kind, messageId: mail.messageId, reason: 'complaint closed before sending' },
  });
  for (const d of mail.deliveries) {
    const c = complaintById(db, d.complaintId);
    if (c)
      applyEvent({ tenant, now: at }, c, { type: 'letter-failed', letter: d.letter as LetterKind }, SYSTEM, {
        messageId: mail.messageId,
        reason: 'cancelled: closed',
      });
  }
}
