import { describe, expect, it } from 'vitest';
// Through guardsBothWays: every verdict here is also checked against the parse worker's analysis.
import { detectAutomatic, detectOutOfOfficeSubject, isDeliverySystemAddress, type AutomaticPolicy } from '../helpers/guardsBothWays.js';
import { parseEml, parseFixture } from '../helpers/parseFixture.js';

const policy: AutomaticPolicy = {
  loopHeader: 'X-Complaintdesk-Loop',
  loopTokens: ['purasec-7f3a'],
  ownAddresses: ['Klachten@PuraSec.nl'],
  maxReceived: 25,
};

/** A plain person-to-person mail with extra header lines on top. */
function eml(extraHeaders: string[], subject = 'Klacht over de surveillance', from = 'Henk Mulder <h.mulder@example.nl>'): string {
  return [
    ...extraHeaders,
    `From: ${from}`,
    'To: klachten@purasec.nl',
    `Subject: ${subject}`,
    'Date: Thu, 19 Mar 2026 20:11:07 +0100',
    'Message-ID: <inline-1@example.nl>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Geachte heer/mevrouw, ik wil een klacht indienen.',
    '',
  ].join('\r\n');
}

async function verdictOf(raw: string, p: AutomaticPolicy = policy) {
  return detectAutomatic(await parseEml(raw), p);
}

describe('detectAutomatic on fixtures', () => {
  it.each([
    ['outlook-ooo-nl.eml', 'auto-submitted', 'Auto-Submitted: auto-generated'],
    ['gmail-vacation.eml', 'auto-submitted', 'Auto-Submitted: auto-replied'],
    ['webmail-ooo-nl.eml', 'out-of-office', 'Subject: Afwezig: Re: [PS-2026-0019] Aanvullende informatie over uw klacht'],
    ['newsletter.eml', 'mailing-list', 'List-Id: Beveiligingsvakblad nieuwsbrief <nieuwsbrief.beveiligingsvakblad.nl>'],
    ['noreply-notification.eml', 'system-sender', 'From: no-reply@pakketdienst-voorbeeld.nl'],
    // Our own mail carries Auto-Submitted too; the loop is the more useful reason to report.
    ['own-loop.eml', 'own-loop', 'X-Complaintdesk-Loop: purasec-7f3a'],
    // A report's structure names it more precisely than the Auto-Submitted it also carries.
    ['postfix-dsn.eml', 'report', 'Content-Type: multipart/report; report-type=delivery-status'],
    ['qmail-bounce.eml', 'null-return-path', 'Return-Path: <>'],
    ['exchange-ndr-nl.eml', 'null-return-path', 'Return-Path: <>'],
  ])('%s → %s', async (file, reason, detail) => {
    const { msg } = await parseFixture(`guards/${file}`);
    expect(detectAutomatic(msg, policy)).toEqual({ automatic: true, reason, detail });
  });

  it.each(['customer-complaint.eml', 'customer-undelivered.eml', 'customer-forwarded-bounce.eml', 'auto-submitted-no.eml'])(
    '%s is written by a person',
    async (file) => {
      const { msg } = await parseFixture(`guards/${file}`);
      expect(detectAutomatic(msg, policy)).toEqual({ automatic: false });
    },
  );
});

describe('detectAutomatic rules', () => {
  it('treats every Auto-Submitted value except "no" as automatic, ignoring case, comments and parameters', async () => {
    expect(await verdictOf(eml(['Auto-Submitted: auto-replied; owner-email="x@example.nl"']))).toMatchObject({
      reason: 'auto-submitted',
    });
    expect(await verdictOf(eml(['Auto-Submitted: auto-notified']))).toMatchObject({ reason: 'auto-submitted' });
    expect(await verdictOf(eml(['Auto-Submitted: NO']))).toEqual({ automatic: false });
    expect(await verdictOf(eml(['Auto-Submitted: (by a human) no ; x=y']))).toEqual({ automatic: false });
  });

  it('uses the topmost Return-Path for the null sender check', async () => {
    expect(await verdictOf(eml(['Return-Path: < >']))).toEqual({
      automatic: true,
      reason: 'null-return-path',
      detail: 'Return-Path: < >',
    });
    expect(await verdictOf(eml(['Return-Path: <h.mulder@example.nl>', 'Return-Path: <>']))).toEqual({ automatic: false });
  });

  it.each([
    'MAILER-DAEMON@mx.example.nl',
    'postmaster@example.nl',
    'post_master@kabelnet.example',
    'Mail-Daemon@mx.example.org',
    'MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@gemeente.example',
    'noreply@bank.example',
    'no_reply@example.nl',
    'do-not-reply@example.nl',
    'DoNotReply@example.nl',
    'notifications-noreply@linkedin.example',
    'bounces+1234@lists.example.org',
    'bounce@example.org',
  ])('system sender %s', async (address) => {
    expect(await verdictOf(eml([], 'Hallo', `System <${address}>`))).toEqual({
      automatic: true,
      reason: 'system-sender',
      detail: `From: ${address.toLowerCase()}`,
    });
  });

  it.each(['reply@example.nl', 'noreen@example.nl', 'bouncer.jansen@example.nl', 'postmaster.jan@example.nl'])('%s is an ordinary sender', async (address) => {
    expect(await verdictOf(eml([], 'Hallo', `Iemand <${address}>`))).toEqual({ automatic: false });
  });

  it('recognises delivery-system mailboxes only by their exact local part', () => {
    expect(isDeliverySystemAddress('Mailer-Daemon@example.nl')).toBe(true);
    expect(isDeliverySystemAddress('postmaster+abc@example.nl')).toBe(true);
    expect(isDeliverySystemAddress('noreply@example.nl')).toBe(false);
  });

  it.each([
    ['Precedence: bulk', 'precedence', 'Precedence: bulk'],
    ['Precedence: JUNK', 'precedence', 'Precedence: JUNK'],
    ['Precedence: list', 'precedence', 'Precedence: list'],
    ['Precedence: auto_reply', 'precedence', 'Precedence: auto_reply'],
    ['List-Post: <mailto:leden@vereniging.example>', 'mailing-list', 'List-Post: <mailto:leden@vereniging.example>'],
    ['X-Auto-Response-Suppress: DR, RN, NRN', 'auto-response-suppress', 'X-Auto-Response-Suppress: DR, RN, NRN'],
    ['X-Auto-Response-Suppress: OOF', 'auto-response-suppress', 'X-Auto-Response-Suppress: OOF'],
    ['X-Autoreply: yes', 'autoreply-header', 'X-Autoreply: yes'],
    ['X-Autorespond: Vacation', 'autoreply-header', 'X-Autorespond: Vacation'],
    ['X-Auto-Reply-From: h.mulder@example.nl', 'autoreply-header', 'X-Auto-Reply-From: h.mulder@example.nl'],
  ])('%s → %s', async (header, reason, detail) => {
    expect(await verdictOf(eml([header]))).toEqual({ automatic: true, reason, detail });
  });

  it.each(['Precedence: first-class', 'X-Auto-Response-Suppress: None', 'X-Autoreply: no'])('%s is not a marker', async (header) => {
    expect(await verdictOf(eml([header]))).toEqual({ automatic: false });
  });

  it('ignores a loop header carrying someone else’s token', async () => {
    expect(await verdictOf(eml(['X-Complaintdesk-Loop: other-tenant-1234']))).toEqual({ automatic: false });
    expect(await verdictOf(eml(['X-Complaintdesk-Loop: relay-1, PURASEC-7F3A']))).toMatchObject({ reason: 'own-loop' });
  });

  it('recognises mail From the tenant’s own address, also with a +tag', async () => {
    expect(await verdictOf(eml([], 'Test', 'PuraSec <klachten@purasec.nl>'))).toEqual({
      automatic: true,
      reason: 'own-address',
      detail: 'From: klachten@purasec.nl',
    });
    expect(await verdictOf(eml([], 'Test', '<klachten+ps-2026-0001@purasec.nl>'))).toMatchObject({ reason: 'own-address' });
    expect(await verdictOf(eml([], 'Test', '<klachten@purasec.nl.example.org>'))).toEqual({ automatic: false });
  });

  it('counts Received headers against maxReceived (default 25)', async () => {
    const hops = (n: number) =>
      Array.from({ length: n }, (_, i) => `Received: from hop${i}.example.org by hop${i + 1}.example.org; Thu, 19 Mar 2026 20:11:07 +0100`);
    expect(await verdictOf(eml(hops(25)))).toEqual({ automatic: false });
    expect(await verdictOf(eml(hops(26)))).toEqual({
      automatic: true,
      reason: 'too-many-hops',
      detail: '26 Received headers (limit 25)',
    });
    const { maxReceived: _, ...withoutLimit } = policy;
    expect(await verdictOf(eml(hops(26)), withoutLimit)).toMatchObject({ reason: 'too-many-hops' });
    expect(await verdictOf(eml(hops(6)), { ...policy, maxReceived: 5 })).toMatchObject({ reason: 'too-many-hops' });
  });

  it('shortens very long details', async () => {
    const verdict = await verdictOf(eml([`List-Id: ${'x'.repeat(500)}`]));
    expect(verdict.automatic && verdict.detail.length).toBe(201);
  });
});

describe('detectOutOfOfficeSubject', () => {
  it.each([
    'Automatisch antwoord: [PS-2026-0007] Ontvangstbevestiging',
    'Automatisch antwoord',
    'Afwezig',
    'Afwezig tot 6 april',
    'Afwezig: Re: uw klacht',
    'Afwezigheidsmelding',
    'Niet aanwezig',
    'Niet aanwezig t/m 3 mei',
    'Out of Office',
    'Out of the office until Monday',
    'Out of Office: Re: complaint',
    'Re: Out of office - back on the 6th',
    'AW: Automatic reply: [PS-2026-0007] Your complaint',
    'RE: [External] Automatic reply: your complaint',
    'Antw: Autoreply: klacht',
    'Auto-Reply: complaint received',
    'Vacation',
    'On vacation until April 2',
    'Automatische Antwort: Ihre Beschwerde',
  ])('%s is an out-of-office subject', (subject) => {
    expect(detectOutOfOfficeSubject(subject)).toBe(true);
  });

  it.each([
    'Automatic reply not received',
    'Klacht: afwezigheid van de beveiliger',
    'Niet aanwezig geweest bij de afspraak',
    'Vacation rental problem',
    'Re: [PS-2026-0007] Out of office hours alarm was ignored',
    'Klacht over de beveiligingsdienst',
    '',
  ])('%s is not', (subject) => {
    expect(detectOutOfOfficeSubject(subject)).toBe(false);
  });
});
