import { authenticateCommand, type AuthVerdict, type DirectAuthCheck } from '../commands/authenticate.js';
import { parseCommands } from '../commands/parse.js';
import { commandDef, meaningOf } from '../commands/registry.js';
import type { ParsedCommand } from '../commands/types.js';
import type { Person } from '../config/schema.js';
import { queueLetter } from '../outbox/queue.js';
import { allowedCommands } from '../procedure/machine.js';
import { complaintById } from '../store/complaints.js';
import { eventAppend, personActor, type CommandAudit, type EventMap } from '../store/events.js';
import { outboxByMessageId, outboxHighWater, outboxQueuedSince } from '../store/outbox.js';
import { applyEvent, procState } from '../workflow/apply.js';
import type { CommandMail } from './commandContext.js';
import { refuseForgedCommand } from './forged.js';
import { registerComplaint } from './register.js';
import {
  managersOnlyText,
  meaningRefusal,
  nextDeadlineText,
  parseErrorText,
  possibleNowText,
  refusalText,
  sentText,
  stateSentence,
  verdictWord,
  whichComplaintText,
} from './replyText.js';
import { statusLines } from './status.js';

export interface CommandMailOutcome {
  ok: boolean;
  /** What the stored mail's detail says happened. */
  detail: string;
  complaintId: number | null;
}

/**
 * A command in the name of `claimed` (matched by From address — a claim only): run it when the
 * mail proves it is theirs (commands/authenticate.ts), otherwise refuse it and alert them.
 * `direct`: the desk's own DKIM/DMARC check of the mail (ingest/mailAuth.ts), when it ran.
 */
export function handleCommandMail(cm: CommandMail, claimed: Person, direct: DirectAuthCheck | null = null): CommandMailOutcome {
  const { tenant } = cm;
  const auth = authenticateCommand(cm.msg, {
    isOurMessageId: (id) => tenant.ids.verify(id) !== null,
    people: tenant.cfg.people,
    trustedAuthservIds: tenant.cfg.commands.trustedAuthservIds,
    sentTo: (id) => {
      const o = outboxByMessageId(tenant.db, id);
      return o && o.tenant === tenant.id ? o.toAddress : null;
    },
    direct,
  });
  if (!auth.ok) {
    refuseForgedCommand(cm, claimed, auth.reason);
    return { ok: false, detail: `refused: ${auth.reason}`, complaintId: cm.complaint?.id ?? null };
  }
  const r = executeCommandMail(cm, auth.person, auth);
  return { ok: r.ok, detail: r.ok ? `executed (${auth.method})` : `refused by the procedure (${auth.method})`, complaintId: r.complaintId };
}

/** A refusal: `lines` for the sender (their language), `log` for the history (English, as before). */
class Refused extends Error {
  constructor(
    readonly lines: string[],
    readonly log: string[] = lines,
  ) {
    super('refused');
  }
}

/** The commands as the sender wrote them: a verdict in the words of the tag's language (`#uitkomst gegrond`). */
const describeCommand = (cmds: readonly ParsedCommand[]) => cmds.map((c) => c.typed + ('verdict' in c ? ` ${verdictWord(c.verdict, c.lang)}` : '')).join(' ');

/**
 * Run an authenticated person's commands, all or nothing (one savepoint), and answer the
 * sender with what changed or why nothing did. Returns the complaint it concerned.
 */
export function executeCommandMail(m: CommandMail, person: Person, auth: Extract<AuthVerdict, { ok: true }>): { ok: boolean; complaintId: number | null } {
  const { tenant, now } = m;
  const { db } = tenant;
  const parsed = parseCommands({ subject: m.msg.subject, body: m.body });
  const lang = tenant.people.languageOf(person);
  let complaint = m.complaint;
  const reply = (ok: boolean, command: string, lines: string[]) => {
    queueLetter(m, {
      complaint: complaint ? { id: complaint.id, reference: complaint.reference } : null,
      kind: 'command-reply',
      template: 'command-reply',
      lang,
      to: { address: person.email, name: person.name },
      data: { person: { name: person.name }, complaint: complaint ? { reference: complaint.reference, subject: complaint.subject } : null, ok, command, lines },
      inReplyTo: m.msg.messageId,
      references: [...m.msg.references, ...(m.msg.messageId ? [m.msg.messageId] : [])],
      autoSubmitted: 'auto-replied',
    });
  };
  const audit: CommandAudit = { messageId: m.msg.messageId, auth: auth.method, authDetail: auth.detail };
  const record = <T extends 'command:refused' | 'command:executed'>(type: T, data: Omit<EventMap[T], keyof CommandAudit>) =>
    eventAppend(db, {
      tenant: tenant.id,
      complaintId: complaint?.id ?? null,
      at: now,
      type,
      actor: personActor(person.id),
      data: { ...data, ...audit } as EventMap[T],
    });

  if (!parsed.ok) {
    // The history keeps the parser's own words; the sender reads them in their language.
    record('command:refused', { subject: m.msg.subject, errors: parsed.errors.map((e) => e.message) });
    reply(
      false,
      m.msg.subject,
      parsed.errors.map((e) => parseErrorText(e, lang)),
    );
    return { ok: false, complaintId: complaint?.id ?? null };
  }
  const cmds = parsed.commands;
  const typed = describeCommand(cmds);
  const forbidden = cmds.filter((c) => commandDef(c.name).role === 'manager' && person.role !== 'manager');
  if (forbidden.length > 0) {
    record('command:refused', { commands: typed, errors: forbidden.map((c) => `${c.typed} is for managers only; you are registered as ${person.role}`) });
    reply(
      false,
      typed,
      forbidden.map((c) => managersOnlyText(c, person, lang)),
    );
    return { ok: false, complaintId: complaint?.id ?? null };
  }

  const lines: string[] = [];
  try {
    db.transaction(() => {
      for (const cmd of cmds) {
        const meaning = meaningOf(cmd, { cfg: tenant.cfg, now });
        if (meaning.kind === 'register-complaint') {
          const r = registerComplaint(m, person, meaning.cmd);
          if (!r.ok) throw new Refused(r.lines, r.log);
          complaint = r.complaint;
          lines.push(...r.lines);
          continue;
        }
        if (!complaint) {
          throw new Refused([whichComplaintText(cmd, tenant.cfg.reference, lang)], [`${cmd.typed}: which complaint?`]);
        }
        if (meaning.kind === 'report-status') {
          lines.push(...statusLines(m, complaint, procState(m, complaint), lang));
          continue;
        }
        const ev = meaning.event;
        if (!ev.ok) throw new Refused([meaningRefusal(cmd, tenant, lang, ev.message)], [ev.message]);
        const before = procState(m, complaint);
        const firstOutbox = outboxHighWater(db);
        const r = applyEvent(m, complaint, ev.event, personActor(person.id), { via: 'email', auth: auth.method, messageId: m.msg.messageId });
        if (!r.ok) {
          const possible = before ? possibleNowText(allowedCommands(before, tenant.cfg.procedure), lang) : null;
          throw new Refused(
            [refusalText(cmd, r.code, r.choices, before, tenant, lang), ...(possible ? [possible] : [])],
            [`${cmd.typed}: ${r.message}${r.choices ? ` (choose: ${r.choices.join(', ')})` : ''}`],
          );
        }
        complaint = complaintById(db, complaint.id)!;
        lines.push(`${cmd.typed}: ${lang === 'nl' ? 'uitgevoerd' : 'done'}. ${stateSentence(r.state.state, lang)}`);
        for (const q of outboxQueuedSince(db, firstOutbox)) lines.push(sentText(q.kind, q.toAddress, tenant, lang, person));
        const next = nextDeadlineText(r.state, tenant, now, lang);
        if (next) lines.push(next);
      }
    })();
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    record('command:refused', { commands: typed, errors: err.log });
    reply(false, typed, err.lines);
    return { ok: false, complaintId: complaint?.id ?? null };
  }
  record('command:executed', { commands: typed });
  reply(true, typed, lines);
  return { ok: true, complaintId: complaint?.id ?? null };
}
