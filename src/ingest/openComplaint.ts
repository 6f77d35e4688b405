import { matchService } from '../intake/service.js';
import { ANALYSIS_MAX_CHARS } from '../text/limits.js';
import type { ParsedMessage } from '../parse/types.js';
import type { InfoField } from '../procedure/types.js';
import type { Person } from '../config/schema.js';
import type { Language } from '../letters/render.js';
import { complaintInsert, nextSequence, openCountsByHandler, type Complaint } from '../store/complaints.js';
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

/**
 * Which of the four pieces (SPEC §1 PuraSec a–d) a complaint carries: contact and date always
 * (sender, receipt). The description is judged on its first ANALYSIS_MAX_CHARS: whether it says
 * anything is clear long before that, and a 2 MB body need not be rewritten to find out.
 */
export function presentFields(service: string | null, description: string): InfoField[] {
  const present: InfoField[] = ['contact', 'date'];
  if (service) present.push('service');
  if (description.slice(0, ANALYSIS_MAX_CHARS).replace(/\s+/g, ' ').trim().length >= MIN_DESCRIPTION_CHARS) present.push('description');
  return present;
}

/** The information an emailed complaint carries, and the catalogue service it names. */
export function extractInformation(tenant: TenantRuntime, msg: ParsedMessage, u: Understood): { present: InfoField[]; service: string | null } {
  const service = matchService(`${msg.subject}\n${u.newText}`, tenant.cfg.services);
  return { present: presentFields(service, u.newText), service };
}

export interface ComplaintStart {
  channel: string;
  customerEmail: string | null;
  customerName: string | null;
  customerPhone: string | null;
  language: Language;
  subject: string;
  description: string;
  service: string | null;
  receivedAt: Date;
  /** Who started it, for the history: `customer` or `person:<id>` (#register). */
  actor: string;
  /** The mail that opened it: linked before the letters are made, so they reply to it. */
  inboundId?: number;
  meta: Record<string, unknown>;
}

/**
 * Inside the caller's transaction: create a complaint record (the yearly reference, the contact
 * person per the procedure's assignment rule) and start its procedure with `received`: deadlines
 * are set and the acknowledgement (and a request for missing information) queued. All or nothing.
 */
export function startComplaintRecord(db: Db, tenant: TenantRuntime, secret: string, now: Date, s: ComplaintStart): { complaint: Complaint; handler: Person | null; missing: InfoField[] } {
  const { cfg, calendar } = tenant;
  const year = Number(calendar.localDate(s.receivedAt).slice(0, 4));
  const seq = nextSequence(db, cfg.id, year);
  // `PS-2026-0007`: the year of receipt in the tenant's zone and a yearly sequence.
  const reference = formatReference(cfg.reference, year, seq);
  const handler = cfg.procedure.acknowledgement.assignment === 'least-open' ? chooseHandler(cfg.people, openCountsByHandler(db, cfg.id)) : null;
  const { inboundId, actor, meta, ...fields } = s;
  const complaint = complaintInsert(db, { tenant: cfg.id, reference, year, seq, state: 'new', handlerId: null, now, ...fields });
  if (inboundId !== undefined) stmt(db, 'UPDATE inbound_messages SET complaint_id = ? WHERE id = ?').run(complaint.id, inboundId);
  const r = applyEvent(
    { db, tenant, secret, now },
    complaint,
    { type: 'received', receivedAt: s.receivedAt.toISOString(), present: presentFields(s.service, s.description), handlerId: handler?.id ?? null },
    actor,
    { ...meta, service: s.service, rule: handler ? 'least-open' : cfg.procedure.acknowledgement.assignment },
  );
  if (!r.ok) throw new Error(`procedure refused a new complaint: ${r.code}: ${r.message}`);
  return { complaint, handler, missing: r.state.missing };
}

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

/** A new thread from a customer: the complaint, linked to the mail that opened it. */
export function openComplaint(db: Db, tenant: TenantRuntime, input: OpenComplaintInput): { complaintId: number; reference: string } {
  const { msg, now, receivedAt, understood: u } = input;
  const { complaint } = startComplaintRecord(db, tenant, input.secret, now, {
    channel: 'email',
    customerEmail: msg.from!.address,
    customerName: msg.from!.name || null,
    customerPhone: u.phone,
    language: u.language,
    subject: msg.subject || '(geen onderwerp)',
    description: u.newText,
    service: matchService(`${msg.subject}\n${u.newText}`, tenant.cfg.services),
    receivedAt,
    actor: 'customer',
    inboundId: input.inboundId,
    meta: {
      messageId: msg.messageId,
      from: msg.from!.address,
      subject: msg.subject,
      language: u.language,
      ...(input.mentioned.length ? { mentionedReferences: input.mentioned } : {}),
    },
  });
  return { complaintId: complaint.id, reference: complaint.reference };
}
