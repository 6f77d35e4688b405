import type { Clock } from '../../src/core/clock.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import type { DovecotInstance } from './dovecot.js';
import type { ReceivedMessage, SmtpSink } from './smtpSink.js';
import { waitFor } from './waitFor.js';

export interface Login {
  user: string;
  password: string;
}

export interface Mail {
  from: string;
  subject: string;
  body: string;
  /** Message-ID (with or without <>) this mail replies to. */
  inReplyTo?: string;
  to?: string;
}

/**
 * Conversations with a running daemon through the real servers: a mail is APPENDed with
 * INTERNALDATE = the test clock's now (the moment of receipt), and `send` returns once it is
 * processed and everything it caused has reached the SMTP sink.
 */
/** A plain-text mail as a customer's or handler's client writes it, dated `at` (the test clock). */
export function rawMail(m: Mail, messageId: string, at: Date): string {
  const reply = m.inReplyTo ? `<${m.inReplyTo.replace(/^<|>$/g, '')}>` : null;
  return [
    `From: ${m.from}`,
    `To: ${m.to ?? 'complaints@test.example'}`,
    `Subject: ${m.subject}`,
    `Message-ID: <${messageId}>`,
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    ...(reply ? [`In-Reply-To: ${reply}`, `References: ${reply}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    m.body.replace(/\r?\n/g, '\r\n'),
    '',
  ].join('\r\n');
}

export function mailFlow(opts: { dc: () => DovecotInstance; smtp: () => SmtpSink; daemon: () => Daemon; clock: Clock; idPrefix: string }) {
  let seq = 0;
  const db = () => opts.daemon().db;

  /** Everything due by the test clock has been sent (letters deferred to a later slot wait; see autoReply.ts). */
  async function settled(): Promise<void> {
    await opts.daemon().drainSenders();
    await waitFor(
      () =>
        db()
          .prepare(`SELECT count(*) FROM outbox WHERE status = 'sending' OR (status = 'pending' AND next_attempt_at <= ?)`)
          .pluck()
          .get(opts.clock.now().toISOString()) === 0,
      { timeoutMs: 10_000, message: 'outbox drained' },
    );
    const sent = db().prepare(`SELECT count(*) FROM outbox WHERE status = 'sent'`).pluck().get() as number;
    await waitFor(() => opts.smtp().messages.length >= sent, { timeoutMs: 5_000, message: 'sink received every sent mail' });
  }

  async function send(login: Login, m: Mail): Promise<string> {
    const id = `${opts.idPrefix}-${++seq}@test.example`;
    const raw = rawMail(m, id, opts.clock.now());
    await opts.dc().append(login.user, raw, 'INBOX', opts.clock.now());
    await waitFor(() => db().prepare('SELECT 1 FROM inbound_messages WHERE message_id = ?').get(id), { timeoutMs: 10_000, message: `processed ${m.subject}` });
    await settled();
    return id;
  }

  /** The newest mail to `to` whose subject matches. */
  function last(to: string, subject?: RegExp): ReceivedMessage {
    const all = opts.smtp().messages;
    const m = [...all].reverse().find((x) => x.envelope.to.includes(to) && (!subject || subject.test(x.parsed.subject ?? '')));
    if (!m) throw new Error(`no mail to ${to} matching ${subject}: ${all.map((x) => `${x.envelope.to[0]}: ${x.parsed.subject}`).join(' | ')}`);
    return m;
  }

  return { send, settled, last, idOf: (m: ReceivedMessage) => m.parsed.messageId!.replace(/[<>]/g, '') };
}
