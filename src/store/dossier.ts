import type { Db } from './db.js';
import { stmt } from './stmt.js';

/**
 * The reads behind the operator's `list` and `show` that no other module needs: a complaint's
 * mail with what the sender newly wrote, and the listing filtered by contact person.
 */

/** One stored mail of a complaint, without its raw source. */
export interface DossierInbound {
  id: number;
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  /** What the sender newly wrote (quote and signature split off); the whole text for mail stored before that split existed. */
  newText: string;
  receivedAt: string;
  disposition: string;
  detail: string | null;
  size: number;
}

export function dossierInbound(db: Db, complaintId: number): DossierInbound[] {
  return (
    stmt(
      db,
      `SELECT id, message_id, from_address, from_name, subject, coalesce(new_text, text, '') AS new_text, received_at, disposition, detail, size
       FROM inbound_messages WHERE complaint_id = ? ORDER BY id`,
    ).all(complaintId) as Array<{
      id: number;
      message_id: string | null;
      from_address: string | null;
      from_name: string | null;
      subject: string | null;
      new_text: string;
      received_at: string;
      disposition: string;
      detail: string | null;
      size: number;
    }>
  ).map((r) => ({
    id: r.id,
    messageId: r.message_id,
    fromAddress: r.from_address,
    fromName: r.from_name,
    subject: r.subject,
    newText: r.new_text,
    receivedAt: r.received_at,
    disposition: r.disposition,
    detail: r.detail,
    size: r.size,
  }));
}

/** A person of a tenant: the contact person `list --mine` asks for (an address may be a person in several tenants). */
export interface TenantPerson {
  tenant: string;
  personId: string;
}

/**
 * Complaint ids for `list`, newest first: of the given tenants (null: all), in a state (null: any),
 * whose contact person is one of `handlers` (null: anyone).
 */
export function dossierComplaintIds(db: Db, filter: { tenant: string | null; state: string | null; handlers: TenantPerson[] | null; limit: number }): number[] {
  return stmt(
    db,
    `SELECT c.id FROM complaints c
     WHERE (@tenant IS NULL OR c.tenant = @tenant) AND (@state IS NULL OR c.state = @state)
       AND (@handlers IS NULL OR EXISTS (SELECT 1 FROM json_each(@handlers) h
            WHERE json_extract(h.value, '$.tenant') = c.tenant AND json_extract(h.value, '$.personId') = c.handler_id))
     ORDER BY c.id DESC LIMIT @limit`,
  )
    .pluck()
    .all({ tenant: filter.tenant, state: filter.state, handlers: filter.handlers ? JSON.stringify(filter.handlers) : null, limit: filter.limit }) as number[];
}
