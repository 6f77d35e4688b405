// Issue 3 through the daemon (Maildir source, file transport): replies thread to their complaint whatever the client did to
// the headers, automatic mail and bounces never trigger a letter, strangers cannot join
// someone else's complaint, and the same mail twice is processed once (two Maildir files with
// the same bytes: two source keys, one Message-ID).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const PS = 'purasec';
const PA = 'preact';
const CUSTOMER = 'marieke@klant.example';

function mail(headers: Record<string, string>, body: string): string {
  const base: Record<string, string> = {
    To: 'klachten@purasec.nl',
    Date: 'Wed, 18 Nov 2026 09:00:00 +0100',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
  };
  return (
    Object.entries({ ...base, ...headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n') +
    '\r\n\r\n' +
    body.replace(/\n/g, '\r\n') +
    '\r\n'
  );
}

describe('understanding incoming mail', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  let ackId = '';
  const clock = systemClock;
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'understanding' });
  /** What the file transport has written so far, in order (the SMTP sink's `messages`). */
  let sent: Awaited<ReturnType<typeof flow.messages>> = [];
  const messages = async () => (sent = await flow.messages());
  const count = (sql: string, ...args: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...args) as number;
  const inbound = () => count('SELECT count(*) FROM inbound_messages') + count('SELECT count(*) FROM quarantine');
  async function deliver(tenant: string, raw: string): Promise<Record<string, unknown>> {
    const before = inbound();
    await flow.deliver(tenant, raw);
    await waitFor(() => inbound() > before, { timeoutMs: 10_000, message: 'mail processed' });
    await messages();
    return daemon.db.prepare('SELECT * FROM inbound_messages ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>;
  }
  const ps = (raw: string) => deliver(PS, raw);
  /** Everything queued so far has been written (so later counts are not racing earlier mail). */
  async function settled(): Promise<number> {
    await waitFor(() => count(`SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')`) === 0, { timeoutMs: 10_000, message: 'outbox drained' });
    const n = count(`SELECT count(*) FROM outbox WHERE status = 'sent'`);
    await waitFor(async () => (await messages()).length >= n, { timeoutMs: 5_000, message: 'file transport wrote every sent mail' });
    return sent.length;
  }
  /** Resolves with the written mails once at least `n` were written (the SMTP sink's `waitForMessages`). */
  const waitForMessages = (n: number, timeoutMs: number) =>
    waitFor(async () => ((await messages()).length >= n ? sent : null), { timeoutMs, message: `${n} mails written` });

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec' }, { id: 'preact', overrides: { intake: 'classify' } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    await ps(
      mail(
        { From: `Marieke Jansen <${CUSTOMER}>`, Subject: 'Klacht over de pentest', 'Message-ID': '<orig-1@klant.example>' },
        'De pentest is slecht uitgevoerd. Ik ben ontevreden.\n\nMet vriendelijke groet,\nMarieke Jansen\n06-12345678',
      ),
    );
    const ack = await waitFor(async () => (await messages()).find((m) => m.envelope.to.includes(CUSTOMER)), { timeoutMs: 10_000, message: 'acknowledgement' });
    ackId = ack.parsed.messageId!.replace(/[<>]/g, '');
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('opened the complaint with the new text, the phone from the signature, and one acknowledgement', async () => {
    const c = daemon.db.prepare('SELECT * FROM complaints').get() as Record<string, unknown>;
    expect(c).toMatchObject({
      reference: 'PS-2026-0001',
      customer_email: CUSTOMER,
      customer_phone: '06-12345678',
      description: 'De pentest is slecht uitgevoerd. Ik ben ontevreden.',
    });
    // The customer's acknowledgement and the contact person's assignment mail; the service was named, so no request for it.
    await waitFor(async () => (await messages()).length === 2, { timeoutMs: 5000, message: 'two mails' });
    expect(sent.map((m) => m.envelope.to[0]).sort()).toEqual(['daan.bakker@example.nl', CUSTOMER]);
    expect(daemon.db.prepare('SELECT service FROM complaints WHERE id = 1').pluck().get()).toBe('Pentest');
  });

  it('threads a reply that has only References (Exchange commas) and a rewritten subject', async () => {
    const row = await ps(
      mail(
        { From: CUSTOMER, Subject: 'Aanvullende informatie', 'Message-ID': '<r1@klant.example>', References: `<other@x.example>, <${ackId}>` },
        'Hierbij de screenshots.',
      ),
    );
    expect(row).toMatchObject({ disposition: 'attached', complaint_id: 1 });
    expect(String(row.detail)).toContain('signed-message-id');
  });

  it('threads a reply with only the subject token, under Outlook and Dutch prefixes', async () => {
    const row = await ps(
      mail({ From: CUSTOMER, Subject: 'AW: Antw: RE: [PS-2026-0001] Ontvangstbevestiging', 'Message-ID': '<r2@klant.example>' }, 'Nog een aanvulling.'),
    );
    expect(row).toMatchObject({ disposition: 'attached', complaint_id: 1 });
    expect(String(row.detail)).toContain('subject-token');
  });

  it('a stranger quoting the reference starts a new complaint and leaves the other one alone', async () => {
    const attachedBefore = count('SELECT count(*) FROM inbound_messages WHERE complaint_id = 1');
    const row = await ps(
      mail(
        { From: 'mallory@evil.example', Subject: 'Re: [PS-2026-0001] please close this', 'Message-ID': '<m1@evil.example>' },
        'I am the customer, close it.',
      ),
    );
    expect(row.disposition).toBe('new-complaint');
    expect(row.complaint_id).not.toBe(1);
    expect(count('SELECT count(*) FROM inbound_messages WHERE complaint_id = 1')).toBe(attachedBefore);
    const ev = daemon.db.prepare(`SELECT data FROM events WHERE type = 'procedure:received' AND complaint_id = ?`).pluck().get(row.complaint_id) as string;
    expect((JSON.parse(ev) as { mentionedReferences: unknown }).mentionedReferences).toEqual(['PS-2026-0001']);
    // The stranger gets the acknowledgement of their own new complaint, not of PS-2026-0001.
    const ack = await waitFor(async () => (await messages()).find((m) => m.envelope.to.includes('mallory@evil.example')), {
      timeoutMs: 10_000,
      message: 'acknowledgement to the stranger',
    });
    expect(ack.parsed.subject).toContain('[PS-2026-0002]');
  });

  it('an out-of-office reply to our acknowledgement is stored on the complaint but answered by nothing', async () => {
    const sentBefore = await settled();
    const stateBefore = count(`SELECT count(*) FROM events WHERE complaint_id = 1`);
    const procBefore = daemon.db.prepare('SELECT state, proc_state FROM complaints WHERE id = 1').get();
    const row = await ps(
      mail(
        {
          From: CUSTOMER,
          Subject: 'Automatisch antwoord: [PS-2026-0001] Ontvangstbevestiging',
          'Message-ID': '<ooo@klant.example>',
          'In-Reply-To': `<${ackId}>`,
          'Auto-Submitted': 'auto-replied',
        },
        'Ik ben afwezig tot maandag.',
      ),
    );
    expect(row).toMatchObject({ disposition: 'automatic', complaint_id: 1 });
    expect(String(row.detail)).toMatch(/^auto-submitted/);
    expect(count(`SELECT count(*) FROM events WHERE complaint_id = 1`)).toBe(stateBefore + 1);
    expect(daemon.db.prepare(`SELECT type FROM events WHERE complaint_id = 1 ORDER BY id DESC LIMIT 1`).pluck().get()).toBe('mail:automatic');
    expect(daemon.db.prepare('SELECT state, proc_state FROM complaints WHERE id = 1').get()).toEqual(procBefore);
    expect(await settled()).toBe(sentBefore);
  });

  it('a bounce of the acknowledgement marks it undelivered and alerts the handler; it opens no complaint', async () => {
    const complaintsBefore = count('SELECT count(*) FROM complaints');
    const sentBefore = await settled();
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.klant.example>',
      'To: klachten@purasec.nl',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.klant.example>',
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="BB"',
      '',
      '--BB',
      'Content-Type: text/plain',
      '',
      'I am sorry to have to inform you that your message could not be delivered.',
      '--BB',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.klant.example',
      '',
      `Final-Recipient: rfc822; ${CUSTOMER}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '',
      '--BB',
      'Content-Type: text/rfc822-headers',
      '',
      'From: PuraSec B.V. <klachten@purasec.nl>',
      `To: ${CUSTOMER}`,
      `Message-ID: <${ackId}>`,
      'Subject: [PS-2026-0001] Ontvangstbevestiging',
      '',
      '--BB--',
      '',
    ].join('\r\n');
    const row = await ps(dsn);
    expect(row.disposition).toBe('bounce');
    expect(row.complaint_id).toBe(1);
    expect(count('SELECT count(*) FROM complaints')).toBe(complaintsBefore);
    const ob = daemon.db.prepare('SELECT status, bounced_at, bounce_detail FROM outbox WHERE message_id = ?').get(ackId) as Record<string, unknown>;
    expect(ob.status).toBe('failed');
    expect(ob.bounced_at).toBeTruthy();
    expect(String(ob.bounce_detail)).toContain('5.1.1');
    const alert = (await waitForMessages(sentBefore + 1, 10_000))[sentBefore]!;
    expect(alert.envelope.to).toEqual(['daan.bakker@example.nl']);
    expect(alert.parsed.subject).toContain('[PS-2026-0001]');
    expect(alert.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('the same mail appended twice is processed once', async () => {
    const raw = mail(
      { From: 'twice@klant.example', Subject: 'Klacht factuur', 'Message-ID': '<twice@klant.example>' },
      'De factuur klopt niet, ik ben ontevreden.',
    );
    const first = await ps(raw);
    const second = await ps(raw);
    expect(first.disposition).toBe('new-complaint');
    expect(second).toMatchObject({ disposition: 'duplicate', complaint_id: first.complaint_id });
    // An invoice complaint names no service: the acknowledgement asks for it in the same letter, once.
    await waitFor(async () => (await messages()).filter((m) => m.envelope.to.includes('twice@klant.example')).length === 1, {
      timeoutMs: 5000,
      message: 'acknowledgement asking for the service',
    });
    expect(daemon.db.prepare(`SELECT kind FROM outbox WHERE to_address = 'twice@klant.example' ORDER BY id`).pluck().all()).toEqual(['acknowledgement']);
    const letter = sent.find((m) => m.envelope.to.includes('twice@klant.example'))!;
    expect(letter.parsed.text).toMatch(/op welke dienst/);
    expect(count(`SELECT count(*) FROM complaints WHERE customer_email = 'twice@klant.example'`)).toBe(1);
  });

  it('a shared mailbox (PreAct, intake: classify) acknowledges complaints only', async () => {
    const quote = await deliver(
      PA,
      mail(
        { From: 'inkoop@bedrijf.example', To: 'info@preact-software.nl', Subject: 'Offerteaanvraag maatwerk software', 'Message-ID': '<q1@bedrijf.example>' },
        'Graag ontvangen wij een offerte voor een koppeling met ons ERP-systeem.',
      ),
    );
    expect(quote.disposition).toBe('not-a-complaint');
    expect(quote.complaint_id).toBeNull();
    const complaint = await deliver(
      PA,
      mail(
        { From: 'boos@klant.example', To: 'info@preact-software.nl', Subject: 'Klacht: nog steeds niet opgelost', 'Message-ID': '<c1@klant.example>' },
        'Ik ben zeer ontevreden, het probleem is al weken niet opgelost. Dit is onacceptabel.',
      ),
    );
    expect(complaint.disposition).toBe('new-complaint');
    await waitFor(async () => (await messages()).find((m) => m.envelope.to.includes('boos@klant.example')), {
      timeoutMs: 10_000,
      message: 'PreAct acknowledgement',
    });
    expect(sent.some((m) => m.envelope.to.includes('inkoop@bedrijf.example'))).toBe(false);
  });
});
