import type { Db } from './db.js';

/**
 * Retention and erasure (GDPR art. 5(1)(e) and art. 17): every statement that finds or removes a
 * person's data. Complaints are anonymised, not deleted, so the figures (received, closed,
 * verdicts, deadlines kept) stay right; everything that holds the person's words or addresses —
 * raw mail, texts, attachments, letters, quarantined mail — is emptied or deleted.
 *
 * SQLite keeps deleted content in free pages and in the WAL: `compactStore` zeroes and rewrites
 * them (secure_delete for the deletes themselves, VACUUM, a truncating checkpoint).
 */

/** What one erasure or retention run touches, by row id. */
export interface ErasureSet {
  complaints: Array<{ id: number; tenant: string; reference: string }>;
  inbound: Array<{ id: number; tenant: string; sourceKey: string }>;
  quarantine: Array<{ id: number; tenant: string; sourceKey: string }>;
  outbox: Array<{ id: number; tenant: string; kind: string }>;
  attachments: number;
  autoReplies: number;
  /** Strings that identify the person (addresses, names, phone numbers), for scrubbing JSON. */
  tokens: string[];
}

export const ERASED = '[erased]';

const ids = (xs: Array<{ id: number }>) => xs.map((x) => x.id);

function inList(n: number): string {
  return `(${Array.from({ length: n }, () => '?').join(',')})`;
}

function selectIn<T>(db: Db, sql: (list: string) => string, values: readonly (string | number)[], extra: readonly (string | number)[] = []): T[] {
  if (values.length === 0) return [];
  const out: T[] = [];
  // SQLite's host-parameter limit: 32766; chunk well below it.
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    out.push(...(db.prepare(sql(inList(chunk.length))).all(...extra, ...chunk) as T[]));
  }
  return out;
}

function runIn(db: Db, sql: (list: string) => string, values: readonly number[], extra: readonly (string | number | null)[] = []): number {
  let changed = 0;
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    changed += db.prepare(sql(inList(chunk.length))).run(...extra, ...chunk).changes;
  }
  return changed;
}

/**
 * Everything stored about one address (lower-cased), in one tenant or all: the complaints they
 * made, every mail they sent (also into other threads), the letters to them and the mails about
 * their complaints, quarantined mail that contains the address, the auto-reply ledger.
 */
export function findPerson(db: Db, address: string, tenant: string | undefined): ErasureSet {
  const email = address.trim().toLowerCase();
  const t = tenant ?? null;
  const complaints = db
    .prepare(
      `SELECT id, tenant, reference, customer_name AS name, customer_phone AS phone FROM complaints
       WHERE lower(customer_email) = ? AND (? IS NULL OR tenant = ?) ORDER BY id`,
    )
    .all(email, t, t) as Array<{ id: number; tenant: string; reference: string; name: string | null; phone: string | null }>;
  const fromNames = db
    .prepare(`SELECT DISTINCT from_name FROM inbound_messages WHERE lower(from_address) = ? AND from_name IS NOT NULL AND (? IS NULL OR tenant = ?)`)
    .pluck()
    .all(email, t, t) as string[];
  const tokens = [email, ...complaints.flatMap((c) => [c.name, c.phone]), ...fromNames].filter((s): s is string => !!s && s.trim().length > 0);
  return collect(
    db,
    complaints.map(({ id, tenant, reference }) => ({ id, tenant, reference })),
    { email, tenant: t },
    [...new Set(tokens)],
  );
}

function collect(db: Db, complaints: ErasureSet['complaints'], person: { email: string; tenant: string | null } | null, tokens: string[]): ErasureSet {
  const cids = ids(complaints);
  const inbound = new Map<number, ErasureSet['inbound'][number]>();
  for (const r of selectIn<{ id: number; tenant: string; sourceKey: string }>(
    db,
    (l) => `SELECT id, tenant, source_key AS sourceKey FROM inbound_messages WHERE complaint_id IN ${l} AND length(raw) > 0`,
    cids,
  ))
    inbound.set(r.id, r);
  const outbox = new Map<number, ErasureSet['outbox'][number]>();
  for (const r of selectIn<{ id: number; tenant: string; kind: string }>(
    db,
    (l) => `SELECT id, tenant, kind FROM outbox WHERE complaint_id IN ${l} AND to_address <> '${ERASED}'`,
    cids,
  ))
    outbox.set(r.id, r);
  let quarantine: ErasureSet['quarantine'] = [];
  let autoReplies = 0;
  if (person) {
    const { email, tenant: t } = person;
    for (const r of db
      .prepare(
        `SELECT id, tenant, source_key AS sourceKey FROM inbound_messages WHERE lower(from_address) = ? AND length(raw) > 0 AND (? IS NULL OR tenant = ?)`,
      )
      .all(email, t, t) as Array<{ id: number; tenant: string; sourceKey: string }>)
      inbound.set(r.id, r);
    for (const r of db.prepare(`SELECT id, tenant, kind FROM outbox WHERE lower(to_address) = ? AND (? IS NULL OR tenant = ?)`).all(email, t, t) as Array<{
      id: number;
      tenant: string;
      kind: string;
    }>)
      outbox.set(r.id, r);
    quarantine = db
      .prepare(
        `SELECT id, tenant, source_key AS sourceKey FROM quarantine
         WHERE raw IS NOT NULL AND instr(lower(CAST(raw AS TEXT)), ?) > 0 AND (? IS NULL OR tenant = ?) ORDER BY id`,
      )
      .all(email, t, t) as ErasureSet['quarantine'];
    autoReplies = db.prepare(`SELECT count(*) FROM auto_replies WHERE lower(address) = ? AND (? IS NULL OR tenant = ?)`).pluck().get(email, t, t) as number;
  }
  const inboundList = [...inbound.values()].sort((a, b) => a.id - b.id);
  const attachments = selectIn<{ n: number }>(db, (l) => `SELECT count(*) AS n FROM attachments WHERE inbound_id IN ${l}`, ids(inboundList)).reduce(
    (s, r) => s + r.n,
    0,
  );
  return {
    complaints,
    inbound: inboundList,
    quarantine,
    outbox: [...outbox.values()].sort((a, b) => a.id - b.id),
    attachments,
    autoReplies,
    tokens,
  };
}

/**
 * What a tenant's retention removes as of `now`: complaints closed before `closedBefore`, mail
 * quarantined before `quarantineBefore`, and history mail (archived at the first start, or too
 * old to answer) received before `archiveBefore` that belongs to no complaint.
 */
export function findExpired(db: Db, tenant: string, cutoff: { closedBefore: Date; quarantineBefore: Date; archiveBefore: Date }): ErasureSet {
  const rows = db
    .prepare(
      `SELECT id, tenant, reference, customer_email AS email, customer_name AS name, customer_phone AS phone FROM complaints
       WHERE tenant = ? AND closed_at IS NOT NULL AND closed_at < ? AND description <> '${ERASED}' ORDER BY id`,
    )
    .all(tenant, cutoff.closedBefore.toISOString()) as Array<{
    id: number;
    tenant: string;
    reference: string;
    email: string | null;
    name: string | null;
    phone: string | null;
  }>;
  const tokens = rows.flatMap((r) => [r.email, r.name, r.phone]).filter((s): s is string => !!s && s.trim().length > 0);
  const set = collect(
    db,
    rows.map(({ id, tenant: tt, reference }) => ({ id, tenant: tt, reference })),
    null,
    [...new Set(tokens)],
  );
  const history = db
    .prepare(
      `SELECT id, tenant, source_key AS sourceKey FROM inbound_messages
       WHERE tenant = ? AND complaint_id IS NULL AND disposition IN ('archive', 'too-old') AND received_at < ? AND length(raw) > 0`,
    )
    .all(tenant, cutoff.archiveBefore.toISOString()) as ErasureSet['inbound'];
  const inbound = [...set.inbound, ...history].sort((a, b) => a.id - b.id);
  set.quarantine = db
    .prepare(`SELECT id, tenant, source_key AS sourceKey FROM quarantine WHERE tenant = ? AND created_at < ? ORDER BY id`)
    .all(tenant, cutoff.quarantineBefore.toISOString()) as ErasureSet['quarantine'];
  set.attachments = selectIn<{ n: number }>(db, (l) => `SELECT count(*) AS n FROM attachments WHERE inbound_id IN ${l}`, ids(inbound)).reduce(
    (s, r) => s + r.n,
    0,
  );
  set.inbound = inbound;
  const addresses = set.tokens.filter((x) => x.includes('@')).map((x) => x.toLowerCase());
  set.autoReplies = selectIn<{ n: number }>(db, (l) => `SELECT count(*) AS n FROM auto_replies WHERE tenant = ? AND lower(address) IN ${l}`, addresses, [
    tenant,
  ]).reduce((s, r) => s + r.n, 0);
  return set;
}

/**
 * Keep what figures need in a JSON value (codes, dates, numbers, booleans) and drop the rest:
 * any string that is not a short code, or that contains one of the person's tokens.
 */
export function scrubJson(value: unknown, tokens: readonly string[]): unknown {
  const lower = tokens.map((t) => t.toLowerCase());
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const l = v.toLowerCase();
      if (!/^[A-Za-z0-9_:.+-]{0,40}$/.test(v) || v.includes('@') || lower.some((t) => l.includes(t))) return ERASED;
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

const scrubText = (json: string | null, tokens: readonly string[]): string | null => {
  if (json === null) return null;
  try {
    return JSON.stringify(scrubJson(JSON.parse(json), tokens));
  } catch {
    return null;
  }
};

/** The history is append-only (triggers); erasure is the one exception, inside its transaction. */
const EVENTS_NO_UPDATE = `CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`;

/**
 * Remove what `set` lists, in one transaction: complaints anonymised (figures kept), their history
 * scrubbed, mail emptied, attachments and quarantined mail deleted, letters emptied (pending ones
 * cancelled). `secure_delete` overwrites what is deleted; `compactStore` afterwards clears the rest.
 */
export function eraseSet(db: Db, set: ErasureSet, now: Date, address: string | null): void {
  const at = now.toISOString();
  db.pragma('secure_delete = ON');
  db.transaction(() => {
    const cids = ids(set.complaints);
    const inb = ids(set.inbound);
    const outs = ids(set.outbox);
    for (const c of cids) {
      const row = db.prepare('SELECT proc_state FROM complaints WHERE id = ?').get(c) as { proc_state: string | null };
      db.prepare(
        `UPDATE complaints SET customer_email = NULL, customer_name = NULL, customer_phone = NULL, subject = '', description = '${ERASED}',
           proc_state = ?, updated_at = ? WHERE id = ?`,
      ).run(scrubText(row.proc_state, set.tokens), at, c);
    }
    db.exec('DROP TRIGGER events_no_update');
    const evRows = selectIn<{ id: number; data: string; actor: string }>(db, (l) => `SELECT id, data, actor FROM events WHERE complaint_id IN ${l}`, cids);
    if (address) {
      evRows.push(
        ...(db.prepare(`SELECT id, data, actor FROM events WHERE lower(actor) = ? OR instr(lower(data), ?) > 0`).all(`sender:${address}`, address) as Array<{
          id: number;
          data: string;
          actor: string;
        }>),
      );
    }
    const upd = db.prepare('UPDATE events SET data = ?, actor = ? WHERE id = ?');
    for (const e of evRows) {
      const actor = e.actor.includes('@') ? `sender:${ERASED}` : e.actor;
      upd.run(scrubText(e.data, set.tokens) ?? '{}', actor, e.id);
    }
    db.exec(EVENTS_NO_UPDATE);
    runIn(db, (l) => `DELETE FROM attachments WHERE inbound_id IN ${l}`, inb);
    runIn(
      db,
      (l) => `UPDATE inbound_messages SET raw = X'', message_id = NULL, from_address = NULL, from_name = NULL, subject = NULL, text = NULL,
        new_text = NULL, detail = NULL, triage_rules = NULL, thread_guid = NULL WHERE id IN ${l}`,
      inb,
    );
    runIn(
      db,
      (l) => `UPDATE outbox SET status = CASE WHEN status IN ('pending', 'held', 'failed') THEN 'cancelled' ELSE status END,
        hold_reason = CASE WHEN status IN ('pending', 'held', 'failed') THEN 'erased' ELSE hold_reason END,
        to_address = '${ERASED}', to_name = NULL, subject = '', text = '', html = NULL, render = NULL, last_error = NULL, bounce_detail = NULL
        WHERE id IN ${l}`,
      outs,
    );
    runIn(db, (l) => `DELETE FROM quarantine WHERE id IN ${l}`, ids(set.quarantine));
    const del = db.prepare('DELETE FROM auto_replies WHERE lower(address) = ?');
    for (const a of set.tokens.filter((x) => x.includes('@'))) del.run(a.toLowerCase());
  }).immediate();
}

/**
 * Rewrite the database so no deleted byte survives: VACUUM rebuilds the file without free pages,
 * a truncating checkpoint empties the WAL. VACUUM fails while this connection has a transaction
 * open; other connections' readers only delay the checkpoint (busy timeout).
 */
export function compactStore(db: Db): { walTruncated: boolean } {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  const r = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  return { walTruncated: (r[0]?.busy ?? 0) === 0 };
}
