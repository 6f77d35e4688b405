/**
 * A customer's mail on an existing complaint reaches a person (issue 10): every message is
 * forwarded — new text first, quoted history folded below, attachments listed — as a mail the
 * person answers with #antwoord / #notitie. Its signed Message-ID, sent to that one person, is
 * what authenticates their reply as a command (commands/authenticate.ts).
 */
import { commandDef } from '../commands/registry.js';
import type { Person } from '../config/schema.js';
import type { LetterData } from '../letters/data.js';
import { queueLetter } from '../outbox/queue.js';
import { DEADLINE_KINDS, type ComplaintProcState } from '../procedure/types.js';
import { attachmentsForComplaint } from '../store/attachments.js';
import type { Complaint } from '../store/complaints.js';
import type { Moment, TenantContext } from '../tenant/context.js';
import type { Language } from '../text/language.js';
import { untagged } from './effects.js';
import { DEADLINE_LABELS } from './labels.js';

/**
 * Quoted history beyond this is cut at a line break: a long thread's tail is the desk's own
 * letters, which the person already has; the whole mail stays stored (`complaintdesk show`).
 */
export const FORWARD_QUOTE_MAX_CHARS = 6000;

/** One stored mail on a complaint, as it is forwarded. */
export interface IncomingMessage {
  /** The inbound_messages row: its stored attachments are listed. */
  inboundId: number;
  from: { address: string; name: string | null };
  /** The customer wrote it (not a colleague on CC). */
  byCustomer: boolean;
  receivedAt: Date;
  /** What the sender newly wrote, signature included. */
  text: string;
  quoted: string;
  /** Written to management's objection address (To/Cc): the managers read it too, whatever the state. */
  toManagement?: boolean;
}

/** What the message did to the procedure, as the caller applied it. */
export type MessageEffect =
  | { kind: 'none' }
  /** It answered the information request: the state before and after. */
  | { kind: 'information'; before: ComplaintProcState; after: ComplaintProcState }
  /** It reads like an objection and came inside the window, which ends at `until`. */
  | { kind: 'objection-suspected'; until: string }
  /** An objection is being handled (objection, hearing scheduled, heard). */
  | { kind: 'objection' }
  | { kind: 'closed'; closedAt: string | null };

/**
 * Who reads it: the contact person, the managers when there is none; while an objection is on
 * the table (or this message may be one), and whenever it was written to management's address,
 * the managers always, with the contact person.
 */
export function forwardRecipients(tenant: TenantContext, state: ComplaintProcState | null, effect: MessageEffect, toManagement = false): Person[] {
  const handler = tenant.people.byId(state?.handlerId);
  const managersToo = toManagement || effect.kind === 'objection-suspected' || effect.kind === 'objection';
  const list = managersToo ? [...(handler ? [handler] : []), ...tenant.people.managers] : handler ? [handler] : tenant.people.managers;
  return list.filter((p, i) => list.findIndex((q) => q.email === p.email) === i);
}

/**
 * Inside the ingest transaction: queue one forward per recipient. Returns their addresses.
 * `auto-generated` (RFC 3834): nobody asked for this mail, so an out-of-office does not answer it.
 */
export function forwardCustomerMessage(m: Moment, c: Complaint, state: ComplaintProcState | null, msg: IncomingMessage, effect: MessageEffect): string[] {
  const { tenant } = m;
  const recipients = forwardRecipients(tenant, state, effect, msg.toManagement === true);
  const attachments = attachmentsForComplaint(tenant.db, c.id).filter((a) => a.inboundId === msg.inboundId);
  const quote = shortened(msg.quoted.trim(), FORWARD_QUOTE_MAX_CHARS);
  for (const person of recipients) {
    const lang = tenant.people.languageOf(person);
    queueLetter(m, {
      complaint: { id: c.id, reference: c.reference },
      kind: 'customer-message',
      template: 'customer-message',
      lang,
      to: { address: person.email, name: person.name },
      data: {
        person: { name: person.name },
        complaint: { reference: c.reference, subject: untagged(c.subject) },
        customer: { name: c.customerName ?? c.customerEmail ?? '', email: c.customerEmail ?? '' },
        // The name goes into the subject, which the person's reply carries: no command tags from it.
        from: { name: untagged(msg.from.name || msg.from.address), email: msg.from.address, isCustomer: msg.byCustomer },
        receivedAt: msg.receivedAt.toISOString(),
        text: msg.text,
        quoted: quote.text,
        quotedShortened: quote.cut,
        attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: formatSize(a.size, lang), stored: a.stored })),
        ...effectData(effect, lang),
        commands: {
          reply: `#${commandDef('reply').aliases[lang]}`,
          note: `#${commandDef('note').aliases[lang]}`,
          reopen: `#${commandDef('reopen').aliases[lang]}`,
          objection: `#${commandDef('objection').aliases[lang]}`,
          noObjection: `#${commandDef('no-objection').aliases[lang]}`,
        },
      },
      autoSubmitted: 'auto-generated',
    });
  }
  return recipients.map((p) => p.email);
}

type EffectFields = Pick<LetterData<'customer-message'>, 'effect' | 'missing' | 'deadline' | 'until' | 'closedAt'>;

function effectData(effect: MessageEffect, lang: Language): EffectFields {
  const none: EffectFields = { effect: 'none', missing: [], deadline: null, until: null, closedAt: null };
  switch (effect.kind) {
    case 'none':
      return none;
    case 'information': {
      const { before, after } = effect;
      // The company deadline this answer set running: resumed from a pause, or started now the information is complete.
      const kind = DEADLINE_KINDS.find((k) => {
        const d = after.deadlines[k];
        return d?.owner === 'company' && d.status === 'open' && (before.deadlines[k]?.status !== 'open' || before.deadlines[k]?.dueAt !== d.dueAt);
      });
      const running = kind ? after.deadlines[kind] : undefined;
      return {
        ...none,
        effect: after.waitingSince === null ? 'information-complete' : 'information-partial',
        missing: after.missing,
        deadline: kind && running ? { label: DEADLINE_LABELS[kind][lang], dueAt: running.dueAt } : null,
      };
    }
    case 'objection-suspected':
      return { ...none, effect: 'objection-suspected', until: effect.until };
    case 'objection':
      return { ...none, effect: 'objection' };
    case 'closed':
      return { ...none, effect: 'closed', closedAt: effect.closedAt };
  }
}

/** The first `max` characters, cut at a line break. */
function shortened(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const head = text.slice(0, max);
  const nl = head.lastIndexOf('\n');
  return { text: (nl > max / 2 ? head.slice(0, nl) : head).trimEnd(), cut: true };
}

/** "840 bytes", "12,3 kB", "2,1 MB" (nl) / "12.3 kB" (en). */
export function formatSize(bytes: number, lang: Language): string {
  const n = (v: number) => new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }).format(v);
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${n(bytes / 1000)} kB`;
  return `${n(bytes / 1_000_000)} MB`;
}
