// Issue 14: the bounce check, the automatic-mail rules that need no tenant policy and the reading of
// the body (new text, quote, signature, language, phone) moved from ingest's main thread into the
// parse worker (src/ingest/analyse.ts). What ingest decides must not change for any mail: every
// fixture mail, the text fixtures as mail bodies and the 1,000 generated bench mails go through
// the daemon's worker, and what the main thread makes of its analysis is compared with the old
// calls on the same mail (parseBounce, detectAutomatic, understand); then the same mails go
// through two daemons' ingest, one with the analysing worker and one with a parser that brings
// no analysis (ingest works it out itself), and the stored results must be the same row for row.
// The guard tests check the same for their own inputs (test/helpers/guardsBothWays.ts).
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalSchema } from '../../src/config/schema.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { detectAutomatic, type AutomaticPolicy } from '../../src/guards/automatic.js';
import { parseBounce } from '../../src/guards/bounce.js';
import { ANALYSE_WORKER, analysisOf, bodyReading, type MailAnalysis } from '../../src/ingest/analyse.js';
import { Ingest, type IngestResult } from '../../src/ingest/ingest.js';
import { understand, understood } from '../../src/intake/understand.js';
import { MailParser } from '../../src/parse/parse.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import type { SourceMail } from '../../src/source/types.js';
import { LOOP_HEADER } from '../../src/thread/messageId.js';
import { generateMail } from '../bench/mails.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** The production defaults (25 MiB, 256 KiB of headers, 15 s). */
const LIMITS = globalSchema.parse({}).limits;
const BENCH_MAILS = 1_000;

function emlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? emlFiles(path) : name.endsWith('.eml') ? [path] : [];
    });
}

/** A text fixture (a body as a mail client wrote it) as the body of a reply. */
function textFixtureMail(name: string): Buffer {
  const body = readFileSync(join(FIXTURES, 'text', name), 'utf8').replace(/\r?\n/g, '\r\n');
  const type = name.endsWith('.html') ? 'text/html' : 'text/plain';
  return Buffer.from(
    [
      'From: Marieke de Klant <marieke@klant.example>',
      'To: klachten@purasec.nl',
      `Subject: Re: [PS-2026-0001] ${name}`,
      `Message-ID: <text-${name}@klant.example>`,
      'Date: Mon, 16 Nov 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: ${type}; charset=utf-8`,
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    ].join('\r\n'),
  );
}

/** Mails for the rules of the policy, which still run first on the main thread. */
function policyMails(): Array<[string, Buffer]> {
  const mail = (name: string, headers: string[], from = 'Henk Mulder <h.mulder@example.nl>') =>
    [
      name,
      Buffer.from(
        [
          ...headers,
          `From: ${from}`,
          'To: klachten@purasec.nl',
          'Subject: Re: uw brief',
          `Message-ID: <policy-${name}@example.nl>`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Geachte heer, mijn klacht is nog niet opgelost.',
          '',
        ].join('\r\n'),
      ),
    ] as [string, Buffer];
  return [
    // Each also carries what a later rule would report: the policy's rule must still win.
    mail('own-loop', [`${LOOP_HEADER}: klachten@purasec.nl`, 'Auto-Submitted: auto-replied', 'List-Id: <x.example>']),
    mail('own-address', ['Auto-Submitted: auto-generated'], 'PuraSec <Klachten+noreply@PuraSec.nl>'),
    mail('too-many-hops', [...Array.from({ length: 30 }, (_, i) => `Received: from hop${i}.example by hop${i + 1}.example`), 'Precedence: bulk']),
    mail('too-many-hops-loop', [...Array.from({ length: 30 }, (_, i) => `Received: from hop${i}.example`), `${LOOP_HEADER}: info@preact-software.nl`]),
  ];
}

async function allMails(): Promise<Array<[string, Buffer]>> {
  const mails: Array<[string, Buffer]> = emlFiles(FIXTURES).map((path) => [path.slice(FIXTURES.length), readFileSync(path)]);
  for (const name of readdirSync(join(FIXTURES, 'text')).sort()) mails.push([`text/${name} (as a mail)`, textFixtureMail(name)]);
  mails.push(...policyMails());
  for (let i = 0; i < BENCH_MAILS; i++) mails.push([`bench mail ${i}`, (await generateMail(i, 'analyse')).raw]);
  return mails;
}

/** The two shipped tenants' policies as ingest builds them, the guard tests' own, and a low hop limit. */
const POLICIES: AutomaticPolicy[] = [
  ...['klachten@purasec.nl', 'info@preact-software.nl'].map((address) => ({
    loopHeader: LOOP_HEADER,
    loopTokens: [address],
    ownAddresses: [address],
    maxReceived: 25,
  })),
  { loopHeader: LOOP_HEADER, loopTokens: ['purasec-7f3a'], ownAddresses: ['Klachten@PuraSec.nl'], maxReceived: 5 },
];

/** What ingest's main thread made of a mail before the move, and what it makes of the worker's analysis now. */
function before(msg: ParsedMessage, raw: Buffer) {
  return {
    bounce: parseBounce(msg, raw),
    automatic: POLICIES.map((p) => detectAutomatic(msg, p)),
    understood: (['nl', 'en'] as const).map((fallback) => understand(msg, fallback)),
  };
}
function now(msg: ParsedMessage, analysis: MailAnalysis) {
  return {
    bounce: analysis.bounce,
    automatic: POLICIES.map((p) => detectAutomatic(msg, p, analysis.mailRules)),
    understood: (['nl', 'en'] as const).map((fallback) => understood(bodyReading(analysis, msg), fallback)),
  };
}

describe("the parse worker's analysis", () => {
  let mails: Array<[string, Buffer]>;
  const analysing = new MailParser(LIMITS, { worker: ANALYSE_WORKER });
  const plain = new MailParser(LIMITS);
  beforeAll(async () => {
    mails = await allMails();
  });
  afterAll(() => Promise.all([analysing.close(), plain.close()]));

  it('gives the main thread the same bounce, verdict and reading as the old calls, for every mail', async () => {
    let parsed = 0;
    let writtenOut = 0;
    let partChars = 0;
    for (const [name, raw] of mails) {
      const [withAnalysis, without] = await Promise.all([analysing.parse(raw), plain.parse(raw)]);
      // The parse itself is untouched: the same outcome with or without the analysis.
      expect(withAnalysis.ok ? { ok: true, msg: withAnalysis.msg } : withAnalysis, name).toStrictEqual(without);
      if (!withAnalysis.ok) continue;
      parsed++;
      const a = analysisOf(withAnalysis);
      expect(a, `${name}: the worker sent its analysis`).not.toBeNull();
      expect(now(withAnalysis.msg, a!), name).toStrictEqual(before(withAnalysis.msg, raw));
      for (const part of [a!.body.newText, a!.body.quoted, a!.body.signature]) {
        for (const piece of part) {
          if (typeof piece === 'string') writtenOut += piece.length;
          else partChars += piece[1] - piece[0];
        }
        if (name.startsWith('bench')) expect(part.length, `${name}: one stretch of the text`).toBeLessThanOrEqual(1);
      }
    }
    expect(parsed).toBeGreaterThan(BENCH_MAILS + 100);
    // The reply carries the text once: of the parts only line breaks and a lone-CR line are written out.
    expect(writtenOut).toBeLessThan(partChars / 50);
  }, 120_000);
});

describe('ingest with and without the worker analysis', () => {
  const clock = new ManualClock('2026-11-18T09:00:00Z');
  const roots: string[] = [];
  let withWorker: Daemon;
  let withoutHost: Daemon;
  let withoutWorker: Ingest;
  let withoutParser: MailParser;

  beforeAll(() => {
    const daemon = () => {
      const cfg = writeTestConfig([{ id: 'purasec' }, { id: 'preact' }]);
      roots.push(cfg.root);
      return new Daemon({ config: cfg, log: silentLogger, clock, dnsResolver: () => Promise.reject(new Error('no DNS in this test')) });
    };
    withWorker = daemon();
    withoutHost = daemon();
    withoutParser = new MailParser(LIMITS);
    withoutWorker = new Ingest({
      parser: withoutParser,
      tenants: withoutHost.tenants,
      log: silentLogger,
      maxAttachmentBytes: LIMITS.maxAttachmentBytes,
      onOutbox: () => undefined,
    });
  });
  afterAll(async () => {
    await Promise.all([withWorker?.stop(), withoutHost?.stop(), withoutParser?.close()]);
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('stores every mail the same way, row for row', async () => {
    const mails = await allMails();
    // A customer's reply on the first complaint and a handler's note on it: the paths that read the quote.
    const first = await generateMail(0, 'analyse');
    const reply = (from: string, subject: string, id: string) =>
      Buffer.from(
        [
          `From: ${from}`,
          'To: klachten@purasec.nl',
          `Subject: ${subject}`,
          `Message-ID: <${id}@example.nl>`,
          `In-Reply-To: <${first.messageId}>`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Dank voor uw antwoord, maar het probleem is er nog steeds.',
          '',
          'Met vriendelijke groet,',
          'Jan',
          '06-12345678',
          '',
          'Op 16 nov. 2026 om 09:00 schreef PuraSec:',
          '> Wij hebben uw klacht ontvangen.',
          '',
        ].join('\r\n'),
      );
    const sequence: Array<{ name: string; raw: Buffer; history?: boolean }> = [
      // 200 of the bench mails (every kind of them: nl/en, HTML, attachments) — the test above reads all 1,000; storing them twice took 22 s.
      ...mails
        .filter(([name]) => name.startsWith('bench'))
        .slice(0, 200)
        .map(([name, raw]) => ({ name, raw })),
      { name: 'customer reply', raw: reply(first.from, 'Re: [PS-2026-0001] uw klacht', 'customer-reply') },
      { name: 'handler note', raw: reply('Daan Bakker <daan.bakker@example.nl>', 'Re: [PS-2026-0001] #notitie', 'handler-note') },
      ...mails.filter(([name]) => !name.startsWith('bench')).map(([name, raw]) => ({ name, raw })),
      { name: 'history mail', raw: textFixtureMail('outlook-nl-reply.txt'), history: true },
    ];
    const sourceMail = ({ raw, history }: (typeof sequence)[number], i: number): SourceMail => ({
      origin: { tenant: 'purasec', sourceKey: `test:${i}`, mailbox: 'INBOX', uidvalidity: null, uid: null },
      size: raw.length,
      raw,
      receivedAt: clock.now(),
      ...(history ? { history } : {}),
    });
    const run = async (ingest: Ingest): Promise<IngestResult[]> => {
      const results: IngestResult[] = [];
      for (let i = 0; i < sequence.length; i += 50) {
        results.push(...(await ingest.processMany(sequence.slice(i, i + 50).map((m, j) => ({ mail: sourceMail(m, i + j) })))));
      }
      return results;
    };
    const a = await run(withWorker.ingest);
    const b = await run(withoutWorker);
    expect(a).toStrictEqual(b);
    const kinds = new Set(a.map((r) => (r.kind === 'skipped' ? r.disposition : r.kind)));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['attached', 'automatic', 'bounce', 'command', 'new-complaint', 'own-mail', 'quarantined']));

    const rows = (d: Daemon, sql: string) => d.db.prepare(sql).all();
    for (const sql of [
      'SELECT * FROM inbound_messages ORDER BY id',
      'SELECT * FROM complaints ORDER BY id',
      'SELECT * FROM quarantine ORDER BY id',
      'SELECT * FROM attachments ORDER BY id',
      // Event data and hold reasons name letters by Message-ID, which has a random part: the rest must match.
      'SELECT id, complaint_id, type, actor FROM events ORDER BY id',
      'SELECT id, complaint_id, kind, to_address, subject, text, html, status, next_attempt_at, hold_reason IS NULL AS free FROM outbox ORDER BY id',
    ]) {
      expect(rows(withWorker, sql), sql).toStrictEqual(rows(withoutHost, sql));
    }
  }, 300_000);
});
