// A customer's follow-up reaches a person (issue 10): every mail in a complaint's thread that is
// no person's command is forwarded — new text first, quoted history folded, attachments listed —
// to the contact person (managers when there is none, managers too during an objection), as ONE
// mail that says what it did to the procedure; the person answers it with #antwoord / #notitie /
// #heropenen / #bezwaar. Over the Maildir source and the file transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PS = 'purasec';
const PA = 'preact';
const NH = 'nohandler';
const DAAN = 'daan.bakker@example.nl';
const EVA = 'eva.visser@example.nl';
const ANNA = 'anna.devries@example.nl';
const CARLA = 'directie@example.nl';
const NH_MANAGER = 'hoofd@nohandler.example';

interface MimeMail {
  from: string;
  subject: string;
  body: string;
  inReplyTo?: string;
  headers?: string[];
  attachment?: { filename: string; contentType: string; bytes: number };
}

let mimeSeq = 0;
/** A customer's reply as a mail client writes it: optional extra headers, optional attachment. */
function mimeMail(m: MimeMail, at: Date): { raw: string; id: string } {
  const id = `fu-mime-${++mimeSeq}@klant.example`;
  const reply = m.inReplyTo ? `<${m.inReplyTo.replace(/^<|>$/g, '')}>` : null;
  const head = [
    `From: ${m.from}`,
    'To: klachten@purasec.nl',
    `Subject: ${m.subject}`,
    `Message-ID: <${id}>`,
    `Date: ${at.toUTCString().replace('GMT', '+0000')}`,
    ...(reply ? [`In-Reply-To: ${reply}`, `References: ${reply}`] : []),
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
  ];
  const text = m.body.replace(/\r?\n/g, '\r\n');
  if (!m.attachment) return { id, raw: [...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n') };
  const a = m.attachment;
  const content = Buffer.alloc(a.bytes, 0x25).toString('base64').replace(/.{76}/g, '$&\r\n');
  return {
    id,
    raw: [
      ...head,
      'Content-Type: multipart/mixed; boundary="fu-boundary"',
      '',
      '--fu-boundary',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
      '--fu-boundary',
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      `Content-Disposition: attachment; filename="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      content,
      '--fu-boundary--',
      '',
    ].join('\r\n'),
  };
}

describe('a customer follow-up reaches a person', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Monday
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'fu' });
  const { last, idOf } = flow;
  const q = <T>(sql: string, ...a: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...a) as T;
  const maxOutbox = () => q<number | null>('SELECT max(id) FROM outbox') ?? 0;
  /** What was queued after outbox row `since`: `kind → to` lines. */
  const queuedSince = (since: number) =>
    (daemon.db.prepare('SELECT kind, to_address FROM outbox WHERE id > ? ORDER BY id').all(since) as Array<{ kind: string; to_address: string }>).map(
      (r) => `${r.kind} → ${r.to_address}`,
    );
  const send = (tenant: string, from: string, subject: string, body: string, inReplyTo?: string) =>
    flow.send(tenant, { from, subject, body, ...(inReplyTo ? { inReplyTo } : {}) });
  async function sendMime(tenant: string, m: MimeMail): Promise<string> {
    const { raw, id } = mimeMail(m, clock.now());
    await flow.deliver(tenant, raw);
    return id;
  }

  beforeAll(async () => {
    cfg = writeTestConfig([
      { id: PS },
      { id: PA },
      {
        // Every handler away: least-open assignment finds nobody, so complaints have no contact person.
        id: NH,
        overrides: {
          name: 'NoHandler B.V.',
          address: 'klachten@nohandler.example',
          reference: 'NH',
          people: [
            { id: 'piet', name: 'Piet Handler', email: 'piet@nohandler.example', role: 'handler', absent: true },
            { id: 'hoofd', name: 'Hanna Hoofd', email: NH_MANAGER, role: 'manager' },
          ],
        },
      },
    ]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  const KARIN = 'karin@klant.example';
  let ack = '';
  let followUpId = '';

  it('answers the information request: one forward to the handler — new text first, quote folded, attachment listed — and no separate notice', async () => {
    await send(PS, `Karin Klant <${KARIN}>`, 'Slechte communicatie', 'Ik ben ontevreden.');
    const ackMail = last(KARIN, /PS-2026-0001/);
    ack = idOf(ackMail);
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PS-2026-0001')).toBe('awaiting-information');
    expect(last(DAAN, /PS-2026-0001\] Klacht aan u toegewezen/)).toBeTruthy();

    clock.set('2026-11-17T10:30:00Z'); // Tue 11:30 Amsterdam
    const before = maxOutbox();
    followUpId = await sendMime(PS, {
      from: `Karin Klant <${KARIN}>`,
      subject: `Re: ${ackMail.parsed.subject}`,
      inReplyTo: ack,
      body: [
        'Het gaat om de pentest van 3 november 2026 op onze webshop: het rapport kwam twee weken te laat en de helft ontbrak.',
        '',
        'Op ma 16 nov 2026 om 10:00 schreef PuraSec B.V. <klachten@purasec.nl>:',
        '> Beste Karin Klant,',
        '> Wij hebben uw klacht ontvangen.',
      ].join('\n'),
      attachment: { filename: 'rapport-webshop.pdf', contentType: 'application/pdf', bytes: 12_345 },
    });
    // One mail, to the handler; the procedure's own "information received" notice is folded into it; nothing to the customer.
    expect(queuedSince(before)).toEqual([`customer-message → ${DAAN}`]);
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PS-2026-0001')).not.toBe('awaiting-information');

    const fwd = last(DAAN, /PS-2026-0001/);
    expect(fwd.parsed.subject).toBe('[PS-2026-0001] Nieuw bericht van Karin Klant: Slechte communicatie');
    expect(fwd.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const text = fwd.parsed.text!;
    expect(text.startsWith('Karin Klant <karin@klant.example> schreef op dinsdag 17 november 2026 om 11:30:\n\nHet gaat om de pentest')).toBe(true);
    const quoteHeader = text.indexOf('---- Eerdere berichten, geciteerd in de e-mail ----');
    expect(quoteHeader).toBeGreaterThan(text.indexOf('Het gaat om de pentest'));
    expect(text.indexOf('> Wij hebben uw klacht ontvangen.')).toBeGreaterThan(quoteHeader);
    expect(text.indexOf('Wij hebben uw klacht ontvangen')).toBe(text.lastIndexOf('Wij hebben uw klacht ontvangen')); // quoted once, below
    expect(text).toContain('  - rapport-webshop.pdf (application/pdf, 12,3 kB)');
    expect(text).toContain('Dit bericht beantwoordt het informatieverzoek: alle gevraagde informatie is nu binnen.');
    expect(text).toContain('De termijn loopt weer: Inhoudelijke reactie (uitkomst), uiterlijk');
    expect(text).toContain('Antwoord op deze e-mail met #antwoord in het onderwerp');
    expect(text).toContain('Met #notitie legt u uw tekst alleen intern vast.');
    // HTML: the quote is the subdued block at the end.
    const html = fwd.parsed.html as string;
    expect(html.indexOf('Het gaat om de pentest')).toBeLessThan(html.indexOf('color:#6b7280;">\n<p style="margin:0 0 6px 0;">Eerdere berichten'));
  });

  it('#notitie in a reply to the forward records a note and mails nothing to the customer', async () => {
    const fwd = last(DAAN, /PS-2026-0001\] Nieuw bericht/);
    const before = maxOutbox();
    await send(
      PS,
      DAAN,
      `Re: ${fwd.parsed.subject} #notitie`,
      'Rapport opgevraagd bij het pentestteam.\n\nOp di 17 nov 2026 schreef PuraSec B.V.:\n> Het gaat om de pentest',
      idOf(fwd),
    );
    expect(queuedSince(before)).toEqual([`command-reply → ${DAAN}`]);
    expect(last(DAAN, /Uitgevoerd/).parsed.subject).toContain('PS-2026-0001');
    const notes = daemon.db
      .prepare(`SELECT data FROM events e JOIN complaints c ON c.id = e.complaint_id WHERE c.reference = ? AND e.type = 'record:note'`)
      .pluck()
      .all('PS-2026-0001') as string[];
    expect(notes.map((d) => (JSON.parse(d) as { body: string }).body)).toEqual(['Rapport opgevraagd bij het pentestteam.']);
  });

  it('#antwoord in a reply to the forward goes to the customer, replying to their own mail', async () => {
    const fwd = last(DAAN, /PS-2026-0001\] Nieuw bericht/);
    await send(PS, DAAN, `Re: ${fwd.parsed.subject} #antwoord`, 'Beste Karin, ik zoek het rapport uit en bel u morgen.\n\nDaan', idOf(fwd));
    const answer = last(KARIN, /PS-2026-0001/);
    expect(answer.parsed.subject).toMatch(/^\[PS-2026-0001\] /);
    expect(answer.parsed.text).toContain('ik zoek het rapport uit en bel u morgen.');
    expect(answer.parsed.text).not.toContain('Nieuw bericht van');
    expect(answer.parsed.inReplyTo).toBe(`<${followUpId}>`);
  });

  it('a colleague of the customer writing in the thread is forwarded too, saying who wrote', async () => {
    const before = maxOutbox();
    await send(PS, 'Piet Collega <piet@klant.example>', 'Re: Ontvangstbevestiging', 'Ik sluit me aan bij Karin: ook ons tweede rapport was onvolledig.', ack);
    expect(queuedSince(before)).toEqual([`customer-message → ${DAAN}`]);
    const text = last(DAAN, /PS-2026-0001\] Nieuw bericht van Piet Collega/).parsed.text!;
    expect(text).toContain('Piet Collega <piet@klant.example> schreef op');
    expect(text).toContain('Let op: Piet Collega is niet de klant');
    expect(text).toContain('uw tekst boven het citaat gaat naar Karin Klant');
  });

  it("the customer's out-of-office is stored as automatic and forwarded to nobody", async () => {
    const before = maxOutbox();
    await sendMime(PS, {
      from: `Karin Klant <${KARIN}>`,
      subject: 'Automatisch antwoord: [PS-2026-0001] Bericht over uw klacht',
      inReplyTo: idOf(last(KARIN, /PS-2026-0001/)),
      headers: ['Auto-Submitted: auto-replied'],
      body: 'Ik ben afwezig tot 1 december.',
    });
    expect(queuedSince(before)).toEqual([]);
    expect(q('SELECT disposition FROM inbound_messages ORDER BY id DESC LIMIT 1')).toBe('automatic');
  });

  it('a message on a closed complaint says so and offers #heropenen, which works as a reply to it', async () => {
    const customer = 'joost@klant.example';
    await send(PS, `Joost <${customer}>`, 'Klacht over de pentest', 'De pentest van 2 november 2026 is zonder overleg twee keer verplaatst.');
    const assignment = last(EVA, /PS-2026-0002\] Klacht aan u toegewezen/);
    await send(PS, EVA, 'Re: [PS-2026-0002] #sluiten', 'Telefonisch opgelost.', idOf(assignment));
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PS-2026-0002')).toBe('closed');

    const before = maxOutbox();
    await send(
      PS,
      customer,
      'Re: [PS-2026-0002] Klacht over de pentest',
      'Toch nog een vraag: krijgen we de gemiste dag vergoed?',
      idOf(last(customer, /PS-2026-0002/)),
    );
    expect(queuedSince(before)).toEqual([`customer-message → ${EVA}`]);
    const fwd = last(EVA, /PS-2026-0002/);
    expect(fwd.parsed.subject).toBe('[PS-2026-0002] Nieuw bericht van joost@klant.example (klacht afgesloten): Klacht over de pentest');
    expect(fwd.parsed.text).toMatch(/Deze klacht is afgesloten sinds \w+ \d+ november 2026\. Antwoord met #heropenen in het onderwerp om hem te heropenen\./);
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PS-2026-0002')).toBe('closed');

    await send(PS, EVA, `Re: ${fwd.parsed.subject} #heropenen`, '', idOf(fwd));
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PS-2026-0002')).not.toBe('closed');
  });

  it('no contact person: the managers receive the forward', async () => {
    const customer = 'lisa@klant.example';
    await send(NH, `Lisa <${customer}>`, 'Klacht over de levering', 'De levering van 10 november 2026 was onvolledig en niemand belde terug.');
    expect(q('SELECT handler_id FROM complaints WHERE reference = ?', 'NH-2026-0001')).toBeNull();
    const before = maxOutbox();
    await send(NH, customer, 'Re: [NH-2026-0001] Ontvangstbevestiging', 'Wanneer hoor ik iets?', idOf(last(customer, /NH-2026-0001/)));
    expect(queuedSince(before)).toEqual([`customer-message → ${NH_MANAGER}`]);
    expect(last(NH_MANAGER, /NH-2026-0001\] Nieuw bericht/).parsed.text).toContain('Wanneer hoor ik iets?');
  });

  it('during an objection the managers receive every message, with the contact person; the suspected objection is one forward, not a separate notice', async () => {
    const customer = 'mark@klant.example';
    await send(PA, `Mark <${customer}>`, 'Klacht over de support', 'Ik ben ontevreden: mijn supportvraag is al twee weken niet beantwoord.');
    const assignment = last(ANNA, /PA-2026-0001\] Klacht aan u toegewezen/);
    await send(PA, ANNA, 'Re: [PA-2026-0001] #uitkomst ongegrond', 'Uw vraag is binnen de afgesproken tijd beantwoord.', idOf(assignment));
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PA-2026-0001')).toBe('outcome-sent');

    let before = maxOutbox();
    await send(PA, customer, 'Re: [PA-2026-0001] Uitkomst', 'Ik ben het niet eens met deze uitkomst en maak bezwaar.', idOf(last(customer, /PA-2026-0001/)));
    expect(queuedSince(before)).toEqual([`customer-message → ${ANNA}`, `customer-message → ${CARLA}`]);
    const toCarla = last(CARLA, /PA-2026-0001/);
    expect(toCarla.parsed.subject).toBe('[PA-2026-0001] Mogelijk bezwaar van mark@klant.example: Klacht over de support');
    expect(toCarla.parsed.text).toContain('Ik ben het niet eens met deze uitkomst en maak bezwaar.');
    expect(toCarla.parsed.text).toContain('Is het een bezwaar? Antwoord dan met #bezwaar in het onderwerp');
    expect(q(`SELECT count(*) FROM events WHERE type = 'procedure:objection-suspected'`)).toBe(1);

    // The manager confirms it by answering her own forward.
    await send(PA, CARLA, `Re: ${toCarla.parsed.subject} #bezwaar`, '', idOf(toCarla));
    expect(q('SELECT state FROM complaints WHERE reference = ?', 'PA-2026-0001')).toBe('objection');

    before = maxOutbox();
    await send(PA, customer, 'Re: [PA-2026-0001] Bezwaar', 'Ik kan volgende week dinsdag voor het gesprek.', idOf(last(customer, /PA-2026-0001/)));
    expect(queuedSince(before)).toEqual([`customer-message → ${ANNA}`, `customer-message → ${CARLA}`]);
    expect(last(CARLA, /PA-2026-0001\] Nieuw bericht/).parsed.text).toContain('Over deze klacht loopt een bezwaar');
    expect(q(`SELECT count(*) FROM outbox WHERE kind = 'objection-notice'`)).toBe(0);
  });
});
