// Issue 9.2, "every kind of automatic mail": reports, read receipts, list managers and carrier
// bounces shaped as replies are stored and never answered; customers who merely use the same
// words are still answered. Each fixture goes through both mailparser front ends (the tests'
// helper and the production parse worker) and then the guards in ingest's order: parseBounce
// first, detectAutomatic after it.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// Through guardsBothWays: every verdict here is also checked against the parse worker's analysis.
import { detectAutomatic, parseBounce, type AutomaticPolicy, type AutomaticReason } from '../helpers/guardsBothWays.js';
import { ANALYSE_WORKER } from '../../src/ingest/analyse.js';
import { MailParser } from '../../src/parse/parse.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import { parseEml, parseFixture } from '../helpers/parseFixture.js';

const FAMILIES = fileURLToPath(new URL('../fixtures/guards/families/', import.meta.url));

const policy: AutomaticPolicy = {
  loopHeader: 'X-Complaintdesk-Loop',
  loopTokens: ['klachten@purasec.nl'],
  ownAddresses: ['klachten@purasec.nl'],
  maxReceived: 25,
};

type Expected = { bounce: 'heuristic' | 'dsn' } | { reason: AutomaticReason; detail: string | RegExp };

/** What the guards decide for every machine-written fixture. Answered by the code before issue 9.2: all but 4 (see the note). */
const MACHINES: Record<string, Expected> = {
  'arf-1.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=feedback-report (Feedback-Type: abuse)' },
  'arf-2.eml': { reason: 'report', detail: 'feedback-loop complaint, Subject: complaint about message from 198.51.100.10' },
  'arf-3.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=feedback-report (Feedback-Type: abuse)' },
  'arf-4.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=feedback-report (Feedback-Type: auth-failure)' },
  'dmarc-1.eml': { reason: 'report', detail: /^aggregate report, Subject: Report domain: purasec\.nl Submitter: google\.com/ },
  'dmarc-2.eml': { reason: 'report', detail: /^aggregate report, Subject: Report Domain: purasec\.nl Submitter: protection\.outlook\.com/ },
  'dmarc-3.eml': { reason: 'report', detail: 'aggregate report attached: hostingbedrijf.example!purasec.nl!1763424000!1763510399!hb-20261118-4711.xml.gz' },
  'dmarc-4.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=tlsrpt' },
  'dmarc-5.eml': { reason: 'report', detail: 'aggregate report attached: mailfilter.example!purasec.nl!1763424000!1763510399.xml.gz' },
  'list-1.eml': { reason: 'list-manager', detail: 'From: leden-owner@lists.vereniging-beveiliging.example' },
  'list-2.eml': { reason: 'list-manager', detail: 'X-List-Administrivia: yes' },
  'list-3.eml': { reason: 'list-manager', detail: 'From: sympa@lists.universiteit.example' },
  'list-4.eml': { reason: 'list-manager', detail: 'From: klantenpanel+owners@googlegroups.com' },
  'list-5.eml': { reason: 'list-manager', detail: 'X-ML-Name: security-users' },
  'list-6.eml': { reason: 'list-manager', detail: 'Subject: confirm subscribe to leden@lists.sportbond.example' },
  'list-7.eml': { reason: 'list-manager', detail: 'X-List-Administrivia: yes' },
  // post_master@ is a delivery system: bounce.ts reads it and matches it to the outbox.
  'bouncelike-1.eml': { bounce: 'heuristic' },
  'bouncelike-2.eml': { reason: 'bounce-like', detail: '"Unzustellbar"; From: mailer@mx.kabel-de.example' },
  // An Exchange NDR relayed by a service desk under "RE:": its opening is the MTA's own words.
  'bouncelike-3.eml': { bounce: 'heuristic' },
  'bouncelike-4.eml': { reason: 'bounce-like', detail: '"Your message could not be delivered"; SMTP trace "5.2.2"' },
  'bouncelike-5.eml': { reason: 'bounce-like', detail: '"Onbestelbaar bericht"; SMTP trace "5.1.1"' },
  'receipt-1.eml': { reason: 'read-receipt', detail: 'Content-Type: multipart/report; report-type=disposition-notification' },
  'receipt-2.eml': { reason: 'read-receipt', detail: 'Content-Type: multipart/report; report-type=disposition-notification' },
  'receipt-3.eml': { reason: 'read-receipt', detail: 'Content-Type: multipart/report; report-type=disposition-notification' },
  'receipt-4.eml': { reason: 'read-receipt', detail: 'Subject: Gelezen: [PS-2026-0034] Verzoek om aanvullende informatie' },
  'report-1.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=delivery-status' },
  'report-2.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=delivery-status' },
  'report-3.eml': { reason: 'report', detail: 'Content-Type: multipart/report; report-type=x-quarantine-summary' },
};

/** Customers who use the machines' words in their own sentences. */
const PEOPLE = [
  'nearmiss-1.eml', // "Mijn pakket kon niet worden bezorgd", "bezorging mislukt"
  'nearmiss-2.eml', // "my parcel could not be delivered", "Delivery has failed three times", a reply with a quote
  'nearmiss-3.eml', // "my message could not be delivered … 550 5.1.1 User unknown"
  'nearmiss-4.eml', // DMARC, "Report domain:" in the text, an image attached
  'nearmiss-5.eml', // subject "Gelezen: uw brief …", "Uw bericht is goed aangekomen"
  'nearmiss-6.eml', // a team mailbox facilitair-admin@
  'nearmiss-7.eml', // "Re: uw bericht kon niet worden bezorgd?" — "zegt mijn provider"
];

type Verdict = { bounce: string } | { automatic: false } | { reason: AutomaticReason; detail: string };

/** The guards in ingest's order. */
function guard(msg: ParsedMessage, raw: Buffer): Verdict {
  const bounce = parseBounce(msg, raw);
  if (bounce) return { bounce: bounce.kind };
  const v = detectAutomatic(msg, policy);
  return v.automatic ? { reason: v.reason, detail: v.detail } : { automatic: false };
}

const production = new MailParser({ maxMessageBytes: 4 << 20, maxHeaderBytes: 1 << 16, parseTimeoutMs: 10_000 }, { worker: ANALYSE_WORKER });
afterAll(() => production.close());

const frontEnds: Array<[string, (file: string) => Promise<{ raw: Buffer; msg: ParsedMessage }>]> = [
  ['test mailparser helper', (file) => parseFixture(`guards/families/${file}`)],
  [
    'production parse worker',
    async (file) => {
      const { raw } = await parseFixture(`guards/families/${file}`);
      const r = await production.parse(raw);
      if (!r.ok) throw new Error(`${file}: ${r.reason} ${r.detail}`);
      return { raw, msg: r.msg };
    },
  ],
];

describe('fixture families', () => {
  it('has a verdict for every fixture and 2+ fixtures per family', () => {
    const files = readdirSync(FAMILIES)
      .filter((f) => f.endsWith('.eml'))
      .sort();
    expect(files).toEqual([...Object.keys(MACHINES), ...PEOPLE].sort());
    const perFamily = new Map<string, number>();
    for (const f of files) perFamily.set(f.replace(/-\d+\.eml$/, ''), (perFamily.get(f.replace(/-\d+\.eml$/, '')) ?? 0) + 1);
    expect([...perFamily].filter(([, n]) => n < 2)).toEqual([]);
  });

  describe.each(frontEnds)('through the %s', (_, load) => {
    it.each(Object.entries(MACHINES))('%s is a machine → %j', async (file, expected) => {
      const { raw, msg } = await load(file);
      const verdict = guard(msg, raw);
      if ('bounce' in expected) {
        expect(verdict).toEqual(expected);
      } else {
        expect(verdict).toEqual({
          reason: expected.reason,
          detail: typeof expected.detail === 'string' ? expected.detail : expect.stringMatching(expected.detail),
        });
      }
    });

    it.each(PEOPLE)('%s is a customer: no bounce, not automatic', async (file) => {
      const { raw, msg } = await load(file);
      expect(guard(msg, raw)).toEqual({ automatic: false });
    });
  });
});

/** A person-to-person-looking mail; `extra` header lines go on top, `body` may be MIME. */
function eml(opts: { from?: string; subject: string; body: string; headers?: string[]; contentType?: string }): string {
  return [
    ...(opts.headers ?? []),
    `From: ${opts.from ?? 'Henk Mulder <h.mulder@example.nl>'}`,
    'To: klachten@purasec.nl',
    `Subject: ${opts.subject}`,
    'Date: Thu, 19 Nov 2026 10:00:00 +0100',
    'Message-ID: <inline@example.nl>',
    'MIME-Version: 1.0',
    `Content-Type: ${opts.contentType ?? 'text/plain; charset=utf-8'}`,
    '',
    opts.body.replace(/\r?\n/g, '\r\n'),
    '',
  ].join('\r\n');
}

async function verdictOf(raw: string): Promise<Verdict> {
  return guard(await parseEml(raw), Buffer.from(raw));
}

function report(reportType: string | null, machinePart: string, machineBody: string): string {
  const type = reportType === null ? 'multipart/report; boundary="R"' : `multipart/report; report-type=${reportType}; boundary="R"`;
  return eml({
    subject: 'Rapport',
    contentType: type,
    body: ['--R', 'Content-Type: text/plain', '', 'Report.', '--R', `Content-Type: ${machinePart}`, '', machineBody, '--R--'].join('\n'),
  });
}

describe('reports and read receipts', () => {
  it.each([
    [
      'feedback-report',
      'message/feedback-report',
      'Feedback-Type: fraud\nVersion: 1',
      'Content-Type: multipart/report; report-type=feedback-report (Feedback-Type: fraud)',
    ],
    [
      '"delivery-status"',
      'message/delivery-status',
      'Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@example.org\nAction: expanded\nStatus: 2.0.0',
      'Content-Type: multipart/report; report-type=delivery-status',
    ],
    ['x-vendor-thing', 'application/octet-stream', 'data', 'Content-Type: multipart/report; report-type=x-vendor-thing'],
    [null, 'text/plain', 'data', 'Content-Type: multipart/report; no report-type'],
  ])('any multipart/report is a report: report-type=%s', async (reportType, part, body, detail) => {
    expect(await verdictOf(report(reportType, part, body))).toEqual({ reason: 'report', detail });
  });

  it('an MDN is a read receipt whatever wraps it', async () => {
    const mdn = 'Final-Recipient: rfc822; a@example.org\nDisposition: automatic-action/MDN-sent-automatically; deleted';
    expect(await verdictOf(report('Disposition-Notification', 'message/disposition-notification', mdn))).toMatchObject({ reason: 'read-receipt' });
    const wrapped = eml({
      subject: 'Receipt',
      contentType: 'multipart/mixed; boundary="M"',
      body: ['--M', 'Content-Type: text/plain', '', 'Receipt.', '--M', 'Content-Type: message/disposition-notification', '', mdn, '--M--'].join('\n'),
    });
    expect(await verdictOf(wrapped)).toEqual({ reason: 'read-receipt', detail: 'a message/disposition-notification part' });
    expect(await verdictOf(eml({ subject: 'x', contentType: 'message/disposition-notification', body: mdn }))).toMatchObject({ reason: 'read-receipt' });
  });

  it.each([
    ['Read: [PS-2026-0031] Your complaint', 'Your message\n\n  To: Lisa\n  Subject: x\n\nwas read on Thursday, November 19, 2026 2:20:29 PM.'],
    ['Not read: [PS-2026-0031] Your complaint', 'Your message\n\n  To: Lisa\n\nwas deleted without being read on Friday.'],
    ['Gelesen: [PS-2026-0031] Ihre Beschwerde', 'Ihre Nachricht\n\n  An: Lisa\n\nwurde am Donnerstag, 19. November 2026 14:20:29 gelesen.'],
    ['Gelezen: [PS-2026-0031] Uw klacht', 'Uw bericht\n\n  Aan: Lisa\n\nis gelezen op donderdag 19 november 2026.'],
  ])('a text-only receipt: %s', async (subject, body) => {
    expect(await verdictOf(eml({ subject, body }))).toEqual({ reason: 'read-receipt', detail: `Subject: ${subject}` });
  });

  it('a "Read:" subject or receipt words alone do not make a receipt', async () => {
    expect(await verdictOf(eml({ subject: 'Read: your letter, I disagree', body: 'I read it on Monday and the guard was still late.' }))).toEqual({
      automatic: false,
    });
    expect(await verdictOf(eml({ subject: 'Klacht', body: 'Uw brief is gelezen op maandag, maar ik ben het er niet mee eens.' }))).toEqual({
      automatic: false,
    });
    // A person forwarding a receipt inline is writing to us.
    const forwarded =
      'Zie hieronder, ik heb nooit iets gelezen!\n\n---------- Forwarded message ---------\nDisposition: automatic-action/MDN-sent-automatically; displayed';
    expect(await verdictOf(eml({ subject: 'Fwd: Read: uw klacht', body: forwarded }))).toEqual({ automatic: false });
  });

  it('DMARC and TLS aggregate reports by subject, file name, headers or reporting mailbox', async () => {
    const gz = (name: string, type = 'application/gzip') => ({
      contentType: 'multipart/mixed; boundary="A"',
      body: [
        '--A',
        'Content-Type: text/plain',
        '',
        'See attachment.',
        '--A',
        `Content-Type: ${type}`,
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        'H4sIAAAAAAAAAwMAAAAAAAAAAAA=',
        '--A--',
      ].join('\n'),
    });
    expect(await verdictOf(eml({ subject: '[Preview] Report Domain: purasec.nl Submitter: mimecast.example Report-ID: <1>', body: 'x' }))).toMatchObject({
      reason: 'report',
    });
    expect(await verdictOf(eml({ subject: 'x', ...gz('a.example!purasec.nl!1763424000!1763510399.zip', 'application/octet-stream') }))).toEqual({
      reason: 'report',
      detail: 'aggregate report attached: a.example!purasec.nl!1763424000!1763510399.zip',
    });
    expect(await verdictOf(eml({ from: 'dmarc_agg@reports.example', subject: 'Daily', ...gz('report.xml.gz') }))).toMatchObject({ reason: 'report' });
    expect(await verdictOf(eml({ subject: 'DMARC report for purasec.nl', ...gz('rapport.zip', 'application/zip') }))).toMatchObject({ reason: 'report' });
    expect(await verdictOf(eml({ subject: 'TLS', headers: ['TLS-Report-Domain: purasec.nl'], body: 'x' }))).toEqual({
      reason: 'report',
      detail: 'TLS-Report-Domain: purasec.nl',
    });
  });

  it('a customer with a zip, or writing about DMARC, is not a report', async () => {
    const zip = {
      contentType: 'multipart/mixed; boundary="A"',
      body: [
        '--A',
        'Content-Type: text/plain',
        '',
        'Mijn klacht, met de foto’s in een zip.',
        '--A',
        'Content-Type: application/zip',
        'Content-Disposition: attachment; filename="fotos.zip"',
        '',
        'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==',
        '--A--',
      ].join('\n'),
    };
    expect(await verdictOf(eml({ subject: 'Klacht over de camerabewaking', ...zip }))).toEqual({ automatic: false });
    expect(await verdictOf(eml({ subject: 'Vraag over DMARC', body: 'Onze DMARC-rapporten laten fouten zien sinds uw pentest.' }))).toEqual({
      automatic: false,
    });
    expect(await verdictOf(eml({ subject: 'Klacht: DMARC staat nog op none, rapporten in de bijlage', ...zip }))).toEqual({ automatic: false });
  });
});

describe('list managers', () => {
  it.each([
    'leden-owner@lists.example.org',
    'leden-request@lists.example.org',
    'leden-bounces+klachten=purasec.nl@lists.example.org',
    'leden-confirm+3f0c2a9b8e41@lists.example.org',
    'owner-leden@lists.example.org',
    'klantenpanel+owner@groups.io',
    'Majordomo@lists.example.org',
    'LISTSERV@LISTS.EXAMPLE.EDU',
  ])('a notice from %s', async (address) => {
    expect(await verdictOf(eml({ from: address, subject: 'Notice', body: 'Hello.' }))).toEqual({
      reason: 'list-manager',
      detail: `From: ${address.toLowerCase()}`,
    });
  });

  it.each([
    'Your message to Leden awaits moderator approval',
    'Re: Google Groups: Message Pending [klantenpanel]',
    'Message Approval Needed - h.mulder@example.nl posted to leden@groups.io',
    'confirm 7d3f0c2a9b8e41f6a5d2c0e9b7a8f6d5',
    'Welcome to the "Leden" mailing list',
    'Uncaught bounce notification',
  ])('a notice by its subject: %s', async (subject) => {
    expect(await verdictOf(eml({ subject, body: 'Hello.' }))).toEqual({ reason: 'list-manager', detail: `Subject: ${subject}` });
  });

  it.each([
    ['X-Loop: helpdesk@ticketsysteem.example', 'X-Loop: helpdesk@ticketsysteem.example'],
    ['X-Mailman-Version: 3.3.9', 'X-Mailman-Version: 3.3.9'],
    ['X-BeenThere: leden@lists.example.org', 'X-BeenThere: leden@lists.example.org'],
    ['X-ML-Count: 77', 'X-ML-Count: 77'],
    ['Mailing-List: contact leden-help@lists.example.org; run by ezmlm', 'Mailing-List: contact leden-help@lists.example.org; run by ezmlm'],
  ])('list software header %s', async (header, detail) => {
    expect(await verdictOf(eml({ headers: [header], subject: 'Klacht', body: 'Hallo.' }))).toEqual({ reason: 'list-manager', detail });
  });

  it('-admin counts only with mailing-list wording; owner-like words in a person’s address do not count', async () => {
    const admin = 'leden-admin@lists.example.org';
    expect(
      await verdictOf(eml({ from: admin, subject: 'Bounce action notification for Leden', body: 'This is a Mailman mailing list bounce action notice.' })),
    ).toMatchObject({ reason: 'list-manager' });
    expect(await verdictOf(eml({ from: admin, subject: 'Status', body: 'Your membership in the mailing list Leden has been disabled.' }))).toEqual({
      reason: 'list-manager',
      detail: `From: ${admin}, with mailing-list wording`,
    });
    expect(await verdictOf(eml({ from: 'it-admin@bedrijf.example', subject: 'Klacht', body: 'De beveiliger was te laat.' }))).toEqual({ automatic: false });
    for (const person of ['owner@bakkerij.example', 'j.owner@example.nl', 'requester@example.nl', 'sympathie@example.nl']) {
      expect(await verdictOf(eml({ from: person, subject: 'Klacht', body: 'De beveiliger was te laat.' }))).toEqual({ automatic: false });
    }
  });
});

describe('carrier bounces shaped as replies', () => {
  const ndr = (from: string, subject: string, body: string, headers: string[] = []) => verdictOf(eml({ from, subject, body, headers }));

  it('a weak "your message could not be delivered" needs a second witness', async () => {
    const body = 'Your message could not be delivered to the recipient.\n\nPlease try again later.';
    expect(await ndr('Provider <info@provider.example>', 'Re: [PS-2026-0001] Ontvangstbevestiging', body)).toEqual({ automatic: false });
    expect(await ndr('Provider <mailsystem@provider.example>', 'Re: [PS-2026-0001] Ontvangstbevestiging', body)).toEqual({
      reason: 'bounce-like',
      detail: '"Your message could not be delivered"; From: mailsystem@provider.example',
    });
    expect(await ndr('Mail Delivery Service <info@provider.example>', 'Re: x', body)).toMatchObject({ reason: 'bounce-like' });
    expect(await ndr('Provider <info@provider.example>', 'Re: x', `${body}\nError: 550 mailbox unavailable`)).toMatchObject({ reason: 'bounce-like' });
    expect(await ndr('Provider <info@provider.example>', 'Re: Undeliverable: x', body)).toMatchObject({
      reason: 'bounce-like',
      detail: expect.stringContaining('Subject: Re: Undeliverable: x'),
    });
    // Our loop header in the returned copy proves it is our own mail coming back.
    expect(
      await ndr('Provider <info@provider.example>', 'Re: x', `${body}\n\nFrom: klachten@purasec.nl\nX-Complaintdesk-Loop: klachten@purasec.nl`),
    ).toMatchObject({
      reason: 'bounce-like',
      detail: expect.stringContaining('returned headers'),
    });
  });

  it('speaks for a message, not a parcel, and only in its own opening words', async () => {
    const machine = 'Mail System <mailsystem@provider.example>';
    expect(await ndr(machine, 'Re: x', 'My parcel could not be delivered. 550 5.1.1')).toEqual({ automatic: false });
    expect(await ndr(machine, 'Re: x', 'My message could not be delivered, error 550 5.1.1 user unknown.')).toEqual({ automatic: false });
    // A customer's reply that quotes a bounce under their own words.
    const quoted = 'The guard did not show up again.\n\nOn Thu, 19 Nov 2026 at 10:00, Mail System wrote:\n> Your message could not be delivered.\n> 550 5.1.1';
    expect(await ndr('Tom <tom@example.com>', 'Re: x', quoted)).toEqual({ automatic: false });
    // A customer forwarding the bounce they got.
    expect(await ndr('Tom <tom@example.com>', 'Fwd: Undeliverable: x', 'Delivery has failed to these recipients or groups:\n\n550 5.1.1')).toEqual({
      automatic: false,
    });
  });

  it('an MTA’s fixed NDR sentence is enough alone; with SMTP traces bounce.ts takes it', async () => {
    expect(await ndr('ICT <servicedesk@zorggroep.example>', 'RE: x', 'Delivery has failed to these recipients or groups:\n\nm@zorggroep.example')).toEqual({
      reason: 'bounce-like',
      detail: 'the body opens with "Delivery has failed to these recipients or groups"',
    });
    const withTrace =
      "Die Zustellung an folgende Empfänger oder Gruppen ist fehlgeschlagen:\n\nk@firma.example\nRemote Server returned '550 5.1.1 User unknown'";
    expect(await ndr('IT <it@firma.example>', 'AW: x', withTrace, ['In-Reply-To: <ps-2026-0001.ack.1@complaintdesk.purasec.nl>'])).toEqual({
      bounce: 'heuristic',
    });
    const raw = eml({
      from: 'IT <it@firma.example>',
      subject: 'AW: x',
      body: withTrace,
      headers: ['In-Reply-To: <ps-2026-0001.ack.1@complaintdesk.purasec.nl>'],
    });
    expect(parseBounce(await parseEml(raw), Buffer.from(raw))).toMatchObject({
      kind: 'heuristic',
      permanent: true,
      originalMessageIds: ['ps-2026-0001.ack.1@complaintdesk.purasec.nl'],
    });
  });

  it('looks at the first 4 KB of text only', async () => {
    const filler = `${'De beveiliger kwam te laat en dat is niet de eerste keer. '.repeat(80)}\n`;
    expect(await ndr('Mail System <mailsystem@provider.example>', 'Re: x', `Your message could not be delivered.\n${filler}`)).toMatchObject({
      reason: 'bounce-like',
    });
    // The same notice pushed past the scanned head by 5 KB of blank lines is not read at all.
    expect(await ndr('Mail System <mailsystem@provider.example>', 'Re: x', `${'\n'.repeat(5000)}x\n${filler}Your message could not be delivered.`)).toEqual({
      automatic: false,
    });
  });

  it('stays linear on hostile input: long runs of the words the rules look for', async () => {
    const hostile = ['your message '.repeat(20_000), 'uw bericht '.repeat(20_000), '-dmarc'.repeat(20_000), 'Report Domain: '.repeat(20_000)].join('\n');
    const raw = eml({ from: `${'a-dmarc'.repeat(40)}@example.org`, subject: `Re: ${'confirm '.repeat(500)}`, body: hostile });
    const msg = await parseEml(raw);
    // No timing assertion (SPEC §9): a super-linear rule would blow the test timeout instead.
    expect(detectAutomatic(msg, policy)).toEqual({ automatic: false });
  });
});
