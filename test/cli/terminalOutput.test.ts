// Mail text reaches the operator's terminal through `show`, `list`, `triage`, `quarantine` and
// `check-config`. A stranger's escape sequences must not: no screen clear, no bell, no hidden
// OSC 8 link, no bidi reordering — whatever field they are hidden in.
import { rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { maildirDeliver } from '../../src/source/maildir.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { runCli } from './runCli.js';

const ESC = '\x1b';
const CLEAR = `${ESC}[2J${ESC}[H`;
const BEL = '\x07';
const LINK = (url: string, text: string) => `${ESC}]8;;${url}${ESC}\\${text}${ESC}]8;;${ESC}\\`;
const C1_CSI = '\u009b31m';
const RLO = '\u202e';

const b64 = (s: string) => `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const qp = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (b < 0x20 || b > 0x7e || b === 0x3d ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b)))
    .join('');

const NAME = `Evil${CLEAR}${BEL} Klant`;
const SUBJECT = `Klacht ${CLEAR}${BEL}over ${LINK('https://evil.example/', 'de pentest')} ${RLO}fdp.exe${C1_CSI}`;
const BODY = `Ik ben zeer ontevreden over de pentest.${CLEAR}${BEL}\nKlik ${LINK('https://evil.example/', 'hier')} voor${C1_CSI} het rapport.\r\nMet\tgroet ${RLO}tegel`;
const FILENAME = `rapport${CLEAR}${BEL}${LINK('https://evil.example/', 'x')}${RLO}fdp.exe`;

function evilComplaint(): string {
  return [
    `From: ${b64(NAME)} <evil@klant.example>`,
    'To: klachten@purasec.nl',
    `Subject: ${b64(SUBJECT)}`,
    'Message-ID: <evil-1@klant.example>',
    'Date: Mon, 16 Nov 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(BODY),
    '--b1',
    'Content-Type: application/pdf',
    `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(FILENAME)}`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4\n%evil\n').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
}

/** A quote request to the shared mailbox (intake: classify): listed by `triage`, not a complaint. */
function evilQuoteRequest(): string {
  return [
    `From: ${b64(NAME)} <inkoop@bedrijf.example>`,
    'To: info@preact-software.nl',
    `Subject: ${b64(`Offerteaanvraag maatwerk software ${CLEAR}${BEL}${LINK('https://evil.example/', 'zie hier')}`)}`,
    'Message-ID: <evil-2@bedrijf.example>',
    'Date: Mon, 16 Nov 2026 09:00:00 +0000',
    '',
    'Graag ontvangen wij een offerte voor een koppeling met ons ERP-systeem.',
    '',
  ].join('\r\n');
}

/** No From at all: quarantined, and `quarantine` prints its Maildir file name. */
function noSender(): string {
  return ['To: klachten@purasec.nl', `Subject: ${b64(`zonder afzender ${CLEAR}`)}`, 'Message-ID: <evil-3@klant.example>', '', 'x', ''].join('\r\n');
}

/** Every byte a terminal acts on: C0 but LF and TAB, DEL, UTF-8-encoded C1, bidi controls. */
function terminalControls(bytes: Buffer): string[] {
  const found: string[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 && b !== 0x0a && b !== 0x09) || b === 0x7f) found.push(`0x${b.toString(16)} at ${i}`);
    if (b === 0xc2 && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f) found.push(`C1 0x${bytes[i + 1]!.toString(16)} at ${i}`);
  }
  const text = bytes.toString('utf8');
  for (const m of text.matchAll(/[\u202a-\u202e\u2066-\u2069]/g)) found.push(`bidi U+${m[0].codePointAt(0)!.toString(16)} at ${m.index}`);
  return found;
}

describe('the CLI prints no control sequences from mail', () => {
  let cfg: ReturnType<typeof writeTestConfig>;
  let reference: string;

  beforeAll(async () => {
    cfg = writeTestConfig([
      { id: 'purasec', overrides: { name: `PuraSec${CLEAR} B.V.` } },
      { id: 'preact', overrides: { intake: 'classify' } },
    ]);
    const clock = new ManualClock('2026-11-16T09:00:00.000Z');
    const deliver = (tenant: string, raw: string, hint?: string) => {
      const dir = join(cfg.dataDir, 'maildir', tenant);
      const name = maildirDeliver(dir, raw, hint);
      utimesSync(join(dir, 'new', name), clock.now(), clock.now());
    };
    deliver('purasec', evilComplaint());
    deliver('preact', evilQuoteRequest());
    deliver('purasec', noSender(), `evil${CLEAR}${BEL}`);
    const daemon = new Daemon({ config: cfg, log: silentLogger, clock });
    try {
      await daemon.runOnce();
      reference = daemon.db.prepare(`SELECT reference FROM complaints WHERE customer_email = 'evil@klant.example'`).pluck().get() as string;
      // The mail really carries the sequences into the store: this test is about printing them.
      const stored = daemon.db.prepare('SELECT subject, customer_name, description FROM complaints').get() as Record<string, string>;
      expect(stored.subject).toContain(ESC);
      expect(stored.customer_name).toContain(ESC);
      expect(daemon.db.prepare('SELECT filename FROM attachments').pluck().get()).toContain(ESC);
      expect(daemon.db.prepare(`SELECT count(*) FROM inbound_messages WHERE disposition IN ('unsure', 'not-a-complaint')`).pluck().get()).toBe(1);
      expect(daemon.db.prepare('SELECT count(*) FROM quarantine').pluck().get()).toBe(1);
    } finally {
      await daemon.stop();
    }
    expect(reference).toBe('PS-2026-0001');
  });
  afterAll(() => rmSync(cfg.root, { recursive: true, force: true }));

  it('show REF: subject, name, description and attachment file name arrive without escape sequences', () => {
    const r = runCli(['show', reference, '--config', cfg.dir]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(terminalControls(r.stdout)).toEqual([]);
    expect(r.stdout.includes(0x1b)).toBe(false);
    // What the sequences wrapped is still there to read; the multi-line body keeps its lines.
    expect(r.out).toContain('onderwerp:      Klacht over de pentest fdp.exe');
    expect(r.out).toContain('klant:          Evil Klant <evil@klant.example>');
    expect(r.out).toContain('rapportxfdp.exe');
    expect(r.out).toMatch(/\n {2}Klik hier voor het rapport\.\n/);
    expect(r.out).toContain('Met\tgroet tegel');
    expect(r.out).not.toContain('evil.example/');
  });

  it('list, triage, quarantine and check-config too', () => {
    for (const args of [['list'], ['triage'], ['quarantine'], ['check-config']]) {
      const r = runCli([...args, '--config', cfg.dir]);
      expect(r.err, args[0]).toBe('');
      expect(r.status, args[0]).toBe(0);
      expect(terminalControls(r.stdout), args[0]).toEqual([]);
    }
    expect(runCli(['list', '--config', cfg.dir]).out).toContain('Klacht over de pentest fdp.exe');
    expect(runCli(['triage', '--config', cfg.dir]).out).toContain('Offerteaanvraag maatwerk software zie hier');
    expect(runCli(['quarantine', '--config', cfg.dir]).out).toMatch(/maildir:.*evil/);
    expect(runCli(['check-config', '--config', cfg.dir]).out).toContain('PuraSec B.V.');
  });

  it('error messages carrying mail text are filtered as well', () => {
    const r = runCli(['show', `PS-2026-9999${CLEAR}${BEL}`, '--config', cfg.dir]);
    expect(r.status).toBe(1);
    expect(terminalControls(r.stderr)).toEqual([]);
    expect(r.err).toBe('no complaint PS-2026-9999\n');
  });
});
