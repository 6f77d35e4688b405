// `show REF` is a dossier for a person at a terminal (local times, names, working days left, the
// conversation in order) and, with --json, the stored rows for a program; `list` filters by
// contact person and by deadlines due within N working days and says which deadline is overdue.
// Run against a data directory the real daemon filled over the Maildir source (dossierSeed.ts).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli/args.js';
import { ESC, seedDesk, type SeededDesk } from './dossierSeed.js';
import { runCli } from './runCli.js';

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

describe('show and list for people (node dist/cli.js)', () => {
  let desk: SeededDesk;
  const cli = (...args: string[]) => runCli([...args, '--config', desk.cfg.dir]);

  beforeAll(async () => {
    desk = await seedDesk();
  }, 60_000);
  afterAll(() => rmSync(desk.cfg.root, { recursive: true, force: true }));

  it('show: a header with names and words, deadlines in local time with working days left, in the tenant language', () => {
    // Mon 21 Dec 2026 10:00 Amsterdam: the outcome is due Wed 30 Dec; Christmas and Boxing Day are not working days.
    const r = cli('show', 'PS-2026-0001', '--now', '2026-12-21T09:00:00Z');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('PS-2026-0001  PuraSec B.V.');
    expect(lines).toContain('onderwerp:      Klacht over het rapport');
    expect(lines).toContain('klant:          Evil Klant <evil@klant.example>');
    expect(lines).toContain('contactpersoon: Daan Bakker <daan.bakker@example.nl>  +31 15 555 0201');
    expect(lines).toContain('dienst:         Pentest');
    expect(lines).toContain('status:         in behandeling');
    expect(lines).toContain('oordeel:        nog niet vastgelegd');
    expect(lines).toContain('oorzaak:        De planning liep vast door ziekte van de analist.');
    expect(lines).toContain('leerpunten:     Een tweede analist als back-up inplannen.');
    expect(lines).toContain('kanaal:         e-mail');
    expect(lines).toContain('ontvangen:      ma 14 dec 2026 10:00');
    expect(r.out).toContain('  Ontvangstbevestiging met contactpersoon\n    uiterlijk wo 16 dec 2026, einde van de dag: gehaald (ma 14 dec 2026 10:00)\n');
    expect(r.out).toContain('  Inhoudelijke reactie (uitkomst)\n    uiterlijk wo 30 dec 2026, einde van de dag: nog 6 werkdagen\n');
    // Machine forms stay out of the human one.
    expect(r.out).not.toMatch(ISO);
    expect(r.out).not.toMatch(/[{}]|"\w+":/);
    expect(r.out).not.toContain('person:daan');
    expect(r.stdout.includes(0x1b)).toBe(false);
    expect(r.out).not.toContain('\u202e');
  });

  it('show: the conversation in order — who wrote what, the steps by whom, letters to whom and whether they were delivered', () => {
    const out = cli('show', 'PS-2026-0001', '--now', '2026-12-21T09:00:00Z').out;
    const conversation = out.slice(out.indexOf('verloop:\n'), out.indexOf('bijlagen:'));
    const order = [
      'ma 14 dec 2026 10:00  mail van de klant Evil Klant <evil@klant.example>: Klacht over het rapport\n',
      '| Het rapport van 2 december was onvolledig en kwam veel te laat.\n',
      'klacht geregistreerd, contactpersoon Daan Bakker\n',
      'ontvangstbevestiging aan de klant Evil Klant <evil@klant.example> — afgeleverd bij de mailserver\n',
      'status: wacht op informatie van de klant\n',
      'di 15 dec 2026 14:00  mail van de klant Evil Klant <evil@klant.example>: Re: [PS-2026-0001]',
      '| Het gaat om de penetratietest van november.\n',
      'informatie aangevuld door de klant Evil Klant: dienst vastgesteld Pentest\n',
      'termijn gestart: Inhoudelijke reactie (uitkomst), wo 30 dec 2026, einde van de dag\n',
      'wo 16 dec 2026 11:00  mail van Daan Bakker: Re: [PS-2026-0001] #notitie\n',
      'notitie door Daan Bakker\n',
      '| Gebeld met de klant: het ging om het eindrapport.\n',
      'antwoord op opdracht aan Daan Bakker — afgeleverd bij de mailserver\n',
      'mail van Daan Bakker: Re: [PS-2026-0001] #ontvankelijk\n',
      'ontvankelijk verklaard door Daan Bakker\n',
      'status: in behandeling\n',
      'oorzaak vastgelegd door Daan Bakker\n',
      'leerpunt vastgelegd door Daan Bakker\n',
    ];
    let from = 0;
    for (const piece of order) {
      const at = conversation.indexOf(piece, from);
      expect(at, `"${piece.trim()}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + piece.length;
    }
    // A command mail's body is shown once, by the step it recorded.
    expect(conversation.split('Gebeld met de klant').length).toBe(2);
  });

  it('show --lang en; an overdue deadline counts working days late', () => {
    // Mon 4 Jan 2027: the outcome was due Wed 30 Dec; 31 Dec and 4 Jan are working days, 1 Jan is not.
    const r = cli('show', 'PS-2026-0001', '--lang', 'en', '--now', '2027-01-04T10:00:00Z');
    expect(r.status).toBe(0);
    expect(r.out).toContain('customer:         Evil Klant <evil@klant.example>');
    expect(r.out).toContain('state:            in treatment');
    expect(r.out).toContain('  Substantive response (outcome)\n    due Wed 30 Dec 2026, end of day: 2 working days overdue\n');
    expect(r.out).toContain('Wed 16 Dec 2026 11:00  note by Daan Bakker\n');
    const pa = cli('show', 'PA-2026-0001', '--lang', 'en', '--now', '2027-01-04T10:00:00Z');
    expect(pa.out).toContain('verdict:          partly founded');
    expect(pa.out).toContain("  End of the objection period (the customer's period)\n    due Thu 14 Jan 2027, end of day: 8 working days left\n");
    expect(pa.out).toContain('outcome: partly founded by Anna de Vries\n');
  });

  it('show --json: one JSON object with the stored rows and ISO times, the hostile text kept (escaped)', () => {
    const r = cli('show', 'ps-2026-0001', '--json');
    expect(r.status).toBe(0);
    expect(r.stdout.includes(0x1b)).toBe(false);
    const d = JSON.parse(r.out) as {
      complaint: { reference: string; customerName: string; receivedAt: string; handlerId: string };
      deadlines: Array<{ kind: string; dueAt: string; status: string }>;
      events: Array<{ type: string; actor: string; at: string }>;
      inbound: Array<{ fromAddress: string; newText: string }>;
      outbox: Array<{ kind: string; toAddress: string; status: string }>;
      procedureState: { state: string };
    };
    expect(d.complaint).toMatchObject({ reference: 'PS-2026-0001', receivedAt: '2026-12-14T09:00:00.000Z', handlerId: 'daan' });
    expect(d.complaint.customerName).toContain(ESC);
    expect(d.deadlines).toContainEqual(expect.objectContaining({ kind: 'outcome', dueAt: '2026-12-30T22:59:59.999Z', status: 'open' }));
    expect(d.events).toContainEqual(expect.objectContaining({ type: 'procedure:note', actor: 'person:daan', at: '2026-12-16T10:00:00.000Z' }));
    expect(d.inbound.map((m) => m.fromAddress)).toEqual(['evil@klant.example', 'evil@klant.example', ...Array(4).fill('daan.bakker@example.nl')]);
    expect(d.outbox).toContainEqual(expect.objectContaining({ kind: 'acknowledgement', toAddress: 'evil@klant.example', status: 'sent' }));
    expect(d.procedureState.state).toBe('in-treatment');
  });

  it('list: state in words, names, local times, and the deadline that is overdue', () => {
    const r = cli('list', '--now', '2027-01-04T10:00:00Z');
    expect(r.status).toBe(0);
    expect(r.out).toBe(
      'PA-2026-0001  beantwoord (uitkomst verstuurd)  ma 14 dec 2026 10:30  Anna de Vries  jan@preact-klant.example  Klacht over de koppeling\n' +
        'PS-2026-0001  in behandeling  ma 14 dec 2026 10:00  Daan Bakker  evil@klant.example  Klacht over het rapport\n' +
        '    TE LAAT uitkomst, 2 werkdagen te laat\n',
    );
    expect(cli('list', '--overdue', '--lang', 'en', '--now', '2027-01-04T10:00:00Z').out).toBe(
      'PS-2026-0001  in treatment  Mon 14 Dec 2026 10:00  Daan Bakker  evil@klant.example  Klacht over het rapport\n' +
        '    OVERDUE outcome, 2 working days overdue\n',
    );
  });

  it("list --mine EMAIL: the contact person's complaints; --due-within N: open company deadlines within N working days", () => {
    expect(cli('list', '--mine', 'Daan.Bakker@example.nl').out).toMatch(/^PS-2026-0001 [^\n]*\n(?: {4}[^\n]*\n)?$/);
    expect(cli('list', '--mine', 'anna.devries@example.nl').out).toMatch(/^PA-2026-0001 [^\n]*\n$/);
    expect(cli('list', '--mine', 'eva.visser@example.nl').out).toBe('geen klachten\n');
    // Mon 21 Dec 2026: the outcome (Wed 30 Dec) is 6 working days away.
    expect(cli('list', '--due-within', '5', '--now', '2026-12-21T09:00:00Z').out).toBe('geen klachten\n');
    expect(cli('list', '--due-within', '6', '--now', '2026-12-21T09:00:00Z').out).toBe(
      'PS-2026-0001  in behandeling  ma 14 dec 2026 10:00  Daan Bakker  evil@klant.example  Klacht over het rapport\n' +
        '    termijn uitkomst wo 30 dec 2026, einde van de dag, nog 6 werkdagen\n',
    );
  });

  it('unknown values are errors with what is known, exit 2', () => {
    const person = cli('list', '--mine', 'nobody@example.nl');
    expect(person.status).toBe(2);
    expect(person.err).toBe(
      'complaintdesk: --mine "nobody@example.nl" is not one of the configured people; people: anna.devries@example.nl, bram.jansen@example.nl, daan.bakker@example.nl, directie@example.nl, eva.visser@example.nl, management@example.nl\n\n' +
        USAGE,
    );
    const state = cli('list', '--state', 'open');
    expect(state.status).toBe(2);
    expect(state.err).toMatch(/^complaintdesk: --state "open" is not a state; states: new, awaiting-information, .*closed\n/);
    const tenant = cli('list', '--tenant', 'acme');
    expect(tenant.status).toBe(2);
    expect(tenant.err).toMatch(/^complaintdesk: --tenant "acme" is not a tenant; tenants: preact, purasec\n/);
    for (const [args, message] of [
      [['list', '--due-within', 'soon'], '--due-within "soon" is not a number of working days (0 to 260; 0 = due today)'],
      [['show', 'PS-2026-0001', '--lang', 'fr'], '--lang "fr" is not a language; languages: nl, en'],
      [['show', 'PS-2026-0001', '--mine', 'x@y'], 'option --mine does not apply to show'],
    ] as const) {
      const r = cli(...args);
      expect(r.status).toBe(2);
      expect(r.err).toBe(`complaintdesk: ${message}\n\n${USAGE}`);
    }
  });
});
