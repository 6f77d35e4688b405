import type { AttachmentInfo } from '../parse/types.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

/** Store a mail's attachments as opaque bytes — never executed, never unpacked. Over the cap only the metadata is kept. */
export function attachmentsInsert(db: Db, inboundId: number, list: readonly AttachmentInfo[], maxBytes: number): void {
  const ins = stmt(db, 'INSERT INTO attachments (inbound_id, filename, content_type, size, content, note) VALUES (?, ?, ?, ?, ?, ?)');
  for (const a of list) {
    const fits = a.size <= maxBytes;
    ins.run(
      inboundId,
      a.filename,
      a.contentType,
      a.size,
      fits ? a.content : null,
      fits ? null : `over the ${maxBytes}-byte attachment cap; kept in the raw mail only`,
    );
  }
}

export interface AttachmentSummary {
  id: number;
  inboundId: number;
  filename: string | null;
  contentType: string;
  size: number;
  stored: boolean;
}

export function attachmentsForComplaint(db: Db, complaintId: number): AttachmentSummary[] {
  return (
    stmt(
      db,
      `SELECT a.id, a.inbound_id, a.filename, a.content_type, a.size, a.content IS NOT NULL AS stored
       FROM attachments a JOIN inbound_messages m ON m.id = a.inbound_id WHERE m.complaint_id = ? ORDER BY a.id`,
    ).all(complaintId) as Array<{ id: number; inbound_id: number; filename: string | null; content_type: string; size: number; stored: number }>
  ).map((r) => ({ id: r.id, inboundId: r.inbound_id, filename: r.filename, contentType: r.content_type, size: r.size, stored: r.stored === 1 }));
}
