// Both procedures end to end through the Maildir source and the file transport, with an injected clock:
// customers write, handlers and managers act by replying to the bot's mails with tagged
// subjects, and every letter's recipient, subject, key content and deadline date is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PA = 'preact';
const PS = 'purasec';
describe('complaint lifecycles by email', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Mon 16 Nov 2026 10:00 Amsterdam

  const { send, last, messages } = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'life' });
  const deadlines = (ref: string) =>
    Object.fromEntries(
      (
        daemon.db
          .prepare('SELECT d.kind, d.status, d.due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = ?')
          .all(ref) as Array<{ kind: string; status: string; due_at: string }>
      ).map((d) => [d.kind, `${d.status} ${d.due_at}`]),
    );
  const stateOf = (ref: string) => daemon.db.prepare('SELECT state FROM complaints WHERE reference = ?').pluck().get(ref);
  const procedureOf = (ref: string) =>
    JSON.parse(daemon.db.prepare('SELECT proc_state FROM complaints WHERE reference = ?').pluck().get(ref) as string) as { incidentDate?: string | null };

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'preact' }, { id: 'purasec' }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('PreAct: complaint → acknowledgement → outcome "partly" → objection → hearing → heard → decision → closed', async () => {
    const customer = 'klant@preact-klant.example';
    await send(PA, {
      from: `Jan Klant <${customer}>`,
      to: 'info@preact-software.nl',
      subject: 'Klacht over de koppeling',
      body: 'De koppeling met ons boekhoudpakket werkt al weken niet. Ik ben hier zeer ontevreden over.',
    });
    const ack = last(customer);
    // "Klacht over …" is not echoed as "uw klacht: Klacht over …" (text/subjectTopic.ts).
    expect(ack.parsed.subject).toBe('[PA-2026-0001] Ontvangstbevestiging van uw klacht: de koppeling');
    expect(ack.parsed.text).toContain('Anna de Vries');
    const assignment = last('anna.devries@example.nl', /toegewezen/);
    expect(assignment.parsed.text).toContain('maandag 7 december 2026'); // outcome: 21 calendar days
    expect(deadlines('PA-2026-0001')).toEqual({ acknowledgement: 'met 2026-11-23T22:59:59.999Z', outcome: 'open 2026-12-07T22:59:59.999Z' });

    // Anna answers on Thu 3 Dec by replying to her assignment mail.
    clock.set('2026-12-03T13:00:00Z');
    await send(PA, {
      from: 'Anna de Vries <anna.devries@example.nl>',
      to: 'info@preact-software.nl',
      subject: `Re: ${assignment.parsed.subject} #uitkomst deels`,
      inReplyTo: assignment.parsed.messageId!,
      body: 'De koppeling is hersteld; wij crediteren de maand november.\n\nMet vriendelijke groet,\nAnna',
    });
    const outcome = last(customer, /PA-2026-0001/);
    expect(outcome.parsed.text).toContain('deels gegrond');
    expect(outcome.parsed.text).toContain('De koppeling is hersteld; wij crediteren de maand november.');
    expect(outcome.parsed.text).toContain('uiterlijk donderdag 31 december 2026'); // objection: 4 weeks after the outcome
    expect(outcome.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(last('anna.devries@example.nl', /Uitgevoerd/).parsed.text).toContain('Verstuurd: uitkomstbrief aan klant@preact-klant.example.');
    expect(stateOf('PA-2026-0001')).toBe('outcome-sent');
    expect(deadlines('PA-2026-0001')).toMatchObject({ outcome: 'met 2026-12-07T22:59:59.999Z', 'objection-window': 'open 2026-12-31T22:59:59.999Z' });

    // The customer objects by replying to the outcome letter: management is asked to confirm.
    clock.set('2026-12-10T09:00:00Z');
    await send(PA, {
      from: customer,
      to: 'info@preact-software.nl',
      subject: `Re: ${outcome.parsed.subject}`,
      inReplyTo: outcome.parsed.messageId!,
      body: 'Ik ga hier niet mee akkoord en maak bezwaar.',
    });
    const notice = last('directie@example.nl', /bezwaar/i);
    expect(notice.parsed.text).toContain('Ik ga hier niet mee akkoord en maak bezwaar.');
    expect(stateOf('PA-2026-0001')).toBe('outcome-sent');

    // A handler may not decide; the manager confirms the objection, schedules and holds the hearing, and decides.
    await send(PA, {
      from: 'anna.devries@example.nl',
      to: 'info@preact-software.nl',
      subject: 'Re: [PA-2026-0001] #uitspraak afgewezen',
      inReplyTo: assignment.parsed.messageId!,
      body: 'Afgewezen.',
    });
    expect(last('anna.devries@example.nl').parsed.text).toContain('#uitspraak is alleen voor de directie; u staat geregistreerd als behandelaar.');
    await send(PA, {
      from: 'directie@example.nl',
      to: 'info@preact-software.nl',
      subject: `Re: ${notice.parsed.subject} #bezwaar`,
      inReplyTo: notice.parsed.messageId!,
      body: '',
    });
    expect(last(customer).parsed.subject).toMatch(/^\[PA-2026-0001\]/);
    expect(last(customer).parsed.text).toMatch(/mondeling/);
    expect(stateOf('PA-2026-0001')).toBe('objection');
    const confirm = last('directie@example.nl', /Uitgevoerd/);

    await send(PA, {
      from: 'directie@example.nl',
      to: 'info@preact-software.nl',
      subject: 'Re: [PA-2026-0001] #hoorzitting 6-1-2027 10:30 telefonisch',
      inReplyTo: confirm.parsed.messageId!,
      body: '',
    });
    const invitation = last(customer);
    expect(invitation.parsed.text).toContain('woensdag 6 januari 2027 om 10:30');
    expect(stateOf('PA-2026-0001')).toBe('hearing-scheduled');

    clock.set('2027-01-06T10:00:00Z');
    await send(PA, {
      from: 'directie@example.nl',
      to: 'info@preact-software.nl',
      subject: 'Re: [PA-2026-0001] #gehoord',
      inReplyTo: confirm.parsed.messageId!,
      body: '',
    });
    expect(deadlines('PA-2026-0001')).toMatchObject({ decision: 'open 2027-02-03T22:59:59.999Z' }); // 4 weeks after the conversation

    clock.set('2027-01-20T10:00:00Z');
    await send(PA, {
      from: 'directie@example.nl',
      to: 'info@preact-software.nl',
      subject: 'Re: [PA-2026-0001] #uitspraak afgewezen',
      inReplyTo: confirm.parsed.messageId!,
      body: 'Na het gesprek handhaven wij de eerdere uitkomst: de creditering van november blijft staan.',
    });
    const decision = last(customer);
    expect(decision.parsed.text).toContain('de creditering van november blijft staan');
    expect(decision.parsed.text).toContain('de directie verklaart uw bezwaar ongegrond');
    expect(stateOf('PA-2026-0001')).toBe('closed');
    expect(deadlines('PA-2026-0001')).toMatchObject({ decision: 'met 2027-02-03T22:59:59.999Z' });
  });

  it('PuraSec: no recognisable service → acknowledgement + information request → reply names it → admissible → cause → outcome within 10 working days; and an inadmissible one', async () => {
    clock.set('2026-11-18T08:00:00Z'); // Wed 18 Nov 2026 09:00
    const customer = 'it@ps-klant.example';
    await send(PS, {
      from: `Petra de Boer <${customer}>`,
      to: 'klachten@purasec.nl',
      subject: 'Klacht over jullie rapportage',
      body: 'Het rapport was onvolledig en kwam veel te laat. Wij zijn hier niet tevreden over.',
    });
    // One letter confirms receipt and asks for what is missing (issue 9).
    const ack = last(customer, /Ontvangstbevestiging/);
    const request = ack;
    expect(ack.parsed.subject).toMatch(/^\[PS-2026-0001\] Ontvangstbevestiging/);
    expect(request.parsed.text).toMatch(/op welke dienst/);
    expect(request.parsed.text).toContain('Pentest');
    // PuraSec §1 c: the mail names no date, so the letter asks when it happened (issue 11).
    expect(request.parsed.text).toMatch(/de datum waarop het voorval/);
    expect((await messages()).filter((m) => m.envelope.to.includes(customer) && /Aanvullende informatie/.test(m.parsed.subject ?? ''))).toHaveLength(0);
    expect(stateOf('PS-2026-0001')).toBe('awaiting-information');
    expect(deadlines('PS-2026-0001')).toEqual({ acknowledgement: 'met 2026-11-20T22:59:59.999Z' }); // outcome clock not started

    clock.set('2026-11-19T14:00:00Z'); // Thu 19 Nov
    await send(PS, {
      from: customer,
      to: 'klachten@purasec.nl',
      subject: `Re: ${request.parsed.subject}`,
      inReplyTo: request.parsed.messageId!,
      body: 'Het gaat om de penetratietest van oktober; het rapport kwam pas op 12 november binnen.',
    });
    expect(daemon.db.prepare(`SELECT service FROM complaints WHERE reference = 'PS-2026-0001'`).pluck().get()).toBe('Pentest');
    expect(procedureOf('PS-2026-0001').incidentDate).toBe('2026-11-12');
    expect(stateOf('PS-2026-0001')).toBe('admissibility-check');
    // Ten working days after Thu 19 Nov: Thu 3 Dec 2026.
    expect(deadlines('PS-2026-0001')).toMatchObject({ outcome: 'open 2026-12-03T22:59:59.999Z' });

    const assignment = last('daan.bakker@example.nl', /toegewezen/);
    const cmd = (subject: string, body = '') =>
      send(PS, {
        from: 'Daan Bakker <daan.bakker@example.nl>',
        to: 'klachten@purasec.nl',
        subject: `Re: [PS-2026-0001] ${subject}`,
        inReplyTo: assignment.parsed.messageId!,
        body,
      });
    await cmd('#uitkomst gegrond', 'Te vroeg.');
    expect(last('daan.bakker@example.nl').parsed.subject).toMatch(/Niet uitgevoerd/);
    await cmd('#ontvankelijk');
    await cmd('#oorzaak', 'De planning van de rapportage liep vast door ziekte van de analist.');
    clock.set('2026-11-26T10:00:00Z');
    await cmd('#uitkomst gegrond', 'U ontvangt het volledige rapport deze week en wij crediteren 20% van de opdracht.');
    const outcome = last(customer);
    expect(outcome.parsed.text).toContain('gegrond');
    expect(outcome.parsed.text).toContain('wij crediteren 20% van de opdracht');
    expect(outcome.parsed.text).not.toMatch(/bezwaar/i); // PuraSec has no objection step
    expect(deadlines('PS-2026-0001')).toMatchObject({ outcome: 'met 2026-12-03T22:59:59.999Z' });
    await cmd('#leerpunt', 'Rapportage-deadlines bewaken met een tweede analist als back-up.');
    await cmd('#sluiten');
    expect(stateOf('PS-2026-0001')).toBe('closed');
    expect(daemon.db.prepare(`SELECT count(*) FROM events WHERE type = 'procedure:learning-recorded'`).pluck().get()).toBe(1);

    // An inadmissible complaint ends with the justification.
    await send(PS, {
      from: 'x@other.example',
      to: 'klachten@purasec.nl',
      subject: 'Klacht over de SOC monitoring van een andere leverancier',
      body: 'Jullie SOC heeft onze alarmen gemist, vind ik. Dit is een klacht.',
    });
    // PS-2026-0001 is closed, so Daan has the fewest open complaints again.
    const assignment2 = last('daan.bakker@example.nl', /PS-2026-0002\] Klacht aan u toegewezen/);
    await send(PS, {
      from: 'daan.bakker@example.nl',
      to: 'klachten@purasec.nl',
      subject: 'Re: [PS-2026-0002] #nietontvankelijk',
      inReplyTo: assignment2.parsed.messageId!,
      body: 'De monitoring waar u over schrijft wordt niet door PuraSec geleverd maar door een andere partij.',
    });
    const inadmissible = last('x@other.example');
    expect(inadmissible.parsed.text).toContain('niet door PuraSec geleverd');
    expect(stateOf('PS-2026-0002')).toBe('closed');
  });
});
