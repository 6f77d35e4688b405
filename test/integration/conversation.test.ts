// A whole conversation by email only, through a real Dovecot and SMTP server, for both tenants
// (issue 10): the customer complains and gets the acknowledgement; the customer follows up and
// the contact person receives it; the contact person answers that mail with #antwoord and the
// customer receives the text in the complaint's thread.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { mailFlow, type Login } from '../helpers/mailFlow.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PS = { user: 'ps-conversation', password: 'pw-ps' };
const PA = { user: 'pa-conversation', password: 'pw-pa' };

interface Tenant {
  name: string;
  login: Login;
  address: string;
  reference: string;
  handler: { name: string; email: string };
  customer: { name: string; email: string };
  complaint: { subject: string; body: string };
  /** When the customer complains (the test clock), and the follow-up a day later as the forward writes it. */
  start: string;
  followUpAt: string;
}

const TENANTS: Tenant[] = [
  {
    name: 'PuraSec',
    login: PS,
    address: 'klachten@purasec.nl',
    reference: 'PS-2026-0001',
    start: '2026-11-16T09:00:00Z', // Mon 10:00 Amsterdam
    followUpAt: 'dinsdag 17 november 2026 om 10:00',
    handler: { name: 'Daan Bakker', email: 'daan.bakker@example.nl' },
    customer: { name: 'Karin de Boer', email: 'karin@ps-klant.example' },
    complaint: {
      subject: 'Pentest rapportage te laat',
      body: 'De rapportage van de pentest van 2 november 2026 is nog steeds niet geleverd, terwijl die binnen een week beloofd was.',
    },
  },
  {
    name: 'PreAct',
    login: PA,
    address: 'info@preact-software.nl',
    reference: 'PA-2026-0001',
    start: '2026-11-23T09:00:00Z',
    followUpAt: 'dinsdag 24 november 2026 om 10:00',
    handler: { name: 'Anna de Vries', email: 'anna.devries@example.nl' },
    customer: { name: 'Jan Pietersen', email: 'jan@pa-klant.example' },
    complaint: {
      subject: 'Koppeling met de boekhouding werkt niet',
      body: 'Sinds de update van vorige week werkt de koppeling met onze boekhouding niet meer.',
    },
  },
];

describeWithMailServers('a conversation by email only (Dovecot + SMTP)', { users: [PS, PA] }, (env) => {
  let daemon: Daemon;
  const clock = new ManualClock(TENANTS[0]!.start);
  const { send, last, idOf } = mailFlow({ dc: () => env.dc, smtp: () => env.smtp, daemon: () => daemon, clock, idPrefix: 'conversation' });

  beforeAll(async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([
      { id: 'purasec', imap: { host: dc.host, port: dc.port, ...PS }, smtp: { host: smtp.host, port: smtp.port } },
      { id: 'preact', imap: { host: dc.host, port: dc.port, ...PA }, smtp: { host: smtp.host, port: smtp.port } },
    ]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it.each(TENANTS)('$name: complaint → acknowledgement → follow-up forwarded to the contact person → #antwoord reaches the customer', async (t) => {
    const ref = `[${t.reference}]`;
    const customerFrom = `${t.customer.name} <${t.customer.email}>`;

    // 1. The customer complains and receives the acknowledgement, in reply to their mail.
    clock.set(t.start);
    const complaintId = await send(t.login, { from: customerFrom, to: t.address, subject: t.complaint.subject, body: t.complaint.body });
    const ack = last(t.customer.email, new RegExp(`^\\[${t.reference}\\] Ontvangstbevestiging`));
    expect(ack.parsed.inReplyTo).toBe(`<${complaintId}>`);
    expect(ack.parsed.text).toContain(t.handler.name);

    // 2. A day later the customer answers the acknowledgement with news; the contact person receives it.
    clock.advance(24 * 3_600_000);
    const followUp = [
      'Aanvulling: ook de afgesproken terugbelafspraak van vrijdag is niet nagekomen.',
      '',
      `Op 16 nov 2026 om 10:00 schreef ${t.address}:`,
      `> Beste ${t.customer.name},`,
      '> Wij hebben uw klacht ontvangen.',
    ].join('\n');
    const followUpId = await send(t.login, { from: customerFrom, to: t.address, subject: `Re: ${ack.parsed.subject}`, body: followUp, inReplyTo: idOf(ack) });
    const forward = last(t.handler.email, new RegExp(`^\\[${t.reference}\\] Nieuw bericht van ${t.customer.name}`));
    expect(forward.envelope.to).toEqual([t.handler.email]);
    const text = forward.parsed.text!;
    expect(text).toMatch(new RegExp(`^${t.customer.name} <${t.customer.email}> schreef op ${t.followUpAt}:\\n\\nAanvulling: ook de afgesproken`));
    expect(text.indexOf('> Wij hebben uw klacht ontvangen.')).toBeGreaterThan(text.indexOf('---- Eerdere berichten'));
    expect(text).toContain('Antwoord op deze e-mail met #antwoord in het onderwerp');

    // 3. The contact person answers that mail with #antwoord; the customer receives the text in the complaint's thread.
    clock.advance(2 * 3_600_000);
    const before = env.smtp.messages.length;
    await send(t.login, {
      from: `${t.handler.name} <${t.handler.email}>`,
      to: t.address,
      subject: `Re: ${forward.parsed.subject} #antwoord`,
      body: [
        `Beste ${t.customer.name}, excuses dat ik vrijdag niet heb gebeld. Ik bel u morgen om 10:00.`,
        '',
        `Op 17 nov 2026 om 10:00 schreef ${t.address}:`,
        `> ${t.customer.name} <${t.customer.email}> schreef op ${t.followUpAt}:`,
        '> Aanvulling: ook de afgesproken terugbelafspraak van vrijdag is niet nagekomen.',
      ].join('\n'),
      inReplyTo: idOf(forward),
    });
    const answer = last(t.customer.email, new RegExp(`^\\[${t.reference}\\] `));
    expect(env.smtp.messages.indexOf(answer)).toBeGreaterThanOrEqual(before);
    expect(answer.envelope.to).toEqual([t.customer.email]);
    expect(answer.parsed.subject).toContain(ref);
    expect(answer.parsed.text).toContain('excuses dat ik vrijdag niet heb gebeld. Ik bel u morgen om 10:00.');
    expect(answer.parsed.text).not.toContain('Aanvulling: ook de afgesproken'); // the quoted forward stays behind
    expect(answer.parsed.text).toContain(t.handler.name);
    expect(answer.parsed.inReplyTo).toBe(`<${followUpId}>`);
    const references = ([] as string[]).concat(answer.parsed.references ?? []);
    expect(references).toEqual(expect.arrayContaining([`<${complaintId}>`, `<${followUpId}>`]));
    // The contact person's command was answered ("Uitgevoerd"), and nothing else went to the customer.
    expect(last(t.handler.email, /Uitgevoerd/).parsed.subject).toContain(ref);
    expect(env.smtp.messages.slice(before).filter((m) => m.envelope.to.includes(t.customer.email))).toHaveLength(1);
  });
});
