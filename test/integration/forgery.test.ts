// Forged commands through the real servers: none may change anything. Every attempt in a
// person's name is refused, recorded on the complaint, and the real person is told; a genuine
// command delivered twice runs once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const LOGIN = { user: 'forgery', password: 'forgery-pw' };
const TRUSTED = 'mx.purasec.test';
let n = 0;

describeWithMailServers('forged commands (Dovecot + SMTP)', { users: [LOGIN] }, (env) => {
  let daemon: Daemon;
  let toDaan = '';
  let toEva = '';
  const count = (sql: string, ...a: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...a) as number;

  async function deliver(headers: string[], subject: string, body = 'Graag sluiten.'): Promise<Record<string, unknown>> {
    const id = `forge-${++n}@attacker.example`;
    const raw = [...headers, 'To: klachten@purasec.nl', `Subject: ${subject}`, `Message-ID: <${id}>`, '', body, ''].join('\r\n');
    return deliverRaw(raw, id);
  }
  async function deliverRaw(raw: string, id: string): Promise<Record<string, unknown>> {
    const before = count('SELECT count(*) FROM inbound_messages');
    await env.dc.append(LOGIN.user, raw);
    await waitFor(() => count('SELECT count(*) FROM inbound_messages') > before, { timeoutMs: 10_000, message: `processed <${id}>` });
    await waitFor(() => count(`SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')`) === 0, { timeoutMs: 10_000, message: 'outbox drained' });
    return daemon.db.prepare('SELECT * FROM inbound_messages ORDER BY id DESC LIMIT 1').get() as Record<string, unknown>;
  }

  beforeAll(async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([
      {
        id: 'purasec',
        imap: { host: dc.host, port: dc.port, ...LOGIN },
        smtp: { host: smtp.host, port: smtp.port },
        overrides: { commands: { trustedAuthservIds: [TRUSTED] } },
      },
    ]);
    daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    // Two complaints: PS-2026-0001 for Daan, PS-2026-0002 for Eva.
    await deliver(['From: klant1@klant.example'], 'Klacht over de pentest', 'De pentest was slecht uitgevoerd.');
    await deliver(['From: klant2@klant.example'], 'Klacht over de pentest planning', 'De pentest planning klopte niet.');
    toDaan = daemon.db.prepare(`SELECT message_id FROM outbox WHERE kind = 'assignment' AND to_address = 'daan.bakker@example.nl'`).pluck().get() as string;
    toEva = daemon.db.prepare(`SELECT message_id FROM outbox WHERE kind = 'assignment' AND to_address = 'eva.visser@example.nl'`).pluck().get() as string;
    expect(toDaan).toBeTruthy();
    expect(toEva).toBeTruthy();
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  const attempts: Array<[string, string[], string]> = [
    ['1. a plain forged From', ['From: Daan Bakker <daan.bakker@example.nl>'], '[PS-2026-0001] #sluiten'],
    [
      '2. a forged From with a copied subject token and reply prefixes',
      ['From: daan.bakker@example.nl'],
      'AW: RE: [PS-2026-0001] Klacht aan u toegewezen #uitkomst gegrond',
    ],
    [
      '3. Authentication-Results from another authserv-id',
      [`Authentication-Results: mx.evil.test; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl`, 'From: daan.bakker@example.nl'],
      '[PS-2026-0001] #sluiten',
    ],
    [
      '4. a forged trusted header below the real (failing) one',
      [
        `Authentication-Results: ${TRUSTED}; dkim=none; dmarc=fail header.from=example.nl`,
        'Received: from evil.test by mx.purasec.test',
        `Authentication-Results: ${TRUSTED}; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl`,
        'From: daan.bakker@example.nl',
      ],
      '[PS-2026-0001] #sluiten',
    ],
    [
      '5. an encoded-word From that decodes to a handler address',
      ['From: =?utf-8?B?ZGFhbi5iYWtrZXJAZXhhbXBsZS5ubA==?= <attacker@evil.test>'],
      '[PS-2026-0001] #sluiten',
    ],
    ['6. a display-name trick', ['From: "daan.bakker@example.nl" <attacker@evil.test>', 'In-Reply-To: <TO_DAAN>'], 'Re: [PS-2026-0001] #sluiten'],
    [
      '7. a reply to a mail that was sent to a different handler',
      ['From: eva.visser@example.nl', 'In-Reply-To: <TO_DAAN>'],
      'Re: [PS-2026-0001] Klacht aan u toegewezen #sluiten',
    ],
    ['8. a signed-looking Message-ID with a forged signature', ['From: daan.bakker@example.nl', 'In-Reply-To: <FORGED_SIG>'], 'Re: [PS-2026-0001] #sluiten'],
    ['9. two From headers', ['From: attacker@evil.test', 'From: daan.bakker@example.nl', 'In-Reply-To: <TO_DAAN>'], 'Re: [PS-2026-0001] #sluiten'],
    [
      '10. DMARC pass for another domain than the From domain',
      [`Authentication-Results: ${TRUSTED}; dkim=pass header.d=evil.test; dmarc=pass header.from=evil.test`, 'From: daan.bakker@example.nl'],
      '[PS-2026-0001] #sluiten',
    ],
    [
      '11. Sender header naming the handler, From the attacker',
      ['From: attacker@evil.test', 'Sender: daan.bakker@example.nl', 'In-Reply-To: <TO_DAAN>'],
      'Re: [PS-2026-0001] #sluiten',
    ],
  ];

  it.each(attempts)('%s changes nothing', async (_name, headers, subject) => {
    const fill = (h: string) => h.replace('TO_DAAN', toDaan).replace('FORGED_SIG', toDaan.replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@'));
    const existing = 'SELECT id, state, proc_state, handler_id FROM complaints WHERE id <= 2 ORDER BY id';
    const stateBefore = daemon.db.prepare(existing).all();
    const customerMailBefore = count(`SELECT count(*) FROM outbox WHERE to_address LIKE '%@klant.example'`);
    const alertsBefore = count(`SELECT count(*) FROM outbox WHERE kind = 'forged-command-alert'`);
    const row = await deliver(headers.map(fill), subject);
    expect(daemon.db.prepare(existing).all()).toEqual(stateBefore);
    expect(count(`SELECT count(*) FROM outbox WHERE to_address LIKE '%@klant.example'`)).toBe(customerMailBefore);
    expect(daemon.db.prepare(`SELECT data FROM events WHERE type = 'command:executed'`).pluck().all()).toEqual([]);
    if (row.disposition === 'command') {
      // Claimed to be one of our people: refused, recorded, and the configured address is told.
      expect(String(row.detail)).toMatch(/^refused/);
      const alert = daemon.db.prepare(`SELECT to_address FROM outbox WHERE kind = 'forged-command-alert' ORDER BY id DESC LIMIT 1`).pluck().get();
      // At most one alert per person per hour (issue 9.7): the event says whether this one was mailed.
      const ev = JSON.parse(
        daemon.db.prepare(`SELECT data FROM events WHERE type = 'command:rejected-unauthenticated' ORDER BY id DESC LIMIT 1`).pluck().get() as string,
      ) as { alert: string };
      expect(['mailed', 'held']).toContain(ev.alert);
      expect(count(`SELECT count(*) FROM outbox WHERE kind = 'forged-command-alert'`)).toBe(alertsBefore + (ev.alert === 'mailed' ? 1 : 0));
      expect(['daan.bakker@example.nl', 'eva.visser@example.nl']).toContain(alert);
      expect(count(`SELECT count(*) FROM events WHERE type = 'command:rejected-unauthenticated'`)).toBeGreaterThan(0);
    } else {
      // Not one of our people at all: ordinary mail (a stranger's new complaint, or a reply stored
      // on the complaint whose signed Message-ID it quotes), never a command.
      expect(['new-complaint', 'attached']).toContain(row.disposition);
    }
  });

  it('no alert or command answer ever goes to the forger (a stranger only gets the letters of their own new complaint)', () => {
    const kinds = daemon.db.prepare(`SELECT DISTINCT kind FROM outbox WHERE to_address LIKE '%evil.test' ORDER BY kind`).pluck().all();
    // The acknowledgement asks for the missing service in the same letter (issue 9: one letter, not two).
    expect(kinds).toEqual(['acknowledgement']);
    expect(count(`SELECT count(*) FROM outbox WHERE kind IN ('forged-command-alert', 'command-reply') AND to_address NOT LIKE '%@example.nl'`)).toBe(0);
  });

  it('a genuine command runs once, also when the same mail is delivered twice', async () => {
    const raw = [
      'From: Daan Bakker <daan.bakker@example.nl>',
      'To: klachten@purasec.nl',
      'Subject: Re: [PS-2026-0001] Klacht aan u toegewezen #notitie',
      'Message-ID: <genuine-1@example.nl>',
      `In-Reply-To: <${toDaan}>`,
      '',
      'Klant gebeld, toelichting gekregen.',
      '',
    ].join('\r\n');
    const first = await deliverRaw(raw, 'genuine-1@example.nl');
    expect(first.disposition).toBe('command');
    const second = await deliverRaw(raw, 'genuine-1@example.nl');
    expect(second.disposition).toBe('duplicate');
    expect(count(`SELECT count(*) FROM events WHERE type = 'procedure:note'`)).toBe(1);
    const ev = JSON.parse(daemon.db.prepare(`SELECT data FROM events WHERE type = 'command:executed'`).pluck().get() as string);
    expect(ev).toMatchObject({ auth: 'signed-reply' });
    expect(daemon.db.prepare(`SELECT actor FROM events WHERE type = 'procedure:note'`).pluck().get()).toBe('person:daan');
  });

  it('a DMARC pass recorded by the trusted server is proof enough', async () => {
    const row = await deliver(
      [
        `Authentication-Results: ${TRUSTED}; spf=pass smtp.mailfrom=example.nl; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl`,
        'From: eva.visser@example.nl',
      ],
      '[PS-2026-0002] #notitie',
      'Intern overleg met de analist gehad.',
    );
    expect(row.disposition).toBe('command');
    expect(row.detail).toBe('executed (dmarc)');
    expect(count(`SELECT count(*) FROM events WHERE type = 'procedure:note'`)).toBe(2);
  });
});
