import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Our Message-IDs carry the complaint reference and an HMAC over it, so a reply naming one in
 * In-Reply-To/References proves the sender saw our mail, even with a rewritten subject:
 *   <cd.PS-2026-0007.ack.k3j9x2m1.8f0c2a9d41e7b6c3@purasec.nl>
 */
const SIG_HEX = 16;
const ID_RE = /^cd\.([A-Z]{1,6}-\d{4}-\d{4,}|none)\.([a-z][a-z0-9-]{0,30})\.([a-z0-9]{8,16})\.([0-9a-f]{16})@([^\s<>@]+)$/;

/** The secret as a key object, made once per secret (a string key is converted on every HMAC). */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(body).digest('hex').slice(0, SIG_HEX);
}

/** Random bytes drawn 4 KB at a time from the same CSPRNG: one call per 512 Message-IDs instead of one each. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let pooled = 0;
function random64(): bigint {
  if (pooled + 8 > pool.length) {
    pool = randomBytes(POOL_BYTES);
    pooled = 0;
  }
  const value = pool.readBigUInt64BE(pooled);
  pooled += 8;
  return value;
}

/** A new signed Message-ID (without angle brackets). `reference` null for mail about no complaint. */
export function messageIdCreate(secret: string, reference: string | null, kind: string, domain: string): string {
  const ref = reference ?? 'none';
  const k =
    kind
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 31) || 'mail';
  const rand = random64().toString(36).padStart(13, '0').slice(0, 12);
  return `cd.${ref}.${k}.${rand}.${sign(secret, `${ref}.${k}.${rand}`)}@${domain}`;
}

export interface VerifiedMessageId {
  reference: string | null;
  kind: string;
}

/** The reference and kind a Message-ID of ours names, or null when it is not ours or the signature is wrong. */
export function messageIdVerify(secret: string, id: string): VerifiedMessageId | null {
  const m = ID_RE.exec(id.trim().replace(/^<|>$/g, ''));
  if (!m) return null;
  const [, ref, kind, rand, sig] = m as unknown as [string, string, string, string, string];
  const expected = Buffer.from(sign(secret, `${ref}.${kind}.${rand}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { reference: ref === 'none' ? null : ref, kind };
}

/** The header we stamp on every mail we send; seeing it come back means a loop. */
export const LOOP_HEADER = 'X-Complaintdesk-Loop';
