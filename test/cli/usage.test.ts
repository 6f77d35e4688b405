// Every bad invocation gets one line saying what is wrong, then the usage, on stderr, exit 2 —
// never a Node stack trace. A real fault exits 1 with one line; LOG_LEVEL=debug shows the stack.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli/args.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli, stackLines } from './runCli.js';

describe('bad invocations (node dist/cli.js)', () => {
  let cfg: ReturnType<typeof writeTestConfig>;
  beforeAll(() => {
    cfg = writeTestConfig([{ id: 'purasec' }]);
  });
  afterAll(() => rmSync(cfg.root, { recursive: true, force: true }));

  const invocations: Array<[string, string[], string]> = [
    ['an unknown option', ['list', '--verbose'], 'unknown option --verbose'],
    ['an unknown command', ['frobnicate'], 'unknown command "frobnicate"'],
    ['show without REF', ['show'], 'show needs a complaint reference (show REF)'],
    [
      '--now that is not a date',
      ['jobs', 'run', '--now', 'notadate'],
      '--now "notadate" is not an ISO date or date-time (e.g. 2026-03-09 or 2026-03-09T08:00:00+01:00)',
    ],
    ['--config without its value', ['list', '--config'], 'option --config needs a value'],
    ['an option of another command', ['show', 'PS-2026-0001', '--dry-run'], 'option --dry-run does not apply to show'],
    ['no command at all', [], 'no command given'],
    ['a reprocess ID that is no number', ['quarantine', 'reprocess', 'abc'], 'quarantine reprocess: "abc" is not an ID (a number from the quarantine list)'],
  ];

  it.each(invocations)('%s: one line, the usage, exit 2', (_name, args, message) => {
    const r = runCli([...args, '--config', cfg.dir]);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`complaintdesk: ${message}\n\n${USAGE}`);
    expect(stackLines(r.err)).toEqual([]);
  });

  it('a tenant the configuration does not have is a bad value too', () => {
    const r = runCli(['list', '--tenant', 'nope', '--config', cfg.dir]);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`complaintdesk: --tenant "nope" is not a tenant; tenants: purasec\n\n${USAGE}`);
  });

  it('--help prints the usage on stdout and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toBe(USAGE);
    expect(r.err).toBe('');
  });

  it('a broken configuration names file and key, exit 2, no stack', () => {
    const r = runCli(['list', '--config', join(cfg.root, 'no-such-dir')]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^invalid configuration:\n {2}.*complaintdesk\.yaml: \(top level\): file not found/);
    expect(stackLines(r.err)).toEqual([]);
  });
});

describe('faults at run time (node dist/cli.js)', () => {
  let cfg: ReturnType<typeof writeTestConfig>;
  beforeAll(() => {
    cfg = writeTestConfig([{ id: 'purasec' }]);
    // A store that is not a database: what a botched restore or a full disk leaves behind.
    mkdirSync(cfg.dataDir, { recursive: true });
    writeFileSync(join(cfg.dataDir, 'complaintdesk.sqlite'), 'this is not an SQLite database, just text that is long enough to be read as a header'.repeat(20));
  });
  afterAll(() => rmSync(cfg.root, { recursive: true, force: true }));

  it('one line and exit 1, not a stack trace', () => {
    const r = runCli(['list', '--config', cfg.dir]);
    expect(r.status).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('complaintdesk: file is not a database (LOG_LEVEL=debug shows where)\n');
  });

  it('LOG_LEVEL=debug adds the stack for a developer', () => {
    const r = runCli(['list', '--config', cfg.dir], { LOG_LEVEL: 'debug' });
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/^complaintdesk: SqliteError: file is not a database\n/);
    expect(stackLines(r.err).length).toBeGreaterThan(0);
  });
});
