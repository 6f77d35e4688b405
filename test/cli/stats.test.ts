// `complaintdesk stats` against a data directory a real daemon filled over the Maildir source and
// the file transport: complaints driven through handlers' commands with a manual clock, then the
// built CLI reads the store. The digest's figures for the same window agree with stats'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { buildDigest, loadDigestRows } from '../../src/scheduler/digest.js';
import type { TenantStats } from '../../src/cli/stats.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli } from './runCli.js';

const PA = 'preact';
const NOW = '2026-12-04T10:00:00Z';

describe('complaintdesk stats', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z'); // Mon 16 Nov 2026 10:00 Amsterdam
  const { send, last } = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'stats' });

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: 'preact' }, { id: 'purasec' }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
    await send(PA, {
      from: 'Jan Klant <jan@klant.example>',
      to: 'info@preact-software.nl',
      subject: 'Klacht over de koppeling',
      body: 'De koppeling met ons boekhoudpakket werkt al weken niet. Ik ben hier zeer ontevreden over.',
    });
    const assignment = last('anna.devries@example.nl', /toegewezen/);
    clock.set('2026-11-17T09:00:00Z');
    await send(PA, {
      from: 'Piet Klant <piet@klant.example>',
      to: 'info@preact-software.nl',
      subject: 'Klacht over de factuur',
      body: 'De factuur van oktober klopt niet en niemand reageert op mijn vragen. Ik ben ontevreden.',
    });
    // Thu 3 Dec: Anna sends the outcome of the first complaint.
    clock.set('2026-12-03T13:00:00Z');
    await send(PA, {
      from: 'Anna de Vries <anna.devries@example.nl>',
      to: 'info@preact-software.nl',
      subject: `Re: ${assignment.parsed.subject} #uitkomst deels`,
      inReplyTo: assignment.parsed.messageId!,
      body: 'De koppeling is hersteld; wij crediteren de maand november.\n\nMet vriendelijke groet,\nAnna',
    });
    expect(last('jan@klant.example', /PA-2026-0001/).parsed.text).toContain('deels gegrond');
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('--json: received, on time per step, working days to the outcome, verdicts, open now', () => {
    const r = runCli(['stats', '--config', cfg.dir, '--tenant', PA, '--from', '2026-11-01', '--to', '2026-11-30', '--now', NOW, '--json']);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const [s] = JSON.parse(r.out) as TenantStats[];
    expect(s!.tenant).toBe(PA);
    const f = s!.total;
    expect(f.received).toBe(2);
    expect(f.byChannel).toEqual({ email: 2 });
    expect(f.onTime.acknowledgement).toEqual({ met: 2, total: 2, open: 0 });
    expect(f.onTime.outcome).toEqual({ met: 1, total: 1, open: 1 });
    // Mon 16 Nov → Thu 3 Dec: 13 working days.
    expect(f.toOutcome).toEqual({ count: 1, median: 13, p90: 13 });
    expect(f.verdicts).toEqual({ founded: 0, partly: 1, unfounded: 0 });
    expect(f.openNow).toBe(2);
    expect(f.overdueNow).toBe(0);
  });

  it('a window before the complaints counts nothing and says "nog geen"; --by handler names the handler', () => {
    const empty = runCli(['stats', '--config', cfg.dir, '--tenant', PA, '--from', '2026-10-01', '--to', '2026-10-31', '--now', NOW]);
    expect(empty.status).toBe(0);
    expect(empty.out).toContain('PreAct');
    expect(empty.out).toMatch(/Ontvangen\s+0\n/);
    expect(empty.out).toMatch(/Werkdagen tot de uitkomst\s+nog geen/);
    const byHandler = runCli(['stats', '--config', cfg.dir, '--tenant', PA, '--from', '2026-11-01', '--to', '2026-11-30', '--now', NOW, '--by', 'handler']);
    expect(byHandler.status).toBe(0);
    expect(byHandler.out).toContain('ontvangen van zo 1 nov 2026 tot en met ma 30 nov 2026');
    expect(byHandler.out).toMatch(/Ontvangstbevestiging op tijd\s+2 van 2 op tijd \(100 %\)/);
    expect(byHandler.out).toMatch(/Uitkomst op tijd\s+1 van 1 op tijd \(100 %\), 1 loopt nog/);
    expect(byHandler.out).toMatch(/mediaan 13 werkdagen, 90 % binnen 13 werkdagen \(van 1\)/);
    expect(byHandler.out).toMatch(/Oordeel\s+gegrond 0, deels gegrond 1, ongegrond 0 \(van 1\)/);
    expect(byHandler.out).toContain('  Anna de Vries\n');
    const en = runCli(['stats', '--config', cfg.dir, '--tenant', PA, '--from', '2026-11-01', '--now', NOW, '--lang', 'en']);
    expect(en.out).toMatch(/Acknowledgement on time\s+2 of 2 on time \(100%\)/);
  });

  it('rejects a bad date or grouping with one line and the usage (exit 2)', () => {
    const bad = runCli(['stats', '--config', cfg.dir, '--from', '2026-02-30']);
    expect(bad.status).toBe(2);
    expect(bad.err.split('\n')[0]).toBe('complaintdesk: --from "2026-02-30" is not a date (YYYY-MM-DD, the tenant\'s local date)');
    const by = runCli(['stats', '--config', cfg.dir, '--by', 'week']);
    expect(by.status).toBe(2);
    expect(by.err.split('\n')[0]).toBe('complaintdesk: --by "week" is not a grouping; groupings: month, service, handler');
  });

  it('the digest quotes the same on-time counts as stats for the same complaints', () => {
    const tenant = daemon.tenants.get(PA)!;
    const now = new Date(NOW);
    const since = new Date('2026-12-03T07:30:00Z');
    const digest = buildDigest(loadDigestRows(daemon.db, PA, since, now), tenant.calendar, now, since, 'nl', () => '');
    const r = runCli(['stats', '--config', cfg.dir, '--tenant', PA, '--from', '2026-09-05', '--to', '2026-12-04', '--now', NOW, '--json']);
    const f = (JSON.parse(r.out) as TenantStats[])[0]!.total;
    expect(digest.figures.ack90).toBe(`100% (${f.onTime.acknowledgement.met} van ${f.onTime.acknowledgement.total})`);
    expect(digest.figures.answered90).toBe(`100% (${f.onTime.outcome.met} van ${f.onTime.outcome.total})`);
    expect(digest.figures.open).toBe(f.openNow);
  });
});
