// Erasure (GDPR art. 17) and retention over a real daemon run: a data directory seeded through the
// Maildir source and the file transport (the customer's mail in cur/, the letters as .eml files, an
// attachment, a quarantined mail), then `erase --person` / the retention run, then every file under
// the data directory read as bytes: none may still hold the person's address, name, phone number or
// words — not the SQLite file's free pages, not the WAL. The figures still count the complaint.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { erasePerson, runRetention } from '../../src/workflow/retention.js';
import { maildirFlow } from '../helpers/maildirFlow.js';
import { writeTestConfig } from '../helpers/testConfig.js';

const PS = 'purasec';
const TO = 'klachten@purasec.nl';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

/** The files under `dir` that contain any needle, as UTF-8 or Latin-1 bytes, in any letter case. */
function filesHolding(dir: string, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const f of allFiles(dir)) {
    const bytes = readFileSync(f);
    const text = bytes.toString('latin1').toLowerCase();
    const hit = needles.some((n) => {
      const forms = [Buffer.from(n.toLowerCase(), 'utf8').toString('latin1'), Buffer.from(n.toLowerCase(), 'latin1').toString('latin1')];
      return forms.some((x) => text.includes(x));
    });
    if (hit) found.push(f.slice(dir.length + 1));
  }
  return found;
}

const digest = (dir: string) =>
  Object.fromEntries(allFiles(dir).map((f) => [f.slice(dir.length + 1), createHash('sha256').update(readFileSync(f)).digest('hex')]));

function complaintWithAttachment(o: { from: string; subject: string; body: string; id: string; at: Date; attachment: string }): string {
  const b = 'b0undary-retention';
  return [
    `From: ${o.from}`,
    `To: ${TO}`,
    `Subject: ${o.subject}`,
    `Message-ID: <${o.id}>`,
    `Date: ${o.at.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    o.body,
    `--${b}`,
    'Content-Type: text/plain; name="bewijs.txt"',
    'Content-Disposition: attachment; filename="bewijs.txt"',
    'Content-Transfer-Encoding: 8bit',
    '',
    o.attachment,
    `--${b}--`,
    '',
  ].join('\r\n');
}

describe('erase --person: no byte of the person remains under the data directory', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'er' });
  const EMAIL = 'zyx.quolmbrand@klantmail.example';
  const NAME = 'Zyxwerthe Quolmbrand';
  const PHONE = '06-87654321';
  const WORDS = 'plofkraanvlinder';
  const ATTACHED = 'snorkelbeddengoed';
  const needles = [EMAIL, NAME, 'Zyxwerthe', 'Quolmbrand', PHONE, '0687654321', WORDS, ATTACHED];
  let ref = '';

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PS }], { limits: { maxHeaderBytes: 2048 } });
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
    await flow.deliver(
      PS,
      complaintWithAttachment({
        from: `${NAME} <${EMAIL}>`,
        subject: 'Storing na onderhoud',
        id: 'er-zyx-1@klantmail.example',
        at: clock.now(),
        body: `Geachte heer, mevrouw,\r\n\r\nNa het onderhoud op 10 november 2026 aan de Veiligheidsmonitor werkt de ${WORDS} niet meer.\r\nBel mij op ${PHONE}.\r\n\r\nMet vriendelijke groet,\r\n${NAME}`,
        attachment: `Foto-beschrijving: ${ATTACHED}`,
      }),
    );
    ref = daemon.db.prepare('SELECT reference FROM complaints WHERE customer_email = ?').pluck().get(EMAIL) as string;
    // A mail of theirs the pipeline could not take: quarantined with its raw source.
    const filler = `X-Filler: ${'y'.repeat(3000)}`;
    await flow.deliver(PS, `From: ${NAME} <${EMAIL}>\r\nTo: ${TO}\r\n${filler}\r\nSubject: Nog iets\r\n\r\n${WORDS} opnieuw\r\n`);
    // Someone else, who stays.
    await flow.send(PS, {
      from: 'Bertha Blijft <bertha@andere.example>',
      to: TO,
      subject: 'Klacht over de factuur',
      body: 'De factuur van oktober 2026 klopt niet; de datum van het probleem is 3 november 2026. Dienst: Veiligheidsmonitor.',
    });
  }, 60_000);
  afterAll(async () => {
    await daemon?.stop();
  });

  it('seeded: the person is in the store, the Maildir, the letters and the quarantine', () => {
    expect(ref).toMatch(/^PS-2026-\d{4}$/);
    expect(daemon.db.prepare('SELECT count(*) FROM quarantine WHERE raw IS NOT NULL').pluck().get()).toBe(1);
    expect(daemon.db.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(1);
    const holding = filesHolding(cfg.dataDir, needles);
    expect(holding.some((f) => f.startsWith(`maildir/${PS}/cur/`))).toBe(true);
    expect(holding.some((f) => f.startsWith(`outbox/${PS}/`) && f.endsWith('.eml'))).toBe(true);
    expect(holding.some((f) => f.startsWith('complaintdesk.sqlite'))).toBe(true);
  });

  it('a dry run lists what would go and changes nothing', () => {
    const before = digest(cfg.dataDir);
    const r = erasePerson(daemon.db, { tenants: cfg.tenants, dataDir: cfg.dataDir, email: EMAIL.toUpperCase(), now: clock.now(), dryRun: true });
    expect(r.complaints).toEqual([ref]);
    expect(r.mails).toBe(1);
    expect(r.attachments).toBe(1);
    expect(r.quarantined).toBe(1);
    expect(r.letters).toBeGreaterThanOrEqual(2); // the acknowledgement to them, the assignment about them
    expect(r.files.filter((f) => f.startsWith(`maildir/${PS}/cur/`))).toHaveLength(2);
    expect(digest(cfg.dataDir)).toEqual(before);
  });

  it('erasure removes every byte of them and keeps the figures', () => {
    const count = () => daemon.db.prepare('SELECT count(*) FROM complaints WHERE tenant = ?').pluck().get(PS) as number;
    const received = count();
    const bertha = daemon.db.prepare('SELECT customer_email, description FROM complaints WHERE customer_email = ?').get('bertha@andere.example');
    const r = erasePerson(daemon.db, { tenants: cfg.tenants, dataDir: cfg.dataDir, email: EMAIL, now: clock.now(), dryRun: false });
    expect(r.complaints).toEqual([ref]);
    // The daemon still runs: its WAL and shared memory are files under the data directory too.
    expect(filesHolding(cfg.dataDir, needles)).toEqual([]);
    expect(count()).toBe(received);
    const row = daemon.db.prepare('SELECT reference, state, received_at, customer_email, customer_name FROM complaints WHERE reference = ?').get(ref) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ reference: ref, customer_email: null, customer_name: null });
    expect(row.received_at).toBeTruthy();
    expect(
      daemon.db.prepare('SELECT count(*) FROM events e JOIN complaints c ON c.id = e.complaint_id WHERE c.reference = ?').pluck().get(ref),
    ).toBeGreaterThan(0);
    expect(daemon.db.prepare('SELECT customer_email, description FROM complaints WHERE customer_email = ?').get('bertha@andere.example')).toEqual(bertha);
    expect(filesHolding(cfg.dataDir, ['bertha@andere.example']).length).toBeGreaterThan(0);
    // Append-only history is back in force after the erasure.
    expect(() => daemon.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    // A second erasure finds nothing.
    expect(erasePerson(daemon.db, { tenants: cfg.tenants, dataDir: cfg.dataDir, email: EMAIL, now: clock.now(), dryRun: true })).toMatchObject({
      complaints: [],
      mails: 0,
      letters: 0,
      quarantined: 0,
      files: [],
    });
  });
});

describe('retention: a complaint closed longer ago than closedComplaintsMonths loses its personal data', () => {
  let cfg: LoadedConfig;
  let daemon: Daemon;
  const clock = new ManualClock('2026-11-16T09:00:00Z');
  const flow = maildirFlow({ config: () => cfg, daemon: () => daemon, clock, idPrefix: 'rt' });
  const EMAIL = 'quentin.vorlaxby@oudmail.example';
  const needles = [EMAIL, 'Quentin Vorlaxby', 'Vorlaxby', 'draaikolkbrommer', 'Quarantix'];
  let ref = '';

  beforeAll(async () => {
    cfg = writeTestConfig([{ id: PS, overrides: { retention: { closedComplaintsMonths: 24, quarantineDays: 90, archiveMonths: 24 } } }], {
      limits: { maxHeaderBytes: 2048 },
    });
    daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    await daemon.start();
    await flow.send(PS, {
      from: `Quentin Vorlaxby <${EMAIL}>`,
      to: TO,
      subject: 'Klacht',
      body: 'De draaikolkbrommer van de Veiligheidsmonitor meldt zich niet meer sinds 2 november 2026.',
    });
    ref = daemon.db.prepare('SELECT reference FROM complaints WHERE customer_email = ?').pluck().get(EMAIL) as string;
    // Someone else's mail in quarantine: kept quarantineDays, then gone with its Maildir copy.
    await flow.deliver(PS, `From: Orvald Quarantix <orvald@elders.example>\r\nTo: ${TO}\r\nX-Filler: ${'y'.repeat(3000)}\r\nSubject: Vraag\r\n\r\nHallo\r\n`);
    // Closing takes the whole procedure (tested in test/scenarios); here only the moment matters.
    daemon.db.prepare(`UPDATE complaints SET state = 'closed', closed_at = ? WHERE reference = ?`).run('2026-12-01T10:00:00.000Z', ref);
  }, 60_000);
  afterAll(async () => {
    await daemon?.stop();
  });

  it('keeps everything until the period has passed, then removes it everywhere', () => {
    const tenant = cfg.tenants.find((t) => t.id === PS)!;
    const early = runRetention(daemon.db, { tenant, dataDir: cfg.dataDir, now: new Date('2028-11-30T12:00:00Z'), dryRun: false });
    expect(early.complaints).toEqual([]);
    expect(early.quarantined).toBe(1); // 90 days after 16 November 2026 have long passed
    expect(daemon.db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(0);
    expect(filesHolding(cfg.dataDir, ['Quarantix'])).toEqual([]);
    expect(filesHolding(cfg.dataDir, needles).length).toBeGreaterThan(0);

    const before = digest(cfg.dataDir);
    const preview = runRetention(daemon.db, { tenant, dataDir: cfg.dataDir, now: new Date('2028-12-02T12:00:00Z'), dryRun: true });
    expect(preview.complaints).toEqual([ref]);
    expect(digest(cfg.dataDir)).toEqual(before);

    expect(preview.files.some((f) => f.startsWith(`maildir/${PS}/cur/`))).toBe(true);
    expect(preview.files.some((f) => f.startsWith(`outbox/${PS}/`))).toBe(true);
    // The daemon's daily job (cron) does the real run, finding the files from where its store lives.
    daemon.runJob('retention', { tenant: PS, now: new Date('2028-12-02T12:00:00Z') });
    expect(filesHolding(cfg.dataDir, needles)).toEqual([]);
    expect(daemon.db.prepare(`SELECT count(*) FROM complaints WHERE tenant = ? AND state = 'closed'`).pluck().get(PS)).toBe(1);
    expect(runRetention(daemon.db, { tenant, dataDir: cfg.dataDir, now: new Date('2028-12-03T12:00:00Z'), dryRun: true }).complaints).toEqual([]);
  });
});
