// Command authentication against forged mail: a From address alone never runs a command.
// Each mail goes through the production parser, so header quirks are what the daemon sees.
import { afterAll, describe, expect, it } from 'vitest';
import { authenticateCommand, type AuthPolicy } from '../../src/commands/authenticate.js';
import { parseAuthResults } from '../../src/commands/authResults.js';
import type { Person } from '../../src/config/schema.js';
import { MailParser } from '../../src/parse/parse.js';
import type { ParsedMessage } from '../../src/parse/types.js';
import { messageIdCreate, messageIdVerify } from '../../src/thread/messageId.js';

const SECRET = 'auth-test-secret-0123456789abcdef0123456789';
const people: Person[] = [
  { id: 'h1', name: 'Handler One', email: 'h1@example.nl', role: 'handler', absent: false },
  { id: 'h2', name: 'Handler Two', email: 'h2@example.nl', role: 'handler', absent: false },
  { id: 'm1', name: 'Manager One', email: 'm1@example.nl', role: 'manager', absent: false },
];
const toH1 = messageIdCreate(SECRET, 'PS-2026-0007', 'assignment', 'purasec.nl');
const toH2 = messageIdCreate(SECRET, 'PS-2026-0007', 'assignment', 'purasec.nl');
const sent = new Map([
  [toH1, 'h1@example.nl'],
  [toH2, 'h2@example.nl'],
]);
const policy: AuthPolicy = {
  isOurMessageId: (id) => messageIdVerify(SECRET, id) !== null,
  people,
  trustedAuthservIds: ['mx.purasec.nl'],
  sentTo: (id) => sent.get(id) ?? null,
};

const parser = new MailParser({ maxMessageBytes: 1 << 20, maxHeaderBytes: 1 << 16, parseTimeoutMs: 10_000 });
afterAll(() => parser.close());

async function parse(headers: string[]): Promise<ParsedMessage> {
  const raw = [...headers, 'To: klachten@purasec.nl', 'Subject: [PS-2026-0007] #close', 'Message-ID: <cmd@x.example>', '', 'Afgehandeld.', ''].join('\r\n');
  const r = await parser.parse(Buffer.from(raw));
  if (!r.ok) throw new Error(r.detail);
  return r.msg;
}

const PASS = 'Authentication-Results: mx.purasec.nl; spf=pass smtp.mailfrom=example.nl; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl';

describe('authenticateCommand: accepted proof', () => {
  it('a reply to a signed bot mail that was sent to this person', async () => {
    const v = authenticateCommand(await parse(['From: Handler One <h1@example.nl>', `In-Reply-To: <${toH1}>`]), policy);
    expect(v).toMatchObject({ ok: true, method: 'signed-reply', person: { id: 'h1' } });
  });

  it('the signed id only in References (a client that drops In-Reply-To)', async () => {
    const v = authenticateCommand(await parse(['From: h1@example.nl', `References: <a@b.example> <${toH1}>`]), policy);
    expect(v).toMatchObject({ ok: true, method: 'signed-reply' });
  });

  it('a DMARC pass with aligned DKIM recorded by the trusted mail server', async () => {
    const v = authenticateCommand(await parse([PASS, 'From: Handler One <h1@example.nl>']), policy);
    expect(v).toMatchObject({ ok: true, method: 'dmarc', person: { id: 'h1' } });
  });

  it('DKIM from a parent domain is aligned (relaxed alignment)', async () => {
    const p = { ...policy, people: [{ ...people[0]!, email: 'h1@mail.example.nl' }] };
    const v = authenticateCommand(
      await parse(['Authentication-Results: mx.purasec.nl; dkim=pass header.d=example.nl; dmarc=pass header.from=mail.example.nl', 'From: h1@mail.example.nl']),
      p,
    );
    expect(v.ok).toBe(true);
  });
});

describe('authenticateCommand: forged mail never runs a command', () => {
  const refused = async (headers: string[], reason: RegExp, p: AuthPolicy = policy) => {
    const v = authenticateCommand(await parse(headers), p);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(reason);
    return v;
  };

  it('1. a plain forged From', () => refused(['From: Handler One <h1@example.nl>'], /no proof/));

  it('2. a forged From with a copied subject token (the subject proves nothing)', () => refused(['From: h1@example.nl'], /no proof/));

  it('3. Authentication-Results from another authserv-id', () =>
    refused(['Authentication-Results: mx.evil.test; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl', 'From: h1@example.nl'], /no proof/));

  it('4. a forged trusted header placed below the real one (the topmost trusted header counts)', () =>
    refused(
      [
        'Authentication-Results: mx.purasec.nl; spf=fail smtp.mailfrom=evil.test; dkim=none; dmarc=fail header.from=example.nl',
        'Received: from evil.test by mx.purasec.nl',
        'Authentication-Results: mx.purasec.nl; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl',
        'From: h1@example.nl',
      ],
      /dmarc=fail/,
    ));

  it('5. an encoded-word From that decodes to a handler address', async () => {
    const v = authenticateCommand(await parse(['From: =?utf-8?B?aDFAZXhhbXBsZS5ubA==?= <attacker@evil.test>']), policy);
    expect(v).toMatchObject({ ok: false, person: null });
  });

  it('6. a display-name trick: "h1@example.nl" <attacker@evil.test>', async () => {
    const v = authenticateCommand(await parse(['From: "h1@example.nl" <attacker@evil.test>', `In-Reply-To: <${toH1}>`]), policy);
    expect(v).toMatchObject({ ok: false, person: null });
  });

  it('7. a reply to a mail that was sent to a different handler', () => refused(['From: h1@example.nl', `In-Reply-To: <${toH2}>`], /no proof/));

  it('8. a signed-looking id with a forged signature', () =>
    refused(['From: h1@example.nl', `In-Reply-To: <${toH1.replace(/\.[0-9a-f]{16}@/, '.0000000000000000@')}>`], /no proof/));

  it('9. DMARC pass for another domain than the From domain', () =>
    refused(['Authentication-Results: mx.purasec.nl; dkim=pass header.d=evil.test; dmarc=pass header.from=evil.test', 'From: h1@example.nl'], /dmarc=pass/));

  it('10. DMARC pass but DKIM signed by an unaligned domain', () =>
    refused(
      ['Authentication-Results: mx.purasec.nl; dkim=pass header.d=evil.test; dmarc=pass header.from=example.nl', 'From: h1@example.nl'],
      /no aligned DKIM/,
    ));

  it('11. two From headers, in either order', async () => {
    await refused(['From: h1@example.nl', 'From: attacker@evil.test', `In-Reply-To: <${toH1}>`], /2 From headers/);
    await refused(['From: attacker@evil.test', 'From: h1@example.nl', `In-Reply-To: <${toH1}>`], /2 From headers/);
  });

  it('12. DMARC proof is not accepted when the tenant trusts no mail server', () =>
    refused([PASS, 'From: h1@example.nl'], /no proof/, { ...policy, trustedAuthservIds: [] }));

  it('13. a stranger with a genuine reply to a bot mail (not one of the people)', async () => {
    const v = authenticateCommand(await parse(['From: customer@klant.example', `In-Reply-To: <${toH1}>`]), policy);
    expect(v).toMatchObject({ ok: false, person: null });
  });
});

describe('parseAuthResults', () => {
  it('reads authserv-id, methods, results and properties, ignoring comments', () => {
    expect(
      parseAuthResults('mx.purasec.nl 1; dkim=pass (good signature) header.d=Example.NL header.s=sel; dmarc=pass (p=reject) header.from=example.nl'),
    ).toEqual({
      authservId: 'mx.purasec.nl',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'example.nl', 'header.s': 'sel' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'example.nl' } },
      ],
    });
  });
  it('"none" and garbage yield no results', () => {
    expect(parseAuthResults('mx.purasec.nl; none')).toEqual({ authservId: 'mx.purasec.nl', results: [] });
    expect(parseAuthResults('')).toBeNull();
  });
});
