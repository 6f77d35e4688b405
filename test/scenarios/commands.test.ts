// The remaining commands by email, each with its answer: #assign, #reply, #info (pauses the
// clock) and the customer's answer, #service, #status, #close / #reopen, #register (phone),
// an unknown command (with the closest valid one), and the objection window ending by itself.
// Over the Maildir source and the file transport (the servers' side: test/conformance/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const PS = 'purasec';
const PA = 'preact';

describe('commands by email', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const q = <T>(sql: string, ...a: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...a) as T;

  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'cmd' });
  const { last, idOf } = flow;
  const send = (tenant: string, from: string, subject: string, body: string, inReplyTo?: string) =>
    flow.send(tenant, { from, subject, body, ...(inReplyTo ? { inReplyTo } : {}) });

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'purasec' }, { id: 'preact' }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('#toewijzen, #antwoord, #opvragen (clock paused) and the answer, #status, #sluiten / #heropenen, an unknown command', async () => {
    const customer = 'karin@klant.example';
    await send(PS, `Karin <${customer}>`, 'Klacht over de pentest', 'De pentest rapportage van gisteren was onvolledig en te laat.');
    const assignment = last('daan.bakker@example.nl', /toegewezen/);
    const daan = (subject: string, body = '') => send(PS, 'daan.bakker@example.nl', `Re: [PS-2026-0001] ${subject}`, body, idOf(assignment));

    await daan('#toewijzen Eva');
    expect(q('SELECT handler_id FROM complaints WHERE id = 1')).toBe('eva');
    const evaAssignment = last('eva.visser@example.nl', /toegewezen/);
    expect(evaAssignment.parsed.text).toContain(customer);
    expect(last('daan.bakker@example.nl', /Uitgevoerd/).parsed.text).toContain('Eva Visser krijgt de toewijzingsmail.');
    // The acknowledgement named Daan Bakker: the customer is told who took over (issue 11).
    const changed = last(customer, /nieuwe contactpersoon/);
    expect(changed.parsed.text).toContain('Eva Visser neemt de behandeling over van Daan Bakker');
    expect(changed.parsed.text).toContain('eva.visser@example.nl');
    const eva = (subject: string, body = '') => send(PS, 'eva.visser@example.nl', `Re: [PS-2026-0001] ${subject}`, body, idOf(evaAssignment));

    await eva('#antwoord', 'Beste Karin, ik bel u morgen om de rapportage door te nemen.\n\nGroet,\nEva');
    const message = last(customer, /PS-2026-0001/);
    expect(message.parsed.text).toContain('ik bel u morgen om de rapportage door te nemen');
    expect(message.parsed.text).toContain('Eva Visser');
    expect(message.parsed.inReplyTo).toBe(`<cmd-1@test.example>`);

    await eva('#ontvankelijk');
    expect(q('SELECT due_at FROM deadlines WHERE complaint_id = 1 AND kind = ?', 'outcome')).toBe('2026-11-30T22:59:59.999Z'); // 10 working days after Mon 16 Nov
    clock.set('2026-11-18T09:00:00Z'); // Wed
    await eva('#opvragen', 'Om welke applicatie ging de pentest precies?');
    const question = last(customer, /PS-2026-0001/);
    expect(question.parsed.text).toContain('Om welke applicatie ging de pentest precies?');
    expect(q('SELECT status FROM deadlines WHERE complaint_id = 1 AND kind = ?', 'outcome')).toBe('paused');
    clock.set('2026-11-20T09:00:00Z'); // Fri: two working days later
    await send(PS, customer, `Re: ${question.parsed.subject}`, 'Het ging om de klantportal.', idOf(question));
    expect(q('SELECT status FROM deadlines WHERE complaint_id = 1 AND kind = ?', 'outcome')).toBe('open');
    expect(q('SELECT due_at FROM deadlines WHERE complaint_id = 1 AND kind = ?', 'outcome')).toBe('2026-12-02T22:59:59.999Z'); // moved by the two days waited
    // The handler gets the customer's answer itself, saying what it did: one mail, no separate "information received" notice.
    const forward = last('eva.visser@example.nl');
    expect(forward.parsed.subject).toMatch(/^\[PS-2026-0001\] Nieuw bericht van karin@klant\.example: /);
    expect(forward.parsed.text).toContain('Het ging om de klantportal.');
    expect(forward.parsed.text).toContain('Dit bericht beantwoordt het informatieverzoek: alle gevraagde informatie is nu binnen.');
    expect(q(`SELECT count(*) FROM outbox WHERE kind = 'notice-information-received'`)).toBe(0);

    await eva('#status');
    const status = last('eva.visser@example.nl', /Uitgevoerd/).parsed.text!;
    expect(status).toContain('PS-2026-0001: de klacht is in behandeling.');
    expect(status).toContain('Contactpersoon: Eva Visser.');
    expect(status).toMatch(/Wat nu wel kan: .*#uitkomst/);

    await eva('#uitkomts gegrond', 'Tekst.');
    const unknown = last('eva.visser@example.nl', /Niet uitgevoerd/).parsed.text!;
    expect(unknown).toContain('#uitkomst');
    expect(q('SELECT state FROM complaints WHERE id = 1')).toBe('in-treatment');

    await eva('#sluiten');
    expect(q('SELECT state FROM complaints WHERE id = 1')).toBe('closed');
    await eva('#heropenen');
    expect(q('SELECT state FROM complaints WHERE id = 1')).toBe('in-treatment');
  });

  it('#dienst sets the service from the catalogue, and refuses one that is not in it', async () => {
    await send(PS, 'jeroen@klant.example', 'Klacht', 'Jullie dienstverlening was deze maand onder de maat.');
    const assignment = last('daan.bakker@example.nl', /PS-2026-0002\] Klacht aan u toegewezen/);
    await send(PS, 'daan.bakker@example.nl', 'Re: [PS-2026-0002] #dienst koffie', '', idOf(assignment));
    expect(last('daan.bakker@example.nl', /Niet uitgevoerd/).parsed.text).toContain('staat niet in de dienstencatalogus');
    await send(PS, 'daan.bakker@example.nl', 'Re: [PS-2026-0002] #dienst penetratietest', '', idOf(assignment));
    expect(q('SELECT service FROM complaints WHERE reference = ?', 'PS-2026-0002')).toBe('Pentest');
  });

  it('#registreer registers a phone complaint; the customer gets the acknowledgement as if they had written', async () => {
    const anyMail = last('daan.bakker@example.nl', /PS-2026-0002/);
    await send(
      PS,
      'daan.bakker@example.nl',
      'Re: #registreer',
      'Naam: Sanne de Wit\nE-mail: sanne@klant.example\nTelefoon: 06-11122233\nDienst: pentest\nKanaal: telefoon\n\nDe pentest startte op 9 november, een week te laat, en niemand had ons gebeld.',
      idOf(anyMail),
    );
    const row = daemon.db
      .prepare(`SELECT reference, channel, customer_name, customer_phone, service, state FROM complaints WHERE customer_email = 'sanne@klant.example'`)
      .get();
    expect(row).toMatchObject({ channel: 'phone', customer_name: 'Sanne de Wit', customer_phone: '06-11122233', service: 'Pentest' });
    const ack = last('sanne@klant.example');
    expect(ack.parsed.subject).toMatch(/^\[PS-2026-0003\] Ontvangstbevestiging/);
    expect(last('daan.bakker@example.nl', /Uitgevoerd/).parsed.text).toContain('Klacht PS-2026-0003 is geregistreerd');
  });

  it('#registreer with a date and no time: the day is kept, no hour is invented in the letters', async () => {
    const anyMail = last('daan.bakker@example.nl', /PS-2026-0002/);
    await send(
      PS,
      'daan.bakker@example.nl',
      'Re: #registreer',
      'Naam: Joost Smit\nE-mail: joost@klant.example\nDienst: pentest\nKanaal: telefoon\nDatum: 2026-11-13\n\nHet pentestrapport van 2 november miste de bijlagen met de bevindingen.',
      idOf(anyMail),
    );
    const row = daemon.db.prepare(`SELECT reference, received_at, received_date_only FROM complaints WHERE customer_email = 'joost@klant.example'`).get() as {
      reference: string;
      received_at: string;
      received_date_only: number;
    };
    expect(row).toMatchObject({ received_at: '2026-11-12T23:00:00.000Z', received_date_only: 1 }); // Friday 13 November, local day start
    const ack = last('joost@klant.example');
    expect(ack.parsed.text).toContain('vrijdag 13 november 2026');
    expect(ack.parsed.text).not.toMatch(/13 november 2026 om \d/);
    const handler =
      q<string>('SELECT handler_id FROM complaints WHERE reference = ?', row.reference) === 'eva' ? 'eva.visser@example.nl' : 'daan.bakker@example.nl';
    const assignment = last(handler, new RegExp(`${row.reference}\\] Klacht aan u toegewezen`));
    expect(assignment.parsed.text).toContain('vrijdag 13 november 2026');
    expect(assignment.parsed.text).not.toMatch(/13 november 2026 om \d/);
  });

  it('PreAct: with no objection the complaint closes by itself when the objection window ends', async () => {
    clock.set('2026-11-23T09:00:00Z');
    await send(PA, 'mark@klant.example', 'Klacht over de support', 'Ik ben ontevreden: mijn supportvraag is al twee weken niet beantwoord.');
    const assignment = last('anna.devries@example.nl', /PA-2026-0001\] Klacht aan u toegewezen/);
    await send(
      PA,
      'anna.devries@example.nl',
      'Re: [PA-2026-0001] #uitkomst gegrond',
      'Uw vraag is beantwoord en wij passen onze reactietijden aan.',
      idOf(assignment),
    );
    expect(
      q('SELECT due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = ? AND kind = ?', 'PA-2026-0001', 'objection-window'),
    ).toBe('2026-12-21T22:59:59.999Z');
    clock.set('2026-12-21T22:00:00Z'); // 23:00 on the last day of the window
    expect(daemon.runTimers()).toBe(0);
    clock.set('2026-12-22T08:00:00Z');
    expect(daemon.runTimers()).toBe(1);
    expect(daemon.runTimers()).toBe(0); // fired once
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PA-2026-0001')).toBe('closed');
    await waitFor(async () => (await flow.messages()).find((m) => m.envelope.to.includes('mark@klant.example') && /afgesloten/.test(m.parsed.subject ?? '')), {
      timeoutMs: 10_000,
      message: 'closing letter',
    });
  });
});
