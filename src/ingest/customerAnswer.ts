import { objectionAddress } from '../config/schema.js';
import { excerpt, looksLikeObjection } from '../intake/objection.js';
import { matchService } from '../intake/service.js';
import type { Understood } from '../intake/understand.js';
import type { ParsedMessage } from '../parse/types.js';
import { allowedEvents } from '../procedure/machine.js';
import type { ComplaintProcState, InfoField, ProcStateName } from '../procedure/types.js';
import type { Complaint } from '../store/complaints.js';
import { CUSTOMER, eventAppend, SYSTEM } from '../store/events.js';
import type { Moment, TenantContext } from '../tenant/context.js';
import { applyEvent, procState } from '../workflow/apply.js';
import { forwardCustomerMessage, type MessageEffect } from '../workflow/forward.js';
import { incidentDateOf, presentFields } from '../workflow/openComplaint.js';

/**
 * The information a customer's mail carries: the catalogue service it names, and the date it
 * says the problem happened (relative to `receivedAt`, when the procedure asks for it). Only the
 * new text counts for the date: a quoted letter of ours names dates of its own.
 */
export function extractInformation(
  tenant: TenantContext,
  msg: ParsedMessage,
  u: Understood,
  receivedAt: Date,
): { present: InfoField[]; service: string | null; incidentDate: string | null } {
  const service = matchService(`${msg.subject}\n${u.newText}`, tenant.cfg.services);
  const incidentDate = incidentDateOf(tenant, u.newText, receivedAt);
  return { present: presentFields(service, u.newText, incidentDate), service, incidentDate };
}

/** The customer's text kept as the objection (the whole mail stays stored). */
const OBJECTION_TEXT_MAX_CHARS = 4000;

/** States in which management handles an objection: they read every message of the complaint. */
const OBJECTION_STATES: readonly ProcStateName[] = ['objection', 'hearing-scheduled', 'heard'];

/** Who wrote a mail that threads to a complaint and is no person's command. */
export interface MessageSender {
  /** The stored inbound_messages row. */
  inboundId: number;
  /** The customer themself; false for someone else in the thread (a colleague on CC). */
  byCustomer: boolean;
  receivedAt: Date;
}

/**
 * Inside the ingest transaction: someone other than the tenant's people wrote in a complaint's
 * thread. The customer's mail may change the procedure — inside the objection window a mail that
 * reads like an objection is put before management; while we wait on the customer it answers the
 * request (and may name the service) — and every such mail, the customer's or a third party's,
 * is forwarded to whoever must read it, as ONE mail per person that also says what it did
 * (so no separate objection or information notice).
 */
export function customerAnswer(m: Moment, c: Complaint, msg: ParsedMessage, u: Understood, sender: MessageSender): void {
  const state = procState(m, c);
  const toManagement = addressedToManagement(m.tenant, msg);
  const effect = sender.byCustomer ? applyCustomerMessage(m, c, state, msg, u, sender.receivedAt, toManagement) : standing(state);
  // The signature stays with the text: it often carries the phone number the person wants.
  const text = u.signature && !u.newText.includes(u.signature) ? `${u.newText}\n\n${u.signature}` : u.newText;
  forwardCustomerMessage(
    m,
    c,
    effect.kind === 'information' ? effect.after : state,
    {
      inboundId: sender.inboundId,
      from: { address: msg.from?.address ?? '', name: msg.from?.name || null },
      byCustomer: sender.byCustomer,
      receivedAt: sender.receivedAt,
      text,
      quoted: u.quoted,
      toManagement,
    },
    effect,
  );
}

/**
 * Written to management's objection address (`objection.address`, delivered into this mailbox),
 * To or Cc. Only when that address is not the complaints address itself, which every mail is sent to.
 */
export function addressedToManagement(tenant: TenantContext, msg: ParsedMessage): boolean {
  const management = objectionAddress(tenant.cfg);
  if (management === tenant.cfg.address) return false;
  return [...msg.to, ...msg.cc].some((a) => a.address.trim().toLowerCase() === management);
}

/** Where the complaint stands, for a message that changes nothing. */
function standing(state: ComplaintProcState | null): MessageEffect {
  if (state?.state === 'closed') return { kind: 'closed', closedAt: state.closedAt };
  if (state && OBJECTION_STATES.includes(state.state)) return { kind: 'objection' };
  return { kind: 'none' };
}

function applyCustomerMessage(
  m: Moment,
  c: Complaint,
  state: ComplaintProcState | null,
  msg: ParsedMessage,
  u: Understood,
  receivedAt: Date,
  toManagement: boolean,
): MessageEffect {
  const { tenant, now } = m;
  const { db } = tenant;
  // Inside the window (by when the mailbox received it) a mail that reads like an objection, or is
  // written to management's address, may be one: it holds the automatic close until management decides.
  const windowEnd = state?.state === 'outcome-sent' && !state.objectionWindowEnded ? state.objectionWindowEnd : null;
  if (windowEnd && receivedAt.toISOString() <= windowEnd && (toManagement || looksLikeObjection(u.newText))) {
    const r = applyEvent(
      m,
      c,
      { type: 'objection-suspected', receivedAt: receivedAt.toISOString(), text: excerpt(u.newText, OBJECTION_TEXT_MAX_CHARS), messageId: msg.messageId },
      CUSTOMER,
      { messageId: msg.messageId },
    );
    if (r.ok) return { kind: 'objection-suspected', until: windowEnd };
  }
  if (!state?.waitingSince || !allowedEvents(state, tenant.cfg.procedure).includes('information-received')) return standing(state);
  const info = extractInformation(tenant, msg, u, receivedAt);
  const fields = info.present.filter((f) => state.missing.includes(f));
  const r = applyEvent(
    m,
    c,
    {
      type: 'information-received',
      fields,
      ...(info.service ? { service: info.service } : {}),
      ...(info.incidentDate && state.missing.includes('date') ? { incidentDate: info.incidentDate } : {}),
      at: receivedAt.toISOString(),
    },
    CUSTOMER,
    { messageId: msg.messageId },
    // The forward says what the answer did: the handler gets one mail, not that and a notice.
    ['information-received'],
  );
  if (r.ok) return { kind: 'information', before: state, after: r.state };
  // Never silently: a refused answer is on the record for the handler to see.
  eventAppend(db, {
    tenant: tenant.id,
    complaintId: c.id,
    at: now,
    type: 'mail:not-applied',
    actor: SYSTEM,
    data: { messageId: msg.messageId, code: r.code, reason: r.message },
  });
  return standing(state);
}
