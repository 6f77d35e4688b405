import type { ParsedMessage } from '../parse/types.js';
import { headerValues } from '../parse/types.js';
import { complaintById, complaintByReference, type Complaint } from '../store/complaints.js';
import { inboundComplaintOfConversation, inboundComplaintOfOwnMail } from '../store/inbound.js';
import { parseThreadIndex } from '../thread/references.js';
import { findReferenceTokens } from '../thread/subject.js';
import type { TenantContext } from '../tenant/context.js';

export type ThreadEvidence = 'signed-message-id' | 'subject-token' | 'thread-index' | 'customer-references';

export type ThreadDecision =
  | { kind: 'complaint'; complaint: Complaint; evidence: ThreadEvidence; detail: string }
  /** A new thread. `mentioned` lists references the subject named that this sender may not join. */
  | { kind: 'new'; mentioned: string[] };

/** Is this address the complainant's or one of the tenant's people? Only they may join a thread by subject token. */
function mayJoin(tenant: TenantContext, complaint: Complaint, address: string): boolean {
  return address === complaint.customerEmail || tenant.people.byEmail(address) !== null;
}

/**
 * Which complaint a mail belongs to, strongest evidence first (SPEC §4):
 * 1. a signed Message-ID of ours in In-Reply-To/References — proof the sender saw our mail;
 * 2. the subject token `[PS-2026-0007]`, only from the complainant or the tenant's people;
 * 3. the complainant continuing their own thread: References naming their earlier mail, or
 *    Outlook's Thread-Index conversation GUID (clients that drop References keep it).
 * Weaker evidence never lets a stranger into someone else's complaint.
 */
export function resolveThread(tenant: TenantContext, msg: ParsedMessage): ThreadDecision {
  const { db, id } = tenant;
  const from = msg.from!.address;
  const referenced = [...msg.inReplyTo, ...[...msg.references].reverse()];

  for (const ref of referenced) {
    const ours = tenant.ids.verify(ref);
    if (!ours?.reference) continue;
    const complaint = complaintByReference(db, ours.reference);
    if (complaint && complaint.tenant === id) return { kind: 'complaint', complaint, evidence: 'signed-message-id', detail: `replies to <${ref}>` };
  }

  const mentioned: string[] = [];
  for (const token of findReferenceTokens(msg.subject, [tenant.cfg.reference])) {
    const complaint = complaintByReference(db, token);
    if (!complaint || complaint.tenant !== id) continue;
    if (mayJoin(tenant, complaint, from)) return { kind: 'complaint', complaint, evidence: 'subject-token', detail: `subject names [${token}]` };
    mentioned.push(token);
  }
  if (mentioned.length > 0) return { kind: 'new', mentioned };

  for (const ref of referenced) {
    const complaintId = inboundComplaintOfOwnMail(db, id, ref, from);
    const complaint = complaintId !== null ? complaintById(db, complaintId) : null;
    if (complaint) return { kind: 'complaint', complaint, evidence: 'customer-references', detail: `continues the sender's own mail <${ref}>` };
  }

  const guid = threadGuid(msg);
  if (guid) {
    const complaintId = inboundComplaintOfConversation(db, id, guid, from);
    const complaint = complaintId !== null ? complaintById(db, complaintId) : null;
    if (complaint) return { kind: 'complaint', complaint, evidence: 'thread-index', detail: `Outlook conversation ${guid}` };
  }
  return { kind: 'new', mentioned: [] };
}

/** The Outlook conversation GUID of a mail, if it has a valid Thread-Index. */
export function threadGuid(msg: ParsedMessage): string | null {
  const v = headerValues(msg, 'thread-index')[0];
  return v ? (parseThreadIndex(v)?.guid ?? null) : null;
}
