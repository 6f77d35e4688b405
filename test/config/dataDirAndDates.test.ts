// check-config must catch what would otherwise crash `start`: a data directory that cannot be
// created or written, and a closing day that matches YYYY-MM-DD but is no day in the calendar.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, dataDirProblem, loadConfig } from '../../src/config/load.js';
import { USAGE } from '../../src/cli/args.js';
import { runCli, stackLines } from '../cli/runCli.js';

const TENANT = `id: purasec
name: PuraSec B.V.
address: klachten@purasec.nl
reference: PS
mailbox:
  maildir: { path: maildir/purasec }
transport:
  file: { path: outbox/purasec }
people:
  - { id: h1, name: Handler One, email: h1@example.nl, role: handler }
procedure:
  acknowledgement:
    within: { workingDays: 2 }
  outcome:
    within: { workingDays: 10 }
`;

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) {
    chmodSync(r, 0o700);
    rmSync(r, { recursive: true, force: true });
  }
});

/** A config directory `<root>/config` with the given global file and one tenant file. */
function configDir(global: string, tenant = TENANT): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'cd-datadir-'));
  roots.push(root);
  const dir = join(root, 'config');
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  writeFileSync(join(dir, 'complaintdesk.yaml'), global);
  writeFileSync(join(dir, 'tenants', 'purasec.yaml'), tenant);
  return { root, dir };
}

function problems(dir: string): ConfigError['problems'] {
  try {
    loadConfig(dir, {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const withClosingDays = (...days: string[]) => `${TENANT}calendar:\n  closingDays: [${days.map((d) => `"${d}"`).join(', ')}]\n`;

describe('calendar.closingDays', () => {
  it('refuses a day that matches YYYY-MM-DD but does not exist, naming the file, key and value', () => {
    const { dir } = configDir('dataDir: ../data\n', withClosingDays('2026-12-24', '2026-02-30', '2026-13-01', '2025-02-29'));
    expect(problems(dir)).toEqual([
      { file: join(dir, 'tenants', 'purasec.yaml'), key: 'calendar.closingDays[1]', message: '2026-02-30 is not a date in the calendar' },
      { file: join(dir, 'tenants', 'purasec.yaml'), key: 'calendar.closingDays[2]', message: '2026-13-01 is not a date in the calendar' },
      { file: join(dir, 'tenants', 'purasec.yaml'), key: 'calendar.closingDays[3]', message: '2025-02-29 is not a date in the calendar' },
    ]);
  });

  it('a malformed day gets one message, not two', () => {
    const { dir } = configDir('dataDir: ../data\n', withClosingDays('2026-1-5'));
    expect(problems(dir)).toEqual([{ file: join(dir, 'tenants', 'purasec.yaml'), key: 'calendar.closingDays[0]', message: 'closing days are YYYY-MM-DD' }]);
  });

  it('takes real days, leap days included', () => {
    const { dir } = configDir('dataDir: ../data\n', withClosingDays('2024-02-29', '2026-12-31', '2027-01-01'));
    expect(loadConfig(dir, {}).tenants[0]!.calendar.closingDays).toEqual(['2024-02-29', '2026-12-31', '2027-01-01']);
  });
});

describe('dataDir', () => {
  it('a data directory under a regular file cannot be created: named with key and path', () => {
    const { root, dir } = configDir('dataDir: ../not-a-dir/data\n');
    writeFileSync(join(root, 'not-a-dir'), 'a file where a directory should be');
    expect(problems(dir)).toEqual([
      { file: join(dir, 'complaintdesk.yaml'), key: 'dataDir', message: `${join(root, 'not-a-dir', 'data')}: cannot be created: ${join(root, 'not-a-dir')} is a file, not a directory` },
    ]);
  });

  it('a data directory deeper under a regular file is refused as well', () => {
    const { root, dir } = configDir('dataDir: ../not-a-dir/a/b\n');
    writeFileSync(join(root, 'not-a-dir'), '');
    expect(problems(dir)[0]).toMatchObject({ key: 'dataDir', message: expect.stringContaining('is a file, not a directory') });
  });

  it('a data directory that is a regular file is refused', () => {
    const { root, dir } = configDir('dataDir: ../data\n');
    writeFileSync(join(root, 'data'), '');
    expect(problems(dir)).toEqual([{ file: join(dir, 'complaintdesk.yaml'), key: 'dataDir', message: `${join(root, 'data')}: is a file, not a directory` }]);
  });

  it('a missing data directory that can be created is fine, and checking does not create it', () => {
    const { root, dir } = configDir('dataDir: ../state/data\n');
    expect(loadConfig(dir, {}).dataDir).toBe(join(root, 'state', 'data'));
    expect(existsSync(join(root, 'state'))).toBe(false);
  });

  it('an existing writable directory is fine', () => {
    const { root, dir } = configDir('dataDir: ../data\n');
    mkdirSync(join(root, 'data'));
    expect(loadConfig(dir, {}).dataDir).toBe(join(root, 'data'));
  });

  // root may write anywhere: this case is only observable for an ordinary user.
  it.skipIf(process.getuid?.() === 0)('a read-only data directory is refused', () => {
    const { root, dir } = configDir('dataDir: ../data\n');
    mkdirSync(join(root, 'data'));
    chmodSync(join(root, 'data'), 0o500);
    try {
      expect(problems(dir)[0]).toMatchObject({ key: 'dataDir', message: expect.stringContaining('is not writable') });
    } finally {
      chmodSync(join(root, 'data'), 0o700);
    }
  });

  it('dataDirProblem: several missing levels under a writable directory can be created', () => {
    expect(dataDirProblem(join(tmpdir(), 'cd-nonexistent', 'x', 'y'))).toBeNull();
  });
});

describe('check-config and start (node dist/cli.js)', () => {
  it('check-config refuses a data directory under a file: exit 2, file, key and path named, no stack', () => {
    const { root, dir } = configDir('dataDir: ../not-a-dir/data\n');
    writeFileSync(join(root, 'not-a-dir'), '');
    const r = runCli(['check-config', '--config', dir]);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`complaintdesk.yaml: dataDir: ${join(root, 'not-a-dir', 'data')}: cannot be created`);
    expect(stackLines(r.err)).toEqual([]);
  });

  it('start refuses an impossible closing day before it starts anything', () => {
    const { root, dir } = configDir('dataDir: ../data\n', withClosingDays('2026-13-01'));
    const r = runCli(['start', '--config', dir]);
    expect(r.status).toBe(2);
    expect(r.err).toContain('purasec.yaml: calendar.closingDays[0]: 2026-13-01 is not a date in the calendar');
    expect(r.err).not.toContain(USAGE);
    expect(stackLines(r.err)).toEqual([]);
    expect(existsSync(join(root, 'data'))).toBe(false);
  });
});
