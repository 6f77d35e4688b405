// Every malformed fixture (and the generated hostile mails) dropped into the Maildir at once:
// the daemon processes or quarantines each one, drops none, keeps every raw source byte for
// byte, and then still acknowledges an ordinary complaint (SPEC §3 Parsing, §9).
import { maildirSourceKey } from '../../src/store/inbound.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QuarantineReasons } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { generatedHostileMails, htmlTagFlood, hugeMail } from '../fixtures/malformed/generate.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const DIR = fileURLToPath(new URL('../fixtures/malformed/', import.meta.url));
/** Big enough for the generated hostile mails to reach the parser, small enough to test the cap. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * The production budget (limits.parseTimeoutMs, 15 s): every mail here parses in well under a
 * second, except the unclosed-tag flood, which takes about one. The last test gives the flood a
 * budget it cannot meet.
 */
const PARSE_TIMEOUT_MS = 15_000;
/** The smallest budget the config accepts: the flood cannot be parsed in it, a normal mail can. */
const TINY_PARSE_TIMEOUT_MS = 100;

interface Delivered {
  name: string;
  raw: Buffer;
}

interface StoredRow {
  source_key: string;
  raw: Buffer | null;
}

function normalComplaint(): string {
  return [
    'From: Sanne de Boer <sanne.deboer@klant.example>',
    'To: klachten@purasec.nl',
    'Subject: Klacht over de pentest-rapportage',
    'Message-ID: <after-malformed@klant.example>',
    'Date: Mon, 16 Nov 2026 11:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Geachte heer/mevrouw,',
    '',
    'Het rapport van de pentest is drie weken te laat en onvolledig. Ik dien hierbij een klacht in.',
    '',
    'Met vriendelijke groet,',
    'Sanne de Boer',
    '',
  ].join('\r\n');
}

describe('malformed mail through the daemon (Maildir source, file transport)', () => {
  it('ends every hostile mail processed or quarantined, drops none, and still acknowledges a normal complaint', async () => {
    const cfg = writeTestConfig([{ id: 'purasec' }], { limits: { maxMessageBytes: MAX_MESSAGE_BYTES, parseTimeoutMs: PARSE_TIMEOUT_MS } });
    const maildir = join(cfg.dataDir, 'maildir', 'purasec');
    const mails: Delivered[] = [
      ...readdirSync(DIR)
        .filter((n) => n.endsWith('.eml'))
        .sort()
        .map((name) => ({ name, raw: readFileSync(join(DIR, name)) })),
      ...generatedHostileMails(),
      htmlTagFlood(),
      hugeMail(MAX_MESSAGE_BYTES + 1, 'generated:just-over-cap'),
      hugeMail(30 * 1024 * 1024),
    ];
    expect(mails.length).toBeGreaterThanOrEqual(35);

    const bySourceKey = new Map<string, Delivered>();
    for (const m of mails) bySourceKey.set(maildirSourceKey(maildirDeliver(maildir, m.raw, 'malformed'), m.raw), m);

    const daemon = new Daemon({ config: cfg, log: silentLogger });
    try {
      const started = performance.now();
      await daemon.runOnce();
      const ms = Math.round(performance.now() - started);
      const db = daemon.db;

      const inbound = db.prepare('SELECT source_key, disposition, detail, raw FROM inbound_messages ORDER BY id').all() as Array<
        StoredRow & { disposition: string; detail: string | null }
      >;
      const quarantine = db.prepare('SELECT source_key, reason, detail, size, raw FROM quarantine ORDER BY id').all() as Array<
        StoredRow & { reason: string; detail: string; size: number }
      >;
      const outcome = new Map<string, string>();
      for (const r of inbound) outcome.set(r.source_key, `${r.disposition}${r.detail ? ` (${r.detail.slice(0, 60)})` : ''}`);
      for (const r of quarantine) outcome.set(r.source_key, `QUARANTINE ${r.reason}: ${r.detail.slice(0, 60)}`);
      console.log(
        `runOnce over ${mails.length} mails took ${ms} ms; outcome per mail:\n${[...bySourceKey].map(([key, m]) => `  ${m.name.padEnd(42)} ${outcome.get(key) ?? 'MISSING'}`).join('\n')}`,
      );

      // Nothing dropped: every delivered copy is exactly one stored or quarantined row.
      expect(inbound.length + quarantine.length).toBe(mails.length);
      const keys = [...inbound, ...quarantine].map((r) => r.source_key);
      expect(new Set(keys).size).toBe(keys.length);
      expect([...bySourceKey.keys()].filter((k) => !keys.includes(k)).map((k) => bySourceKey.get(k)!.name)).toEqual([]);

      // Every raw source kept byte for byte, quarantined or not.
      for (const r of [...inbound, ...quarantine]) {
        const sent = bySourceKey.get(r.source_key)!;
        expect(r.raw, `raw of ${sent.name}`).not.toBeNull();
        expect(Buffer.compare(r.raw!, sent.raw), `raw of ${sent.name}`).toBe(0);
      }
      for (const q of quarantine) {
        expect(Object.values(QuarantineReasons) as string[]).toContain(q.reason);
        expect(q.detail.trim().length, `detail of ${bySourceKey.get(q.source_key)!.name}`).toBeGreaterThan(0);
        expect(q.size).toBe(bySourceKey.get(q.source_key)!.raw.length);
      }

      const reasonOf = (name: string): string | undefined => {
        const key = [...bySourceKey].find(([, m]) => m.name === name)![0];
        return quarantine.find((q) => q.source_key === key)?.reason;
      };
      // A mail a person could have sent (legacy charsets, odd encodings) is processed, not quarantined.
      for (const name of mails
        .map((m) => m.name)
        .filter((n) => n.startsWith('charset-') || n.startsWith('rfc2') || n === 'tnef-winmail.eml' || n === 'attachment-exe-zip.eml')) {
        expect(reasonOf(name), name).toBeUndefined();
      }
      expect(reasonOf('empty.eml')).toBe('no-sender');
      expect(reasonOf('from-group-empty.eml')).toBe('no-sender');
      expect(reasonOf('binary-garbage.eml')).toMatch(/^(no-sender|parse-failed)$/);
      expect(reasonOf('generated:just-over-cap')).toBe('too-large');
      expect(reasonOf('generated:mail-30mb')).toBe('too-large');
      // Slow but bounded: within the production budget the flood is processed, not quarantined
      // (against a budget it cannot meet: the next test).
      expect(reasonOf('generated:html-unclosed-tags-900k')).toBeUndefined();

      // Attachments are stored as opaque bytes: the .exe and the zip as they came, the zip not unpacked.
      const exeKey = [...bySourceKey].find(([, m]) => m.name === 'attachment-exe-zip.eml')![0];
      const stored = db
        .prepare(
          'SELECT a.filename, a.content_type, a.size, length(a.content) AS bytes FROM attachments a JOIN inbound_messages m ON m.id = a.inbound_id WHERE m.source_key = ? ORDER BY a.id',
        )
        .all(exeKey);
      expect(stored).toEqual([
        { filename: 'factuur.pdf.exe', content_type: 'application/octet-stream', size: 128, bytes: 128 },
        { filename: 'bijlagen.zip', content_type: 'application/zip', size: 175, bytes: 175 },
      ]);

      // Every file left new/ for cur/.
      expect(readdirSync(join(maildir, 'new'))).toEqual([]);
      expect(readdirSync(join(maildir, 'cur'))).toHaveLength(mails.length);

      // Still up: an ordinary complaint afterwards is registered and acknowledged.
      maildirDeliver(maildir, normalComplaint(), 'normal');
      await daemon.runOnce();
      const complaint = db.prepare(`SELECT id, reference FROM complaints WHERE customer_email = 'sanne.deboer@klant.example'`).get() as
        { id: number; reference: string } | undefined;
      expect(complaint).toBeDefined();
      const ack = db.prepare(`SELECT status FROM outbox WHERE complaint_id = ? AND kind = 'acknowledgement'`).pluck().all(complaint!.id);
      expect(ack).toEqual(['sent']);
      const files = readdirSync(join(cfg.dataDir, 'outbox', 'purasec')).filter(
        (f) => f.endsWith('.eml') && f.includes(complaint!.reference) && f.includes('acknowledgement'),
      );
      expect(files).toHaveLength(1);
      expect(readFileSync(join(cfg.dataDir, 'outbox', 'purasec', files[0]!), 'utf8')).toContain('sanne.deboer@klant.example');
      expect(readdirSync(join(maildir, 'new'))).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });

  it('quarantines a mail that outlasts the parse budget as parse-timeout, raw kept, and still processes the mail after it', async () => {
    const cfg = writeTestConfig([{ id: 'purasec' }], { limits: { maxMessageBytes: MAX_MESSAGE_BYTES, parseTimeoutMs: TINY_PARSE_TIMEOUT_MS } });
    expect(cfg.global.limits.parseTimeoutMs).toBe(TINY_PARSE_TIMEOUT_MS);
    const maildir = join(cfg.dataDir, 'maildir', 'purasec');
    const flood = htmlTagFlood();
    const floodKey = maildirSourceKey(maildirDeliver(maildir, flood.raw, 'flood'), flood.raw);
    maildirDeliver(maildir, normalComplaint(), 'normal');
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    try {
      await daemon.runOnce();
      const db = daemon.db;
      const q = db.prepare('SELECT source_key, reason, detail, raw FROM quarantine').all() as Array<StoredRow & { reason: string; detail: string }>;
      expect(q.map((r) => ({ source_key: r.source_key, reason: r.reason, detail: r.detail }))).toEqual([
        { source_key: floodKey, reason: 'parse-timeout', detail: `parsing took longer than ${TINY_PARSE_TIMEOUT_MS} ms` },
      ]);
      expect(Buffer.compare(q[0]!.raw!, flood.raw)).toBe(0);
      // The stuck worker was replaced: the complaint delivered after the flood is registered and acknowledged.
      const complaint = db.prepare(`SELECT id FROM complaints WHERE customer_email = 'sanne.deboer@klant.example'`).get() as { id: number } | undefined;
      expect(complaint).toBeDefined();
      expect(db.prepare(`SELECT status FROM outbox WHERE complaint_id = ? AND kind = 'acknowledgement'`).pluck().all(complaint!.id)).toEqual(['sent']);
      expect(readdirSync(join(maildir, 'new'))).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });
});
