import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/schema.js';
import type { OutboxMail } from '../store/outbox.js';
import { composeOptions, responseCodeOf, type MailTransport } from './transport.js';

/** SMTP through a pooled nodemailer transport: one TLS handshake for many letters. */
export class SmtpTransport implements MailTransport {
  readonly name: string;
  readonly concurrency: number;
  readonly #t: Transporter;
  /** host:port, for messages. */
  readonly #host: string;

  constructor(cfg: SmtpConfig) {
    this.#host = `${cfg.host}:${cfg.port}`;
    this.name = `smtp:${this.#host}`;
    this.concurrency = cfg.maxConnections;
    this.#t = nodemailer.createTransport({
      pool: true,
      maxConnections: cfg.maxConnections,
      host: cfg.host,
      port: cfg.port,
      secure: cfg.secure,
      requireTLS: cfg.requireTLS,
      ...(cfg.user ? { auth: { user: cfg.user, pass: cfg.password ?? '' } } : {}),
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: OutboxMail): Promise<{ responseCode: number | null; response: string }> {
    const info = (await this.#t.sendMail(composeOptions(mail))) as { response?: string; rejected?: unknown[] };
    if (Array.isArray(info.rejected) && info.rejected.length > 0) {
      throw Object.assign(new Error(`recipient rejected: ${info.response ?? ''}`), { responseCode: responseCodeOf(info.response) ?? 550 });
    }
    return { responseCode: responseCodeOf(info.response), response: info.response ?? '' };
  }

  /**
   * Connect, EHLO, STARTTLS where configured, and log in, without sending (nodemailer's verify).
   * Nothing calls it on start: a mail server that is down then must not stop the daemon, the
   * sender retries instead. It is for `status` / `check-config`.
   */
  async verify(): Promise<void> {
    try {
      await this.#t.verify();
    } catch (err) {
      const e = err as Error & { code?: string; responseCode?: number };
      const detail = [e.code, e.responseCode].filter((x) => x !== undefined).join(' ');
      throw new Error(`SMTP transport: verifying ${this.#host} (connect, EHLO, login) failed: ${detail ? `${detail} ` : ''}${e.message}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    this.#t.close();
  }
}
