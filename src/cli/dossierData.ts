import type { ComplaintProcState } from '../procedure/types.js';
import { attachmentsForComplaint, type AttachmentSummary } from '../store/attachments.js';
import { complaintByReference, complaintProcState, type Complaint } from '../store/complaints.js';
import { deadlinesForComplaint, type DeadlineRow } from '../store/deadlines.js';
import type { Db } from '../store/db.js';
import { dossierInbound, type DossierInbound } from '../store/dossier.js';
import { actorCode, eventsForComplaint, type EventRow } from '../store/events.js';
import { outboxForComplaint, type OutboxMail } from '../store/outbox.js';

/** Everything stored about one complaint: what `show REF` prints, and `show REF --json` as it is. */
export interface Dossier {
  complaint: Complaint;
  procedureState: ComplaintProcState | null;
  deadlines: DeadlineRow[];
  events: EventRow[];
  inbound: DossierInbound[];
  outbox: OutboxMail[];
  attachments: AttachmentSummary[];
}

export function dossierLoad(db: Db, reference: string): Dossier | null {
  const complaint = complaintByReference(db, reference);
  if (!complaint) return null;
  return {
    complaint,
    procedureState: complaintProcState(db, complaint.id),
    deadlines: deadlinesForComplaint(db, complaint.id),
    events: eventsForComplaint(db, complaint.id),
    inbound: dossierInbound(db, complaint.id),
    outbox: outboxForComplaint(db, complaint.id),
    attachments: attachmentsForComplaint(db, complaint.id),
  };
}

/** The machine form: the stored rows as one JSON object, times as stored (ISO 8601, UTC), actors as their stored codes. */
export function dossierJson(d: Dossier): string {
  return JSON.stringify({ ...d, events: d.events.map((e) => ({ ...e, actor: actorCode(e.actor) })) }, null, 2);
}
