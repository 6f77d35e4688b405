import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComplaintdeskError, ErrorCodes } from '../../src/core/errors.js';
import { loadOrCreateSecret } from '../../src/tenant/secret.js';
import { messageIdCreate, messageIdVerify } from '../../src/thread/messageId.js';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const OTHER_SECRET = 'another-secret-0123456789abcdef0123456789ab';

/** The id with one dot-separated field replaced (0 = "cd", 1 = reference, 2 = kind, 3 = random, 4 = signature@domain). */
function withField(id: string, index: number, value: string): string {
  const parts = id.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('messageIdCreate / messageIdVerify', () => {
  it('round-trips the reference and kind', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-0007', 'ack', 'purasec.nl');
    expect(id).toMatch(/^cd\.PS-2026-0007\.ack\.[a-z0-9]{12}\.[0-9a-f]{16}@purasec\.nl$/);
    expect(messageIdVerify(SECRET, id)).toEqual({ reference: 'PS-2026-0007', kind: 'ack' });
  });

  it('accepts the id with angle brackets and surrounding whitespace, as it appears in References', () => {
    const id = messageIdCreate(SECRET, 'PA-2026-0123', 'outcome', 'preact-software.nl');
    expect(messageIdVerify(SECRET, `<${id}>`)).toEqual({ reference: 'PA-2026-0123', kind: 'outcome' });
    expect(messageIdVerify(SECRET, `  <${id}>\r\n`)).toEqual({ reference: 'PA-2026-0123', kind: 'outcome' });
  });

  it('carries a null reference as "none"', () => {
    const id = messageIdCreate(SECRET, null, 'digest', 'purasec.nl');
    expect(id.startsWith('cd.none.digest.')).toBe(true);
    expect(messageIdVerify(SECRET, id)).toEqual({ reference: null, kind: 'digest' });
  });

  it('accepts references with more than four digits (the 10,000th complaint of a year)', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-10000', 'ack', 'purasec.nl');
    expect(messageIdVerify(SECRET, id)).toEqual({ reference: 'PS-2026-10000', kind: 'ack' });
  });

  it('normalises the kind to lower-case letters, digits and dashes', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-0007', 'Handler Message', 'purasec.nl');
    expect(messageIdVerify(SECRET, id)).toEqual({ reference: 'PS-2026-0007', kind: 'handler-message' });
  });

  it('makes a new id every time', () => {
    const ids = new Set(Array.from({ length: 200 }, () => messageIdCreate(SECRET, 'PS-2026-0007', 'ack', 'purasec.nl')));
    expect(ids.size).toBe(200);
  });

  it('rejects a tampered signature', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-0007', 'ack', 'purasec.nl');
    const [sig, domain] = id.split('.')[4]!.split('@') as [string, string];
    const flipped = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
    expect(messageIdVerify(SECRET, withField(id, 4, `${flipped}@${domain}`))).toBeNull();
    expect(messageIdVerify(SECRET, withField(id, 4, `${sig.toUpperCase()}@${domain}`))).toBeNull();
    expect(messageIdVerify(SECRET, withField(id, 4, `${sig.slice(0, 15)}@${domain}`))).toBeNull();
  });

  it('rejects a changed reference (no hijacking of another complaint)', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-0007', 'ack', 'purasec.nl');
    expect(messageIdVerify(SECRET, withField(id, 1, 'PS-2026-0008'))).toBeNull();
    expect(messageIdVerify(SECRET, withField(id, 1, 'none'))).toBeNull();
  });

  it('rejects a changed kind', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-0007', 'ack', 'purasec.nl');
    expect(messageIdVerify(SECRET, withField(id, 2, 'outcome'))).toBeNull();
  });

  it('rejects a changed random part', () => {
    const id = messageIdCreate(SECRET, 'PS-2026-0007', 'ack', 'purasec.nl');
    const rand = id.split('.')[3]!;
    expect(messageIdVerify(SECRET, withField(id, 3, (rand[0] === 'a' ? 'b' : 'a') + rand.slice(1)))).toBeNull();
  });

  it('rejects an id signed with another secret', () => {
    const id = messageIdCreate(OTHER_SECRET, 'PS-2026-0007', 'ack', 'purasec.nl');
    expect(messageIdVerify(SECRET, id)).toBeNull();
    expect(messageIdVerify(OTHER_SECRET, id)).not.toBeNull();
  });

  it('returns null for foreign Message-IDs', () => {
    for (const foreign of [
      '<CAF=x+Yz_9@mail.gmail.com>',
      'DB9PR01MB1234.eurprd01.prod.exchangelabs.com@example.nl',
      '<cd.PS-2026-0007.ack@purasec.nl>',
      'cd.PS-2026-0007.ack.k3j9x2m1abcd.8f0c2a9d41e7b6c3',
      'cd.ps-2026-0007.ack.k3j9x2m1abcd.8f0c2a9d41e7b6c3@purasec.nl',
      '<cd.PS-2026-0007.ack.k3j9x2m1abcd.8f0c2a9d41e7b6c3@purasec.nl> <other@example.nl>',
      '',
      '<>',
    ]) {
      expect(messageIdVerify(SECRET, foreign), foreign).toBeNull();
    }
  });
});

describe('loadOrCreateSecret', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function tempDir(): string {
    const d = mkdtempSync(join(tmpdir(), 'cd-secret-'));
    dirs.push(d);
    return d;
  }

  it('creates a mode-600 file with a long random secret, in a directory it creates', () => {
    const file = join(tempDir(), 'data', 'nested', 'secret.key');
    const secret = loadOrCreateSecret(file);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('returns the same secret on the next call (ids survive a restart) and leaves the file alone', () => {
    const file = join(tempDir(), 'secret.key');
    const first = loadOrCreateSecret(file);
    const mtime = statSync(file).mtimeMs;
    expect(loadOrCreateSecret(file)).toBe(first);
    expect(statSync(file).mtimeMs).toBe(mtime);
    const id = messageIdCreate(first, 'PS-2026-0001', 'ack', 'purasec.nl');
    expect(messageIdVerify(loadOrCreateSecret(file), id)).toEqual({ reference: 'PS-2026-0001', kind: 'ack' });
  });

  it('makes a different secret for a different data directory', () => {
    expect(loadOrCreateSecret(join(tempDir(), 'secret.key'))).not.toBe(loadOrCreateSecret(join(tempDir(), 'secret.key')));
  });

  it('reads a secret an operator put there, without its trailing newline', () => {
    const file = join(tempDir(), 'secret.key');
    writeFileSync(file, `${SECRET}\n`);
    expect(loadOrCreateSecret(file)).toBe(SECRET);
  });

  it('refuses an empty or short secret file instead of signing with a guessable key', () => {
    const file = join(tempDir(), 'secret.key');
    writeFileSync(file, '');
    expect(() => loadOrCreateSecret(file)).toThrow(ComplaintdeskError);
    writeFileSync(file, 'short\n');
    try {
      loadOrCreateSecret(file);
      expect.unreachable('a short secret must be refused');
    } catch (err) {
      expect((err as ComplaintdeskError).code).toBe(ErrorCodes.SECRET_MISSING);
      expect((err as Error).message).toContain(file);
    }
  });
});
