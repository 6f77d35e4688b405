// PreAct's promise "uw contactpersoon neemt voor een toelichting altijd contact met u op" (issue
// 11.7), and reminders addressed to whoever can meet the deadline (issue 11.5). Over the Maildir
// source and the file transport, with a manual clock: a complaint nobody has reached gets one
// reminder to its contact person before the outcome; #gebeld and #antwoord count as contact; show
// and the digest say which is which.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierLines } from '../../src/cli/dossier.js';
import { dossierLoad } from '../../src/cli/dossierData.js';
import { tenantViews, viewOf } from '../../src/cli/tenantViews.js';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { contactReminderKey, deadlineAudience, reminderRecipients } from '../../src/scheduler/reminders.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PA = 'preact';
const PS = 'purasec';
const CARLA = 'directie@example.nl';

describe('personal contact and who is reminded', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Monday 16 November, 10:00 in Amsterdam
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'pc' });
  const handlerOf = (ref: string) => {
    const id = daemon.db.prepare('SELECT handler_id FROM complaints WHERE reference = ?').pluck().get(ref) as string;
    return cfg.tenants.find((t) => t.id === PA)!.people.find((p) => p.id === id)!;
  };
  const contactReminders = () =>
    daemon.db
      .prepare(`SELECT c.reference, o.to_address FROM outbox o JOIN complaints c ON c.id = o.complaint_id WHERE o.kind = 'contact-reminder' ORDER BY o.id`)
      .all() as Array<{
      reference: string;
      to_address: string;
    }>;
  const show = (ref: string) => dossierLines(dossierLoad(daemon.db, ref)!, viewOf(tenantViews(cfg.tenants, undefined), PA, undefined), clock.now()).join('\n');
  const refs: Record<'silent' | 'called' | 'replied', string> = { silent: '', called: '', replied: '' };

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PA }, { id: PS }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  async function complaint(name: string, subject: string): Promise<string> {
    const from = `${name.toLowerCase()}@klant.example`;
    await flow.send(PA, {
      from: `${name} <${from}>`,
      to: 'info@preact-software.nl',
      subject,
      body: 'Ik heb een klacht: ik ben zeer ontevreden over de support.',
    });
    const ref = daemon.db.prepare('SELECT reference FROM complaints WHERE customer_email = ?').pluck().get(from) as string;
    expect(ref).toMatch(/^PA-2026-\d{4}$/);
    return ref;
  }
  /** A command as the contact person sends it: a reply to the assignment mail the desk sent them. */
  async function command(ref: string, subject: string, body = ''): Promise<void> {
    const to = handlerOf(ref).email;
    const assignment = flow.last(to, new RegExp(`${ref}\\] Klacht aan u toegewezen`));
    await flow.send(PA, { from: to, to: 'info@preact-software.nl', subject: `Re: [${ref}] ${subject}`, body, inReplyTo: flow.idOf(assignment) });
    expect(flow.last(to, new RegExp(`${ref}\\] Uitgevoerd`)).parsed.text).toBeTruthy();
  }

  it('records #gebeld with its note and an #antwoord as contact; a complaint without either stays "no contact yet"', async () => {
    refs.silent = await complaint('Stil', 'Klacht over de support');
    refs.called = await complaint('Gebeld', 'Klacht over de hosting');
    refs.replied = await complaint('Beantwoord', 'Klacht over de factuur');
    expect(show(refs.silent)).toMatch(/klantcontact: +nog geen contact opgenomen/);

    clock.set('2026-11-18T13:15:00Z'); // Wednesday, 14:15
    await command(refs.called, '#gebeld klant licht toe: storing sinds maandag');
    clock.set('2026-11-19T09:00:00Z');
    await command(refs.replied, '#antwoord', 'Ik bel u morgen om de klacht door te nemen.');

    const called = show(refs.called);
    expect(called).toMatch(
      new RegExp(`klantcontact: +opgenomen op wo 18 nov 2026 14:15 door ${handlerOf(refs.called).name} — klant licht toe: storing sinds maandag`),
    );
    expect(called).toContain('contact met de klant opgenomen door');
    expect(show(refs.replied)).toMatch(
      new RegExp(`klantcontact: +opgenomen op do 19 nov 2026 10:00 door ${handlerOf(refs.replied).name} — bericht aan de klant`),
    );
    expect(show(refs.silent)).toMatch(/klantcontact: +nog geen contact opgenomen/);
  });

  it('reminds the contact person once, 5 working days before the outcome, only where nobody reached the customer', async () => {
    // Outcome due Monday 7 December (21 days). Friday 27 November leaves 6 working days: nothing yet.
    clock.set('2026-11-27T08:00:00Z');
    daemon.runJob('reminders', { now: clock.now() });
    expect(contactReminders()).toEqual([]);

    clock.set('2026-11-30T07:45:00Z'); // Monday 30 November, 08:45: 5 working days left
    daemon.runJob('reminders', { now: clock.now() });
    daemon.runJob('reminders', { now: clock.now() });
    clock.set('2026-12-01T08:00:00Z');
    daemon.runJob('reminders', { now: clock.now() });
    await flow.settled();
    const anna = handlerOf(refs.silent);
    expect(contactReminders()).toEqual([{ reference: refs.silent, to_address: anna.email }]);
    expect(
      daemon.db
        .prepare('SELECT 1 FROM sent_notices WHERE key = ?')
        .get(contactReminderKey(daemon.db.prepare('SELECT id FROM complaints WHERE reference = ?').pluck().get(refs.silent) as number)),
    ).toBeTruthy();

    const mail = flow.last(anna.email, /Nog geen contact met de klant/);
    expect(mail.parsed.subject).toBe(`[${refs.silent}] Nog geen contact met de klant: neem contact op vóór maandag 7 december 2026`);
    expect(mail.parsed.text).toContain(`U bent contactpersoon voor klacht ${refs.silent}`);
    expect(mail.parsed.text).toContain('Dat is nog 5 werkdagen.');
    expect(mail.parsed.text).toContain('De klant: Stil, stil@klant.example');
    expect(mail.parsed.text).toContain('#gebeld');
    expect(show(refs.silent)).toContain('herinnering: nog geen contact met de klant opgenomen');
  });

  it('the digest lists the complaint nobody reached, with its outcome deadline; not the others', async () => {
    clock.set('2026-12-01T08:00:00Z');
    daemon.runJob('digest', { tenant: PA, now: clock.now() });
    const digest = daemon.db.prepare(`SELECT text FROM outbox WHERE kind = 'digest' AND to_address = ? ORDER BY id DESC`).pluck().get(CARLA) as string;
    const section = digest.split('Nog geen contact met de klant (uitkomst nadert)\n')[1]?.split('\n\n')[0] ?? '';
    expect(section).toContain(`${refs.silent} Klacht over de support: Inhoudelijke reactie (uitkomst): nog 4 werkdagen`);
    expect(section).not.toContain(refs.called);
    expect(section).not.toContain(refs.replied);
  });

  it('once contact is made the digest drops it, and PuraSec (no such promise) never gets the section or the reminder', async () => {
    clock.set('2026-12-01T10:00:00Z');
    await command(refs.silent, '#called', 'Spoke to the customer.');
    expect(show(refs.silent)).toMatch(/klantcontact: +opgenomen op di 1 dec 2026 11:00 door .* — Spoke to the customer\./);
    await flow.send(PS, {
      from: 'Piet <piet@klant.example>',
      to: 'klachten@purasec.nl',
      subject: 'Klacht over de pentest',
      body: 'Het rapport van de pentest was te laat.',
    });
    clock.set('2026-12-02T08:00:00Z');
    daemon.runJob('reminders', { now: clock.now() });
    daemon.runJob('digest', { now: clock.now() });
    expect(contactReminders()).toHaveLength(1);
    const texts = daemon.db.prepare(`SELECT text FROM outbox WHERE kind = 'digest' AND created_at >= '2026-12-02'`).pluck().all() as string[];
    expect(texts).toHaveLength(2);
    for (const t of texts) expect(t).not.toContain('Nog geen contact met de klant');
  });

  it('reminders go to whoever can meet the deadline, read from the command roles: the decision to the managers, the rest to the contact person', () => {
    expect(deadlineAudience('decision')).toBe('managers');
    expect(deadlineAudience('outcome')).toBe('contact-person');
    expect(deadlineAudience('acknowledgement')).toBe('contact-person');
    const preact = daemon.tenants.get(PA)!;
    const purasec = daemon.tenants.get(PS)!;
    const to = (t: typeof preact, kind: 'decision' | 'outcome' | 'acknowledgement', handlerId: string | null) =>
      reminderRecipients(t, { kind, handlerId }).map((p) => p.email);
    expect(to(preact, 'decision', 'anna')).toEqual([CARLA]);
    expect(to(preact, 'outcome', 'anna')).toEqual(['anna.devries@example.nl']);
    expect(to(preact, 'outcome', null)).toEqual([CARLA]);
    const psManagers = purasec.people.managers.map((p) => p.email);
    const psHandler = purasec.cfg.people.find((p) => p.role === 'handler')!;
    expect(to(purasec, 'outcome', psHandler.id)).toEqual([psHandler.email]);
    expect(to(purasec, 'acknowledgement', null)).toEqual(psManagers);
    expect(to(purasec, 'decision', psHandler.id)).toEqual(psManagers);
  });
});
