import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/schema.js';
import type { OutboxMail } from '../store/outbox.js';
import { composeOptions, responseCodeOf, type MailTransport } from './transport.js';

/** SMTP through a pooled nodemailer transport: one TLS handshake for many letters. */
export class SmtpTransport implements MailTransport {
  readonly name: string;
  readonly concurrency: number;
  readonly #t: Transporter;

  constructor(cfg: SmtpConfig) {
    this.name = `smtp:${cfg.host}:${cfg.port}`;
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

  async close(): Promise<void> {
    this.#t.close();
  }
}
