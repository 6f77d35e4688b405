// The monthly learnings report's read: grouped input for src/scheduler/learnings.ts.
import { describe, expect, it } from 'vitest';
import { complaintInsert } from '../../src/store/complaints.js';
import { openDb } from '../../src/store/db.js';
import { eventAppend, personActor, type EventType } from '../../src/store/events.js';
import { learningsByService, learningsRecorded } from '../../src/store/learnings.js';

const at = (iso: string) => new Date(iso);

function complaint(db: ReturnType<typeof openDb>, tenant: string, seq: number, service: string | null) {
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
    subject: 's',
    description: 'd',
    service,
    handlerId: null,
    receivedAt: at('2026-10-01T08:00:00Z'),
    now: at('2026-10-01T08:00:00Z'),
  });
}

describe('learnings store', () => {
  it("reads learnings in the window by service (none as ''), then as recorded; other tenants, types and months are left out", () => {
    const db = openDb(':memory:');
    const pentest = complaint(db, 'purasec', 1, 'pentest');
    const none = complaint(db, 'purasec', 2, null);
    const other = complaint(db, 'preact', 3, 'pentest');
    const learn = (c: { id: number; tenant: string }, when: string, data: Record<string, unknown>, type: EventType = 'procedure:learning-recorded') =>
      eventAppend(db, { tenant: c.tenant, complaintId: c.id, at: at(when), type, actor: personActor('daan'), data: data });
    learn(pentest, '2026-10-05T10:00:00Z', { body: 'tweede' });
    learn(none, '2026-10-06T10:00:00Z', { body: 'zonder dienst' });
    learn(pentest, '2026-10-07T10:00:00Z', {});
    learn(pentest, '2026-11-01T00:00:00Z', { body: 'volgende maand' });
    learn(other, '2026-10-05T10:00:00Z', { body: 'andere tenant' });
    learn(pentest, '2026-10-05T11:00:00Z', { body: 'notitie' }, 'procedure:note');

    expect(learningsByService(db, 'purasec', at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z'))).toEqual([
      { reference: 'T-2026-2', service: '', body: 'zonder dienst' },
      { reference: 'T-2026-1', service: 'pentest', body: 'tweede' },
      { reference: 'T-2026-1', service: 'pentest', body: '' },
    ]);
    expect(learningsRecorded(db, 'purasec', at('2026-10-06T00:00:00Z'), at('2026-11-01T00:00:01Z')).map((l) => l.body)).toEqual([
      'zonder dienst',
      '',
      'volgende maand',
    ]);
    db.close();
  });
});
