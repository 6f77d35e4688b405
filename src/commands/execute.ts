import type { Person } from '../config/schema.js';
import type { TenantRuntime } from '../ingest/tenant.js';
import { queueLetter } from '../letters/queue.js';
import type { ParsedMessage } from '../parse/types.js';
import { allowedCommands } from '../procedure/machine.js';
import { STATE_DESCRIPTIONS } from '../procedure/phase.js';
import { complaintById, type Complaint } from '../store/complaints.js';
import type { Db } from '../store/db.js';
import { eventAppend } from '../store/events.js';
import { forgedAlertKey, forgedAlertLast, noticeClaim } from '../store/sentNotices.js';
import { stmt } from '../store/stmt.js';
import { applyEvent, procState } from '../workflow/apply.js';
import type { AuthVerdict } from './authenticate.js';
import { parseCommands } from './parse.js';
import { commandDef } from './registry.js';
import { registerComplaint } from './register.js';
import { statusLines } from './status.js';
import { commandToEvent } from './toEvent.js';
import type { ParsedCommand } from './types.js';

export interface CommandMail {
  db: Db;
  tenant: TenantRuntime;
  secret: string;
  now: Date;
  msg: ParsedMessage;
  /** What the sender newly wrote (quote and signature removed): the commands' body. */
  body: string;
  quoted: string;
  complaint: Complaint | null;
}

class Refused extends Error {
  constructor(readonly lines: string[]) {
    super('refused');
  }
}

const describeCommand = (cmds: readonly ParsedCommand[]) => cmds.map((c) => c.typed + ('verdict' in c ? ` ${c.verdict}` : '')).join(' ');

/**
 * Run an authenticated person's commands, all or nothing (one savepoint), and answer the
 * sender with what changed or why nothing did. Returns the complaint it concerned.
 */
export function executeCommandMail(m: CommandMail, person: Person, auth: Extract<AuthVerdict, { ok: true }>): { ok: boolean; complaintId: number | null } {
  const { db, tenant, now } = m;
  const parsed = parseCommands({ subject: m.msg.subject, body: m.body });
  let complaint = m.complaint;
  const reply = (ok: boolean, command: string, lines: string[]) => {
    queueLetter(db, tenant, {
      complaint: complaint ? { id: complaint.id, reference: complaint.reference } : null,
      kind: 'command-reply',
      template: 'command-reply',
      lang: person.language ?? tenant.cfg.language,
      to: { address: person.email, name: person.name },
      data: { person: { name: person.name }, complaint: complaint ? { reference: complaint.reference, subject: complaint.subject } : null, ok, command, lines },
      inReplyTo: m.msg.messageId,
      references: [...m.msg.references, ...(m.msg.messageId ? [m.msg.messageId] : [])],
      autoSubmitted: 'auto-replied',
      secret: m.secret,
      now,
    });
  };
  const record = (type: string, data: Record<string, unknown>) =>
    eventAppend(db, { tenant: tenant.cfg.id, complaintId: complaint?.id ?? null, at: now, type, actor: `person:${person.id}`, data: { ...data, messageId: m.msg.messageId, auth: auth.method, authDetail: auth.detail } });

  if (!parsed.ok) {
    const lines = parsed.errors.map((e) => e.message + ('suggestion' in e && e.suggestion ? ` (did you mean #${e.suggestion}?)` : ''));
    record('command:refused', { subject: m.msg.subject, errors: lines });
    reply(false, m.msg.subject, lines);
    return { ok: false, complaintId: complaint?.id ?? null };
  }
  const cmds = parsed.commands;
  const typed = describeCommand(cmds);
  const forbidden = cmds.filter((c) => commandDef(c.name).role === 'manager' && person.role !== 'manager');
  if (forbidden.length > 0) {
    const lines = forbidden.map((c) => `${c.typed} is for managers only; you are registered as ${person.role}`);
    record('command:refused', { commands: typed, errors: lines });
    reply(false, typed, lines);
    return { ok: false, complaintId: complaint?.id ?? null };
  }

  const lines: string[] = [];
  try {
    db.transaction(() => {
      for (const cmd of cmds) {
        if (cmd.name === 'register') {
          const r = registerComplaint(m, person, cmd);
          if (!r.ok) throw new Refused(r.lines);
          complaint = r.complaint;
          lines.push(...r.lines);
          continue;
        }
        if (!complaint) {
          throw new Refused([`${cmd.typed}: which complaint? Reply to a complaintdesk mail about it, or put its reference (e.g. [${tenant.cfg.reference}-2026-0001]) in the subject.`]);
        }
        if (cmd.name === 'status') {
          lines.push(...statusLines(db, tenant, complaint, procState(complaint, db)));
          continue;
        }
        const ev = commandToEvent(tenant.cfg, cmd, now);
        if (!ev.ok) throw new Refused([ev.message]);
        const before = procState(complaint, db);
        const firstOutbox = stmt(db, 'SELECT coalesce(max(id), 0) FROM outbox').pluck().get() as number;
        const r = applyEvent({ db, tenant, secret: m.secret, now }, complaint, ev.event, `person:${person.id}`, { via: 'email', auth: auth.method, messageId: m.msg.messageId });
        if (!r.ok) {
          const allowed = before ? allowedCommands(before, tenant.cfg.procedure).map((x) => `#${x}`).join(' ') : '';
          throw new Refused([`${cmd.typed}: ${r.message}${r.choices ? ` (choose: ${r.choices.join(', ')})` : ''}`, ...(allowed ? [`possible now: ${allowed}`] : [])]);
        }
        complaint = complaintById(db, complaint.id)!;
        lines.push(`${cmd.typed}: done — the complaint is now ${STATE_DESCRIPTIONS[r.state.state]}`);
        const queued = stmt(db, `SELECT kind, to_address FROM outbox WHERE id > ? AND kind NOT IN ('command-reply') ORDER BY id`).all(firstOutbox) as Array<{ kind: string; to_address: string }>;
        for (const q of queued) lines.push(`sent: ${q.kind} to ${q.to_address}`);
        const next = Object.values(r.state.deadlines)
          .filter((d) => d && d.owner === 'company' && d.status === 'open')
          .sort((a, b) => a!.dueAt.localeCompare(b!.dueAt))[0];
        if (next) lines.push(`next deadline: ${next.kind} ${next.dueAt.slice(0, 10)}`);
      }
    })();
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    record('command:refused', { commands: typed, errors: err.lines });
    reply(false, typed, err.lines);
    return { ok: false, complaintId: complaint?.id ?? null };
  }
  record('command:executed', { commands: typed });
  reply(true, typed, lines);
  return { ok: true, complaintId: complaint?.id ?? null };
}

/**
 * At most one forged-command alert per person per this many ms. Every attempt is still refused
 * and recorded; a forger mailing in a loop must not turn the desk into a mail cannon aimed at
 * the very person they impersonate (nor bury the first, useful alert).
 */
export const FORGED_ALERT_INTERVAL_MS = 60 * 60_000;

/**
 * A command in a person's name without proof: refused and recorded, and the real person is told
 * — at most once an hour; the next alert says how many attempts were not mailed in between.
 */
export function refuseForgedCommand(m: CommandMail, person: Person, reason: string): void {
  const { db, tenant, now, msg, complaint } = m;
  const last = forgedAlertLast(db, tenant.cfg.id, person.id);
  const mail = !last || now.getTime() - last.at.getTime() >= FORGED_ALERT_INTERVAL_MS;
  const eventId = eventAppend(db, {
    tenant: tenant.cfg.id,
    complaintId: complaint?.id ?? null,
    at: now,
    type: 'command:rejected-unauthenticated',
    actor: `sender:${msg.from?.address ?? ''}`,
    data: { claimedPerson: person.id, subject: msg.subject, messageId: msg.messageId, reason, alert: mail ? 'mailed' : 'held' },
  });
  noticeClaim(db, { key: forgedAlertKey(tenant.cfg.id, person.id, eventId), tenant: tenant.cfg.id, kind: 'forged-alert', complaintId: complaint?.id ?? null, status: mail ? 'sent' : 'held', at: now });
  if (!mail) return;
  // To the configured address — never to a Reply-To or the forged mail's sender.
  queueLetter(db, tenant, {
    complaint: complaint ? { id: complaint.id, reference: complaint.reference } : null,
    kind: 'forged-command-alert',
    template: 'forged-command-alert',
    lang: person.language ?? tenant.cfg.language,
    to: { address: person.email, name: person.name },
    data: {
      person: { name: person.name },
      complaint: complaint ? { reference: complaint.reference, subject: complaint.subject } : null,
      attempt: { from: msg.from?.address ?? '', subject: msg.subject, at: now.toISOString(), reason },
      // Omitted (not 0) when nothing was held: the templates show the sentence only then.
      ...(last && last.heldSince > 0 ? { notMailed: { count: last.heldSince, since: last.at.toISOString() } } : {}),
    },
    autoSubmitted: 'auto-generated',
    secret: m.secret,
    now,
  });
}
