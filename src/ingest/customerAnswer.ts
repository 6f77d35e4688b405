import { excerpt, looksLikeObjection } from '../intake/objection.js';
import { matchService } from '../intake/service.js';
import type { Understood } from '../intake/understand.js';
import { queueLetter } from '../outbox/queue.js';
import type { ParsedMessage } from '../parse/types.js';
import { allowedEvents } from '../procedure/machine.js';
import type { InfoField } from '../procedure/types.js';
import type { Complaint } from '../store/complaints.js';
import { CUSTOMER, eventAppend, SYSTEM } from '../store/events.js';
import type { Moment, TenantContext } from '../tenant/context.js';
import { applyEvent, procState } from '../workflow/apply.js';
import { presentFields } from '../workflow/openComplaint.js';

/** The information an emailed complaint carries, and the catalogue service it names. */
export function extractInformation(tenant: TenantContext, msg: ParsedMessage, u: Understood): { present: InfoField[]; service: string | null } {
  const service = matchService(`${msg.subject}\n${u.newText}`, tenant.cfg.services);
  return { present: presentFields(service, u.newText), service };
}

/**
 * Inside the ingest transaction: the customer wrote in an open complaint. Inside the objection
 * window a mail that reads like an objection is put before management; while we wait on the
 * customer, their mail answers the request (and may name the service).
 */
export function customerAnswer(m: Moment, c: Complaint, msg: ParsedMessage, u: Understood, receivedAt: Date): void {
  const { tenant, now } = m;
  const { db, people } = tenant;
  const state = procState(m, c);
  if (state?.state === 'outcome-sent' && state.objectionWindowEnd && now.toISOString() <= state.objectionWindowEnd && looksLikeObjection(u.newText)) {
    for (const manager of people.managers) {
      queueLetter(m, {
        complaint: { id: c.id, reference: c.reference },
        kind: 'objection-notice',
        template: 'objection-notice',
        lang: people.languageOf(manager),
        to: { address: manager.email, name: manager.name },
        data: {
          person: { name: manager.name },
          complaint: { reference: c.reference, subject: c.subject },
          excerpt: excerpt(u.newText),
          until: state.objectionWindowEnd,
        },
        autoSubmitted: 'auto-generated',
      });
    }
    eventAppend(db, { tenant: tenant.id, complaintId: c.id, at: now, type: 'objection:suspected', actor: CUSTOMER, data: { messageId: msg.messageId } });
    return;
  }
  if (!state?.waitingSince || !allowedEvents(state, tenant.cfg.procedure).includes('information-received')) return;
  const info = extractInformation(tenant, msg, u);
  const fields = info.present.filter((f) => state.missing.includes(f));
  const r = applyEvent(
    m,
    c,
    { type: 'information-received', fields, ...(info.service ? { service: info.service } : {}), at: receivedAt.toISOString() },
    CUSTOMER,
    { messageId: msg.messageId },
  );
  // Never silently: a refused answer is on the record for the handler to see.
  if (!r.ok)
    eventAppend(db, {
      tenant: tenant.id,
      complaintId: c.id,
      at: now,
      type: 'mail:not-applied',
      actor: SYSTEM,
      data: { messageId: msg.messageId, code: r.code, reason: r.message },
    });
}
