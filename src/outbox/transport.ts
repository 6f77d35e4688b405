import type { SendMailOptions } from 'nodemailer';
import { LOOP_HEADER } from '../thread/messageId.js';
import { headerSafe } from '../letters/render.js';
import type { OutboxMail } from '../store/outbox.js';

/** Sends one composed mail. Throws with nodemailer's `responseCode` so the caller can tell retry from give-up. */
export interface MailTransport {
  readonly name: string;
  /** How many sends may be in flight at once (the SMTP pool size). */
  readonly concurrency: number;
  send(mail: OutboxMail): Promise<{ responseCode: number | null; response: string }>;
  /**
   * Check that the destination would take mail now, sending nothing (SMTP: connect, EHLO, auth;
   * a directory: exists or can be made, and is writable). Throws an error naming the transport,
   * its host or directory, and why. A health check for `status` / `check-config`, not a gate on
   * start: the sender already retries a destination that is down.
   */
  verify(): Promise<void>;
  close(): Promise<void>;
}

const bracket = (id: string) => `<${id}>`;

/**
 * The wire form of an outbox row. The Message-ID was fixed at enqueue, so a retry is the same
 * mail to the recipient. Automatic mail says so (RFC 3834 Auto-Submitted) and asks Exchange not
 * to answer it with out-of-office replies; every mail carries our loop header.
 */
export function composeOptions(mail: OutboxMail): SendMailOptions {
  const headers: Record<string, string> = { [LOOP_HEADER]: headerSafe(mail.fromAddress) };
  if (mail.autoSubmitted) {
    headers['Auto-Submitted'] = mail.autoSubmitted;
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  return {
    from: { name: headerSafe(mail.fromName), address: mail.fromAddress },
    to: mail.toName ? { name: headerSafe(mail.toName), address: mail.toAddress } : mail.toAddress,
    subject: headerSafe(mail.subject, 250),
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: bracket(mail.messageId),
    ...(mail.inReplyTo ? { inReplyTo: bracket(mail.inReplyTo) } : {}),
    ...(mail.references.length ? { references: mail.references.map(bracket) } : {}),
    date: new Date(),
    headers,
    // Bounces come back to the complaints mailbox, where the bounce guard matches them.
    envelope: { from: mail.fromAddress, to: [mail.toAddress] },
  };
}

/** "250 2.0.0 Ok: queued" → 250. */
export function responseCodeOf(response: string | undefined): number | null {
  const m = /^(\d{3})/.exec(response ?? '');
  return m ? Number(m[1]) : null;
}
