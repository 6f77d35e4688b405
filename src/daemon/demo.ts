import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import type { LoadedConfig } from '../config/load.js';
import { silentLogger } from '../core/log.js';
import { maildirDeliver } from '../source/maildir.js';
import { Daemon } from './daemon.js';

function sampleComplaint(to: string, lang: 'nl' | 'en', n: number): string {
  const body =
    lang === 'nl'
      ? 'Geachte heer/mevrouw,\n\nAl drie weken werkt de koppeling met ons boekhoudpakket niet. Ondanks twee meldingen\nbij de helpdesk is er nog niets opgelost. Dit is voor ons onacceptabel; ik dien hierbij een klacht in.\n\nMet vriendelijke groet,\nJan Pietersen\n06-12345678\n'
      : 'Dear complaints team,\n\nYour pentest report arrived two weeks late and the findings were incomplete.\nI would like to file a formal complaint about this service.\n\nKind regards,\nSarah Miller\n';
  const from = lang === 'nl' ? '"Jan Pietersen" <jan.pietersen@klant.example>' : '"Sarah Miller" <sarah.miller@customer.example>';
  const subject = lang === 'nl' ? 'Klacht over koppeling boekhoudpakket' : 'Complaint about the pentest report';
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <demo-${n}-${Date.now()}@customer.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
  ].join('\r\n');
}

/**
 * Plays one sample complaint per tenant through the real pipeline (Maildir in, parse, store,
 * acknowledgement out as .eml) in a throw-away data directory, and prints what was sent.
 */
export async function runDemo(cfg: LoadedConfig, keepDir: string | undefined, out: (s: string) => void): Promise<void> {
  const dataDir = keepDir ? resolve(keepDir) : mkdtempSync(join(tmpdir(), 'complaintdesk-demo-'));
  const demoCfg: LoadedConfig = {
    ...cfg,
    dataDir,
    tenants: cfg.tenants.map((t) => ({
      ...t,
      mailbox: { maildir: { path: `maildir/${t.id}`, pollIntervalSeconds: 2 }, firstStart: 'process' as const },
      transport: { file: { path: `outbox/${t.id}` } },
    })),
  };
  out(`demo data directory: ${dataDir}`);
  const daemon = new Daemon({ config: demoCfg, log: silentLogger });
  try {
    demoCfg.tenants.forEach((t, i) => {
      const lang = i % 2 === 0 ? 'nl' : 'en';
      maildirDeliver(join(dataDir, 'maildir', t.id), sampleComplaint(t.address, lang, i), 'demo');
      out(`delivered a ${lang === 'nl' ? 'Dutch' : 'English'} complaint to ${t.address}`);
    });
    await daemon.runOnce();
  } finally {
    await daemon.stop();
  }
  for (const t of demoCfg.tenants) {
    const dir = join(dataDir, 'outbox', t.id);
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.eml'))
      .sort()) {
      const mail = await simpleParser(readFileSync(join(dir, f)));
      out(`\n===== ${t.name}: ${f}`);
      out(
        `From: ${mail.from?.text ?? ''}\nTo: ${Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '')}\nSubject: ${mail.subject ?? ''}\nMessage-ID: ${mail.messageId ?? ''}\nIn-Reply-To: ${mail.inReplyTo ?? ''}\nAuto-Submitted: ${headerText(mail.headers.get('auto-submitted'))}\n`,
      );
      out(mail.text ?? '');
    }
  }
}

/** A header value as mailparser gives it (string, or a structured value for some headers). */
function headerText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
