import type { TenantRuntime } from '../ingest/tenant.js';
import { queueLetter } from '../letters/queue.js';
import { complaintById } from '../store/complaints.js';
import type { Db } from '../store/db.js';
import { eventAppend } from '../store/events.js';
import { outboxCancel, outboxComplaintIds, outboxComplaintsClosed, type OutboxMail } from '../store/outbox.js';
import { noticeClaim } from '../store/sentNotices.js';
import type { LetterKind } from '../procedure/types.js';
import { applyEvent } from './apply.js';

/**
 * What the outbox learns about a letter, fed back to the procedure (SPEC §3): a deadline that a
 * letter meets is met when the mail server accepts it; a letter refused for good tells a person
 * once; an automatic letter whose complaints all closed while it waited is not sent. Each runs
 * inside the sender's transaction that records the outcome.
 */
export interface DeliveryDeps {
  db: Db;
  tenants: ReadonlyMap<string, TenantRuntime>;
  secret: string;
}

/** Internal alerts about undelivered mail; an alert about one of these would only loop. */
const ALERT_KINDS = new Set(['bounce-alert', 'auto-reply-hold', 'forged-command-alert']);

export function letterAcceptedByServer(deps: DeliveryDeps, mail: OutboxMail, at: Date): void {
  const tenant = deps.tenants.get(mail.tenant);
  if (!tenant) return;
  for (const d of mail.deliveries) {
    const c = complaintById(deps.db, d.complaintId);
    if (!c) continue;
    applyEvent({ db: deps.db, tenant, secret: deps.secret, now: at }, c, { type: 'letter-accepted', letter: d.letter as LetterKind, at: at.toISOString() }, 'system', { messageId: mail.messageId });
  }
}

/** Refused for good (5xx, retries exhausted): the deadlines run on, and a person hears it once. */
export function letterRefusedForGood(deps: DeliveryDeps, mail: OutboxMail, at: Date, error: string): void {
  const tenant = deps.tenants.get(mail.tenant);
  if (!tenant) return;
  for (const d of mail.deliveries) {
    const c = complaintById(deps.db, d.complaintId);
    if (c) applyEvent({ db: deps.db, tenant, secret: deps.secret, now: at }, c, { type: 'letter-failed', letter: d.letter as LetterKind }, 'system', { messageId: mail.messageId, error });
  }
  alertUndelivered(deps.db, tenant, deps.secret, mail, at, error);
}

/** Tell the contact person (managers when there is none, or when the contact person's own mail failed) once. */
export function alertUndelivered(db: Db, tenant: TenantRuntime, secret: string, mail: OutboxMail, at: Date, diagnostic: string): void {
  if (ALERT_KINDS.has(mail.kind) || mail.complaintId === null) return;
  const complaint = complaintById(db, mail.complaintId);
  if (!complaint) return;
  if (!noticeClaim(db, { key: `undelivered:${mail.id}`, tenant: tenant.cfg.id, kind: 'undelivered', complaintId: complaint.id, at })) return;
  const people = tenant.cfg.people;
  const failed = mail.toAddress.toLowerCase();
  const handler = people.find((p) => p.id === complaint.handlerId && p.email !== failed);
  const recipients = handler ? [handler] : people.filter((p) => p.role === 'manager' && p.email !== failed);
  for (const person of recipients) {
    queueLetter(db, tenant, {
      complaint: { id: complaint.id, reference: complaint.reference },
      kind: 'bounce-alert',
      template: 'bounce-alert',
      lang: person.language ?? tenant.cfg.language,
      to: { address: person.email, name: person.name },
      data: {
        person: { name: person.name },
        complaint: { reference: complaint.reference, subject: complaint.subject },
        bounced: { kind: mail.kind, to: mail.toAddress, diagnostic, subject: mail.subject },
      },
      autoSubmitted: 'auto-generated',
      secret,
      now: at,
    });
  }
}

/**
 * Just before sending: an automatic letter whose complaints were all closed while it waited
 * (slot, retries) says nothing the customer needs. Cancelled, and its deadlines let go.
 */
export function cancelIfMoot(deps: DeliveryDeps, mail: OutboxMail, at: Date): boolean {
  // Only automatic letters can be moot; everything else goes without touching the store.
  if (mail.autoSubmitted !== 'auto-replied') return false;
  return deps.db.transaction(() => {
    if (!outboxComplaintsClosed(deps.db, outboxComplaintIds(mail))) return false;
    cancelMoot(deps, mail, at);
    return true;
  }).immediate();
}

function cancelMoot(deps: DeliveryDeps, mail: OutboxMail, at: Date): void {
  outboxCancel(deps.db, mail.id, 'the complaint was closed before the letter went out');
  eventAppend(deps.db, { tenant: mail.tenant, complaintId: mail.complaintId, at, type: 'letter:cancelled', actor: 'system', data: { kind: mail.kind, messageId: mail.messageId, reason: 'complaint closed before sending' } });
  const tenant = deps.tenants.get(mail.tenant);
  if (tenant) {
    for (const d of mail.deliveries) {
      const c = complaintById(deps.db, d.complaintId);
      if (c) applyEvent({ db: deps.db, tenant, secret: deps.secret, now: at }, c, { type: 'letter-failed', letter: d.letter as LetterKind }, 'system', { messageId: mail.messageId, reason: 'cancelled: closed' });
    }
  }
}
