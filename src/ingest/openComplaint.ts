import { matchService } from '../intake/service.js';
import type { ParsedMessage } from '../parse/types.js';
import type { InfoField } from '../procedure/types.js';
import { complaintInsert, nextSequence, openCountsByHandler } from '../store/complaints.js';
import type { Db } from '../store/db.js';
import { stmt } from '../store/stmt.js';
import { formatReference } from '../thread/subject.js';
import { applyEvent } from '../workflow/apply.js';
import { chooseHandler } from './assign.js';
import type { TenantRuntime } from './tenant.js';
import type { Understood } from './understand.js';

/** A description shorter than this says nothing the customer must be asked to complete. */
const MIN_DESCRIPTION_CHARS = 15;

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

/** Which of the four pieces (SPEC §1 PuraSec a–d) an emailed complaint carries, and the service it names. */
export function extractInformation(tenant: TenantRuntime, msg: ParsedMessage, u: Understood): { present: InfoField[]; service: string | null } {
  const service = matchService(`${msg.subject}\n${u.newText}`, tenant.cfg.services);
  const present: InfoField[] = ['contact', 'date'];
  if (service) present.push('service');
  if (u.newText.replace(/\s+/g, ' ').trim().length >= MIN_DESCRIPTION_CHARS) present.push('description');
  return { present, service };
}

/**
 * Inside the caller's transaction: create the complaint for a new thread and start its
 * procedure (`received`): the contact person is chosen, deadlines are set, the
 * acknowledgement — and a request for missing information — are queued. All or nothing.
 */
export function openComplaint(db: Db, tenant: TenantRuntime, input: OpenComplaintInput): { complaintId: number; reference: string } {
  const { cfg, calendar } = tenant;
  const { msg, now, receivedAt, understood: u } = input;
  const year = Number(calendar.localDate(receivedAt).slice(0, 4));
  const seq = nextSequence(db, cfg.id, year);
  // `PS-2026-0007`: the year of receipt in the tenant's zone and a yearly sequence.
  const reference = formatReference(cfg.reference, year, seq);
  const handler = cfg.procedure.acknowledgement.assignment === 'least-open' ? chooseHandler(cfg.people, openCountsByHandler(db, cfg.id)) : null;
  const info = extractInformation(tenant, msg, u);

  const complaint = complaintInsert(db, {
    tenant: cfg.id,
    reference,
    year,
    seq,
    state: 'new',
    channel: 'email',
    customerEmail: msg.from!.address,
    customerName: msg.from!.name || null,
    customerPhone: u.phone,
    language: u.language,
    subject: msg.subject || '(geen onderwerp)',
    description: u.newText,
    service: info.service,
    handlerId: null,
    receivedAt,
    now,
  });
  stmt(db, 'UPDATE inbound_messages SET complaint_id = ? WHERE id = ?').run(complaint.id, input.inboundId);
  const r = applyEvent({ db, tenant, secret: input.secret, now }, complaint, { type: 'received', receivedAt: receivedAt.toISOString(), present: info.present, handlerId: handler?.id ?? null }, 'customer', {
    messageId: msg.messageId,
    from: msg.from!.address,
    subject: msg.subject,
    language: u.language,
    service: info.service,
    rule: handler ? 'least-open' : cfg.procedure.acknowledgement.assignment,
    ...(input.mentioned.length ? { mentionedReferences: input.mentioned } : {}),
  });
  if (!r.ok) throw new Error(`procedure refused a new complaint: ${r.code}: ${r.message}`);
  return { complaintId: complaint.id, reference };
}
