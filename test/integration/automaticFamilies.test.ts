// Issue 9.2 through the real servers: every family of automatic mail (ARF and DMARC/TLS
// reports, list-manager notices, carrier bounces shaped as replies, any multipart/report, read
// receipts) APPENDed to Dovecot among genuine complaints — some using the machines' very words —
// is stored and never answered, while every genuine complaint in the same batch is acknowledged.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { parseEml } from '../helpers/parseFixture.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const DIR = fileURLToPath(new URL('../fixtures/guards/families/', import.meta.url));
const LOGIN = { user: 'ps-families', password: 'pw-families' };
const CUSTOMER = 'marieke@klant.example';

const GENUINE = [
  `From: Marieke Jansen <${CUSTOMER}>`,
  'To: klachten@purasec.nl',
  'Subject: Klacht over de pentest',
  'Date: Thu, 19 Nov 2026 10:00:00 +0100',
  'Message-ID: <genuine-families@klant.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'De pentest is slecht uitgevoerd en het rapport kwam twee weken te laat. Ik ben ontevreden.',
  '',
  'Marieke Jansen',
  '',
].join('\r\n');

interface Fixture {
  name: string;
  raw: Buffer;
  messageId: string;
  from: string;
  /** A machine (never answered) or a person (acknowledged). */
  machine: boolean;
}

async function load(name: string, raw: Buffer): Promise<Fixture> {
  const msg = await parseEml(raw);
  if (!msg.messageId || !msg.from) throw new Error(`${name}: fixture needs a Message-ID and a From`);
  return { name, raw, messageId: msg.messageId, from: msg.from.address, machine: !name.startsWith('nearmiss-') && name !== 'genuine' };
}

describeWithMailServers('every kind of automatic mail through Dovecot and SMTP', { users: [LOGIN] }, (env) => {
  let daemon: Daemon;
  const batch: Fixture[] = [];
  const count = (sql: string, ...args: unknown[]) =>
    daemon.db
      .prepare(sql)
      .pluck()
      .get(...args) as number;

  beforeAll(async () => {
    const names = readdirSync(DIR)
      .filter((n) => n.endsWith('.eml'))
      .sort();
    for (const name of names) batch.push(await load(name, readFileSync(`${DIR}${name}`)));
    // The genuine complaint in the middle of the batch, between machines on both sides.
    batch.splice(Math.floor(batch.length / 2), 0, await load('genuine', Buffer.from(GENUINE)));

    const { dc, smtp } = env;
    const cfg = writeTestConfig([{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...LOGIN }, smtp: { host: smtp.host, port: smtp.port } }]);
    daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    // Appended after the start, so it is new mail (not first-start history) received just now.
    for (const f of batch) await dc.append(LOGIN.user, f.raw);
    const ids = batch.map((f) => f.messageId);
    const handled = () =>
      count(`SELECT count(*) FROM inbound_messages WHERE message_id IN (${ids.map(() => '?').join(',')})`, ...ids) + count('SELECT count(*) FROM quarantine');
    await waitFor(() => handled() === batch.length, { timeoutMs: 30_000, message: `all ${batch.length} mails processed` });
    // Letters go out in queue order, so once every customer has theirs, a letter to a machine
    // queued in the same batch would have gone too (and the outbox keeps any that were held).
    const customers = batch.filter((f) => !f.machine).map((f) => f.from);
    await waitFor(() => customers.every((c) => smtp.messages.some((m) => m.envelope.to.includes(c))), {
      timeoutMs: 20_000,
      message: 'a letter to every customer',
    });
    await waitFor(() => count(`SELECT count(*) FROM outbox WHERE status = 'sending'`) === 0, { timeoutMs: 10_000, message: 'no send in flight' });
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('covers every family with at least two fixtures', () => {
    const families = new Map<string, number>();
    for (const f of batch.filter((x) => x.machine)) families.set(f.name.replace(/-\d+\.eml$/, ''), (families.get(f.name.replace(/-\d+\.eml$/, '')) ?? 0) + 1);
    expect([...families.keys()].sort()).toEqual(['arf', 'bouncelike', 'dmarc', 'list', 'receipt', 'report']);
    expect([...families.values()].every((n) => n >= 2)).toBe(true);
  });

  it('stores every machine mail as automatic or bounce, opens nothing for it and answers none of it', () => {
    const rows = batch
      .filter((f) => f.machine)
      .map((f) => {
        const row = daemon.db.prepare('SELECT disposition, complaint_id, detail FROM inbound_messages WHERE message_id = ?').get(f.messageId) as
          { disposition: string; complaint_id: number | null; detail: string | null } | undefined;
        return { name: f.name, disposition: row?.disposition ?? 'missing', complaint: row?.complaint_id ?? null, detail: row?.detail ?? '' };
      });
    expect(rows.filter((r) => !['automatic', 'bounce'].includes(r.disposition) || r.complaint !== null)).toEqual([]);
    expect(rows.every((r) => r.detail !== '')).toBe(true);
    expect(count('SELECT count(*) FROM quarantine')).toBe(0);

    const machineSenders = new Set(batch.filter((f) => f.machine).map((f) => f.from));
    const machineIds = new Set(batch.filter((f) => f.machine).map((f) => f.messageId));
    const queued = daemon.db.prepare('SELECT to_address, in_reply_to, kind FROM outbox').all() as Array<{
      to_address: string;
      in_reply_to: string | null;
      kind: string;
    }>;
    expect(queued.filter((o) => machineSenders.has(o.to_address) || (o.in_reply_to !== null && machineIds.has(o.in_reply_to.replace(/^<|>$/g, ''))))).toEqual(
      [],
    );
    const reachedSink = env.smtp.messages.filter((m) => m.envelope.to.some((to) => machineSenders.has(to.toLowerCase())));
    expect(reachedSink.map((m) => `${m.envelope.to.join(',')}: ${m.parsed.subject ?? ''}`)).toEqual([]);
  });

  it('acknowledges the genuine complaint and every customer who merely used a machine’s words', () => {
    const people = batch.filter((f) => !f.machine);
    expect(people.map((f) => f.name)).toContain('genuine');
    for (const f of people) {
      const row = daemon.db.prepare('SELECT disposition, complaint_id FROM inbound_messages WHERE message_id = ?').get(f.messageId) as {
        disposition: string;
        complaint_id: number | null;
      };
      expect({ name: f.name, disposition: row.disposition }).toEqual({ name: f.name, disposition: 'new-complaint' });
      const reference = daemon.db
        .prepare('SELECT c.reference FROM complaints c JOIN inbound_messages i ON i.message_id = ? AND c.customer_email = i.from_address')
        .pluck()
        .get(f.messageId) as string;
      const ack = env.smtp.messages.find((m) => m.envelope.to.includes(f.from) && (m.parsed.subject ?? '').includes(`[${reference}]`));
      expect(ack?.parsed.headers.get('auto-submitted'), `acknowledgement to ${f.from} (${f.name})`).toBe('auto-replied');
    }
    expect(count('SELECT count(*) FROM complaints')).toBe(people.length);
    expect(env.smtp.messages.some((m) => m.envelope.to.includes(CUSTOMER))).toBe(true);
  });
});
