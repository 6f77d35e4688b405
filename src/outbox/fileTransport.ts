import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxMail } from '../store/outbox.js';
import { composeOptions, type MailTransport } from './transport.js';

/**
 * Files written by this process, counted across instances: the time stamp has millisecond
 * resolution and the same outbox row may be sent again within that millisecond (a retry, a
 * restarted sender on the same directory), which used to replace the first file. Zero-padded so
 * names sort in the order they were written.
 */
let written = 0;
const SEQ_DIGITS = 6;

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
    written = (written + 1) % 10 ** SEQ_DIGITS;
    const seq = String(written).padStart(SEQ_DIGITS, '0');
    const ref = mail.subject.match(/\[([A-Z]+-\d{4}-\d+)\]/)?.[1] ?? 'mail';
    const file = join(this.dir, `${stamp}-${seq}-${ref}-${mail.kind}-${mail.id}.eml`);
    writeFileSync(`${file}.tmp`, info.message);
    renameSync(`${file}.tmp`, file);
    return { responseCode: null, response: `written to ${file}` };
  }

  /** The directory exists (or can be made) and a file can be written in it: the same steps a send takes. */
  async verify(): Promise<void> {
    const probe = join(this.dir, `.verify-${process.pid}-${Date.now()}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(probe, '');
      rmSync(probe);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // mkdir's own words for a file where the directory (or one above it) should be are cryptic.
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way of the directory; ' : '';
      throw new Error(`file transport: cannot write mail to ${this.dir}: ${why}${(err as Error).message}`, { cause: err });
    }
  }

  async close(): Promise<void> {}
}
