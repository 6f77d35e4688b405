import type { Effect, ProcEvent, ProcEventType, RecordKind } from '../procedure/types.js';
import type { Db } from './db.js';
import { stmt } from './stmt.js';

/**
 * Who caused an event. Stored as a short code (`system`, `customer`, `person:<id>`,
 * `sender:<address>`) so the history table stays readable with plain SQL; code outside this
 * module only sees the union.
 */
export type Actor = { kind: 'system' } | { kind: 'customer' } | { kind: 'person'; id: string } | { kind: 'sender'; address: string };

export const SYSTEM: Actor = { kind: 'system' };
export const CUSTOMER: Actor = { kind: 'customer' };
export const personActor = (id: string): Actor => ({ kind: 'person', id });
export const senderActor = (address: string): Actor => ({ kind: 'sender', address });

export function actorCode(a: Actor): string {
  switch (a.kind) {
    case 'system':
    case 'customer':
      return a.kind;
    case 'person':
      return `person:${a.id}`;
    case 'sender':
      return `sender:${a.address}`;
  }
}

export function actorFromCode(code: string): Actor {
  if (code === 'system' || code === 'customer') return { kind: code };
  if (code.startsWith('person:')) return { kind: 'person', id: code.slice('person:'.length) };
  if (code.startsWith('sender:')) return { kind: 'sender', address: code.slice('sender:'.length) };
  // Rows written by hand or by an older version: keep them readable, attribute them to nobody.
  return { kind: 'system' };
}

/** How a procedure event was brought about (the command mail, the mail that answered, …). */
export interface ProcedureMeta {
  via?: string;
  auth?: string;
  messageId?: string | null;
  error?: string;
  reason?: string;
  service?: string | null;
  rule?: string;
  from?: string;
  subject?: string;
  language?: string;
  mentionedReferences?: string[];
  channel?: string;
  registeredBy?: string;
}

type ProcedureEvents = { [K in ProcEventType as `procedure:${K}`]: Omit<Extract<ProcEvent, { type: K }>, never> & ProcedureMeta & { state: string } };
type DeadlineEffect = Extract<Effect, { type: 'set-deadline' | 'pause-deadline' | 'resume-deadline' | 'clear-deadline' }>;
type DeadlineEvents = { [E in DeadlineEffect as `deadline:${E['type'] extends `${infer V}-deadline` ? V : never}`]: E };
type RecordEvents = { [K in RecordKind as `record:${K}`]: Record<string, unknown> };

interface LetterRef {
  kind: string;
  messageId: string;
}
/** A scheduled notice (reminder, escalation): its once-key, and `late` when sent after downtime. */
interface ScheduleData {
  key: string;
  late?: true;
  deadline: string;
  dueAt: string;
}

/**
 * Every kind of history event and what its data holds. `eventAppend` accepts only these, so a
 * new event is one line here and the readers (status, show, digest) can rely on its shape.
 */
export interface EventMap extends ProcedureEvents, DeadlineEvents, RecordEvents {
  'letter:queued': LetterRef & { to: string; notBefore?: string; held?: string | true };
  'letter:sent': LetterRef & { to: string; response: string | undefined };
  'letter:failed': LetterRef & { to: string; error: string; responseCode: number | null; attempts: number };
  'letter:delayed': LetterRef & { diagnostic: string };
  'letter:bounced': LetterRef & { to: string; diagnostic: string };
  'letter:cancelled': LetterRef & { reason: string };
  'letter:released': LetterRef;
  'letter:collapsed': LetterRef & { to: string; into?: string };
  'letter:not-sent': { kind: string; reason: string };
  'mail:received': { messageId: string | null; subject: string; evidence: string; mailboxTimeInFuture?: string };
  'mail:automatic': { messageId: string | null; reason: string; detail: string };
  'mail:not-applied': { messageId: string | null; code: string; reason: string };
  'objection:suspected': { messageId: string | null };
  'command:executed': CommandAudit & { commands: string };
  'command:refused': CommandAudit & { commands?: string; subject?: string; errors: string[] };
  'command:rejected-unauthenticated': { claimedPerson: string; subject: string; messageId: string | null; reason: string; alert: 'mailed' | 'held' };
  'auto-reply:breaker-tripped': { count: number; limit: number };
  'schedule:reminder': ScheduleData & { threshold: number; workingDaysLeft: number };
  'schedule:escalation': ScheduleData & ({ reason: 'unassigned' } | { overdueDays: number });
  /** The contact person was reminded that nobody has reached the customer yet (treatment.personalContact); `deadline` is the outcome's. */
  'schedule:contact-reminder': ScheduleData & { workingDaysLeft: number };
}

/** Who proved a command mail was theirs, and how. */
export interface CommandAudit {
  messageId: string | null;
  auth: string;
  authDetail: string;
}

export type EventType = keyof EventMap;

export interface EventRow<T extends EventType = EventType> {
  id: number;
  tenant: string;
  complaintId: number | null;
  at: string;
  type: T;
  actor: Actor;
  data: EventMap[T];
}

export interface NewEvent<T extends EventType> {
  tenant: string;
  complaintId: number | null;
  at: Date;
  type: T;
  actor: Actor;
  data: EventMap[T];
}

/** Append to the history. The table refuses UPDATE and DELETE. */
export function eventAppend<T extends EventType>(db: Db, e: NewEvent<T>): number {
  const r = stmt(db, 'INSERT INTO events (tenant, complaint_id, at, type, actor, data) VALUES (?, ?, ?, ?, ?, ?)').run(
    e.tenant,
    e.complaintId,
    e.at.toISOString(),
    e.type,
    actorCode(e.actor),
    JSON.stringify(e.data ?? {}),
  );
  return Number(r.lastInsertRowid);
}

/** A complaint's history in order. Types are as stored: rows from older versions may carry types no longer in EventMap. */
export function eventsForComplaint(db: Db, complaintId: number): EventRow[] {
  const rows = stmt(db, 'SELECT id, tenant, complaint_id, at, type, actor, data FROM events WHERE complaint_id = ? ORDER BY id').all(complaintId) as Array<{
    id: number;
    tenant: string;
    complaint_id: number | null;
    at: string;
    type: EventType;
    actor: string;
    data: string;
  }>;
  return rows.map((r) => ({
    id: r.id,
    tenant: r.tenant,
    complaintId: r.complaint_id,
    at: r.at,
    type: r.type,
    actor: actorFromCode(r.actor),
    data: JSON.parse(r.data) as EventMap[EventType],
  }));
}

/** The event family (`procedure`, `letter`, `mail`, …): what the readers group by. */
export const eventFamily = (type: string): string => type.slice(0, type.indexOf(':'));
