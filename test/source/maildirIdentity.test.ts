// A Maildir mail is its unique name *and* its bytes. People "just copy a file in" and reuse
// names: the second mail under a name must be new mail, and the first one's file in cur/ must
// survive. The same name with the same bytes is the same mail seen again (a crash between
// storing it and moving it to cur/), also in a database from before the content hash.
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirMoveToCur } from '../../src/source/maildirFiles.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const NAME = '1700000000.M1P1.copied-by-hand';

function complaint(i: number): string {
  return [
    `From: Klant ${i} <klant${i}@identity.example>`,
    'To: klachten@purasec.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <identity-${i}@identity.example>`,
    '',
    'Ik ben ontevreden over de pentest.',
    '',
  ].join('\r\n');
}

function setup() {
  const cfg = writeTestConfig([
    { id: 'purasec', overrides: { mailbox: { maildir: { path: 'maildir/purasec', pollIntervalSeconds: 0.2 }, firstStart: 'process' } } },
  ]);
  const dir = join(cfg.dataDir, 'maildir', 'purasec');
  mkdirSync(join(dir, 'new'), { recursive: true });
  const daemon = new Daemon({ config: cfg, log: silentLogger });
  const rows = () =>
    daemon.db.prepare('SELECT source_key, message_id, disposition FROM inbound_messages ORDER BY id').all() as Array<{
      source_key: string;
      message_id: string;
      disposition: string;
    }>;
  const acks = () => daemon.db.prepare(`SELECT to_address FROM outbox WHERE kind = 'acknowledgement' ORDER BY id`).pluck().all();
  const cur = () =>
    readdirSync(join(dir, 'cur'))
      .sort()
      .map((n) => readFileSync(join(dir, 'cur', n), 'utf8'));
  return { daemon, dir, rows, acks, cur };
}

describe('Maildir identity: name plus content', () => {
  it('a reused file name with other bytes is a new mail; neither mail is lost or overwritten', async () => {
    const { daemon, dir, rows, acks, cur } = setup();
    try {
      writeFileSync(join(dir, 'new', NAME), complaint(1));
      await daemon.runOnce();
      writeFileSync(join(dir, 'new', NAME), complaint(2));
      await daemon.runOnce();
      expect(rows().map((r) => [r.message_id, r.disposition])).toEqual([
        ['identity-1@identity.example', 'new-complaint'],
        ['identity-2@identity.example', 'new-complaint'],
      ]);
      expect(rows().map((r) => r.source_key)).toEqual([
        expect.stringMatching(new RegExp(`^maildir:${NAME}:[0-9a-f]{16}$`)),
        expect.stringMatching(new RegExp(`^maildir:${NAME}:[0-9a-f]{16}$`)),
      ]);
      expect(acks()).toEqual(['klant1@identity.example', 'klant2@identity.example']);
      // Both files in cur/: the first under its own name, untouched; the second under a fresh one.
      expect(readFileSync(join(dir, 'cur', `${NAME}:2,`), 'utf8')).toBe(complaint(1));
      expect(cur().sort()).toEqual([complaint(1), complaint(2)].sort());
      expect(readdirSync(join(dir, 'new'))).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });

  it('the same name and bytes again (a crash between storing and moving to cur/) is a duplicate', async () => {
    const { daemon, dir, rows, acks, cur } = setup();
    try {
      writeFileSync(join(dir, 'new', NAME), complaint(1));
      await daemon.runOnce();
      // The state a crash before the move leaves: stored, but still in new/.
      renameSync(join(dir, 'cur', `${NAME}:2,`), join(dir, 'new', NAME));
      await daemon.runOnce();
      expect(rows()).toHaveLength(1);
      expect(acks()).toEqual(['klant1@identity.example']);
      expect(cur()).toEqual([complaint(1)]);
    } finally {
      await daemon.stop();
    }
  });

  it('a row keyed by the name alone (stored before the upgrade) still recognises its copy, but not a new mail under that name', async () => {
    const { daemon, dir, rows, acks } = setup();
    try {
      writeFileSync(join(dir, 'new', NAME), complaint(1));
      await daemon.runOnce();
      daemon.db.prepare('UPDATE inbound_messages SET source_key = ?').run(`maildir:${NAME}`);
      renameSync(join(dir, 'cur', `${NAME}:2,`), join(dir, 'new', NAME));
      await daemon.runOnce();
      expect(rows().map((r) => r.source_key)).toEqual([`maildir:${NAME}`]);

      writeFileSync(join(dir, 'new', NAME), complaint(2));
      await daemon.runOnce();
      expect(rows().map((r) => r.message_id)).toEqual(['identity-1@identity.example', 'identity-2@identity.example']);
      expect(acks()).toEqual(['klant1@identity.example', 'klant2@identity.example']);
    } finally {
      await daemon.stop();
    }
  });
});

describe('maildirMoveToCur', () => {
  const maildir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'complaintdesk-maildir-'));
    for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(dir, sub));
    return dir;
  };

  it('never replaces a file in cur/: a clash gets a fresh unique name', () => {
    const dir = maildir();
    writeFileSync(join(dir, 'cur', `${NAME}:2,S`), 'first');
    writeFileSync(join(dir, 'cur', `${NAME}:2,`), 'first, unflagged');
    writeFileSync(join(dir, 'new', NAME), 'second');
    const moved = maildirMoveToCur(dir, NAME);
    expect(moved).toMatch(new RegExp(`^${NAME.replace(/\./g, '\\.')}\\.R[0-9a-f]{12}:2,$`));
    expect(readFileSync(join(dir, 'cur', moved), 'utf8')).toBe('second');
    expect(readFileSync(join(dir, 'cur', `${NAME}:2,`), 'utf8')).toBe('first, unflagged');
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
  });

  it('finishes a move a crash interrupted between link and unlink, without a second copy', () => {
    const dir = maildir();
    writeFileSync(join(dir, 'new', NAME), 'mail');
    linkSync(join(dir, 'new', NAME), join(dir, 'cur', `${NAME}:2,`));
    expect(maildirMoveToCur(dir, NAME)).toBe(`${NAME}:2,`);
    expect(readdirSync(join(dir, 'cur'))).toEqual([`${NAME}:2,`]);
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
  });
});
