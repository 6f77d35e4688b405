// The digest's content against a seeded database: complaints through the real pipeline, then
// quarantine, triage and learning rows added as the other components would.
import { afterEach, describe, expect, it } from 'vitest';
import { buildDigest, loadDigestRows } from '../../src/scheduler/digest.js';
import { schedulerWorld } from './helpers.js';

let world: ReturnType<typeof schedulerWorld> | null = null;
afterEach(async () => {
  await world?.daemon.stop();
  world = null;
});

describe('daily digest', () => {
  it('lists overdue, due, new, quarantine, unclassified and learnings as the database holds them; figures count met vs missed', async () => {
    const w = (world = schedulerWorld('2026-11-02T09:00:00Z'));
    const old = await w.complaint('purasec', 'Oude klacht over de pentest');
    w.clock.set('2026-11-24T09:00:00Z');
    const fresh = await w.complaint('purasec', 'Nieuwe klacht over de pentest');
    const db = w.daemon.db;
    const tenant = w.daemon.tenants.get('purasec')!;
    db.prepare(
      `INSERT INTO quarantine (tenant, source_key, mailbox, size, reason, detail, created_at) VALUES ('purasec', 'k1', 'INBOX', 10, 'parse-failed', 'x', '2026-11-24T06:00:00Z')`,
    ).run();
    const oldId = db.prepare('SELECT id FROM complaints WHERE reference = ?').pluck().get(old) as number;
    db.prepare(
      `INSERT INTO events (tenant, complaint_id, at, type, actor, data) VALUES ('purasec', ?, '2026-11-24T08:00:00Z', 'procedure:learning-recorded', 'person:daan', '{"body":"Scope <vooraf> afstemmen"}')`,
    ).run(oldId);
    const now = new Date('2026-11-24T09:30:00Z');
    const since = new Date('2026-11-23T07:30:00Z');
    const d = buildDigest(
      loadDigestRows(db, 'purasec', since, now),
      tenant.calendar,
      now,
      since,
      'nl',
      (id) => tenant.cfg.people.find((p) => p.id === id)?.name ?? '',
    );

    const overdue = db
      .prepare(`SELECT count(*) FROM deadlines WHERE tenant = 'purasec' AND status = 'open' AND owner = 'company' AND due_at < ?`)
      .pluck()
      .get(now.toISOString()) as number;
    expect(d.overdue.map((i) => i.reference)).toHaveLength(overdue);
    expect(d.overdue.map((i) => i.reference)).toContain(old);
    expect(d.newComplaints.map((i) => i.reference)).toEqual([fresh]);
    expect(d.quarantineOpen).toBe(1);
    expect(d.learnings).toEqual([expect.objectContaining({ reference: old, detail: 'Scope <vooraf> afstemmen' })]);
    expect(d.figures.open).toBe(db.prepare(`SELECT count(*) FROM complaints WHERE tenant = 'purasec' AND closed_at IS NULL`).pluck().get());
    expect(d.quiet).toBe(false);

    // Rendered: sections present, customer text escaped in HTML, subject without customer text.
    w.clock.set(now);
    const [r] = w.daemon.runJob('digest', { tenant: 'purasec', now });
    expect(r!.mails).toHaveLength(1);
    const mail = db.prepare(`SELECT subject, text, html FROM outbox WHERE kind = 'digest'`).get() as { subject: string; text: string; html: string };
    expect(mail.subject).toMatch(/^Dagelijks klachtenoverzicht PuraSec B\.V\./);
    expect(mail.subject).not.toContain('pentest');
    expect(mail.text).toContain('Over tijd (oudste eerst)');
    expect(mail.text).toContain('Scope <vooraf> afstemmen');
    expect(mail.html).toContain('Scope &lt;vooraf&gt; afstemmen');
    expect(mail.text).not.toContain('Alles rustig');
    // The same day again: nothing; a dry run the next day previews without recording.
    expect(w.daemon.runJob('digest', { tenant: 'purasec', now: new Date('2026-11-24T15:00:00Z') })[0]!.mails).toHaveLength(0);
    const preview = w.daemon.runJob('digest', { tenant: 'purasec', now: new Date('2026-11-25T08:00:00Z'), dryRun: true })[0]!;
    expect(preview.mails).toHaveLength(1);
    expect(db.prepare(`SELECT count(*) FROM sent_notices WHERE kind = 'digest'`).pluck().get()).toBe(1);
  });

  it('an all-quiet day says so in one line', async () => {
    const w = (world = schedulerWorld('2026-11-24T09:00:00Z'));
    w.daemon.runJob('digest', { tenant: 'preact' });
    const text = w.daemon.db.prepare(`SELECT text FROM outbox WHERE kind = 'digest'`).pluck().get() as string;
    expect(text).toContain('Alles rustig');
    expect(text).not.toContain('Over tijd');
  });
});
