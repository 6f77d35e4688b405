import type { Person } from '../config/schema.js';
import { findIncidentDate } from '../intake/incidentDate.js';
import { requiredFields } from '../procedure/schema.js';
import type { InfoField } from '../procedure/types.js';
import { complaintInsert, nextSequence, openCountsByHandler, type Complaint } from '../store/complaints.js';
import type { Actor, ProcedureMeta } from '../store/events.js';
import type { Moment, TenantContext } from '../tenant/context.js';
import type { Language } from '../text/language.js';
import { ANALYSIS_MAX_CHARS } from '../text/limits.js';
import { formatReference } from '../thread/subject.js';
import { applyEvent } from './apply.js';
import { chooseHandler } from './assign.js';

/** A description shorter than this says nothing the customer must be asked to complete. */
const MIN_DESCRIPTION_CHARS = 15;

/**
 * Which of the four pieces (SPEC §1 PuraSec a–d) a complaint carries: contact always (the
 * sender, or the details a #register gives), the date when the text names one
 * (`incidentDate`, intake/incidentDate.ts), the service when the catalogue matched. The
 * description is judged on its first ANALYSIS_MAX_CHARS: whether it says anything is clear
 * long before that, and a 2 MB body need not be rewritten to find out.
 */
export function presentFields(service: string | null, description: string, incidentDate: string | null): InfoField[] {
  const present: InfoField[] = ['contact'];
  if (service) present.push('service');
  if (incidentDate) present.push('date');
  if (description.slice(0, ANALYSIS_MAX_CHARS).replace(/\s+/g, ' ').trim().length >= MIN_DESCRIPTION_CHARS) present.push('description');
  return present;
}

/**
 * When the text says the problem happened, relative to the local day it arrived — only looked
 * for when the tenant's procedure asks for the date (PuraSec §1 c); null when it names none.
 */
export function incidentDateOf(tenant: TenantContext, text: string, receivedAt: Date): string | null {
  if (!requiredFields(tenant.cfg.procedure).includes('date')) return null;
  return findIncidentDate(text, tenant.calendar.localDate(receivedAt));
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
  /** Only the day of receipt is known (registered with a date, no time). */
  receivedDateOnly?: boolean;
  /** Who started it, for the history: the customer, or the person who registered it. */
  actor: Actor;
  meta: ProcedureMeta;
}

/**
 * Inside the caller's transaction: create a complaint record (the yearly reference, the contact
 * person per the procedure's assignment rule) and start its procedure with `received`: deadlines
 * are set and the acknowledgement (and a request for missing information) queued. All or nothing.
 *
 * `beforeStart` runs between the two: the mail that opened the complaint is stored there, with
 * the complaint's id, so the letters the start queues reply to it.
 */
export function startComplaintRecord(
  m: Moment,
  s: ComplaintStart,
  beforeStart?: (complaint: Complaint) => void,
): { complaint: Complaint; handler: Person | null; missing: InfoField[] } {
  const { tenant, now } = m;
  const { cfg, calendar, db } = tenant;
  const year = Number(calendar.localDate(s.receivedAt).slice(0, 4));
  const seq = nextSequence(db, cfg.id, year);
  // `PS-2026-0007`: the year of receipt in the tenant's zone and a yearly sequence.
  const reference = formatReference(cfg.reference, year, seq);
  const handler = cfg.procedure.acknowledgement.assignment === 'least-open' ? chooseHandler(cfg.people, openCountsByHandler(db, cfg.id)) : null;
  const { actor, meta, ...fields } = s;
  const incidentDate = incidentDateOf(tenant, `${s.subject}\n${s.description}`, s.receivedAt);
  const complaint = complaintInsert(db, { tenant: cfg.id, reference, year, seq, state: 'new', handlerId: null, now, ...fields });
  beforeStart?.(complaint);
  const r = applyEvent(
    m,
    complaint,
    {
      type: 'received',
      receivedAt: s.receivedAt.toISOString(),
      present: presentFields(s.service, s.description, incidentDate),
      handlerId: handler?.id ?? null,
      incidentDate,
    },
    actor,
    { ...meta, service: s.service, rule: handler ? 'least-open' : cfg.procedure.acknowledgement.assignment },
  );
  if (!r.ok) throw new Error(`procedure refused a new complaint: ${r.code}: ${r.message}`);
  return { complaint, handler, missing: r.state.missing };
}
