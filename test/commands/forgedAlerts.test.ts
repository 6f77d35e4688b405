// Forged commands in a person's name: every attempt is refused and recorded, but the real
// person gets at most one alert an hour — a forger sending 500 mails must not bury their inbox
// (or make the desk a mail cannon aimed at them). The next alert counts what was not mailed.
import { rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const MINUTE = 60_000;

/** PuraSec on a Maildir and the file transport; Eva reads internal mail in English. */
function world() {
  const cfg = writeTestConfig([
    {
      id: 'purasec',
      overrides: {
        people: [
          { id: 'daan', name: 'Daan Bakker', email: 'daan.bakker@example.nl', role: 'handler' },
          { id: 'eva', name: 'Eva Visser', email: 'eva.visser@example.nl', role: 'handler', language: 'en' },
          { id: 'management', name: 'Frank Mulder', email: 'management@example.nl', role: 'manager' },
        ],
      },
    },
  ]);
  // Monday 16 November 2026, 10:00 in Amsterdam: a working day.
  const clock = new ManualClock('2026-11-16T09:00:00.000Z');
  const daemon = new Daemon({ config: cfg, log: silentLogger, clock });
  let n = 0;
  const deliver = async (from: string, subject: string, body: string) => {
    const id = `forged-alerts-${++n}@test.example`;
    const raw = [
      `From: ${from}`,
      'To: klachten@purasec.nl',
      `Subject: ${subject}`,
      `Message-ID: <${id}>`,
      `Date: ${clock.now().toUTCString()}`,
      '',
      body,
      '',
    ].join('\r\n');
    const dir = join(cfg.dataDir, 'maildir', 'purasec');
    const name = maildirDeliver(dir, raw);
    // The Maildir source takes the file's mtime as the moment of receipt.
    utimesSync(join(dir, 'new', name), clock.now(), clock.now());
    await daemon.runOnce();
    return id;
  };
  const count = (sql: string, ...args: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...args) as number;
  const alerts = (to: string) =>
    daemon.db.prepare(`SELECT subject, text, html FROM outbox WHERE kind = 'forged-command-alert' AND to_address = ? ORDER BY id`).all(to) as Array<{
      subject: string;
      text: string;
      html: string;
    }>;
  const attempts = (person: string) =>
    count(`SELECT count(*) FROM events WHERE type = 'command:rejected-unauthenticated' AND json_extract(data, '$.claimedPerson') = ?`, person);
  return { cfg, clock, daemon, deliver, count, alerts, attempts };
}

const worlds: Array<ReturnType<typeof world>> = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.daemon.stop();
    rmSync(w.cfg.root, { recursive: true, force: true });
  }
});

describe('forged-command alerts are rate limited per person', () => {
  it('five forged commands within an hour: five refusals recorded, one alert; an hour later the next alert counts the four not mailed', async () => {
    const w = world();
    worlds.push(w);
    await w.deliver('Klant <klant@klant.example>', 'Klacht over de pentest', 'De pentest was slecht uitgevoerd en het rapport kwam te laat.');
    const reference = w.daemon.db.prepare('SELECT reference FROM complaints').pluck().get() as string;
    expect(reference).toBe('PS-2026-0001');

    for (let i = 0; i < 5; i++) {
      await w.deliver('Daan Bakker <daan.bakker@example.nl>', `[${reference}] #sluiten`, 'Graag sluiten.');
      w.clock.advance(5 * MINUTE);
    }
    expect(w.attempts('daan')).toBe(5);
    expect(w.alerts('daan.bakker@example.nl')).toHaveLength(1);
    expect(w.alerts('daan.bakker@example.nl')[0]!.text).not.toMatch(/pogingen sinds|since the last alert/);
    // Nothing changed, and each refusal is on the complaint's timeline.
    expect(w.count(`SELECT count(*) FROM events WHERE type = 'command:executed'`)).toBe(0);
    expect(w.count(`SELECT count(*) FROM events WHERE type = 'command:rejected-unauthenticated' AND complaint_id = 1`)).toBe(5);
    // The timeline says which attempt was mailed and which was held back.
    expect(
      w.daemon.db.prepare(`SELECT json_extract(data, '$.alert') FROM events WHERE type = 'command:rejected-unauthenticated' ORDER BY id`).pluck().all(),
    ).toEqual(['mailed', 'held', 'held', 'held', 'held']);

    // 61 minutes after the first attempt (and its alert): the sixth attempt is mailed again.
    w.clock.set(new Date(Date.parse('2026-11-16T09:00:00.000Z') + 61 * MINUTE));
    await w.deliver('daan.bakker@example.nl', `Re: [${reference}] #uitkomst gegrond`, 'Gegrond.');
    expect(w.attempts('daan')).toBe(6);
    const mailed = w.alerts('daan.bakker@example.nl');
    expect(mailed).toHaveLength(2);
    expect(mailed[1]!.text).toContain('nog 4 pogingen sinds de vorige melding');
    expect(mailed[1]!.html).toContain('nog 4 pogingen sinds de vorige melding');
    // The count says what happened between the alerts, never the forger's text in the subject.
    expect(mailed[1]!.subject).not.toMatch(/#|uitkomst/);
  });

  it('counts per person, says it in the person’s language, and starts counting afresh after each alert', async () => {
    const w = world();
    worlds.push(w);
    await w.deliver('Klant <klant@klant.example>', 'Klacht over de pentest', 'De pentest was slecht uitgevoerd en het rapport kwam te laat.');

    // Daan's flood does not use up Eva's alert.
    await w.deliver('daan.bakker@example.nl', '[PS-2026-0001] #sluiten', 'x');
    await w.deliver('eva.visser@example.nl', '[PS-2026-0001] #sluiten', 'x');
    expect(w.alerts('daan.bakker@example.nl')).toHaveLength(1);
    expect(w.alerts('eva.visser@example.nl')).toHaveLength(1);

    w.clock.advance(10 * MINUTE);
    await w.deliver('eva.visser@example.nl', '[PS-2026-0001] #sluiten', 'x');
    w.clock.advance(55 * MINUTE);
    await w.deliver('eva.visser@example.nl', '[PS-2026-0001] #sluiten', 'x');
    const eva = w.alerts('eva.visser@example.nl');
    expect(eva).toHaveLength(2);
    expect(eva[1]!.text).toContain('1 more attempt since the last alert');
    expect(eva[1]!.text).not.toContain('1 more attempts');

    // The next hour's alert counts only what came after the previous alert.
    w.clock.advance(61 * MINUTE);
    await w.deliver('eva.visser@example.nl', '[PS-2026-0001] #sluiten', 'x');
    const again = w.alerts('eva.visser@example.nl');
    expect(again).toHaveLength(3);
    expect(again[2]!.text).not.toContain('since the last alert');
    expect(w.attempts('eva')).toBe(4);
  });
});
