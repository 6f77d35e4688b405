// Issue 11, points 3-4, end to end over the Maildir source and the file transport: the objection
// receipt states the hearing right and the decision promise, #hoorzitting … kantoor invites with
// the office's visiting address, #gehoord before the hearing is refused, and #gehoord DATE,
// sent days later, starts the decision deadline on the day of the conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PA = 'preact';
const DESK = 'info@preact-software.nl';
const CUSTOMER = 'klant@hoor-klant.example';
const REF = 'PA-2026-0001';

describe('the hearing by email: office address, #gehoord DATE, decision deadline', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Mon 16 Nov 2026 10:00 Amsterdam
  const { send, last } = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'hear' });
  const deadline = (kind: string) =>
    daemon.db
      .prepare("SELECT d.status || ' ' || d.due_at FROM deadlines d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = ? AND d.kind = ?")
      .pluck()
      .get(REF, kind);
  const stateOf = () => daemon.db.prepare('SELECT state FROM complaints WHERE reference = ?').pluck().get(REF);

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PA, overrides: { office: { address: 'PreAct Software B.V.\nVoorbeeldstraat 12\n1234 AB Amsterdam\n' } } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('objection → invitation at the office with the address → #gehoord refused early → #gehoord 2026-12-03 → decision due 31 December', async () => {
    await send(PA, { from: `Jan Klant <${CUSTOMER}>`, to: DESK, subject: 'Klacht over de facturatie', body: 'De factuur van oktober klopt niet.' });
    const assignment = last('anna.devries@example.nl', /toegewezen/);

    clock.set('2026-11-20T11:00:00Z');
    await send(PA, {
      from: 'anna.devries@example.nl',
      to: DESK,
      subject: `Re: ${assignment.parsed.subject} #uitkomst ongegrond`,
      inReplyTo: assignment.parsed.messageId!,
      body: 'De factuur is juist; de uren staan in de bijlage.',
    });
    const outcome = last(CUSTOMER, new RegExp(REF));

    clock.set('2026-11-25T08:00:00Z');
    await send(PA, {
      from: CUSTOMER,
      to: DESK,
      subject: `Re: ${outcome.parsed.subject}`,
      inReplyTo: outcome.parsed.messageId!,
      body: 'Ik ben het hier niet mee eens en maak bezwaar.',
    });
    const notice = last('directie@example.nl', /bezwaar/i);
    await send(PA, { from: 'directie@example.nl', to: DESK, subject: `Re: ${notice.parsed.subject} #bezwaar`, inReplyTo: notice.parsed.messageId!, body: '' });
    expect(stateOf()).toBe('objection');
    const receipt = last(CUSTOMER, /Ontvangstbevestiging van uw bezwaar/);
    const receiptText = receipt.parsed.text!.replace(/\s+/g, ' ');
    expect(receiptText).toContain('U heeft het recht uw bezwaar mondeling toe te lichten: persoonlijk op ons kantoor of telefonisch');
    expect(receiptText).toContain('Binnen 4 weken na dit gesprek ontvangt u van de directie een schriftelijke uitspraak.');
    const confirm = last('directie@example.nl', /Uitgevoerd/);

    clock.set('2026-11-26T09:00:00Z');
    await send(PA, {
      from: 'directie@example.nl',
      to: DESK,
      subject: `Re: [${REF}] #hoorzitting 3-12-2026 10:30 kantoor`,
      inReplyTo: confirm.parsed.messageId!,
      body: 'U kunt parkeren op het terrein achter het gebouw.\n\nMet vriendelijke groet,\nCarla Smit',
    });
    const invitation = last(CUSTOMER, /Uitnodiging/);
    expect(invitation.parsed.subject).toBe(`[${REF}] Uitnodiging voor een gesprek over uw bezwaar op donderdag 3 december 2026 om 10:30`);
    const text = invitation.parsed.text!;
    expect(text).toContain('Hoe:      op ons kantoor');
    expect(text).toContain('Adres van ons kantoor:\nPreAct Software B.V.\nVoorbeeldstraat 12\n1234 AB Amsterdam\n');
    expect(text).toContain('U kunt parkeren op het terrein achter het gebouw.'); // the manager's own words, without their sign-off
    expect(text.match(/Met vriendelijke groet/g)?.length).toBe(1); // the manager's sign-off left out: the letter signs itself
    expect(text).toContain('Spreekt u liever telefonisch? Laat het ons weten, dan belt Carla Smit u op dat moment; vermeld dan ook het nummer');
    expect(text).toContain('Binnen 4 weken na dit gesprek ontvangt u van de directie een schriftelijke uitspraak over uw bezwaar.');
    expect(invitation.parsed.html).toContain('PreAct Software B.V.<br>Voorbeeldstraat 12<br>1234 AB Amsterdam');
    expect(stateOf()).toBe('hearing-scheduled');

    // The day before the hearing: #gehoord without a date is refused, and says how to give one.
    clock.set('2026-12-02T15:00:00Z');
    await send(PA, { from: 'directie@example.nl', to: DESK, subject: `Re: [${REF}] #gehoord`, inReplyTo: confirm.parsed.messageId!, body: '' });
    const refused = last('directie@example.nl', new RegExp(REF)).parsed.text!.replace(/\s+/g, ' ');
    expect(refused).toContain('#gehoord kan pas na de hoorzitting van donderdag 3 december 2026 om 10:30.');
    expect(refused).toContain('zet dan de datum erachter: #gehoord DATUM');
    expect(stateOf()).toBe('hearing-scheduled');
    expect(deadline('decision')).toBeUndefined();

    // Recorded on Tuesday 8 December, with the date of the conversation: the 4 weeks run from 3 December.
    clock.set('2026-12-08T09:00:00Z');
    await send(PA, { from: 'directie@example.nl', to: DESK, subject: `Re: [${REF}] #gehoord 2026-12-03`, inReplyTo: confirm.parsed.messageId!, body: '' });
    expect(stateOf()).toBe('heard');
    expect(deadline('decision')).toBe('open 2026-12-31T22:59:59.999Z');
    const heardAt = (JSON.parse(daemon.db.prepare('SELECT proc_state FROM complaints WHERE reference = ?').pluck().get(REF) as string) as { heardAt: string })
      .heardAt;
    expect(heardAt).toBe('2026-12-03T09:30:00.000Z');
    expect(last('directie@example.nl', /uitspraak/i).parsed.text).toContain('donderdag 31 december');
  });
});
