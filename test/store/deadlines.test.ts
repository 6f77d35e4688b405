// Deadline scans the CLI and the scheduler read (`list --overdue`, reminders, escalations).
import { describe, expect, it } from 'vitest';
import { complaintInsert } from '../../src/store/complaints.js';
import { openDb, type Db } from '../../src/store/db.js';
import { deadlinesOpenCompany, deadlinesOverdueComplaintIds } from '../../src/store/deadlines.js';
import { escalationKey, escalationLastAt, noticeClaim } from '../../src/store/sentNotices.js';

const at = (iso: string) => new Date(iso);

function complaint(db: Db, tenant: string, seq: number) {
  return complaintInsert(db, {
    tenant,
    reference: `T-2026-${seq}`,
    year: 2026,
    seq,
    state: 'received',
    channel: 'email',
    customerEmail: null,
    customerName: null,
    customerPhone: null,
    language: 'nl',
    subject: `s${seq}`,
    description: 'd',
    service: null,
    handlerId: null,
    receivedAt: at('2026-10-01T08:00:00Z'),
    now: at('2026-10-01T08:00:00Z'),
  }).id;
}

function deadline(db: Db, complaintId: number, tenant: string, kind: string, owner: string, dueAt: string, status = 'open') {
  db.prepare(`INSERT INTO deadlines (complaint_id, tenant, kind, owner, started_at, due_at, status) VALUES (?, ?, ?, ?, '2026-10-01T08:00:00Z', ?, ?)`).run(
    complaintId,
    tenant,
    kind,
    owner,
    dueAt,
    status,
  );
}

describe('deadline scans', () => {
  it('overdue: open company deadlines past now, every tenant; not customer windows, not met ones, not future ones', () => {
    const db = openDb(':memory:');
    const [a, b, c, d, e] = [
      complaint(db, 'purasec', 1),
      complaint(db, 'preact', 2),
      complaint(db, 'purasec', 3),
      complaint(db, 'purasec', 4),
      complaint(db, 'purasec', 5),
    ];
    deadline(db, a, 'purasec', 'outcome', 'company', '2026-10-10T08:00:00Z');
    deadline(db, b, 'preact', 'acknowledgement', 'company', '2026-10-10T08:00:00Z');
    deadline(db, c, 'purasec', 'objection-window', 'customer', '2026-10-10T08:00:00Z');
    deadline(db, d, 'purasec', 'outcome', 'company', '2026-10-10T08:00:00Z', 'met');
    deadline(db, e, 'purasec', 'outcome', 'company', '2026-10-20T08:00:00Z');
    expect(deadlinesOverdueComplaintIds(db, at('2026-10-15T00:00:00Z')).sort()).toEqual([a, b].sort());
    expect(deadlinesOpenCompany(db, 'purasec').map((x) => [x.complaintId, x.kind, x.dueAt, x.reference])).toEqual([
      [a, 'outcome', '2026-10-10T08:00:00Z', 'T-2026-1'],
      [e, 'outcome', '2026-10-20T08:00:00Z', 'T-2026-5'],
    ]);
    db.close();
  });

  it('last escalation: the latest sent one of that deadline only (not another kind, not complaint 10 for complaint 1)', () => {
    const db = openDb(':memory:');
    const claim = (key: string, when: string, status: 'sent' | 'held' = 'sent') =>
      noticeClaim(db, { key, tenant: 'purasec', kind: 'escalation', complaintId: null, status, at: at(when) });
    expect(escalationLastAt(db, 1, 'outcome')).toBeNull();
    claim(escalationKey(1, 'outcome', '2026-10-12'), '2026-10-12T07:00:00Z');
    claim(escalationKey(1, 'outcome', '2026-10-14'), '2026-10-14T07:00:00Z');
    claim(escalationKey(1, 'outcome', '2026-10-15'), '2026-10-15T07:00:00Z', 'held');
    claim(escalationKey(1, 'acknowledgement', '2026-10-16'), '2026-10-16T07:00:00Z');
    claim(escalationKey(10, 'outcome', '2026-10-17'), '2026-10-17T07:00:00Z');
    expect(escalationLastAt(db, 1, 'outcome')).toEqual(at('2026-10-14T07:00:00Z'));
    expect(escalationKey(1, 'outcome', '2026-10-12')).toBe('escalation:1:outcome:2026-10-12');
    db.close();
  });
});
