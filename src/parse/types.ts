/** One mailbox address, address lower-cased, display name decoded (may be empty). */
export interface MailAddress {
  name: string;
  address: string;
}

/** One header line as it appeared in the message, top to bottom; key lower-cased, value unfolded but not decoded. */
export interface HeaderLine {
  key: string;
  value: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  content: Buffer;
}

/**
 * What the pipeline knows of a mail after parsing. Produced by src/parse/parse.ts from the raw
 * source; everything downstream (guards, threading, intake, commands) reads only this.
 */
export interface ParsedMessage {
  /** Message-ID without angle brackets, or null when absent. */
  messageId: string | null;
  /** In-Reply-To ids, without angle brackets. */
  inReplyTo: string[];
  /** References ids in order, without angle brackets (space- or comma-separated in the source). */
  references: string[];
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  date: Date | null;
  /** Every header line, top to bottom. */
  headers: HeaderLine[];
  /** Plain-text body: the text part, or the HTML part converted to text. Valid UTF-8. */
  text: string;
  /** HTML body when the mail had one. */
  html: string | null;
  attachments: AttachmentInfo[];
}

/** All values of one header (case-insensitive name), top to bottom. */
export function headerValues(msg: Pick<ParsedMessage, 'headers'>, name: string): string[] {
  const key = name.toLowerCase();
  return msg.headers.filter((h) => h.key === key).map((h) => h.value);
}
