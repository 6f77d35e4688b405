// While a tenant's mailbox catches up on a backlog, its automatic letters are queued unrendered
// (template and data only) and rendered by the sender when it sends them (issue 14.1: rendering
// was a fifth of a stored mail's time). What the customer gets must not change:
// - a letter rendered at send time is byte for byte the one rendered at once;
// - a person's letter is rendered at once even during a backlog;
// - a letter that cannot be rendered any more fails with the reason, never goes out empty;
// - a held letter released by a person goes out rendered;
// - a daemon catching up on a real Maildir backlog sends every letter with its content.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { Ingest } from '../../src/ingest/ingest.js';
import { MailParser } from '../../src/parse/parse.js';
import { queueLetter, renderQueued } from '../../src/outbox/queue.js';
import { OutboxSender } from '../../src/outbox/sender.js';
import { outboxById } from '../../src/store/outbox.js';
import { rawMail } from '../helpers/mailFlow.js';
import { recordingTransport } from '../helpers/recordingTransport.js';
import { waitFor } from '../helpers/waitFor.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const NOW = new Date('2026-11-30T10:00:00Z');

interface Row {
  id: number;
  kind: string;
  subject: string;
  text: string;
  html: string | null;
  unrendered: number;
  render: string | null;
  status: string;
  last_error: string | null;
}

const daemons: Daemon[] = [];
const parsers: MailParser[] = [];
afterEach(async () => {
  for (const d of daemons.splice(0)) await d.stop();
  for (const p of parsers.splice(0)) await p.close();
});

function newDaemon(cfg: LoadedConfig, clock = new ManualClock(NOW)): Daemon {
  const d = new Daemon({ config: cfg, log: silentLogger, clock });
  daemons.push(d);
  return d;
}

/** The daemon's tenants behind an Ingest of our own, told the mailbox is (or is not) catching up. */
function ingestFor(d: Daemon, cfg: LoadedConfig, catchingUp: boolean): Ingest {
  const parser = new MailParser(cfg.global.limits);
  parsers.push(parser);
  return new Ingest({
    parser,
    tenants: d.tenants,
    log: silentLogger,
    maxAttachmentBytes: cfg.global.limits.maxAttachmentBytes,
    onOutbox: () => undefined,
    renderLater: () => catchingUp,
  });
}

const COMPLAINT = {
  from: 'Jan de Klant <jan@klant.example>',
  to: 'klachten@purasec.nl',
  subject: 'Pentestrapport <script>alert(1)</script> & "te laat"',
  body: 'Het pentestrapport kwam twee weken te laat binnen en de factuur noemt te veel uren.\n\nMet vriendelijke groet,\nJan de Klant\n06-12345678',
};

async function ingestOne(ingest: Ingest, uid: number): Promise<void> {
  const raw = Buffer.from(rawMail(COMPLAINT, `complaint-${uid}@klant.example`, NOW));
  const r = await ingest.process({
    origin: { tenant: 'purasec', sourceKey: `test:${uid}`, mailbox: 'INBOX', uidvalidity: '1', uid },
    size: raw.length,
    raw,
    receivedAt: NOW,
  });
  expect(r.kind).toBe('new-complaint');
}

const rows = (d: Daemon): Row[] => d.db.prepare('SELECT * FROM outbox ORDER BY id').all() as Row[];

describe('letters rendered when sent', () => {
  it('a complaint stored during a backlog queues its letters unrendered; rendered at send time they are the letters rendered at once', async () => {
    const cfgLater = writeTestConfig([{ id: 'purasec' }]);
    const cfgNow = writeTestConfig([{ id: 'purasec' }]);
    const later = newDaemon(cfgLater);
    const now = newDaemon(cfgNow);
    await ingestOne(ingestFor(later, cfgLater, true), 1);
    await ingestOne(ingestFor(now, cfgNow, false), 1);

    const deferred = rows(later);
    const direct = rows(now);
    expect(deferred.map((r) => r.kind).sort()).toEqual(['acknowledgement', 'assignment']);
    expect(direct.map((r) => r.kind)).toEqual(deferred.map((r) => r.kind));
    for (const r of deferred) expect(r).toMatchObject({ unrendered: 1, subject: '', text: '', html: null });
    for (const r of direct) expect(r.unrendered).toBe(0);

    const tenant = later.tenants.get('purasec')!;
    for (const [i, r] of deferred.entries()) {
      const mail = renderQueued(tenant, outboxById(later.db, r.id)!);
      expect(mail.unrendered).toBe(false);
      expect({ subject: mail.subject, text: mail.text, html: mail.html }).toEqual({
        subject: direct[i]!.subject,
        text: direct[i]!.text,
        html: direct[i]!.html,
      });
      // Written into the row, once.
      expect(outboxById(later.db, r.id)).toMatchObject({ unrendered: false, subject: direct[i]!.subject, text: direct[i]!.text });
    }
    // The customer's text is escaped in the HTML part either way.
    expect(direct[0]!.html).toContain('&lt;script&gt;');
    expect(direct[0]!.html).not.toContain('<script>');
  });

  it("a person's letter is rendered at once during a backlog", () => {
    const cfg = writeTestConfig([{ id: 'purasec' }]);
    const d = newDaemon(cfg);
    const tenant = d.tenants.get('purasec')!;
    const data = {
      complaint: { reference: 'PS-2026-0001', subject: 'Rapport', receivedAt: NOW.toISOString(), receivedDateOnly: false, topic: 'Rapport' },
      customer: { name: 'Jan', email: 'jan@klant.example', phone: null },
      contact: { name: 'PuraSec', email: 'klachten@purasec.nl', phone: null },
      alsoConcerning: [],
      salutation: null,
      body: 'Wij bellen u morgen.',
      closing: null,
      handler: { name: 'Pieter' },
    };
    const person = { complaint: null, kind: 'handler-message', lang: 'nl' as const, to: { address: 'jan@klant.example', name: 'Jan' }, autoSubmitted: null };
    d.db.transaction(() => queueLetter({ tenant, now: NOW, renderLater: true }, { ...person, template: 'handler-message', data }))();
    const [row] = rows(d);
    expect(row!.unrendered).toBe(0);
    expect(row!.text).toContain('Wij bellen u morgen.');
  });

  it('the sender renders an unrendered letter before sending it, and fails it with the reason when it no longer renders', async () => {
    const cfg = writeTestConfig([{ id: 'purasec' }]);
    const d = newDaemon(cfg);
    await ingestOne(ingestFor(d, cfg, true), 1);
    const tenant = d.tenants.get('purasec')!;
    // The assignment notice's template is gone by the time it is sent (a renamed custom template).
    const ack = rows(d).find((r) => r.kind === 'acknowledgement');
    const assignment = rows(d).find((r) => r.kind === 'assignment');
    d.db.prepare(`UPDATE outbox SET render = json_set(render, '$.template', 'no-such-letter') WHERE id = ?`).run(assignment!.id);

    const transport = recordingTransport();
    const sender = new OutboxSender(d.db, 'purasec', transport, cfg.global.sender, new ManualClock(NOW), silentLogger, {
      render: (mail) => renderQueued(tenant, mail),
    });
    await sender.drain();
    expect(transport.sent.map((m) => m.kind)).toEqual(['acknowledgement']);
    expect(transport.sent[0]!.subject).toMatch(/^\[PS-2026-0001\] /);
    expect(transport.sent[0]!.text).toContain('Jan de Klant');
    const after = new Map(rows(d).map((r) => [r.id, r]));
    expect(after.get(ack!.id)).toMatchObject({ status: 'sent', unrendered: 0, subject: transport.sent[0]!.subject });
    expect(after.get(assignment!.id)).toMatchObject({ status: 'failed', unrendered: 1, text: '' });
    expect(after.get(assignment!.id)!.last_error).toMatch(/^letter could not be rendered: .*no-such-letter/);
    const failed = d.db.prepare(`SELECT data FROM events WHERE type = 'letter:failed'`).pluck().all() as string[];
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]!)).toMatchObject({ kind: 'assignment', messageId: outboxById(d.db, assignment!.id)!.messageId });
    await sender.stop();
  });

  it('a sender without a renderer fails an unrendered letter instead of sending it empty', async () => {
    const cfg = writeTestConfig([{ id: 'purasec' }]);
    const d = newDaemon(cfg);
    await ingestOne(ingestFor(d, cfg, true), 1);
    const transport = recordingTransport();
    const sender = new OutboxSender(d.db, 'purasec', transport, cfg.global.sender, new ManualClock(NOW), silentLogger, {});
    await sender.drain();
    expect(transport.sent).toEqual([]);
    expect(rows(d).map((r) => [r.status, r.last_error])).toEqual([
      ['failed', 'letter could not be rendered: this sender cannot render letters'],
      ['failed', 'letter could not be rendered: this sender cannot render letters'],
    ]);
    await sender.stop();
  });

  it('a held acknowledgement queued unrendered is rendered when a person releases it', async () => {
    const cfg = writeTestConfig([{ id: 'purasec', overrides: { autoReply: { maxPerHour: 1 } } }]);
    const d = newDaemon(cfg);
    const ingest = ingestFor(d, cfg, true);
    await ingestOne(ingest, 1);
    // A second complaint from another sender in the same hour trips the breaker: its acknowledgement is held.
    const raw = Buffer.from(rawMail({ ...COMPLAINT, from: 'piet@klant.example' }, 'complaint-2@klant.example', NOW));
    await ingest.process({
      origin: { tenant: 'purasec', sourceKey: 'test:2', mailbox: 'INBOX', uidvalidity: '1', uid: 2 },
      size: raw.length,
      raw,
      receivedAt: NOW,
    });
    const held = rows(d).filter((r) => r.status === 'held');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ kind: 'acknowledgement', unrendered: 1, text: '' });

    expect(d.releaseHeld('purasec')).toMatchObject({ released: 1 });
    const released = outboxById(d.db, held[0]!.id)!;
    expect(released).toMatchObject({ status: 'pending', unrendered: false });
    expect(released.subject).toMatch(/^\[PS-2026-0002\] /);
    expect(released.text).toContain('piet@klant.example');
  });

  it('a daemon catching up on a 40-mail Maildir backlog sends every letter with its content', async () => {
    const cfg = writeTestConfig([{ id: 'purasec', overrides: { autoReply: { maxPerHour: 1000 } } }]);
    const clock = new ManualClock(NOW);
    const t = cfg.tenants[0]!;
    if (!('maildir' in t.mailbox) || !('file' in t.transport)) throw new Error('test config: expected a Maildir and a file transport');
    const box = resolve(cfg.dataDir, t.mailbox.maildir.path);
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(box, sub), { recursive: true });
    for (let i = 1; i <= 40; i++) {
      const file = join(box, 'new', `${1_000 + i}.backlog${i}`);
      writeFileSync(file, rawMail({ ...COMPLAINT, from: `klant${i}@klant.example`, subject: `Klacht ${i}` }, `backlog-${i}@klant.example`, NOW));
      utimesSync(file, NOW, NOW);
    }
    const d = newDaemon(cfg, clock);
    await d.start();
    await waitFor(() => d.db.prepare(`SELECT count(*) FROM outbox WHERE status = 'sent'`).pluck().get() === 80, {
      timeoutMs: 20_000,
      message: '80 letters sent',
    });
    const all = rows(d);
    // Some were queued during the backlog (their template and data are kept: an assignment notice keeps none otherwise)…
    expect(all.filter((r) => r.kind === 'assignment' && r.render !== null).length).toBeGreaterThan(0);
    // …and every one went out with its content.
    for (const r of all) {
      expect(r.unrendered).toBe(0);
      expect(r.subject).toMatch(/^\[PS-2026-\d{4}\] /);
      expect(r.text.length).toBeGreaterThan(100);
    }
  });
});
