import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxMail } from '../store/outbox.js';
import { composeOptions, type MailTransport } from './transport.js';

/** The embedded default: each mail becomes an .eml file (written to a temp name, then renamed). */
export class FileTransport implements MailTransport {
  readonly name: string;
  readonly concurrency = 1;
  readonly #t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly dir: string) {
    this.name = `file:${dir}`;
    mkdirSync(dir, { recursive: true });
  }

  async send(mail: OutboxMail): Promise<{ responseCode: number | null; response: string }> {
    const info = (await this.#t.sendMail(composeOptions(mail))) as { message: Buffer };
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const ref = mail.subject.match(/\[([A-Z]+-\d{4}-\d+)\]/)?.[1] ?? 'mail';
    const file = join(this.dir, `${stamp}-${ref}-${mail.kind}-${mail.id}.eml`);
    writeFileSync(`${file}.tmp`, info.message);
    renameSync(`${file}.tmp`, file);
    return { responseCode: null, response: `written to ${file}` };
  }

  async close(): Promise<void> {}
}
