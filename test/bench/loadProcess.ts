// Child process: generates N complaint mails and APPENDs them over one IMAP connection (the
// Dovecot helper's append logs in per call, ~25 ms each), so the generated mail's garbage is
// not left in the daemon's process. Reports what was loaded.
import { ImapFlow } from 'imapflow';
import { generateMail } from './mails.js';

export interface LoadArgs {
  host: string;
  port: number;
  user: string;
  password: string;
  n: number;
  /** Tag of the generated mails (their Message-IDs and senders): a second load needs its own. */
  tag?: string;
}

export type LoadReport = {
  type: 'loaded';
  sizes: number[];
  withAttachment: number;
  withHtml: number;
  dutch: number;
  appendMs: number;
};

const args = JSON.parse(process.argv[2] ?? '{}') as LoadArgs;
const client = new ImapFlow({ host: args.host, port: args.port, secure: false, auth: { user: args.user, pass: args.password }, logger: false });
client.on('error', () => undefined); // a socket error also rejects the command in flight
await client.connect();

const report: LoadReport = { type: 'loaded', sizes: [], withAttachment: 0, withHtml: 0, dutch: 0, appendMs: 0 };
const t0 = performance.now();
for (let i = 0; i < args.n; i++) {
  const mail = await generateMail(i, args.tag ?? 'bulk');
  if ((await client.append('INBOX', mail.raw)) === false) throw new Error(`bench: APPEND of mail ${i} failed`);
  report.sizes.push(mail.raw.length);
  if (mail.hasAttachment) report.withAttachment++;
  if (mail.hasHtml) report.withHtml++;
  if (mail.language === 'nl') report.dutch++;
}
report.appendMs = Math.round(performance.now() - t0);
await client.logout();
process.send?.(report, () => process.exit(0));
