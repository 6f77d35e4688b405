// A real SMTP server on 127.0.0.1 that keeps what it receives, for tests of the sender.
// Failures can be injected per recipient, at RCPT or at DATA, with 4xx (temporary: the client
// should retry) or 5xx (permanent: give up) replies, and changed while the server runs.
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface SmtpFailure {
  /** SMTP reply code: 4xx temporary, 5xx permanent. */
  code: number;
  message: string;
  /** Where to reply with it: to the RCPT TO command (default), or after the DATA body. */
  at?: 'rcpt' | 'data';
}

/** Decides, per recipient address, whether to fail; null accepts. */
export type SmtpFailurePolicy = (rcpt: string) => SmtpFailure | null;

export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** The AUTH user name when the client authenticated (any credentials are accepted). */
  authUser: string | null;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** Accepted messages, in the order their DATA completed. */
  readonly messages: readonly ReceivedMessage[];
  /** Resolves with the messages once at least `n` were accepted; rejects after `timeoutMs`. */
  waitForMessages(n: number, timeoutMs: number): Promise<ReceivedMessage[]>;
  /** Replaces the failure policy; null accepts everything. */
  setFailure(fn: SmtpFailurePolicy | null): void;
  /** Closes the listener and drops open (e.g. pooled) client connections. Idempotent. */
  stop(): Promise<void>;
}

export interface StartSmtpSinkOptions {
  failWith?: SmtpFailurePolicy;
  /** Advertised SIZE limit (RFC 1870), bytes; default 25 MiB. */
  sizeLimit?: number;
}

const HOST = '127.0.0.1';
const DEFAULT_SIZE_LIMIT = 25 * 1024 * 1024;
/** Pooled clients keep idle connections open; close() waits this long before cutting them. */
const CLOSE_TIMEOUT_MS = 200;

function smtpError(failure: SmtpFailure): Error & { responseCode: number } {
  return Object.assign(new Error(failure.message), { responseCode: failure.code });
}

function envelopeOf(session: SMTPServerSession): ReceivedMessage['envelope'] {
  const { mailFrom, rcptTo } = session.envelope;
  return { from: mailFrom === false ? '' : mailFrom.address, to: rcptTo.map((r) => r.address) };
}

export async function startSmtpSink(opts: StartSmtpSinkOptions = {}): Promise<SmtpSink> {
  let failure: SmtpFailurePolicy | null = opts.failWith ?? null;
  const messages: ReceivedMessage[] = [];
  const events = new EventEmitter();

  const failureAt = (rcpt: string, stage: 'rcpt' | 'data'): SmtpFailure | null => {
    const result = failure?.(rcpt) ?? null;
    return result !== null && (result.at ?? 'rcpt') === stage ? result : null;
  };

  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // AUTH over plaintext is refused by default; the app under test may be configured with
    // credentials, and the sink is loopback-only.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    size: opts.sizeLimit ?? DEFAULT_SIZE_LIMIT,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? '' });
    },
    onRcptTo(address, _session, callback) {
      const rejected = failureAt(address.address, 'rcpt');
      callback(rejected ? smtpError(rejected) : null);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', (err) => callback(err));
      stream.once('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError({ code: 552, message: 'Message exceeds fixed maximum message size' }));
          return;
        }
        const envelope = envelopeOf(session);
        for (const rcpt of envelope.to) {
          const rejected = failureAt(rcpt, 'data');
          if (rejected) {
            callback(smtpError(rejected));
            return;
          }
        }
        const raw = Buffer.concat(chunks);
        const authUser = typeof session.user === 'string' ? session.user : null;
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ envelope, raw, parsed, authUser });
            events.emit('message');
            callback(null, 'Message queued');
          },
          (err: unknown) => callback(new Error('could not parse message', { cause: err })),
        );
      });
    },
  });

  server.listen(0, HOST);
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;

  let stopped: Promise<void> | null = null;

  return {
    host: HOST,
    port,
    messages,
    setFailure(fn) {
      failure = fn;
    },
    waitForMessages(n, timeoutMs) {
      if (messages.length >= n) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const onMessage = (): void => {
          if (messages.length < n) return;
          clearTimeout(timer);
          events.off('message', onMessage);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          events.off('message', onMessage);
          const got = messages.map((m) => `${m.envelope.from} -> ${m.envelope.to.join(',')}: ${m.parsed.subject ?? '(no subject)'}`);
          reject(
            new Error(
              `smtp sink on port ${port}: expected ${n} message(s) within ${timeoutMs} ms, got ${messages.length}` +
                (got.length ? `\n  ${got.join('\n  ')}` : ''),
            ),
          );
        }, timeoutMs);
        events.on('message', onMessage);
      });
    },
    stop() {
      stopped ??= new Promise((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
