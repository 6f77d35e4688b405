// Child process: the test SMTP sink (a real smtp-server on 127.0.0.1). It reports every
// accepted message to the parent with the time the 250 reply was due, and keeps the parsed
// copies here, out of the daemon's process. Ends when the parent disconnects.
import { startSmtpSink } from '../helpers/smtpSink.js';

export type SinkReport =
  | { type: 'ready'; port: number }
  | {
      type: 'accepted';
      /** Date.now() when the sink accepted the message. */
      at: number;
      /** 1-based count of accepted messages. */
      count: number;
      /** Without angle brackets, as the outbox stores it. */
      messageId: string | null;
    };

const sink = await startSmtpSink();

function send(report: SinkReport): void {
  process.send?.(report);
}

process.once('disconnect', () => {
  void sink.stop().then(() => process.exit(0));
});

send({ type: 'ready', port: sink.port });

// The sink resolves a waiter synchronously from its 'message' event, so `at` is the moment the
// message was accepted.
for (let n = 1; ; n++) {
  const messages = await sink.waitForMessages(n, 2 ** 31 - 1);
  const m = messages[n - 1]!;
  const messageId = m.parsed.messageId?.replace(/^<|>$/g, '') ?? null;
  send({ type: 'accepted', at: Date.now(), count: n, messageId });
}
