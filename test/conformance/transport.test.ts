// One contract, every mail transport (src/outbox/transport.ts): the file transport on a temp dir
// and the SMTP transport against the SMTP sink (smtp-server on 127.0.0.1, so this half needs no
// Dovecot and always runs). What arrives is read back by the receiving side: the sink's DATA, or
// the .eml files. Each test gets a fresh destination.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { smtpSchema } from '../../src/config/schema.js';
import { isTemporarySendError } from '../../src/core/errors.js';
import { FileTransport } from '../../src/outbox/fileTransport.js';
import { SmtpTransport } from '../../src/outbox/smtpTransport.js';
import type { MailTransport } from '../../src/outbox/transport.js';
import type { OutboxMail } from '../../src/store/outbox.js';
import { readSent } from '../helpers/maildirFlow.js';
import { startSmtpSink, type ReceivedMessage, type SmtpFailure } from '../helpers/smtpSink.js';
import { waitFor } from '../helpers/waitFor.js';

/** A mail as the destination has it. `envelope` is null where the destination keeps none. */
type Arrived = Omit<ReceivedMessage, 'envelope' | 'authUser'> & { envelope: ReceivedMessage['envelope'] | null };

/** One place a transport delivers to, with the means to read back and to break it. */
interface Destination {
  transport: MailTransport;
  /** Where it delivers (host:port, directory), as a verify() failure must name it. */
  where: string;
  /** Everything that arrived, in order. */
  received(): Promise<Arrived[]>;
  /** The destination goes away (server down, directory gone) after the transport was made. */
  breakIt(): Promise<void>;
  /** Refuse mail to `rcpt` with this reply; only destinations that can refuse a recipient. */
  refuse?(rcpt: string, failure: SmtpFailure): void;
  dispose(): Promise<void>;
}

interface TransportKind {
  name: string;
  /** What accepting a mail answers: an SMTP 2xx, or null where there is no server to answer. */
  acceptCode: (code: number | null) => boolean;
  /** The destination can refuse a recipient (a mail server can; a directory cannot). */
  refuses: boolean;
  destination(): Promise<Destination>;
}

const file: TransportKind = {
  name: 'file',
  acceptCode: (code) => code === null,
  refuses: false,
  async destination() {
    const dir = join(mkdtempSync(join(tmpdir(), 'complaintdesk-transport-')), 'outbox');
    const transport = new FileTransport(dir);
    return {
      transport,
      where: dir,
      async received() {
        // The file transport keeps no envelope: what the file holds is the message.
        const names = readdirSync(dir)
          .filter((n) => n.endsWith('.eml'))
          .sort();
        return Promise.all(names.map(async (n): Promise<Arrived> => ({ ...(await readSent(join(dir, n))), envelope: null })));
      },
      async breakIt() {
        rmSync(dir, { recursive: true, force: true });
        writeFileSync(dir, 'not a directory');
      },
      async dispose() {
        await transport.close();
        rmSync(join(dir, '..'), { recursive: true, force: true });
      },
    };
  },
};

const smtp: TransportKind = {
  name: 'SMTP',
  acceptCode: (code) => code !== null && code >= 200 && code < 300,
  refuses: true,
  async destination() {
    const sink = await startSmtpSink();
    const transport = new SmtpTransport(smtpSchema.parse({ host: sink.host, port: sink.port, secure: false, maxConnections: 2 }));
    return {
      transport,
      where: `${sink.host}:${sink.port}`,
      received: async () => [...sink.messages],
      breakIt: () => sink.stop(),
      refuse: (rcpt, failure) => sink.setFailure((to) => (to === rcpt ? failure : null)),
      async dispose() {
        await transport.close();
        await sink.stop();
      },
    };
  },
};

let nextId = 1;
function letter(over: Partial<OutboxMail> = {}): OutboxMail {
  const id = nextId++;
  return {
    id,
    tenant: 'purasec',
    complaintId: 7,
    kind: 'acknowledgement',
    messageId: `ack.${id}.conformance@purasec.nl`,
    fromAddress: 'klachten@purasec.nl',
    fromName: 'PuraSec B.V.',
    toAddress: 'marieke@klant.example',
    toName: 'Marieke Jansen',
    subject: '[PS-2026-0007] Ontvangstbevestiging van uw klacht',
    text: 'Beste Marieke,\n\nWij hebben uw klacht ontvangen.\n',
    html: '<p>Beste Marieke,</p><p>Wij hebben uw klacht ontvangen.</p>',
    inReplyTo: 'orig-7@klant.example',
    references: ['first-7@klant.example', 'orig-7@klant.example'],
    autoSubmitted: 'auto-replied',
    status: 'sending',
    attempts: 1,
    nextAttemptAt: '2026-11-16T09:00:00.000Z',
    lastError: null,
    lastResponseCode: null,
    createdAt: '2026-11-16T09:00:00.000Z',
    sentAt: null,
    holdReason: null,
    deliveries: [],
    render: null,
    unrendered: false,
    ...over,
  };
}

async function sendError(t: MailTransport, mail: OutboxMail): Promise<Error & { responseCode?: number }> {
  return t.send(mail).then(
    () => {
      throw new Error(`${t.name}: expected the send to fail`);
    },
    (err: unknown) => err as Error & { responseCode?: number },
  );
}

describe.each([file, smtp].map((k) => [k.name, k] as const))('%s transport meets the transport contract', (_name, kind) => {
  let dest: Destination;
  const fresh = async () => (dest = await kind.destination());
  afterEach(async () => {
    await dest?.dispose();
  });

  it('delivers the composed mail: addresses, subject, both bodies, the Message-ID fixed at enqueue, threading, Auto-Submitted and the loop header', async () => {
    await fresh();
    const mail = letter();
    const r = await dest.transport.send(mail);
    expect(kind.acceptCode(r.responseCode), `responseCode ${r.responseCode}`).toBe(true);
    expect(r.response).not.toBe('');
    const [got, ...more] = await waitFor(async () => ((await dest.received()).length > 0 ? dest.received() : null), {
      timeoutMs: 5_000,
      message: 'the mail arrived',
    });
    expect(more).toEqual([]);
    const p = got!.parsed;
    expect(p.from?.value).toEqual([{ name: 'PuraSec B.V.', address: 'klachten@purasec.nl' }]);
    expect(p.to && !Array.isArray(p.to) ? p.to.value : p.to).toEqual([{ name: 'Marieke Jansen', address: 'marieke@klant.example' }]);
    expect(p.subject).toBe(mail.subject);
    expect(p.text).toBe(mail.text);
    expect(p.html).toBe(mail.html);
    expect(p.messageId).toBe(`<${mail.messageId}>`);
    expect(p.inReplyTo).toBe('<orig-7@klant.example>');
    expect(p.references).toEqual(['<first-7@klant.example>', '<orig-7@klant.example>']);
    expect(p.headers.get('auto-submitted')).toBe('auto-replied');
    expect(p.headers.get('x-auto-response-suppress')).toBe('All');
    expect(p.headers.get('x-complaintdesk-loop')).toBe('klachten@purasec.nl');
    // Where the destination keeps an envelope: bounces go back to the tenant's own address.
    if (got!.envelope) expect(got!.envelope).toEqual({ from: 'klachten@purasec.nl', to: ['marieke@klant.example'] });
  });

  it('a letter a person wrote carries no Auto-Submitted, but the loop header', async () => {
    await fresh();
    await dest.transport.send(letter({ kind: 'reply', autoSubmitted: null, html: null, toName: null }));
    const [got] = await dest.received();
    expect(got!.parsed.headers.has('auto-submitted')).toBe(false);
    expect(got!.parsed.headers.has('x-auto-response-suppress')).toBe(false);
    expect(got!.parsed.headers.get('x-complaintdesk-loop')).toBe('klachten@purasec.nl');
    expect(got!.parsed.html).toBe(false);
  });

  it('sending the same outbox row again is the same mail again: every copy is kept, each with the Message-ID fixed at enqueue', async () => {
    await fresh();
    const mail = letter();
    // All at once, so several land in the same millisecond (the file transport once named files by
    // millisecond and outbox id, and a resend replaced the first file); one attempt number twice
    // too, as a sender restarted mid-send would.
    const attempts = [1, 1, 2, 3, 4, 5, 6, 7];
    await Promise.all(attempts.map((n) => dest.transport.send({ ...mail, attempts: n })));
    const got = await dest.received();
    expect(got).toHaveLength(attempts.length);
    expect(got.map((m) => m.parsed.messageId)).toEqual(got.map(() => `<${mail.messageId}>`));
  });

  it('as many sends in flight as its concurrency all arrive, each once', async () => {
    await fresh();
    expect(dest.transport.concurrency).toBeGreaterThanOrEqual(1);
    const mails = Array.from({ length: dest.transport.concurrency + 1 }, () => letter());
    await Promise.all(mails.map((m) => dest.transport.send(m)));
    const got = await dest.received();
    expect(got.map((m) => m.parsed.messageId).sort()).toEqual(mails.map((m) => `<${m.messageId}>`).sort());
  });

  it('verify() resolves for a destination that takes mail, sending nothing', async () => {
    await fresh();
    await expect(dest.transport.verify()).resolves.toBeUndefined();
    expect(await dest.received()).toEqual([]);
  });

  it('verify() rejects for a destination that is gone, naming the transport, where it delivers and why', async () => {
    await fresh();
    await dest.breakIt();
    const err = await dest.transport.verify().then(
      () => {
        throw new Error(`${dest.transport.name}: expected verify() to fail`);
      },
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(new RegExp(`^${kind.name} transport\\b`, 'i'));
    expect(err.message).toContain(dest.where);
    // The underlying reason (ECONNREFUSED, ENOTDIR, …) is in the message and kept as the cause.
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.message).toContain((err.cause as Error).message);
  });

  it('a destination that is gone is an error the sender retries (not a refusal)', async () => {
    await fresh();
    await dest.breakIt();
    const err = await sendError(dest.transport, letter());
    expect(err).toBeInstanceOf(Error);
    expect(err.responseCode ?? null).toBeNull();
    expect(isTemporarySendError(err)).toBe(true);
  });

  // Registered only where a refusal can happen, rather than skipped forever for the file transport.
  if (kind.refuses)
    it('a 4xx refusal is retried, a 5xx refusal (at RCPT or after DATA) is given up, each with its responseCode', async () => {
      await fresh();
      const refuse: NonNullable<typeof dest.refuse> = (...args) => dest.refuse!(...args);
      refuse('later@klant.example', { code: 451, message: '4.7.1 try again later' });
      const later = await sendError(dest.transport, letter({ toAddress: 'later@klant.example' }));
      expect(later.responseCode).toBe(451);
      expect(isTemporarySendError(later)).toBe(true);

      refuse('weg@klant.example', { code: 550, message: '5.1.1 mailbox unavailable' });
      const gone = await sendError(dest.transport, letter({ toAddress: 'weg@klant.example' }));
      expect(gone.responseCode).toBe(550);
      expect(isTemporarySendError(gone)).toBe(false);

      refuse('spam@klant.example', { code: 554, message: '5.7.1 message refused', at: 'data' });
      const refused = await sendError(dest.transport, letter({ toAddress: 'spam@klant.example' }));
      expect(refused.responseCode).toBe(554);
      expect(isTemporarySendError(refused)).toBe(false);
      expect(await dest.received()).toEqual([]);
    });
});
