// The CLI's printing functions and its logger filter mail text on the way out; nothing else in
// src/cli.ts or src/cli/ writes to stdout or stderr.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { printErr, printOut, terminalLogger } from '../../src/cli/output.js';
import { PACKAGE_ROOT } from '../../src/config/load.js';

const EVIL = `subject \x1b[2J\x07\x1b]8;;https://evil.example/\x1b\\klik\x1b]8;;\x1b\\ \u009b31m\u202efdp.exe`;

function capture(stream: NodeJS.WriteStream): string[] {
  const written: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  return written;
}

afterEach(() => vi.restoreAllMocks());

describe('printOut / printErr', () => {
  it('write the text filtered, with one trailing newline', () => {
    const out = capture(process.stdout);
    const err = capture(process.stderr);
    printOut(`a: ${EVIL}\nb`);
    printErr(`${EVIL}\n`);
    expect(out).toEqual(['a: subject klik fdp.exe\nb\n']);
    expect(err).toEqual(['subject klik fdp.exe\n']);
  });
});

describe('terminalLogger', () => {
  it('pretty: values from mail are filtered before the record is formatted', () => {
    const out = capture(process.stdout);
    terminalLogger({ level: 'info', format: 'pretty' }).warn({ tenant: 'purasec', detail: EVIL, nested: { list: [EVIL] } }, 'mail quarantined');
    const text = out.join('');
    expect(text).toContain('mail quarantined');
    expect(text).toContain('subject klik fdp.exe');
    // Not a TTY here, so no colours either: no ESC at all.
    // eslint-disable-next-line no-control-regex -- asserting no control character got through
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });

  it('json: one valid JSON line that keeps every value, with C1 and bidi controls escaped', () => {
    const out = capture(process.stdout);
    terminalLogger({ level: 'info', format: 'json' }).info({ detail: EVIL }, 'mail stored');
    expect(out).toHaveLength(1);
    const line = out[0]!;
    expect(line.endsWith('\n')).toBe(true);
    // eslint-disable-next-line no-control-regex -- asserting no control character got through
    expect(line.slice(0, -1)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: 'mail stored', detail: EVIL });
  });

  it('respects the level', () => {
    const out = capture(process.stdout);
    terminalLogger({ level: 'warn', format: 'json' }).info('not shown');
    expect(out).toEqual([]);
  });
});

describe('the CLI writes only through src/cli/output.ts', () => {
  it('no other write to process.stdout / process.stderr and no console in src/cli.ts and src/cli/', () => {
    const files = [join(PACKAGE_ROOT, 'src', 'cli.ts'), ...readdirSync(join(PACKAGE_ROOT, 'src', 'cli')).map((f) => join(PACKAGE_ROOT, 'src', 'cli', f))];
    for (const f of files.filter((x) => !x.endsWith('output.ts'))) {
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/process\.(stdout|stderr)\.write|console\./);
    }
  });
});
