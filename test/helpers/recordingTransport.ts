import type { MailTransport } from '../../src/outbox/transport.js';
import type { OutboxMail } from '../../src/store/outbox.js';

/** A transport that accepts every mail at once (250) and keeps what it was given, in order. */
export function recordingTransport(concurrency = 1): MailTransport & { sent: OutboxMail[] } {
  const sent: OutboxMail[] = [];
  return {
    name: 'recording',
    concurrency,
    sent,
    send(mail: OutboxMail) {
      sent.push(mail);
      return Promise.resolve({ responseCode: 250, response: '250 ok' });
    },
    verify: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
