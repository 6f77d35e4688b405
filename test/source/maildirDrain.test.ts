// drain() promises that every mail waiting when it is called has been handed over when it
// resolves. A scan already running may have listed new/ before the caller's mail arrived: the
// caller must get one more scan, not the tail of the old one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import type { ParseOutcome } from '../../src/parse/parse.js';
import { MaildirSource, maildirDeliver } from '../../src/source/maildir.js';
import type { SourceMail } from '../../src/source/types.js';
import { openDb } from '../../src/store/db.js';

const mail = (n: number) => `From: klant${n}@drain.example\r\nSubject: Klacht ${n}\r\nMessage-ID: <drain-${n}@drain.example>\r\n\r\nTekst ${n}\r\n`;

describe('MaildirSource.drain', () => {
  it('a mail delivered while a scan is running is handed over before drain() resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-drain-'));
    const handed: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inFirst = new Promise<void>((r) => (entered = r));
    const source = new MaildirSource({
      tenant: 'purasec',
      dir,
      pollIntervalMs: 3_600_000,
      firstStart: 'process',
      db: openDb(':memory:'),
      clock: new ManualClock('2026-11-30T09:00:00Z'),
      log: silentLogger,
      handle: {
        handle: async (m: SourceMail) => {
          handed.push(m.raw!.toString('utf8').match(/Subject: (.*)\r\n/)![1]!);
          if (handed.length === 1) {
            entered();
            await blocked;
          }
        },
        handleMany: () => Promise.reject(new Error('the Maildir source hands over one mail at a time')),
        prepare: () => Promise.resolve({ ok: false, reason: 'unused', detail: '' } as unknown as ParseOutcome),
      },
    });
    maildirDeliver(dir, mail(1));
    const first = source.drain();
    await inFirst; // the first scan has listed new/ and is storing mail 1
    maildirDeliver(dir, mail(2));
    const second = source.drain();
    release();
    await Promise.all([first, second]);
    expect(handed).toEqual(['Klacht 1', 'Klacht 2']);
    await source.stop();
  });
});
