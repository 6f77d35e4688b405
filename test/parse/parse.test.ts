/**
 * MailParser runs mailparser in a worker thread loaded from dist/parse/worker.js: run
 * `npm run build` first (`npm test` does).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { QuarantineReasons } from '../../src/core/errors.js';
import { ANALYSE_WORKER, analysisOf } from '../../src/ingest/analyse.js';
import { headerBlock, MailParser, workerResourceLimits, type ParseLimits, type ParseOutcome } from '../../src/parse/parse.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import { waitFor } from '../helpers/waitFor.js';

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/parse/${name}`, import.meta.url));
}

const DEFAULT_LIMITS: ParseLimits = { maxMessageBytes: 25 * 1024 * 1024, maxHeaderBytes: 256 * 1024, parseTimeoutMs: 15_000 };

const parsers: MailParser[] = [];
function parser(limits: Partial<ParseLimits> = {}): MailParser {
  const p = new MailParser({ ...DEFAULT_LIMITS, ...limits });
  parsers.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(parsers.map((p) => p.close()));
});

function ok(outcome: ParseOutcome): ParsedMessage {
  if (!outcome.ok) throw new Error(`expected a parsed mail, got ${outcome.reason}: ${outcome.detail}`);
  return outcome.msg;
}

const CRLF = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'));

describe('MailParser', () => {
  const shared = parser();

  it('parses a reply: addresses, decoded subject, text, Message-ID, comma-separated References', async () => {
    const msg = ok(await shared.parse(fixture('reply-comma-references.eml')));
    expect(msg.from).toEqual({ name: 'Jan de Klänt', address: 'jan@klant.example' });
    expect(msg.to).toEqual([{ name: 'PuraSec Klachten', address: 'klachten@purasec.nl' }]);
    expect(msg.cc).toEqual([{ name: 'Collega, Piet', address: 'piet@klant.example' }]);
    expect(msg.subject).toBe('RE: [PS-2026-0007] Ontvangstbevestiging van uw klacht: rapport te laat – nét opgelost');
    expect(msg.messageId).toBe('AM0PR02MB5678.eurprd02.prod.outlook.com@klant.example');
    expect(msg.inReplyTo).toEqual(['cd.PS-2026-0007.ack.k3j9x2m1abcd.8f0c2a9d41e7b6c3@purasec.nl']);
    expect(msg.references).toEqual(['first@klant.example', 'cd.PS-2026-0007.ack.k3j9x2m1abcd.8f0c2a9d41e7b6c3@purasec.nl', 'AM0PR02MB0001@klant.example']);
    expect(msg.text).toBe(
      'Geachte heer/mevrouw,\n\nHet rapport is nog steeds niet binnen. Graag een reactie vóór vrijdag.\n\nMet vriendelijke groet,\nJan de Klänt\n',
    );
    expect(msg.html).toBeNull();
    expect(msg.date).toBeInstanceOf(Date);
    expect(msg.date!.toISOString()).toBe('2026-03-06T09:15:00.000Z');
  });

  it('keeps every header line in order, unfolded, keys lower-cased', async () => {
    const msg = ok(await shared.parse(fixture('reply-comma-references.eml')));
    expect(msg.headers.map((h) => h.key)).toEqual([
      'return-path',
      'received',
      'from',
      'to',
      'cc',
      'subject',
      'date',
      'message-id',
      'in-reply-to',
      'references',
      'mime-version',
      'content-type',
      'content-transfer-encoding',
    ]);
    const received = msg.headers.find((h) => h.key === 'received')!.value;
    expect(received).not.toMatch(/[\r\n]/);
    expect(received).toContain('by mail.purasec.nl with ESMTPS id 4F1a2b3c for <klachten@purasec.nl>;');
  });

  it('parses a mail without From as ok with from null (the guards decide what to do with it)', async () => {
    const msg = ok(await shared.parse(fixture('no-from.eml')));
    expect(msg.from).toBeNull();
    expect(msg.messageId).toBe('no-from-1@klant.example');
    expect(msg.text).toBe('Deze mail heeft geen From-regel.\n');
  });

  it('gives text and HTML of multipart/alternative and attachments as Buffers', async () => {
    const msg = ok(await shared.parse(fixture('alternative-with-attachment.eml')));
    expect(msg.text.trim()).toBe('Zie de bijlage.');
    expect(msg.html).toContain('<b>bijlage</b>');
    expect(msg.attachments).toHaveLength(1);
    const pdf = msg.attachments[0]!;
    expect(pdf).toMatchObject({ filename: 'factuur.pdf', contentType: 'application/pdf', contentId: null });
    expect(Buffer.isBuffer(pdf.content)).toBe(true);
    expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.size).toBe(pdf.content.length);
  });

  it('removes NUL bytes and makes broken UTF-8 well-formed', async () => {
    const raw = fixture('nul-broken-utf8.eml');
    expect(raw.includes(0)).toBe(true);
    const msg = ok(await shared.parse(raw));
    for (const s of [msg.text, msg.subject, ...msg.headers.map((h) => h.value)]) {
      expect(s).not.toContain('\u0000');
      expect(s.isWellFormed()).toBe(true);
      // Survives a UTF-8 round trip unchanged (what SQLite stores).
      expect(Buffer.from(s, 'utf8').toString('utf8')).toBe(s);
    }
    expect(msg.text).toMatch(/^beginmidden /);
    expect(msg.text).toContain(' eind €');
    expect(msg.subject).toMatch(/^kapot .* onderwerp hier$/);
  });

  it('decodes an LF-only mail (Maildir files written by Unix tools)', async () => {
    const raw = Buffer.from('From: a@klant.example\nSubject: LF\nMessage-ID: <lf@klant.example>\n\nregel 1\nregel 2\n');
    const msg = ok(await shared.parse(raw));
    expect(msg).toMatchObject({ subject: 'LF', messageId: 'lf@klant.example', from: { address: 'a@klant.example' } });
    expect(msg.text).toBe('regel 1\nregel 2\n');
  });

  it('parses mails handed in at once one after the other, each to its own result', async () => {
    const names = ['reply-comma-references.eml', 'no-from.eml', 'alternative-with-attachment.eml', 'nul-broken-utf8.eml'];
    const outcomes = await Promise.all(names.map((n) => shared.parse(fixture(n))));
    expect(outcomes.map((o) => ok(o).messageId)).toEqual([
      'AM0PR02MB5678.eurprd02.prod.outlook.com@klant.example',
      'no-from-1@klant.example',
      'att-1@klant.example',
      'broken-1@klant.example',
    ]);
  });
});

describe('MailParser limits', () => {
  it('quarantines a mail over maxMessageBytes as too-large, unparsed', async () => {
    const raw = CRLF(`From: a@klant.example\nSubject: groot\n\n${'x'.repeat(5000)}\n`);
    const outcome = await parser({ maxMessageBytes: 4096 }).parse(raw);
    expect(outcome).toEqual({ ok: false, reason: QuarantineReasons.TOO_LARGE, detail: `${raw.length} bytes exceeds the 4096-byte limit` });
  });

  it('accepts a mail of exactly maxMessageBytes', async () => {
    const head = 'From: a@klant.example\r\nSubject: precies\r\n\r\n';
    const raw = Buffer.from(head + 'x'.repeat(4096 - head.length));
    expect(raw.length).toBe(4096);
    expect(ok(await parser({ maxMessageBytes: 4096 }).parse(raw)).subject).toBe('precies');
  });

  it('quarantines a header block over maxHeaderBytes as headers-too-large, even with a small body', async () => {
    const headers = Array.from({ length: 60 }, (_, i) => `X-Spam-Filler-${i}: ${'a'.repeat(40)}`).join('\r\n');
    const raw = Buffer.from(`From: a@klant.example\r\n${headers}\r\n\r\nkort\r\n`);
    const outcome = await parser({ maxHeaderBytes: 2048 }).parse(raw);
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({ reason: QuarantineReasons.HEADERS_TOO_LARGE, detail: expect.stringContaining('2048-byte limit') });
  });

  it('does not count a large body against maxHeaderBytes', async () => {
    const raw = CRLF(`From: a@klant.example\nSubject: lange tekst\n\n${'tekst '.repeat(2000)}\n`);
    expect(ok(await parser({ maxHeaderBytes: 1024 }).parse(raw)).subject).toBe('lange tekst');
  });

  it('reports a mail mailparser refuses (more than 1000 MIME parts) as parse-failed', async () => {
    const outcome = await parser().parse(multipart(1100, 10));
    expect(outcome).toMatchObject({ ok: false, reason: QuarantineReasons.PARSE_FAILED });
  });

  it('a parse over its time budget is parse-timeout, and the next mail is parsed by a fresh worker', async () => {
    const p = parser({ parseTimeoutMs: 100 });
    // ~5 MB in 990 parts: takes mailparser around 100-200 ms, so either outcome is possible here.
    const heavy = multipart(990, 5000);
    expect(heavy.length).toBeGreaterThan(5_000_000);
    const outcome = await p.parse(heavy);
    if (!outcome.ok) expect(outcome).toMatchObject({ reason: QuarantineReasons.PARSE_TIMEOUT, detail: 'parsing took longer than 100 ms' });
    // Neither the killed worker's exit nor the new worker's start-up may cost the next mail its budget.
    for (let i = 0; i < 3; i++) {
      expect(ok(await p.parse(fixture('no-from.eml'))).messageId).toBe('no-from-1@klant.example');
    }
  });

  it('mails handed in behind one that runs out of time go to a fresh worker, each with a budget of its own', async () => {
    const p = parser({ parseTimeoutMs: 100 });
    // All three at once, as the IMAP source hands mail over: the worker has them queued. 25 MB in
    // 990 parts takes mailparser seconds, far past 100 ms; the budget of the two behind it starts
    // when it is their turn, so they do not inherit its time.
    const [heavy, first, second] = await Promise.all([
      p.parse(multipart(990, 26_000)),
      p.parse(fixture('no-from.eml')),
      p.parse(fixture('reply-comma-references.eml')),
    ]);
    expect(heavy).toEqual({ ok: false, reason: QuarantineReasons.PARSE_TIMEOUT, detail: 'parsing took longer than 100 ms' });
    expect(ok(first).messageId).toBe('no-from-1@klant.example');
    expect(ok(second).messageId).toBe('AM0PR02MB5678.eurprd02.prod.outlook.com@klant.example');
  });

  it('a worker with nothing to do ends after idleStopMs; the next mail starts another', async () => {
    const p = new MailParser(DEFAULT_LIMITS, { idleStopMs: 50 });
    parsers.push(p);
    expect(ok(await p.parse(fixture('no-from.eml'))).messageId).toBe('no-from-1@klant.example');
    expect(p.running).toBe(true);
    await waitFor(() => !p.running, { timeoutMs: 5_000, message: 'the idle worker ended' });
    expect(ok(await p.parse(fixture('no-from.eml'))).messageId).toBe('no-from-1@klant.example');
    expect(p.running).toBe(true);
  });

  it('a mail that runs the worker out of heap is parse-failed, and the next mail is parsed by a fresh worker', async () => {
    // Caps far below the defaults, so an ordinary 5 MB mail of many small parts runs out: its
    // allocations are small and many, the kind the worker ends on (ERR_WORKER_OUT_OF_MEMORY).
    const p = new MailParser(DEFAULT_LIMITS, { resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 } });
    parsers.push(p);
    const outcome = await p.parse(multipart(990, 5000));
    expect(outcome).toEqual({ ok: false, reason: QuarantineReasons.PARSE_FAILED, detail: expect.stringContaining('memory limit') });
    for (let i = 0; i < 2; i++) {
      expect(ok(await p.parse(fixture('no-from.eml'))).messageId).toBe('no-from-1@klant.example');
    }
  });

  it('the default caps parse the heaviest mail measured at maxMessageBytes: 25 MB in 990 text parts', async () => {
    const heavy = multipart(990, 26_000);
    expect(heavy.length).toBeGreaterThan(25_000_000);
    expect(heavy.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxMessageBytes);
    const msg = ok(await parser({ parseTimeoutMs: 60_000 }).parse(heavy));
    expect(msg.subject).toBe('veel delen');
    expect(msg.text.length).toBeGreaterThan(25_000_000);
  });

  // The daemon's worker analyses each mail after parsing it (src/ingest/analyse.ts), in the same
  // heap: at most a few copies of the text more, well inside the caps' factor of two.
  it.each([
    ['the heaviest mail measured', () => multipart(990, 26_000)],
    ['25 MB of one quoted text part (the most the analysis reads)', () => singlePart(25 * 1024 * 1024, '> Geachte heer, de dienst was echt slecht.\r\n')],
    ['25 MB of one text part with two-byte characters', () => singlePart(25 * 1024 * 1024, 'De dienst € was slecht, vindt Zoë. \r\n')],
  ])("the daemon's analysing worker, at the default caps, takes %s", async (_, mail) => {
    const p = new MailParser({ ...DEFAULT_LIMITS, parseTimeoutMs: 60_000 }, { worker: ANALYSE_WORKER });
    parsers.push(p);
    const heavy = mail();
    expect(heavy.length).toBeGreaterThan(25_000_000);
    const outcome = await p.parse(heavy);
    expect(ok(outcome).text.length).toBeGreaterThan(12_000_000);
    expect(analysisOf(outcome)?.mailRules).toEqual({ automatic: false });
  });

  it('a worker entry given as an option answers with its analysis; the default one with none', async () => {
    const p = new MailParser(DEFAULT_LIMITS, { worker: ANALYSE_WORKER });
    parsers.push(p);
    const raw = fixture('reply-comma-references.eml');
    const [analysed, plain] = await Promise.all([p.parse(raw), parser().parse(raw)]);
    expect(analysisOf(analysed)).toMatchObject({ bounce: null, mailRules: { automatic: false } });
    expect(plain.ok && 'analysis' in plain).toBe(false);
    expect(ok(analysed)).toStrictEqual(ok(plain));
  });

  it('sizes the worker heap from maxMessageBytes, with a floor', () => {
    expect(workerResourceLimits(25 * 1024 * 1024)).toEqual({ maxOldGenerationSizeMb: 300, maxYoungGenerationSizeMb: 16 });
    expect(workerResourceLimits(4096)).toEqual({ maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 });
  });

  it('a small budget covers parsing, not starting the worker', async () => {
    const p = parser({ parseTimeoutMs: 100 });
    // Loading mailparser into a new thread alone takes ~150 ms.
    expect(ok(await p.parse(fixture('no-from.eml'))).subject).toBe('Zonder afzender');
  });
});

describe('headerBlock', () => {
  it('measures the header block up to the first empty line (CRLF)', () => {
    const raw = Buffer.from('From: a@b.nl\r\nSubject: x\r\n\r\nbody\r\n\r\nmore');
    expect(headerBlock(raw)).toEqual({ bytes: 'From: a@b.nl\r\nSubject: x'.length, fields: 2 });
  });

  it('measures an LF-only mail', () => {
    expect(headerBlock(Buffer.from('From: a@b.nl\nSubject: x\nTo: c@d.nl\n\nbody'))).toEqual({
      bytes: 'From: a@b.nl\nSubject: x\nTo: c@d.nl'.length,
      fields: 3,
    });
  });

  it('counts a folded header once', () => {
    const raw = Buffer.from('Received: from a\r\n\tby b\r\n  for c\r\nSubject: x\r\n y\r\n\r\n');
    expect(headerBlock(raw).fields).toBe(2);
  });

  it('does not count body lines that look like headers', () => {
    const raw = Buffer.from('From: a@b.nl\r\n\r\nBcc: evil@example\r\nSubject: fake\r\n');
    expect(headerBlock(raw)).toEqual({ bytes: 12, fields: 1 });
  });

  it('counts the bytes of 8-bit headers, not characters', () => {
    const raw = Buffer.concat([Buffer.from('Subject: '), Buffer.from('é€😀', 'utf8'), Buffer.from('\r\n\r\nx')]);
    expect(headerBlock(raw)).toEqual({ bytes: 9 + 2 + 3 + 4, fields: 1 });
  });

  it('takes the whole mail as header block when there is no empty line', () => {
    const raw = Buffer.from('From: a@b.nl\r\nSubject: x\r\n');
    expect(headerBlock(raw)).toEqual({ bytes: raw.length, fields: 2 });
  });

  it('counts only lines that start a header field (name, then colon)', () => {
    const raw = Buffer.from('From someone@example Fri Mar  6 10:15:00 2026\r\nX-Empty:\r\nSubject: x\r\n: no name\r\nno colon here\r\n\r\n');
    expect(headerBlock(raw).fields).toBe(2);
  });

  it('measures an empty mail', () => {
    expect(headerBlock(Buffer.alloc(0))).toEqual({ bytes: 0, fields: 0 });
  });
});

/** A multipart/mixed mail of `parts` text parts of `size` bytes each. */
/** One text/plain part of `bytes`, `line` after line. */
function singlePart(bytes: number, line: string): Buffer {
  const head =
    'From: a@klant.example\r\nTo: klachten@purasec.nl\r\nSubject: lang\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n';
  return Buffer.from(head + line.repeat(Math.floor((bytes - head.length - 1000) / Buffer.byteLength(line))));
}

function multipart(parts: number, size: number): Buffer {
  const b = 'cd-boundary-0123456789';
  const chunks = [
    `From: a@klant.example\r\nTo: klachten@purasec.nl\r\nSubject: veel delen\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n`,
  ];
  const body = `${'regel tekst '.repeat(Math.ceil(size / 12)).slice(0, size)}\r\n`;
  for (let i = 0; i < parts; i++) chunks.push(`--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`);
  chunks.push(`--${b}--\r\n`);
  return Buffer.from(chunks.join(''));
}
