// The IMAP first-start record: boundary and cursor written together, history bounded by the
// UIDVALIDITY it was drawn under. (The whole flow through Dovecot: test/integration/firstStart.test.ts.)
import { describe, expect, it } from 'vitest';
import { isImapHistory, recordImapFirstStart } from '../../src/source/firstStart.js';
import { cursorGet } from '../../src/store/cursors.js';
import { openDb } from '../../src/store/db.js';
import { mailboxStartGet } from '../../src/store/mailboxStarts.js';

const now = new Date('2026-11-30T09:00:00Z');

describe('recordImapFirstStart', () => {
  it('archive: the cursor starts at 0 and UIDs below UIDNEXT under this UIDVALIDITY are history', () => {
    const db = openDb(':memory:');
    const s = recordImapFirstStart(db, { tenant: 'purasec', folder: 'INBOX', uidvalidity: '42', uidNext: 26, exists: 25, mode: 'archive', now });
    expect(s).toMatchObject({ mode: 'archive', historyCount: 25, historyBelowUid: 26, uidvalidity: '42', startedAt: now.toISOString() });
    expect(cursorGet(db, 'purasec', 'INBOX')).toEqual({ uidvalidity: '42', lastUid: 0 });
    expect([1, 25, 26, 27].map((uid) => isImapHistory(s, '42', uid))).toEqual([true, true, false, false]);
    // After a renumbering the folder is rescanned as before: not history, Message-IDs recognise it.
    expect(isImapHistory(s, '43', 1)).toBe(false);
    // Once only: a second first start of the same folder is a fault, not a silent reset.
    expect(() => recordImapFirstStart(db, { tenant: 'purasec', folder: 'INBOX', uidvalidity: '42', uidNext: 30, exists: 29, mode: 'archive', now })).toThrow();
    expect(mailboxStartGet(db, 'purasec', 'INBOX')?.historyBelowUid).toBe(26);
  });

  it('skip: the cursor starts after the mail already there; process: nothing is history', () => {
    const db = openDb(':memory:');
    const skip = recordImapFirstStart(db, { tenant: 'a', folder: 'INBOX', uidvalidity: '7', uidNext: 101, exists: 60, mode: 'skip', now });
    expect(cursorGet(db, 'a', 'INBOX')).toEqual({ uidvalidity: '7', lastUid: 100 });
    expect(isImapHistory(skip, '7', 5)).toBe(false);
    const proc = recordImapFirstStart(db, { tenant: 'b', folder: 'INBOX', uidvalidity: '7', uidNext: 101, exists: 60, mode: 'process', now });
    expect(cursorGet(db, 'b', 'INBOX')).toEqual({ uidvalidity: '7', lastUid: 0 });
    expect(isImapHistory(proc, '7', 5)).toBe(false);
    expect(isImapHistory(null, '7', 5)).toBe(false);
  });
});
