// The promise checker of the simulated year, on a hand-made store: it must name every broken
// promise by reference, count a promise whose moment has not come as pending, and measure against
// the regulation's own deadline (not the one the store happens to hold).
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/workingDays.js';
import { openDb, type Db } from '../../src/store/db.js';
import { checkPromises, formatReport, PROMISES } from './promises.js';

const cal = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: false, goodFriday: false, closingDays: [] });
const calendars = { preact: cal, purasec: cal };
const people = {
  preact: [{ name: 'Anna de Vries', email: 'anna.devries@example.nl', phone: '+31 20 555 0101', role: 'handler' }],
  purasec: [{ name: 'Daan Bakker', email: 'daan.bakker@example.nl', phone: '+31 15 555 0201', role: 'handler' }],
};
const at = (date: string, h: number, m = 0) => cal.atLocalTime(date, h, m).toISOString();

function store() {
  const db = openDb(':memory:');
  let seq = 0;
  let mid = 0;
  const complaint = (tenant: string, reference: string, receivedAt: string, state: string): number =>
    Number(
      db
        .prepare(
          `INSERT INTO complaints (tenant, reference, year, seq, state, channel, customer_email, language, subject, description, received_at, created_at, updated_at)
           VALUES (?, ?, 2026, ?, ?, 'email', 'klant@example.com', 'nl', 'Klacht', 'Klacht', ?, ?, ?)`,
        )
        .run(tenant, reference, ++seq, state, receivedAt, receivedAt, receivedAt).lastInsertRowid,
    );
  const letter = (id: number, tenant: string, kind: string, sentAt: string, text = 'Brief') =>
    db
      .prepare(
        `INSERT INTO outbox (tenant, complaint_id, kind, message_id, from_address, from_name, to_address, subject, text, status, next_attempt_at, created_at, sent_at)
         VALUES (?, ?, ?, ?, 'desk@example.nl', 'Desk', 'klant@example.com', 'Onderwerp', ?, 'sent', ?, ?, ?)`,
      )
      .run(tenant, id, kind, `m${++mid}@example.nl`, text, sentAt, sentAt, sentAt);
  const deadline = (id: number, tenant: string, kind: string, dueAt: string, status: string, resolvedAt: string | null) =>
    db
      .prepare(`INSERT INTO deadlines (complaint_id, tenant, kind, owner, started_at, due_at, status, resolved_at) VALUES (?, ?, ?, 'company', ?, ?, ?, ?)`)
      .run(id, tenant, kind, dueAt, dueAt, status, resolvedAt);
  const event = (id: number, tenant: string, type: string, when: string, data: Record<string, unknown>) =>
    db
      .prepare(`INSERT INTO events (tenant, complaint_id, at, type, actor, data) VALUES (?, ?, ?, ?, 'system', ?)`)
      .run(tenant, id, when, type, JSON.stringify(data));
  return { db, complaint, letter, deadline, event };
}

const exceptionsOf = (db: Db, end: Date) => Object.fromEntries(checkPromises(db, end, calendars, people).map((r) => [`${r.tenant} ${r.id}`, { ...r }]));

describe('the promise checker', () => {
  const ack = 'Uw contactpersoon is Anna de Vries (anna.devries@example.nl, +31 20 555 0101).';

  it('names a late acknowledgement, a late outcome and missing contact by reference, measured against the regulation', () => {
    const s = store();
    // Friday 27 March 2026 19:30, the evening before the DST change: 5 working days end on Friday 3 April.
    const a = s.complaint('preact', 'PA-2026-0001', at('2026-03-27', 19, 30), 'in-treatment');
    s.letter(a, 'preact', 'acknowledgement', at('2026-04-06', 9), ack);
    // The store holds a wrong (later) due date: the checker says so instead of trusting it.
    s.deadline(a, 'preact', 'acknowledgement', at('2026-04-07', 23, 59), 'met', at('2026-04-06', 9));
    // Received Monday 2 March; the outcome on day 22 without any contact before it.
    const b = s.complaint('preact', 'PA-2026-0002', at('2026-03-02', 10), 'outcome-sent');
    s.letter(b, 'preact', 'acknowledgement', at('2026-03-02', 10), ack);
    s.letter(b, 'preact', 'outcome', at('2026-03-24', 11), 'Bezwaar kan tot en met dinsdag 21 april 2026.');
    // The run ends on 10 April: PA-2026-0001's outcome (due 17 April) and PA-2026-0002's closing are still to come.
    const r = exceptionsOf(s.db, new Date(at('2026-04-10', 23)));
    expect(r['preact acknowledgement']!.exceptions).toEqual([
      'PA-2026-0001: the stored acknowledgement deadline is 07-04-2026, 23:59, the regulation gives 03-04-2026, 23:59',
    ]);
    expect(r['preact acknowledgement']!.kept).toBe(1);
    expect(r['preact outcome']!.exceptions).toEqual(['PA-2026-0002: outcome letter sent 24-03-2026, 11:00, due 23-03-2026, 23:59']);
    expect(r['preact contact']!.exceptions).toEqual(['PA-2026-0002: no contact by the contact person before the outcome letter (24-03-2026, 11:00)']);
    expect(r['preact outcome']!.pending).toBe(1);
    expect(r['preact closing']!.pending).toBe(1);
    expect(r['preact objection-route']!.kept).toBe(1); // "dinsdag 21 april 2026" = 28 days after 24 March
    expect(formatReport(Object.values(r))).toContain('PA-2026-0002: no contact');
  });

  it('PuraSec: the outcome clock starts when the information is complete; what is not yet due is pending', () => {
    const s = store();
    const a = s.complaint('purasec', 'PS-2026-0001', at('2026-12-03', 9), 'outcome-sent');
    s.event(a, 'purasec', 'procedure:received', at('2026-12-03', 9), { present: ['contact', 'date', 'description'] });
    s.letter(a, 'purasec', 'acknowledgement', at('2026-12-03', 9), 'Wilt u ons laten weten op welke dienst van PuraSec uw klacht betrekking heeft?');
    // The customer names the service on Friday 4 December: 10 working days end on Friday 18 December.
    s.event(a, 'purasec', 'procedure:information-received', at('2026-12-04', 15), { at: at('2026-12-04', 15), state: 'admissibility-check' });
    s.letter(a, 'purasec', 'outcome', at('2026-12-21', 9));
    const b = s.complaint('purasec', 'PS-2026-0002', at('2026-12-22', 9), 'in-treatment');
    s.letter(b, 'purasec', 'acknowledgement', at('2026-12-22', 9));
    const r = exceptionsOf(s.db, new Date(at('2026-12-31', 23)));
    expect(r['purasec information']!.kept).toBe(1);
    expect(r['purasec outcome']!.exceptions).toEqual(['PS-2026-0001: outcome letter sent 21-12-2026, 09:00, due 18-12-2026, 23:59']);
    // PS-2026-0002: complete at receipt on 22 December, outcome due in January: pending, not broken.
    expect(r['purasec outcome']!.pending).toBe(1);
    expect(r['purasec learnings']!.exceptions).toEqual(['PS-2026-0001: outcome sent, no learning recorded']);
  });

  it('lists every promise of both regulations', () => {
    expect(PROMISES.map((p) => `${p.tenant} ${p.id}`)).toEqual([
      'preact acknowledgement',
      'preact contact',
      'preact outcome',
      'preact objection-route',
      'preact objection-accepted',
      'preact hearing-invitation',
      'preact decision',
      'preact closing',
      'purasec acknowledgement',
      'purasec information',
      'purasec inadmissible',
      'purasec outcome',
      'purasec learnings',
    ]);
  });
});
