import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maildirDeliver } from '../../src/source/maildir.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli } from './runCli.js';

describe('check-config says what the first start of each mailbox will do', () => {
  it('counts the mail already in a Maildir that will be archived, and changes nothing', () => {
    const cfg = writeTestConfig([
      { id: 'purasec', firstStart: 'archive' },
      { id: 'preact', firstStart: 'skip' },
    ]);
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    for (let i = 0; i < 3; i++) maildirDeliver(dir, `From: a${i}@x.example\r\nSubject: oud\r\n\r\noude mail\r\n`, `old${i}`);
    const r = runCli(['check-config', '--config', cfg.dir]);
    expect(r.status).toBe(0);
    expect(r.out).toContain('first start: 3 mails would be recorded as archive (no letters)');
    expect(r.out).toContain('first start: 0 mails would be skipped');
    // No store was created by looking.
    expect(runCli(['check-config', '--config', cfg.dir]).out).toContain('first start: 3 mails');
  });
});
