// Issue 9.4 and 9.5 through Dovecot and the SMTP server, with an injected clock: automatic letters
// are bounded per sender (deferred letters collapse into one) and per tenant (circuit breaker);
// letters a person asks for are never held; a letter the server refuses for good leaves its
// deadline unmet and tells the contact person once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { mailFlow } from '../helpers/mailFlow.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { dossierLines } from '../../src/cli/dossier.js';
import { dossierLoad } from '../../src/cli/dossierData.js';
import { listComplaints, listOutbox } from '../../src/cli/inspect.js';
import { tenantViews, viewOf } from '../../src/cli/tenantViews.js';

const PS = { user: 'ps-limits', password: 'pw-ps' };
const PA = { user: 'pa-limits', password: 'pw-pa' };
const HOUR = 3_600_000;

describeWithMailServers('automatic letters are bounded', { users: [PS, PA] }, (env) => {
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Mon 16 Nov 2026 10:00 Amsterdam
  const { send, settled, last, idOf } = mailFlow({ dc: () => env.dc, smtp: () => env.smtp, daemon: () => daemon, clock, idPrefix: 'limits' });
  const to = (address: string) => env.smtp.messages.filter((m) => m.envelope.to.includes(address));
  const q = <T>(sql: string, ...args: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...args) as T;

  beforeAll(async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([
      // PuraSec: breaker at 4 automatic letters an hour, to test it with a handful of mails.
      { id: 'purasec', imap: { host: dc.host, port: dc.port, ...PS }, smtp: { host: smtp.host, port: smtp.port }, overrides: { autoReply: { maxPerHour: 4 } } },
      { id: 'preact', imap: { host: dc.host, port: dc.port, ...PA }, smtp: { host: smtp.host, port: smtp.port } },
    ]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('one sender, five complaints in an hour: one letter now, then ONE letter at the next slot listing the other four (was: four at once)', async () => {
    const sender = 'veel@pa-klant.example';
    for (let i = 1; i <= 5; i++) {
      await send(PA, {
        from: sender,
        to: 'info@preact-software.nl',
        subject: `Klacht nummer ${i} over de software`,
        body: `Ik ben ontevreden over de software, klacht ${i}: het programma crasht steeds.`,
      });
      clock.advance(10 * 60_000);
    }
    expect(to(sender)).toHaveLength(1);
    expect(q<number>(`SELECT count(*) FROM outbox WHERE to_address = ? AND status = 'pending'`, sender)).toBe(1);
    expect(q<number>(`SELECT count(*) FROM outbox WHERE to_address = ? AND status = 'cancelled'`, sender)).toBe(3);

    clock.set('2026-11-17T09:00:01Z'); // 24 h after the first letter
    await settled();
    expect(to(sender)).toHaveLength(2);
    const collapsed = to(sender)[1]!;
    expect(collapsed.parsed.subject).toContain('PA-2026-0005');
    for (const ref of ['PA-2026-0002', 'PA-2026-0003', 'PA-2026-0004']) expect(collapsed.parsed.text).toContain(ref);
    // Every complaint's acknowledgement deadline is met by the letter that named it, when it was accepted.
    const deadlines = daemon.db
      .prepare(
        `SELECT c.reference, d.status FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.customer_email = ? AND d.kind = 'acknowledgement' ORDER BY c.id`,
      )
      .all(sender);
    expect(deadlines).toEqual(['0001', '0002', '0003', '0004', '0005'].map((n) => ({ reference: `PA-2026-${n}`, status: 'met' })));
    // Nothing more is waiting: no burst follows.
    clock.set('2026-11-19T09:00:00Z');
    await settled();
    expect(to(sender)).toHaveLength(2);
  });

  it('a ticket robot that answers every letter with a new subject gets one letter per period, not a growing loop (was 1 → 4 → 10 → 14)', async () => {
    clock.set('2026-12-01T09:00:00Z');
    const robot = 'tickets@robot-helpdesk.example';
    let answered = 0;
    for (let day = 0; day < 4; day++) {
      // The robot opens a new ticket (a new thread) for every letter it got, plus one.
      const tickets = to(robot).length - answered + 1;
      answered = to(robot).length;
      for (let i = 0; i < tickets; i++) {
        await send(PA, {
          from: robot,
          to: 'info@preact-software.nl',
          subject: `Ticket ${day}-${i}: klacht ontvangen`,
          body: `Ik heb een klacht: wij zijn ontevreden over de reactie. Ticket ${day}-${i}.`,
        });
        clock.advance(60_000);
      }
      clock.advance(24 * HOUR);
      await settled();
    }
    const sentAt = (
      daemon.db.prepare(`SELECT sent_at FROM outbox WHERE to_address = ? AND status = 'sent' ORDER BY sent_at`).pluck().all(robot) as string[]
    ).map((t) => Date.parse(t));
    expect(sentAt.length).toBeGreaterThan(1);
    expect(sentAt.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i]! - sentAt[i - 1]!).toBeGreaterThanOrEqual(24 * HOUR);
    // Every ticket is stored and was answered by some letter (collapsed), none twice.
    expect(q<number>(`SELECT count(*) FROM complaints WHERE customer_email = ?`, robot)).toBeGreaterThanOrEqual(4);
  });

  it("circuit breaker: beyond 4 automatic letters an hour the rest are held, managers are told once, a handler's #info still goes, and a release sends only what is still open", async () => {
    clock.set('2026-11-23T09:00:00Z');
    const customers = Array.from({ length: 7 }, (_, i) => `klant${i + 1}@ps-klant.example`);
    for (const c of customers) {
      await send(PS, {
        from: c,
        to: 'klachten@purasec.nl',
        subject: 'Klacht over de pentest',
        body: 'Het pentest-rapport was onvolledig en te laat, wij zijn ontevreden.',
      });
    }
    const acked = customers.filter((c) => to(c).length > 0);
    expect(acked).toHaveLength(4);
    expect(q<number>(`SELECT count(*) FROM outbox WHERE tenant = 'purasec' AND status = 'held'`)).toBe(3);
    // Each manager is told once, however many letters are held.
    const managers = daemon.tenants
      .get('purasec')!
      .cfg.people.filter((p) => p.role === 'manager')
      .map((p) => p.email);
    const notices = env.smtp.messages.filter((m) => /vastgehouden/.test(m.parsed.subject ?? ''));
    expect(notices.map((m) => m.envelope.to[0]).sort()).toEqual([...managers].sort());
    // Held: the acknowledgement deadline of a held complaint is not met.
    const heldRef = q<string>(`SELECT c.reference FROM outbox o JOIN complaints c ON c.id = o.complaint_id WHERE o.status = 'held' ORDER BY o.id LIMIT 1`);
    expect(
      q<string>(`SELECT d.status FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = ? AND d.kind = 'acknowledgement'`, heldRef),
    ).toBe('open');

    // A handler's #info to one of the acknowledged customers is not automatic: sent at once.
    const ref = q<string>(`SELECT reference FROM complaints WHERE customer_email = ?`, acked[0]);
    const handler = daemon.tenants.get('purasec')!.cfg.people.find((p) => p.id === q<string>(`SELECT handler_id FROM complaints WHERE reference = ?`, ref))!;
    const handlerMail = last(handler.email, new RegExp(`\\[${ref}\\].*toegewezen`));
    const before = to(acked[0]!).length;
    await send(PS, {
      from: `${handler.name} <${handler.email}>`,
      to: 'klachten@purasec.nl',
      subject: `Re: ${handlerMail.parsed.subject} #opvragen`,
      inReplyTo: idOf(handlerMail),
      body: 'Om welk rapport gaat het precies?',
    });
    expect(to(acked[0]!).length).toBe(before + 1);
    expect(last(acked[0]!).parsed.text).toContain('Om welk rapport gaat het precies?');

    // One held complaint is closed meanwhile (a manager closes it quietly by command is not needed: close through the store's procedure).
    const closeId = q<number>(`SELECT complaint_id FROM outbox WHERE status = 'held' ORDER BY id DESC LIMIT 1`);
    const { applyEvent } = await import('../../src/workflow/apply.js');
    const { complaintById } = await import('../../src/store/complaints.js');
    daemon.db.transaction(() =>
      applyEvent(
        { tenant: daemon.tenants.get('purasec')!, now: clock.now() },
        complaintById(daemon.db, closeId)!,
        { type: 'close', quiet: true },
        { kind: 'system' },
      ),
    )();

    clock.advance(2 * HOUR);
    const r = daemon.releaseHeld('purasec');
    expect(r).toEqual({ released: 2, cancelled: 1, wasTripped: true });
    await settled();
    const closedCustomer = q<string>(`SELECT customer_email FROM complaints WHERE id = ?`, closeId);
    expect(to(closedCustomer).map((m) => m.parsed.subject)).toEqual([]);
    expect(customers.filter((c) => c !== closedCustomer).every((c) => to(c).length >= 1)).toBe(true);
    expect(q<number>(`SELECT count(*) FROM outbox WHERE tenant = 'purasec' AND status = 'held'`)).toBe(0);
  });
});

const REFUSED = { user: 'ps-refused', password: 'pw' };
const refuseWeg = (rcpt: string) => (rcpt.startsWith('weg@') ? { code: 550, message: '5.1.1 mailbox unavailable' } : null);

describeWithMailServers('a letter the SMTP server refuses for good', { users: [REFUSED], smtp: { failWith: refuseWeg } }, (env) => {
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const { send } = mailFlow({ dc: () => env.dc, smtp: () => env.smtp, daemon: () => daemon, clock, idPrefix: 'refused' });
  const USER = REFUSED;

  beforeAll(async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...USER }, smtp: { host: smtp.host, port: smtp.port } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('leaves the acknowledgement deadline unmet, alerts the contact person once, and the digest lists it', async () => {
    await send(USER, {
      from: 'weg@ps-klant.example',
      to: 'klachten@purasec.nl',
      subject: 'Klacht over de pentest',
      body: 'Het pentest-rapport was onvolledig en te laat, wij zijn ontevreden.',
    });
    const row = daemon.db.prepare(`SELECT status, last_response_code FROM outbox WHERE to_address = 'weg@ps-klant.example'`).get() as {
      status: string;
      last_response_code: number;
    };
    expect(row).toEqual({ status: 'failed', last_response_code: 550 });
    const ack = daemon.db
      .prepare(
        `SELECT d.status FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.customer_email = 'weg@ps-klant.example' AND d.kind = 'acknowledgement'`,
      )
      .pluck()
      .get();
    expect(ack).toBe('open');
    const handler = daemon.db.prepare(`SELECT handler_id FROM complaints WHERE customer_email = 'weg@ps-klant.example'`).pluck().get() as string;
    const email = daemon.tenants.get('purasec')!.cfg.people.find((p) => p.id === handler)!.email;
    const alerts = env.smtp.messages.filter((m) => m.envelope.to.includes(email) && /Onbestelbaar/.test(m.parsed.subject ?? ''));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.parsed.text).toContain('weg@ps-klant.example');
    expect(alerts[0]!.parsed.text).toContain('550');
    // list and show say so.
    const ref = daemon.db.prepare(`SELECT reference FROM complaints WHERE customer_email = 'weg@ps-klant.example'`).pluck().get() as string;
    const views = tenantViews(
      [...daemon.tenants.values()].map((t) => t.cfg),
      'en',
    );
    expect(listComplaints(daemon.db, views, 'en', {}, clock.now()).find((l) => l.startsWith(ref))).toContain('UNDELIVERED');
    const shown = dossierLines(dossierLoad(daemon.db, ref)!, viewOf(views, 'purasec', 'en'), clock.now()).join('\n');
    expect(shown).toMatch(/undelivered letters[^\n]*\n\s+#\d+ acknowledgement to weg@ps-klant\.example: .*550/);
    expect(listOutbox(daemon.db, { status: 'failed' }).join('\n')).toContain('weg@ps-klant.example');
    // The digest of the next working morning lists the undelivered letter.
    clock.set('2026-11-17T08:00:00Z');
    const [digest] = daemon.runJob('digest', { tenant: 'purasec', now: new Date('2026-11-17T07:45:00Z') });
    expect(digest!.mails.length).toBeGreaterThan(0);
    await daemon.drainSenders();
    const d = env.smtp.messages.filter((m) => /overzicht|digest/i.test(m.parsed.subject ?? '')).at(-1);
    expect(d?.parsed.text).toContain('weg@ps-klant.example');
  });
});
