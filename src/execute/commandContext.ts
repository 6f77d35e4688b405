import type { ParsedMessage } from '../parse/types.js';
import type { Complaint } from '../store/complaints.js';
import type { Moment } from '../tenant/context.js';

/** A mail whose subject carries a command tag, from one of the tenant's people, at the moment it is handled. */
export interface CommandMail extends Moment {
  msg: ParsedMessage;
  /** What the sender newly wrote (quote and signature removed): the commands' body. */
  body: string;
  quoted: string;
  /** The complaint the mail threads to, if any. */
  complaint: Complaint | null;
}
