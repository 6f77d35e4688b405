// `export REF --out DIR` and `export --person EMAIL --out DIR`, run as an operator runs them
// (node dist/cli.js) against a data directory the real daemon filled over the Maildir source and
// the file transport: a hostile customer name and subject, an attachment, letters out, and a
// second complaint of the same customer with another company.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { complaintByReference } from '../../src/store/complaints.js';
import { openDb } from '../../src/store/db.js';
import { exportInboundRaw } from '../../src/store/export.js';
import { outboxForComplaint } from '../../src/store/outbox.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli } from './runCli.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const b64 = (s: string) => `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const CUSTOMER = 'mallory@klant.example';
const HOSTILE_NAME = '<script>alert(1)</script> Mallory';
const HOSTILE_SUBJECT = 'Klacht <img src=x onerror=alert(2)> & "rapport"';
const PDF = Buffer.from('%PDF-1.4\n% exported attachment\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** A complaint with a PDF attached: multipart, as a mail client sends it. */
function withAttachment(at: Date): string {
  return [
    `From: ${b64(HOSTILE_NAME)} <${CUSTOMER}>`,
    'To: klachten@purasec.nl',
    `Subject: ${b64(HOSTILE_SUBJECT)}`,
    'Message-ID: <export-first@test.example>',
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Het rapport van 2 december was onvolledig. <script>document.location="https://evil.example/"</script>',
    '--b1',
    'Content-Type: application/pdf; name="rapport.pdf"',
    'Content-Disposition: attachment; filename="rapport.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    PDF.toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

/** Over the 256 KB header cap: quarantined, the source kept. */
const QUARANTINED = (at: Date) =>
  [
    `From: Mallory <${CUSTOMER}>`,
    'To: info@preact-software.nl',
    'Subject: Nog een klacht',
    'Message-ID: <export-quarantined@test.example>',
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    ...Array.from({ length: 3000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(100)}`),
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Mijn derde klacht.',
    '',
  ].join('\r\n');

describe('export (node dist/cli.js)', () => {
  let cfg: LoadedConfig & { root: string };
  let out: string;
  const cli = (...args: string[]) => runCli([...args, '--config', cfg.dir]);
  const made: string[] = [];
  const fresh = () => {
    made.push(mkdtempSync(join(tmpdir(), 'cd-export-')));
    return join(made[made.length - 1]!, 'out');
  };

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'preact' }, { id: 'purasec' }]);
    const clock = new ManualClock('2026-12-14T09:00:00Z');
    const daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    const { send, deliver, last } = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'export' });
    await daemon.start();
    try {
      await deliver('purasec', withAttachment(clock.now()));
      const request = last(CUSTOMER, /Ontvangstbevestiging/);
      clock.set('2026-12-15T13:00:00Z');
      await send('purasec', {
        from: CUSTOMER,
        to: 'klachten@purasec.nl',
        subject: `Re: ${request.parsed.subject}`,
        inReplyTo: request.parsed.messageId!,
        body: 'Het gaat om de penetratietest van november.',
      });
      const assignment = last('daan.bakker@example.nl', /toegewezen/);
      clock.set('2026-12-16T10:00:00Z');
      await send('purasec', {
        from: 'Daan Bakker <daan.bakker@example.nl>',
        to: 'klachten@purasec.nl',
        subject: 'Re: [PS-2026-0001] #notitie',
        inReplyTo: assignment.parsed.messageId!,
        body: 'Gebeld met de klant: het ging om het eindrapport.',
      });
      clock.set('2026-12-17T09:30:00Z');
      await send('preact', {
        from: `Mallory <${CUSTOMER}>`,
        to: 'info@preact-software.nl',
        subject: 'Klacht over de koppeling',
        body: 'De koppeling met ons boekhoudpakket werkt al weken niet. Ik ben hier zeer ontevreden over.',
      });
      // Another customer's complaint, and Mallory answering in its thread: her mail, filed with someone else's complaint.
      clock.set('2026-12-17T10:00:00Z');
      await send('preact', {
        from: 'Jan Klant <jan@preact-klant.example>',
        to: 'info@preact-software.nl',
        subject: 'Klacht over de factuur',
        body: 'De factuur van november klopt niet: er staan twee licenties te veel op. Ik ben hier zeer ontevreden over.',
      });
      const jan = last('jan@preact-klant.example', /Ontvangstbevestiging/);
      clock.set('2026-12-17T11:00:00Z');
      await send('preact', {
        from: CUSTOMER,
        to: 'info@preact-software.nl',
        subject: `Re: ${jan.parsed.subject}`,
        inReplyTo: jan.parsed.messageId!,
        body: 'Bij ons staat dezelfde fout op de factuur.',
      });
      // A mail from her the desk could not read: its header block is over the cap, so it is quarantined with its source.
      clock.set('2026-12-17T12:00:00Z');
      await deliver('preact', QUARANTINED(clock.now()));
    } finally {
      await daemon.stop();
    }
    out = fresh();
  }, 60_000);
  afterAll(() => {
    if (process.env.KEEP_EXPORT) console.log(made.join('\n'));
    else for (const dir of [cfg.root, ...made]) rmSync(dir, { recursive: true, force: true });
  });

  const stored = (reference: string) => {
    const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
    try {
      const c = complaintByReference(db, reference)!;
      return { inbound: exportInboundRaw(db, c.id), outbox: outboxForComplaint(db, c.id) };
    } finally {
      db.close();
    }
  };

  it('writes dossier.html: header, deadlines, the conversation in order, attachments; customer text escaped, nothing loaded from elsewhere', () => {
    const r = cli('export', 'PS-2026-0001', '--out', out, '--now', '2026-12-21T09:00:00Z');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^PS-2026-0001: dossier\.html and \d+ mail\(s\) written to /);
    const html = readFileSync(join(out, 'dossier.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<h1>Klachtdossier PS-2026-0001</h1>');
    expect(html).toContain('<tr><th>contactpersoon</th><td>Daan Bakker &lt;daan.bakker@example.nl&gt;  +31 15 555 0201</td></tr>');
    expect(html).toContain('<tr><th>dienst</th><td>Pentest</td></tr>');
    expect(html).toContain('@media print');
    expect(html).toContain('@page { size: A4;');
    // Deadlines kept and running.
    expect(html).toContain('<div class="entry">Ontvangstbevestiging met contactpersoon</div>');
    expect(html).toMatch(/uiterlijk wo 16 dec 2026, einde van de dag: gehaald/);
    expect(html).toContain('uiterlijk wo 30 dec 2026, einde van de dag: nog 6 werkdagen');
    // The conversation in order.
    const order = [
      '<h2>verloop</h2>',
      'mail van de klant &lt;script&gt;alert(1)&lt;/script&gt; Mallory &lt;mallory@klant.example&gt;: Klacht &lt;img src=x onerror=alert(2)&gt; &amp; &quot;rapport&quot;',
      'Het rapport van 2 december was onvolledig. &lt;script&gt;document.location=&quot;https://evil.example/&quot;&lt;/script&gt;',
      'klacht geregistreerd',
      'Het gaat om de penetratietest van november.',
      'informatie aangevuld',
      'notitie door Daan Bakker',
      'Gebeld met de klant: het ging om het eindrapport.',
      '<h2>bijlagen</h2>',
      'rapport.pdf  application/pdf',
      '<h2>E-mails in deze map</h2>',
    ];
    let from = 0;
    for (const piece of order) {
      const at = html.indexOf(piece, from);
      expect(at, `"${piece}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + piece.length;
    }
    // No markup from customer text, no script of our own, nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>/i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain('\u001b');
  });

  it('writes every inbound mail byte for byte and every letter sent as it went out (Message-ID, threading, subject)', async () => {
    const files = readdirSync(out).sort();
    const inFiles = files.filter((f) => /^\d{4}-\d\d-\d\dT\d{4}-in-\d{3}\.eml$/.test(f));
    const outFiles = files.filter((f) => /^\d{4}-\d\d-\d\dT\d{4}-out-\d{3}-[a-z0-9-]+\.eml$/.test(f));
    expect(files.length).toBe(inFiles.length + outFiles.length + 1);
    // Local time in the name: received Mon 14 Dec 2026 10:00 Amsterdam.
    expect(inFiles[0]).toBe('2026-12-14T1000-in-001.eml');
    const { inbound, outbox } = stored('PS-2026-0001');
    expect(inFiles.length).toBe(inbound.length);
    expect(inbound.length).toBeGreaterThanOrEqual(3);
    inFiles.forEach((f, i) => expect(readFileSync(join(out, f)).equals(inbound[i]!.raw), f).toBe(true));
    const first = await simpleParser(readFileSync(join(out, inFiles[0]!)));
    expect(first.attachments.map((a) => [a.filename, a.content.equals(PDF)])).toEqual([['rapport.pdf', true]]);

    const sent = outbox.filter((o) => o.status === 'sent');
    expect(sent.some((o) => o.kind === 'acknowledgement' || o.toAddress === CUSTOMER)).toBe(true);
    expect(outFiles.length).toBe(sent.length);
    const parsed = await Promise.all(outFiles.map(async (f) => ({ f, p: await simpleParser(readFileSync(join(out, f))) })));
    for (const o of sent) {
      const hit = parsed.find((x) => x.p.messageId === `<${o.messageId}>`);
      expect(hit, `letter #${o.id} ${o.kind}`).toBeDefined();
      expect(hit!.f).toContain(`-out-`);
      expect(hit!.f.endsWith(`-${o.kind}.eml`)).toBe(true);
      expect(hit!.p.subject).toBe(o.subject);
      expect(hit!.p.inReplyTo ?? null).toBe(o.inReplyTo ? `<${o.inReplyTo}>` : null);
      expect(hit!.p.date?.toISOString()).toBe(new Date(o.sentAt!).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
      expect((hit!.p.to as { value: Array<{ address: string }> }).value[0]!.address).toBe(o.toAddress);
    }
    // The dossier lists the files beside it.
    const html = readFileSync(join(out, 'dossier.html'), 'utf8');
    for (const f of [...inFiles, ...outFiles]) expect(html).toContain(`<li><code>${f}</code></li>`);
  });

  // Like test/letters/browser.test.ts: skipped without chromium, except in CI where it must run.
  it.skipIf(!HAVE_CHROMIUM && process.env.CI !== 'true')(
    'dossier.html in chromium: customer text is text, nothing is fetched, it prints on A4 without running off the page',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
        const fetched: string[] = [];
        const dialogs: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith('file://')) fetched.push(r.url());
        });
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        await page.goto(`file://${join(out, 'dossier.html')}`);
        // DOM code as a string: the tests are compiled without the DOM library.
        const seen = await page.evaluate<{ scripts: number; images: number; text: string }>(
          '({ scripts: document.scripts.length, images: document.images.length, text: document.body.innerText })',
        );
        expect(seen.scripts).toBe(0);
        expect(seen.images).toBe(0);
        expect(seen.text).toContain(`${HOSTILE_NAME} <${CUSTOMER}>`);
        expect(seen.text).toContain(HOSTILE_SUBJECT);
        expect(fetched).toEqual([]);
        expect(dialogs).toEqual([]);
        // A4 less the 16 mm margins is about 670 CSS px: nothing wider in print.
        await page.setViewportSize({ width: 670, height: 1000 });
        await page.emulateMedia({ media: 'print' });
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow).toBeLessThanOrEqual(0);
        const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      } finally {
        await browser.close();
      }
    },
    30_000,
  );

  it('refuses a directory that is not empty unless --force, and says so', () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const r = cli('export', 'PS-2026-0001', '--out', dir);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`complaintdesk: ${dir} is not empty; choose a new directory or add --force to write into it\n`);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
    const forced = cli('export', 'PS-2026-0001', '--out', dir, '--force');
    expect(forced.status).toBe(0);
    expect(readdirSync(dir)).toContain('dossier.html');
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('an unknown reference exits 1 and writes nothing; --lang en writes the dossier in English', () => {
    const dir = fresh();
    const r = cli('export', 'PS-2026-0999', '--out', dir);
    expect(r.status).toBe(1);
    expect(r.err).toBe('no complaint PS-2026-0999\n');
    expect(existsSync(dir)).toBe(false);
    const en = fresh();
    expect(cli('export', 'PS-2026-0001', '--out', en, '--lang', 'en', '--now', '2026-12-21T09:00:00Z').status).toBe(0);
    const html = readFileSync(join(en, 'dossier.html'), 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Complaint dossier PS-2026-0001</h1>');
    expect(html).toContain('<h2>conversation</h2>');
    expect(html).not.toContain('verloop');
  });

  it('--person: each complaint of that customer in its own folder, and index.html listing them', () => {
    const dir = fresh();
    const r = cli('export', '--person', 'Mallory@Klant.example', '--out', dir);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^mallory@klant\.example: 2 complaint\(s\), 2 other mail\(s\), \d+ mail file\(s\) and index\.html written to /);
    expect(readdirSync(dir).sort()).toEqual(['PA-2026-0001', 'PS-2026-0001', 'index.html', 'other-mail']);
    for (const ref of ['PS-2026-0001', 'PA-2026-0001']) {
      expect(readFileSync(join(dir, ref, 'dossier.html'), 'utf8')).toContain(`Klachtdossier ${ref}</h1>`);
      const { inbound } = stored(ref);
      const inFiles = readdirSync(join(dir, ref))
        .filter((f) => f.includes('-in-'))
        .sort();
      expect(inFiles.length).toBe(inbound.length);
      inFiles.forEach((f, i) => expect(readFileSync(join(dir, ref, f)).equals(inbound[i]!.raw)).toBe(true));
    }
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(index).toContain('<h1>Gegevens over mallory@klant.example</h1>');
    expect(index.indexOf('href="PS-2026-0001/dossier.html"')).toBeGreaterThan(0);
    expect(index.indexOf('href="PA-2026-0001/dossier.html"')).toBeGreaterThan(index.indexOf('href="PS-2026-0001/dossier.html"'));
    expect(index).toContain('Klacht &lt;img src=x onerror=alert(2)&gt; &amp; &quot;rapport&quot;');
    expect(index).not.toMatch(/<script|<img/i);
    // Her mail in Jan's thread, and the quarantined one, byte for byte.
    const db = openDb(join(cfg.dataDir, 'complaintdesk.sqlite'));
    const elsewhere = db
      .prepare(
        `SELECT raw FROM inbound_messages WHERE message_id LIKE 'export-%' AND from_address = ? AND complaint_id IN (SELECT id FROM complaints WHERE customer_email <> ?)`,
      )
      .pluck()
      .all(CUSTOMER, CUSTOMER) as Buffer[];
    const quarantined = db.prepare('SELECT raw FROM quarantine').pluck().all() as Buffer[];
    db.close();
    expect(elsewhere.length).toBe(1);
    expect(quarantined.length).toBe(1);
    const other = readdirSync(join(dir, 'other-mail')).sort();
    expect(other).toEqual(['2026-12-17T1200-in-001.eml', '2026-12-17T1300-in-002-quarantined.eml']);
    expect(readFileSync(join(dir, 'other-mail', other[0]!)).equals(elsewhere[0]!)).toBe(true);
    expect(readFileSync(join(dir, 'other-mail', other[1]!)).equals(quarantined[0]!)).toBe(true);
    expect(index).toContain('<td>bij klacht PA-2026-0002</td>');
    expect(index).toContain('<td>in quarantaine</td>');
    expect(index).toContain('href="other-mail/2026-12-17T1300-in-002-quarantined.eml"');
  });

  it('--person of an address with nothing stored writes an index that says so', () => {
    const dir = fresh();
    const r = cli('export', '--person', 'nobody@example.org', '--out', dir);
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['index.html']);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('geen klachten op dit adres');
  });
});

describe('export arguments', () => {
  it('takes a reference or --person, and needs --out', async () => {
    const { parseInvocation } = await import('../../src/cli/args.js');
    expect(parseInvocation(['export', 'PS-2026-0001', '--out', 'x', '--force', '--lang', 'en'])).toEqual({
      ok: true,
      invocation: { command: 'export', config: undefined, target: { reference: 'PS-2026-0001' }, out: 'x', force: true, lang: 'en', now: undefined },
    });
    expect(parseInvocation(['export', '--person', 'a@b.example', '--out', 'x'])).toMatchObject({
      ok: true,
      invocation: { target: { person: 'a@b.example' }, force: false },
    });
    expect(parseInvocation(['export', 'PS-2026-0001'])).toEqual({ ok: false, message: 'export needs --out DIR (a new or empty directory)' });
    expect(parseInvocation(['export', '--out', 'x'])).toEqual({
      ok: false,
      message: 'export needs a complaint reference or --person EMAIL (export REF --out DIR)',
    });
    expect(parseInvocation(['export', 'PS-2026-0001', '--person', 'a@b.example', '--out', 'x'])).toEqual({
      ok: false,
      message: 'export takes a complaint reference or --person EMAIL, not both',
    });
    expect(parseInvocation(['export', '--person', 'nobody', '--out', 'x'])).toEqual({ ok: false, message: '--person "nobody" is not an email address' });
    expect(parseInvocation(['export', 'PS-2026-0001', '--out', 'x', '--json'])).toEqual({ ok: false, message: 'option --json does not apply to export' });
  });
});
