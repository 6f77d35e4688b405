import { eventAppend, SYSTEM } from '../store/events.js';
import type { Db } from '../store/db.js';
import { outboxById, outboxCancelByOperator, outboxResend, type OutboxMail } from '../store/outbox.js';
import { quarantineById, quarantineDiscard, quarantineRaw } from '../store/quarantine.js';
import { localTime } from './humanTime.js';
import { UNRENDERED } from './inspect.js';
import { viewOf, type TenantViews } from './tenantViews.js';
import { oneLine } from './terminalSafe.js';

/**
 * The mail administrator's hands on the outbox and the quarantine: resend or cancel a letter,
 * look at a quarantined mail's headers, set one aside. Each answers in one line what it did, or
 * why it did nothing (`{ error }`, exit 1).
 */
export type DeskResult = { lines: string[] } | { error: string };

/** At most this many header lines of a quarantined mail, each cut at this many characters. */
const MAX_HEADER_LINES = 200;
const MAX_HEADER_CHARS = 500;

const when = (views: TenantViews, tenant: string, iso: string) => localTime(new Date(iso), 'en', viewOf(views, tenant, 'en').calendar);

/**
 * Queue a letter again with the same Message-ID, as a fresh attempt due now. Failed, cancelled
 * and sent letters may be resent (a sent one: the customer lost it); a pending one goes out by
 * itself and a held one is released with `outbox release`.
 */
export function outboxResendLetter(db: Db, id: number, now: Date, who: string, views: TenantViews): DeskResult {
  return db
    .transaction((): DeskResult => {
      const o = outboxById(db, id);
      if (!o) return { error: `no letter #${id} in the outbox` };
      if (o.status === 'pending' || o.status === 'sending')
        return { error: `#${id} is ${o.status}: it goes out by itself (next attempt ${when(views, o.tenant, o.nextAttemptAt)}); nothing to resend` };
      if (o.status === 'held') return { error: `#${id} is held by the circuit breaker: \`outbox release --tenant ${o.tenant}\` sends it` };
      const before = o.status;
      if (!outboxResend(db, id, now)) return { error: `#${id} changed state meanwhile; look again with \`outbox\`` };
      eventAppend(db, {
        tenant: o.tenant,
        complaintId: o.complaintId,
        at: now,
        type: 'letter:queued',
        actor: SYSTEM,
        data: { kind: o.kind, messageId: o.messageId, to: o.toAddress, notBefore: now.toISOString() },
      });
      return { lines: [`#${id} (${before}) queued again by ${who}: ${describe(o)}`] };
    })
    .immediate();
}

/** Cancel a pending, held or failed letter, with the reason recorded on the letter and in the complaint's history. */
export function outboxCancelLetter(db: Db, id: number, reason: string | undefined, now: Date, who: string): DeskResult {
  return db
    .transaction((): DeskResult => {
      const o = outboxById(db, id);
      if (!o) return { error: `no letter #${id} in the outbox` };
      if (o.status === 'sent') return { error: `#${id} was sent${o.sentAt ? ` (${o.sentAt})` : ''}: it cannot be cancelled` };
      if (o.status === 'cancelled') return { error: `#${id} is already cancelled${o.holdReason ? `: ${oneLine(o.holdReason)}` : ''}` };
      if (o.status === 'sending') return { error: `#${id} is being sent right now: it cannot be cancelled` };
      const recorded = `cancelled by ${who}${reason ? `: ${reason}` : ''}`;
      if (!outboxCancelByOperator(db, id, recorded)) return { error: `#${id} changed state meanwhile; look again with \`outbox\`` };
      eventAppend(db, {
        tenant: o.tenant,
        complaintId: o.complaintId,
        at: now,
        type: 'letter:cancelled',
        actor: SYSTEM,
        data: { kind: o.kind, messageId: o.messageId, reason: recorded },
      });
      return { lines: [`#${id} (${o.status}) ${oneLine(recorded)}: ${describe(o)}`] };
    })
    .immediate();
}

/** After a resend was attempted: did it go? */
export function outboxOutcome(db: Db, id: number, views: TenantViews): string {
  const o = outboxById(db, id);
  if (!o) return `#${id} is gone from the outbox`;
  if (o.status === 'sent') return `#${id} sent${o.sentAt ? ` ${when(views, o.tenant, o.sentAt)}` : ''}`;
  if (o.status === 'pending')
    return `#${id} not sent yet: next attempt ${when(views, o.tenant, o.nextAttemptAt)}${o.lastError ? ` (last error: ${oneLine(o.lastError)})` : ''}`;
  return `#${id} ${o.status}${o.lastError ? `: ${oneLine(o.lastError)}` : o.holdReason ? `: ${oneLine(o.holdReason)}` : ''}`;
}

function describe(o: OutboxMail): string {
  return `${o.kind} to ${oneLine(o.toAddress)}, ${o.unrendered ? UNRENDERED : `"${oneLine(o.subject)}"`}`;
}

/**
 * One quarantined mail: tenant, when it came in (local time), size, reason and detail, what
 * became of it, and the header lines of the stored raw mail — unfolded, one per line, control
 * characters stripped (a hostile header cannot drive the terminal or forge a line).
 */
export function quarantineShow(db: Db, id: number, views: TenantViews): DeskResult {
  const q = quarantineById(db, id);
  if (!q) return { error: `no quarantined mail #${id}` };
  const state =
    q.status === 'discarded'
      ? `discarded by ${oneLine(q.resolvedBy ?? '?')} ${q.resolvedAt ? when(views, q.tenant, q.resolvedAt) : ''}`.trimEnd()
      : q.status === 'reprocessed'
        ? `reprocessed ${q.resolvedAt ? when(views, q.tenant, q.resolvedAt) : ''}`.trimEnd()
        : q.status;
  const lines = [
    `#${q.id}  ${q.tenant}`,
    `received: ${when(views, q.tenant, q.createdAt)}`,
    `size:     ${q.size} bytes`,
    `source:   ${oneLine(q.mailbox)} ${oneLine(q.sourceKey)}`,
    `reason:   ${oneLine(q.reason)}`,
    `detail:   ${oneLine(q.detail)}`,
    `state:    ${state}`,
  ];
  const raw = quarantineRaw(db, id);
  if (!raw) {
    lines.push(`headers:  (the raw mail was not stored: too large to download${q.uid !== null ? `; IMAP uid ${q.uid}` : ''})`);
    return { lines };
  }
  const headers = headerLines(raw);
  lines.push('headers:');
  for (const h of headers.slice(0, MAX_HEADER_LINES)) lines.push(`  ${h.length > MAX_HEADER_CHARS ? `${h.slice(0, MAX_HEADER_CHARS)}…` : h}`);
  if (headers.length > MAX_HEADER_LINES) lines.push(`  … ${headers.length - MAX_HEADER_LINES} more header lines`);
  return { lines };
}

/** The header block of a raw mail, folded lines joined, each made safe for one terminal line. */
export function headerLines(raw: Buffer): string[] {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const out: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  // Raw header bytes are 7-bit by the standard; an 8-bit one is read as UTF-8 when it is valid.
  return out.map((l) => oneLine(utf8IfValid(l)).trim()).filter((l) => l.length > 0);
}

function utf8IfValid(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? latin1 : text;
}

/** Set an open quarantined mail aside, recording who and when; the raw mail stays in the store. */
export function quarantineDiscardMail(db: Db, id: number, now: Date, who: string): DeskResult {
  const q = quarantineById(db, id);
  if (!q) return { error: `no quarantined mail #${id}` };
  if (q.status !== 'open') return { error: `#${id} is ${q.status}${q.resolvedBy ? ` (by ${oneLine(q.resolvedBy)})` : ''}: only open mail can be discarded` };
  if (!quarantineDiscard(db, id, who, now)) return { error: `#${id} changed state meanwhile; look again with \`quarantine\`` };
  return { lines: [`#${id} discarded by ${who}; the raw mail stays in the store (\`quarantine show ${id}\`)`] };
}
