import { describe, expect, it } from 'vitest';
// Through guardsBothWays: every report here is also checked against the parse worker's analysis.
import { BOUNCE_SCAN_BYTES, parseBounce, type BounceReport } from '../helpers/guardsBothWays.js';
import { parseEml, parseFixture } from '../helpers/parseFixture.js';

async function bounceOf(file: string): Promise<BounceReport | null> {
  const { raw, msg } = await parseFixture(`guards/${file}`);
  return parseBounce(msg, raw);
}

async function bounceOfRaw(source: string): Promise<BounceReport | null> {
  const raw = Buffer.from(source);
  return parseBounce(await parseEml(raw), raw);
}

/** A minimal RFC 3464 report around the given delivery-status body. */
function dsn(deliveryStatus: string, options: { encoding?: string; trailer?: string } = {}): string {
  return [
    'Return-Path: <>',
    'From: MAILER-DAEMON@mx.example.org',
    'To: klachten@purasec.nl',
    'Subject: Delivery report',
    'Message-ID: <report-1@mx.example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Delivery report.',
    '--b1',
    'Content-Type: message/delivery-status',
    ...(options.encoding === undefined ? [] : [`Content-Transfer-Encoding: ${options.encoding}`]),
    '',
    deliveryStatus,
    '--b1',
    'Content-Type: text/rfc822-headers',
    '',
    'Message-ID: <ps-2026-0030.ack.1@complaintdesk.purasec.nl>',
    'Subject: [PS-2026-0030] Ontvangstbevestiging',
    options.trailer ?? '',
    '--b1--',
    '',
  ].join('\r\n');
}

describe('RFC 3464 delivery status reports', () => {
  it('reads a Postfix DSN: recipient, status, diagnostic, envelope id, original Message-ID', async () => {
    expect(await bounceOf('postfix-dsn.eml')).toEqual({
      kind: 'dsn',
      permanent: true,
      recipients: [
        {
          address: 'j.devries@example.nl',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <j.devries@example.nl>: Recipient address rejected: User unknown in virtual mailbox table',
          permanent: true,
        },
      ],
      originalMessageIds: ['ps-2026-0007.ack.7f3a91c2@complaintdesk.purasec.nl'],
      envelopeId: 'ps-2026-0007.ack.7f3a91',
    });
  });

  it('reads a Postfix delay warning as temporary, with the id from text/rfc822-headers', async () => {
    expect(await bounceOf('postfix-delay.eml')).toEqual({
      kind: 'dsn',
      permanent: false,
      recipients: [
        {
          address: 'm.jansen@example.org',
          action: 'delayed',
          status: '4.4.1',
          diagnostic: 'connect to mx.example.org[203.0.113.9]:25: Connection timed out',
          permanent: false,
        },
      ],
      originalMessageIds: ['ps-2026-0011.ask.b41d0e77@complaintdesk.purasec.nl'],
      envelopeId: null,
    });
  });

  it('reads an Office 365 NDR (CRLF, nested multipart/alternative, folded Message-ID)', async () => {
    expect(await bounceOf('exchange-ndr.eml')).toEqual({
      kind: 'dsn',
      permanent: true,
      recipients: [
        {
          address: 'p.bakker@contoso.nl',
          action: 'failed',
          status: '5.1.10',
          diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient p.bakker@contoso.nl not found by SMTP address lookup',
          permanent: true,
        },
      ],
      originalMessageIds: ['ps-2026-0009.reply.c0ffee12@complaintdesk.purasec.nl'],
      envelopeId: null,
    });
  });

  it('reads a Gmail "Address not found" report', async () => {
    const report = await bounceOf('gmail-failure.eml');
    expect(report).toMatchObject({
      kind: 'dsn',
      permanent: true,
      originalMessageIds: ['ps-2026-0014.ack.5e6f7a8b@complaintdesk.purasec.nl'],
      envelopeId: null,
    });
    expect(report?.recipients).toHaveLength(1);
    expect(report?.recipients[0]).toMatchObject({
      address: 'klantenservice.tineke@gmail.com',
      action: 'failed',
      status: '5.1.1',
      permanent: true,
    });
    expect(report?.recipients[0]?.diagnostic).toMatch(/^550-5\.1\.1 The email account that you tried to reach does not exist\./);
  });

  it('decides permanence per recipient: Action first, then the status class', async () => {
    const report = await bounceOfRaw(
      dsn(
        [
          'Reporting-MTA: dns; mx.example.org',
          'Original-Envelope-Id: ps+2D2026+2D0030',
          '',
          'Final-Recipient: rfc822; <a@example.org>',
          'Action: delayed',
          'Status: 4.2.2 (mailbox full)',
          '',
          'Final-Recipient: rfc822; b@example.org',
          'Action: failed (gave up)',
          'Status: 4.4.7',
          '',
          'Original-Recipient: rfc822; C@Example.org',
          'Status: 5.7.1',
        ].join('\r\n'),
      ),
    );
    expect(report?.envelopeId).toBe('ps-2026-0030');
    expect(report?.permanent).toBe(true);
    expect(report?.recipients.map((r) => [r.address, r.action, r.status, r.permanent])).toEqual([
      ['a@example.org', 'delayed', '4.2.2', false],
      ['b@example.org', 'failed', '4.4.7', true],
      ['c@example.org', null, '5.7.1', true],
    ]);
    expect(report?.originalMessageIds).toEqual(['ps-2026-0030.ack.1@complaintdesk.purasec.nl']);
  });

  it('returns null for a report that only announces successful delivery', async () => {
    const success = dsn(
      ['Reporting-MTA: dns; mx.example.org', '', 'Final-Recipient: rfc822; a@example.org', 'Action: delivered', 'Status: 2.0.0'].join('\r\n'),
    );
    expect(await bounceOfRaw(success)).toBeNull();
  });

  it('decodes a base64 delivery-status part', async () => {
    const status = Buffer.from('Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n').toString(
      'base64',
    );
    expect((await bounceOfRaw(dsn(status, { encoding: 'base64' })))?.recipients).toEqual([
      { address: 'a@example.org', action: 'failed', status: '5.1.1', diagnostic: null, permanent: true },
    ]);
  });

  it('stays bounded on a huge, unterminated report', async () => {
    const padding = `${'x'.repeat(998)}\r\n`.repeat(Math.ceil((3 * BOUNCE_SCAN_BYTES) / 1000));
    const status = ['Reporting-MTA: dns; mx', '', 'Final-Recipient: rfc822; a@example.org', 'Action: failed', 'Status: 5.1.1'];
    const source = dsn(status.join('\r\n'), { trailer: padding }).replace(/--b1--\r\n$/, '');
    const raw = Buffer.from(source);
    const msg = await parseEml(Buffer.from(dsn('')));
    const started = performance.now();
    const report = parseBounce(msg, raw);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(report?.recipients.map((r) => r.address)).toEqual(['a@example.org']);
  });
});

describe('plain-text bounces', () => {
  it('reads a qmail bounce', async () => {
    expect(await bounceOf('qmail-bounce.eml')).toEqual({
      kind: 'heuristic',
      permanent: true,
      recipients: [
        {
          address: 'info@bakkerij-vanderlinden.nl',
          action: null,
          status: '5.1.1',
          diagnostic: 'Remote host said: 550 5.1.1 <info@bakkerij-vanderlinden.nl>... User unknown',
          permanent: true,
        },
      ],
      originalMessageIds: ['ps-2026-0015.ack.0d1e2f3a@complaintdesk.purasec.nl'],
      envelopeId: null,
    });
  });

  it('reads an Exim bounce', async () => {
    expect(await bounceOf('exim-bounce.eml')).toEqual({
      kind: 'heuristic',
      permanent: true,
      recipients: [
        {
          address: 'r.visser@webhost-voorbeeld.nl',
          action: null,
          status: '5.2.2',
          diagnostic: '552 5.2.2 <r.visser@webhost-voorbeeld.nl>: Mailbox full',
          permanent: true,
        },
      ],
      // The quoted Message-ID and the bounce's own References name the same mail.
      originalMessageIds: ['ps-2026-0016.reply.aa11bb22@complaintdesk.purasec.nl'],
      envelopeId: null,
    });
  });

  it('reads a Dutch Exchange NDR, merging the two mentions of the recipient', async () => {
    expect(await bounceOf('exchange-ndr-nl.eml')).toEqual({
      kind: 'heuristic',
      permanent: true,
      recipients: [
        {
          address: 'a.smit@gemeente-voorbeeld.nl',
          action: null,
          status: '5.1.1',
          diagnostic: '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##',
          permanent: true,
        },
      ],
      originalMessageIds: ['ps-2026-0012.outcome.9a8b7c6d@complaintdesk.purasec.nl'],
      envelopeId: null,
    });
  });

  it('reads an old-style Gmail failure and an Exim delay warning', async () => {
    const gmail = [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'To: klachten@purasec.nl',
      'Subject: Delivery Status Notification (Failure)',
      'In-Reply-To: <ps-2026-0031.ack.2@complaintdesk.purasec.nl>',
      '',
      'Delivery to the following recipient failed permanently:',
      '',
      '     oud.adres@gmail.com',
      '',
      'Technical details of permanent failure:',
      'The email account that you tried to reach does not exist. 550-5.1.1',
      '',
    ].join('\r\n');
    expect(await bounceOfRaw(gmail)).toEqual({
      kind: 'heuristic',
      permanent: true,
      recipients: [{ address: 'oud.adres@gmail.com', action: null, status: null, diagnostic: null, permanent: true }],
      originalMessageIds: ['ps-2026-0031.ack.2@complaintdesk.purasec.nl'],
      envelopeId: null,
    });

    const delay = [
      'From: Mail Delivery System <Mailer-Daemon@mx.example.org>',
      'Subject: Warning: message 1vXyZa-000AbC-2k delayed 24 hours',
      '',
      'This message was created automatically by mail delivery software.',
      'A message that you sent has not yet been delivered to one or more of its',
      'recipients after more than 24 hours on the queue on mx.example.org.',
      '',
      '  r.visser@example.org',
      '    host mail.example.org [192.0.2.99]: 451 4.3.0 Temporary lookup failure',
      '',
      'No action is required on your part. Delivery attempts will continue.',
      '',
    ].join('\r\n');
    const report = await bounceOfRaw(delay);
    expect(report?.permanent).toBe(false);
    expect(report?.recipients).toEqual([
      {
        address: 'r.visser@example.org',
        action: null,
        status: '4.3.0',
        diagnostic: 'host mail.example.org [192.0.2.99]: 451 4.3.0 Temporary lookup failure',
        permanent: false,
      },
    ]);
  });

  it('accepts strong subject and body evidence from an unusual sender', async () => {
    const relayed = [
      'From: Mail Gateway <gateway@example.org>',
      'Subject: Undeliverable: [PS-2026-0032] Reactie',
      '',
      'Delivery has failed to these recipients or groups:',
      '',
      'x@example.org (x@example.org)',
      "Remote Server returned '550 5.1.1 User unknown'",
      '',
    ].join('\r\n');
    expect((await bounceOfRaw(relayed))?.recipients.map((r) => [r.address, r.status])).toEqual([['x@example.org', '5.1.1']]);
  });
});

describe('mail that is not a bounce', () => {
  it.each([
    'customer-complaint.eml',
    'customer-undelivered.eml',
    'customer-forwarded-bounce.eml',
    'outlook-ooo-nl.eml',
    'gmail-vacation.eml',
    'newsletter.eml',
    'noreply-notification.eml',
    'own-loop.eml',
  ])('%s → null', async (file) => {
    expect(await bounceOf(file)).toBeNull();
  });

  it('needs more than a bounce-like subject when a person sends it', async () => {
    const customer = [
      'From: Sanne Peters <sanne.peters@example.com>',
      'Subject: Undeliverable parcel, returned mail and delivery failure',
      '',
      'Your courier marked my parcel undeliverable. Mail delivery failed twice.',
      '',
    ].join('\r\n');
    expect(await bounceOfRaw(customer)).toBeNull();
  });

  it('needs some bounce wording even from postmaster', async () => {
    const notice = ['From: postmaster@purasec.nl', 'Subject: Your mailbox is almost full', '', 'Please clean up.', ''].join('\r\n');
    expect(await bounceOfRaw(notice)).toBeNull();
  });
});
