import { describe, expect, it } from 'vitest';
import { parseInvocation, parseIsoMoment, parseJobMoment } from '../../src/cli/args.js';

const ok = (argv: string[]) => {
  const r = parseInvocation(argv);
  if (!r.ok) throw new Error(`expected ${argv.join(' ')} to parse: ${r.message}`);
  return r.invocation;
};
const bad = (argv: string[]) => {
  const r = parseInvocation(argv);
  if (r.ok) throw new Error(`expected ${argv.join(' ')} to be refused`);
  return r.message;
};

describe('parseInvocation', () => {
  it('parses every command with its options, --config anywhere', () => {
    expect(ok(['start'])).toEqual({ command: 'start', config: undefined });
    expect(ok(['--config', 'cfg', 'check-config'])).toEqual({ command: 'check-config', config: 'cfg' });
    expect(ok(['demo', '--keep=/tmp/d'])).toEqual({ command: 'demo', config: undefined, keep: '/tmp/d' });
    expect(ok(['list', '--tenant', 'purasec', '--state', 'in-treatment', '--overdue'])).toEqual({
      command: 'list',
      config: undefined,
      tenant: 'purasec',
      state: 'in-treatment',
      overdue: true,
      mine: undefined,
      dueWithin: undefined,
      lang: undefined,
      now: undefined,
    });
    expect(ok(['list', '--mine', 'anna@example.nl', '--due-within', '3', '--lang', 'en', '--now', '2026-12-21'])).toMatchObject({
      command: 'list',
      mine: 'anna@example.nl',
      dueWithin: 3,
      lang: 'en',
      now: new Date('2026-12-21T00:00:00Z'),
    });
    expect(ok(['show', 'PS-2026-0001', '--config', 'c'])).toEqual({
      command: 'show',
      config: 'c',
      reference: 'PS-2026-0001',
      json: false,
      lang: undefined,
      now: undefined,
    });
    expect(ok(['show', 'PS-2026-0001', '--json'])).toMatchObject({ command: 'show', json: true });
    expect(ok(['quarantine'])).toEqual({ command: 'quarantine', config: undefined, tenant: undefined });
    expect(ok(['quarantine', 'reprocess', '12'])).toEqual({ command: 'quarantine-reprocess', config: undefined, id: 12 });
    expect(ok(['triage', '--tenant', 'preact'])).toEqual({ command: 'triage', config: undefined, tenant: 'preact' });
    expect(ok(['jobs', 'run', 'digest', '--now', '2026-03-09T08:00:00+01:00', '--dry-run'])).toEqual({
      command: 'jobs-run',
      config: undefined,
      job: 'digest',
      tenant: undefined,
      now: new Date('2026-03-09T07:00:00Z'),
      dryRun: true,
    });
    expect(ok(['jobs', 'run'])).toMatchObject({ command: 'jobs-run', job: undefined, now: undefined, dryRun: false });
  });

  it('help wins over everything else', () => {
    expect(ok(['help'])).toEqual({ command: 'help' });
    expect(ok(['-h'])).toEqual({ command: 'help' });
    expect(ok(['show', '--help'])).toEqual({ command: 'help' });
  });

  it('says in one line what is wrong', () => {
    const cases: Array<[string[], string]> = [
      [[], 'no command given'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['list', '--verbose'], 'unknown option --verbose'],
      [['list', '-x'], 'unknown option -x'],
      [['show'], 'show needs a complaint reference (show REF)'],
      [['show', 'A', 'B'], 'unexpected argument "B" for show'],
      [['list', '--config'], 'option --config needs a value'],
      [['list', '--config', '--overdue'], 'option --config needs a value'],
      [['list', '--overdue=yes'], 'option --overdue takes no value'],
      [['show', 'PS-1', '--overdue'], 'option --overdue does not apply to show'],
      [
        ['list', '--state', 'open'],
        '--state "open" is not a state; states: new, awaiting-information, admissibility-check, in-treatment, outcome-sent, objection, hearing-scheduled, heard, closed',
      ],
      [['quarantine', 'reprocess'], 'quarantine reprocess needs an ID'],
      [['quarantine', 'reprocess', '1e3'], 'quarantine reprocess: "1e3" is not an ID (a number from the quarantine list)'],
      [['quarantine', 'reprocess', '0'], 'quarantine reprocess: "0" is not an ID (a number from the quarantine list)'],
      [['quarantine', 'wipe'], 'unknown quarantine action "wipe" (quarantine, or quarantine reprocess|show|discard ID)'],
      [['jobs'], 'jobs needs an action: jobs run [NAME]'],
      [['jobs', 'run', 'cleanup'], 'unknown job "cleanup"; jobs: reminders, escalations, digest, learnings, retention'],
      [['jobs', 'run', '--now', 'notadate'], '--now "notadate" is not an ISO date or date-time (e.g. 2026-03-09 or 2026-03-09T08:00:00+01:00)'],
      [['jobs', 'run', '--now', '2026-02-30'], '--now "2026-02-30" is not an ISO date or date-time (e.g. 2026-03-09 or 2026-03-09T08:00:00+01:00)'],
    ];
    for (const [argv, message] of cases) {
      const m = bad(argv);
      expect(m, argv.join(' ')).toBe(message);
      expect(m).not.toContain('\n');
    }
  });
});

describe('parseIsoMoment', () => {
  it('takes ISO dates and date-times, with or without offset', () => {
    expect(parseIsoMoment('2026-03-09')).toEqual(new Date('2026-03-09T00:00:00Z'));
    expect(parseIsoMoment('2026-03-09T08:00Z')).toEqual(new Date('2026-03-09T08:00:00Z'));
    expect(parseIsoMoment('2026-03-09T08:00:00.5+01:00')).toEqual(new Date('2026-03-09T07:00:00.500Z'));
    expect(parseIsoMoment('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
  });

  it('refuses what Date.parse would bend into a date', () => {
    for (const v of ['1', 'notadate', '2026-02-30', '2025-02-29', '2026-13-01', '2026-03-09T24:00', '9 March 2026', '2026-3-9', ''])
      expect(parseIsoMoment(v), v).toBeNull();
  });
});

describe('outbox commands', () => {
  it('outbox lists, with an optional state and tenant', () => {
    expect(parseInvocation(['outbox', '--status', 'held', '--tenant', 'purasec'])).toEqual({
      ok: true,
      invocation: { command: 'outbox', config: undefined, tenant: 'purasec', status: 'held' },
    });
  });
  it('outbox release resets the breaker for one tenant or all', () => {
    expect(parseInvocation(['outbox', 'release'])).toEqual({ ok: true, invocation: { command: 'outbox-release', config: undefined, tenant: undefined } });
  });
  it('a wrong state or action is a one-line error', () => {
    expect(parseInvocation(['outbox', '--status', 'gone'])).toMatchObject({ ok: false, message: expect.stringContaining('not an outbox state') });
    expect(parseInvocation(['outbox', 'purge'])).toMatchObject({ ok: false, message: expect.stringContaining('unknown outbox action') });
    expect(parseInvocation(['outbox', 'release', '--status', 'held'])).toMatchObject({ ok: false });
  });
});

describe('outbox resend|cancel and quarantine show|discard', () => {
  it('take one ID; cancel takes a --reason', () => {
    expect(ok(['outbox', 'resend', '7'])).toEqual({ command: 'outbox-resend', config: undefined, id: 7 });
    expect(ok(['outbox', 'cancel', '7', '--reason', 'klant belde'])).toEqual({ command: 'outbox-cancel', config: undefined, id: 7, reason: 'klant belde' });
    expect(ok(['outbox', 'cancel', '7'])).toMatchObject({ command: 'outbox-cancel', reason: undefined });
    expect(ok(['quarantine', 'show', '3'])).toEqual({ command: 'quarantine-show', config: undefined, id: 3 });
    expect(ok(['quarantine', 'discard', '3'])).toEqual({ command: 'quarantine-discard', config: undefined, id: 3 });
  });
  it('refuse a missing or wrong ID and options that do not apply', () => {
    expect(bad(['outbox', 'resend'])).toBe('outbox resend needs an ID');
    expect(bad(['outbox', 'cancel', 'x7'])).toBe('outbox cancel: "x7" is not an ID (a number from the outbox list)');
    expect(bad(['outbox', 'resend', '7', '--reason', 'x'])).toBe('option --reason does not apply to outbox resend');
    expect(bad(['outbox', 'cancel', '7', '--tenant', 'preact'])).toBe('option --tenant does not apply to outbox cancel');
    expect(bad(['outbox', '--reason', 'x'])).toBe('option --reason applies to outbox cancel only');
    expect(bad(['outbox', 'resend', '7', '8'])).toBe('unexpected argument "8" for outbox');
    expect(bad(['quarantine', 'show'])).toBe('quarantine show needs an ID');
    expect(bad(['quarantine', 'discard', '0'])).toBe('quarantine discard: "0" is not an ID (a number from the quarantine list)');
    expect(bad(['quarantine', 'discard', '3', '--tenant', 'preact'])).toBe('option --tenant does not apply to quarantine discard');
  });
});

describe('jobs run --now: with an offset an instant, without one the tenant local time', () => {
  it('an offset or Z gives the instant', () => {
    expect(parseJobMoment('2026-12-01T08:00:00+01:00')).toEqual(new Date('2026-12-01T07:00:00Z'));
    expect(parseJobMoment('2026-12-01T08:00Z')).toEqual(new Date('2026-12-01T08:00:00Z'));
  });
  it('a date alone is 00:00 local; a date-time without offset is that wall-clock time', () => {
    expect(parseJobMoment('2026-12-01')).toEqual({ localDate: '2026-12-01', hour: 0, minute: 0, second: 0 });
    expect(parseJobMoment('2026-12-01T08:00')).toEqual({ localDate: '2026-12-01', hour: 8, minute: 0, second: 0 });
    expect(parseJobMoment('2026-07-01T23:59:30')).toEqual({ localDate: '2026-07-01', hour: 23, minute: 59, second: 30 });
    expect(ok(['jobs', 'run', '--now', '2026-12-01T08:00'])).toMatchObject({ command: 'jobs-run', now: { localDate: '2026-12-01', hour: 8, minute: 0 } });
  });
  it('refuses what is not a date', () => {
    expect(parseJobMoment('2026-02-30')).toBeNull();
    expect(parseJobMoment('2026-12-01T24:00')).toBeNull();
    expect(parseJobMoment('1')).toBeNull();
  });
});
