// `complaintdesk erase --person EMAIL [--yes]` and `retention run [--dry-run]` as an operator runs
// them (dist/cli.js) on a data directory a stopped daemon filled over its Maildir and file transport.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli } from './runCli.js';

const PS = 'purasec';
const EMAIL = 'gruvelinde.praxstok@klantpost.example';
const needles = [EMAIL, 'Gruvelinde Praxstok', 'Praxstok', 'wolkenkrabberzeep'];

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}
const holding = (dir: string) =>
  allFiles(dir).filter((f) => {
    const text = readFileSync(f).toString('latin1').toLowerCase();
    return needles.some((n) => text.includes(n.toLowerCase()));
  });
const digest = (dir: string) => Object.fromEntries(allFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(f)).digest('hex')]));

describe('erase and retention from the command line', () => {
  let cfg: LoadedConfig & { root: string };
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'ce' });
  let ref = '';
  const cli = (...args: string[]) => runCli([...args, '--config', cfg.dir]);

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PS }]);
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
    await flow.send(PS, {
      from: `Gruvelinde Praxstok <${EMAIL}>`,
      to: 'klachten@purasec.nl',
      subject: 'Klacht over de monitor',
      body: 'Sinds 4 november 2026 geeft de Veiligheidsmonitor wolkenkrabberzeep-meldingen die nergens op slaan.',
    });
    ref = daemon.db.prepare('SELECT reference FROM complaints WHERE customer_email = ?').pluck().get(EMAIL) as string;
    await daemon.stop();
  }, 60_000);
  afterAll(async () => {
    await daemon?.stop();
  });

  it('erase without --yes lists what it would remove and changes nothing', () => {
    const before = digest(cfg.dataDir);
    const r = cli('erase', '--person', EMAIL);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`stored about ${EMAIL} (nothing changed; --yes erases it):`);
    expect(r.out).toContain(`complaints: 1 (${ref}; kept as anonymous figures)`);
    expect(r.out).toMatch(/mails received: 1\n/);
    expect(r.out).toMatch(/files: [2-9]\n/);
    expect(r.out).toContain(`maildir/${PS}/cur/`);
    expect(r.out).toContain('only in Cc');
    expect(digest(cfg.dataDir)).toEqual(before);
  });

  it('retention run --dry-run names the periods and finds nothing that has not expired', () => {
    const r = cli('retention', 'run', '--dry-run', '--now', '2027-01-01');
    expect(r.status).toBe(0);
    expect(r.out).toContain(
      `retention ${PS} as of 2027-01-01T00:00:00.000Z (closed complaints 24 months, quarantine 90 days, history mail 24 months): nothing expired`,
    );
  });

  it('erase --yes removes every byte of the person under the data directory', () => {
    expect(holding(cfg.dataDir).length).toBeGreaterThan(0);
    const r = cli('erase', '--person', EMAIL, '--yes');
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`erased everything stored about ${EMAIL}:`);
    expect(holding(cfg.dataDir)).toEqual([]);
    expect(cli('erase', '--person', EMAIL).out).toContain(`nothing stored about ${EMAIL}`);
    const shown = cli('show', ref, '--json');
    expect(shown.status).toBe(0);
    expect(shown.out).toContain(ref);
  });

  it('bad invocations are one line and the usage', () => {
    expect(cli('erase').err).toMatch(/^complaintdesk: erase needs --person EMAIL\n/);
    expect(cli('erase', '--person', 'nobody').err).toMatch(/^complaintdesk: --person "nobody" is not an e-mail address\n/);
    expect(cli('erase', '--person', EMAIL, '--tenant', 'nope').err).toMatch(/^complaintdesk: --tenant "nope" is not a tenant/);
    expect(cli('retention').err).toMatch(/^complaintdesk: retention needs an action: retention run\n/);
    expect(cli('retention', 'run', '--now', 'soon').status).toBe(2);
  });
});
