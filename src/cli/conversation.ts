import type { DeadlineKind, NotifyWhat } from '../procedure/types.js';
import type { EventMap, EventRow } from '../store/events.js';
import type { DossierInbound } from '../store/dossier.js';
import type { OutboxMail } from '../store/outbox.js';
import { DEADLINE_LABELS, NOTICE_TITLES } from '../workflow/labels.js';
import type { Dossier } from './dossierData.js';
import { localDue, localTime, shortDate } from './humanTime.js';
import type { TenantView } from './tenantViews.js';
import { oneLine } from './terminalSafe.js';
import { DECISION_WORDS, DEADLINE_STATUS_WORDS, LETTER_WORDS, OUTBOX_STATUS_WORDS, OUTCOME_WORDS, STATE_WORDS, wordFor } from './words.js';

/**
 * A complaint's conversation in order: mail in (from whom, what they newly wrote), the
 * procedure's steps as short sentences (by whom), letters out (to whom, delivered or not). Each
 * mail sits just before the step it caused, each letter where it was queued, so a command mail,
 * what it did and the letter it sent read as one exchange even when they share a second.
 */

type Entry = { at: string; lines: string[] };

const T = {
  nl: {
    desk: 'de desk',
    theCustomer: 'de klant',
    mailFrom: 'mail van',
    letterTo: 'aan',
    registered: 'klacht geregistreerd',
    contact: 'contactpersoon',
    noContact: 'nog zonder contactpersoon',
    assigned: 'toegewezen aan',
    by: 'door',
    ackOther: 'ontvangst op andere wijze bevestigd',
    infoRequested: 'vraagt de klant om informatie',
    infoReceived: 'informatie aangevuld',
    serviceSet: 'dienst vastgesteld',
    admissible: 'ontvankelijk verklaard',
    inadmissible: 'niet-ontvankelijk verklaard',
    cause: 'oorzaak vastgelegd',
    contactMade: 'contact met de klant opgenomen',
    contactReminder: 'herinnering: nog geen contact met de klant opgenomen',
    outcome: 'uitkomst',
    learning: 'leerpunt vastgelegd',
    objection: 'bezwaar geregistreerd',
    hearing: 'hoorzitting gepland op',
    phone: 'telefonisch',
    office: 'op kantoor',
    heard: 'hoorzitting gehouden',
    decision: 'uitspraak',
    windowEnded: 'bezwaartermijn verstreken zonder bezwaar',
    closed: 'gesloten',
    reopened: 'heropend',
    note: 'notitie',
    reply: 'bericht aan de klant',
    letterFailed: 'brief kon niet worden verstuurd',
    deadlineSet: 'termijn gestart',
    deadlinePaused: 'termijn gepauzeerd',
    deadlineResumed: 'termijn loopt weer',
    deadline: 'termijn',
    stateNow: 'status',
    bounced: 'brief onbestelbaar',
    notSent: 'geen brief verstuurd',
    notApplied: 'mail niet verwerkt',
    suspected: 'mogelijk bezwaar in mail van de klant; de directie is gevraagd het te bevestigen',
    refused: 'opdracht geweigerd',
    forged: 'opdracht zonder bewijs geweigerd, op naam van',
    breaker: 'noodrem automatische brieven: te veel per uur',
    reminder: 'herinnering over termijn',
    escalation: 'escalatie naar de directie over termijn',
    late: '(te laat)',
    notice: 'melding',
    duplicate: 'dubbel ontvangen',
    automatic: 'automatisch bericht',
  },
  en: {
    desk: 'the desk',
    theCustomer: 'the customer',
    mailFrom: 'mail from',
    letterTo: 'to',
    registered: 'complaint registered',
    contact: 'contact person',
    noContact: 'no contact person yet',
    assigned: 'assigned to',
    by: 'by',
    ackOther: 'receipt acknowledged another way',
    infoRequested: 'asks the customer for information',
    infoReceived: 'information supplied',
    serviceSet: 'service set',
    admissible: 'declared admissible',
    inadmissible: 'declared inadmissible',
    cause: 'cause recorded',
    contactMade: 'customer contacted personally',
    contactReminder: 'reminder: no contact with the customer yet',
    outcome: 'outcome',
    learning: 'learning recorded',
    objection: 'objection registered',
    hearing: 'hearing scheduled for',
    phone: 'by phone',
    office: 'at the office',
    heard: 'hearing held',
    decision: 'decision',
    windowEnded: 'objection period ended without an objection',
    closed: 'closed',
    reopened: 'reopened',
    note: 'note',
    reply: 'message to the customer',
    letterFailed: 'letter could not be sent',
    deadlineSet: 'deadline started',
    deadlinePaused: 'deadline paused',
    deadlineResumed: 'deadline running again',
    deadline: 'deadline',
    stateNow: 'state',
    bounced: 'letter bounced',
    notSent: 'no letter sent',
    notApplied: 'mail not applied',
    suspected: 'possible objection in mail from the customer; management was asked to confirm',
    refused: 'command refused',
    forged: 'command without proof refused, claiming to be',
    breaker: 'circuit breaker for automatic letters: too many per hour',
    reminder: 'reminder about deadline',
    escalation: 'escalation to management about deadline',
    late: '(late)',
    notice: 'notice',
    duplicate: 'received twice',
    automatic: 'automatic mail',
  },
} as const;

/** Stored text shown as an indented quote, one line per line, empty lines dropped. */
const quote = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => oneLine(l).trimEnd())
    .filter((l) => l.trim() !== '')
    .map((l) => `  | ${l}`);

export function conversation(d: Dossier, view: TenantView): string[] {
  const { lang, calendar, people } = view;
  const W = T[lang];
  const c = d.complaint;
  const customerName = c.customerName ? oneLine(c.customerName) : '';
  /** A name for an address: one of the tenant's people, the customer, or the address itself. */
  const who = (address: string | null, name?: string | null): string => {
    const person = people.byEmail(address?.toLowerCase());
    if (person) return oneLine(person.name);
    if (address && c.customerEmail && address.toLowerCase() === c.customerEmail.toLowerCase())
      return `${W.theCustomer}${customerName ? ` ${customerName}` : ''} <${oneLine(address)}>`;
    return name ? `${oneLine(name)} <${oneLine(address ?? '')}>` : oneLine(address ?? '?');
  };
  const actor = (e: EventRow): string => {
    const a = e.actor;
    if (a.kind === 'person') return oneLine(people.byId(a.id)?.name ?? a.id);
    if (a.kind === 'customer') return customerName ? `${W.theCustomer} ${customerName}` : W.theCustomer;
    if (a.kind === 'sender') return oneLine(a.address);
    return W.desk;
  };
  const byActor = (e: EventRow) => (e.actor.kind === 'system' ? '' : ` ${W.by} ${actor(e)}`);
  const deadline = (kind: string) => DEADLINE_LABELS[kind as DeadlineKind]?.[lang] ?? kind;
  const at = (iso: string) => localTime(new Date(iso), lang, calendar);

  const inboundLines = (m: DossierInbound): string[] => {
    const head = `${W.mailFrom} ${who(m.fromAddress, m.fromName)}: ${oneLine(m.subject ?? '')}`;
    const note = m.disposition === 'duplicate' ? ` (${W.duplicate})` : m.disposition === 'automatic' ? ` (${W.automatic})` : '';
    // A command mail's text is what the command recorded: the step after it shows it once.
    return [head + note, ...(m.disposition === 'command' || m.disposition === 'duplicate' ? [] : quote(m.newText))];
  };
  const outboxLine = (o: OutboxMail): string => {
    const kind = o.kind.startsWith('notice-')
      ? `${W.notice}: ${NOTICE_TITLES[o.kind.slice('notice-'.length) as NotifyWhat]?.[lang] ?? o.kind}`
      : wordFor(LETTER_WORDS, lang, o.kind);
    const error = o.lastError && o.status !== 'sent' ? `: ${oneLine(o.lastError)}` : '';
    return `${kind} ${W.letterTo} ${who(o.toAddress, o.toName)} — ${wordFor(OUTBOX_STATUS_WORDS, lang, o.status)}${error}`;
  };

  const sentence = (e: EventRow): string[] | null => {
    const data = e.data as EventMap[keyof EventMap] & Record<string, unknown>;
    const text = (key: string) => (typeof data[key] === 'string' ? data[key] : '');
    switch (e.type) {
      case 'procedure:received': {
        const h = people.byId(text('handlerId'));
        // The customer's own mail is the line above; a person's registration (#register) says who.
        return [`${W.registered}${e.actor.kind === 'person' ? byActor(e) : ''}, ${h ? `${W.contact} ${oneLine(h.name)}` : W.noContact}`];
      }
      case 'procedure:assigned':
        return [`${W.assigned} ${oneLine(people.byId(text('handlerId'))?.name ?? text('handlerId'))}${byActor(e)}`];
      case 'procedure:acknowledgement-sent':
        return [`${W.ackOther}${byActor(e)}`];
      case 'procedure:information-requested':
        return [`${actor(e)} ${W.infoRequested}`, ...quote(text('question'))];
      case 'procedure:information-received':
        return [`${W.infoReceived}${byActor(e)}${text('service') ? `: ${W.serviceSet} ${oneLine(text('service'))}` : ''}`];
      case 'procedure:service-set':
        return [`${W.serviceSet}${byActor(e)}: ${oneLine(text('service'))}`];
      case 'procedure:admissible':
        return [`${W.admissible}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:inadmissible':
        return [`${W.inadmissible}${byActor(e)}`, ...quote(text('justification'))];
      case 'procedure:cause-recorded':
        return [`${W.cause}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:contact-made':
        return [`${W.contactMade}${byActor(e)}`, ...quote(text('note'))];
      case 'procedure:outcome':
        return [`${W.outcome}: ${wordFor(OUTCOME_WORDS, lang, text('verdict'))}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:learning-recorded':
        return [`${W.learning}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:objection':
        return [`${W.objection}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:hearing-scheduled': {
        const mode = text('mode') === 'phone' ? ` (${W.phone})` : text('mode') === 'office' ? ` (${W.office})` : '';
        return [`${W.hearing} ${shortDate(text('date'), lang)} ${text('time')}${mode}${byActor(e)}`];
      }
      case 'procedure:heard':
        return [`${W.heard}${byActor(e)}`];
      case 'procedure:decision':
        return [`${W.decision}: ${wordFor(DECISION_WORDS, lang, text('verdict'))}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:objection-window-ended':
        return [W.windowEnded];
      case 'procedure:close':
        return [`${W.closed}${byActor(e)}${text('reason') ? `: ${oneLine(text('reason'))}` : ''}`];
      case 'procedure:reopen':
        return [`${W.reopened}${byActor(e)}${text('reason') ? `: ${oneLine(text('reason'))}` : ''}`];
      case 'procedure:note':
        return [`${W.note}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:reply':
        return [`${W.reply}${byActor(e)}`, ...quote(text('body'))];
      case 'procedure:letter-failed':
        return [`${W.letterFailed}: ${wordFor(LETTER_WORDS, lang, text('letter'))}`];
      case 'deadline:set':
        return [`${W.deadlineSet}: ${deadline(text('kind'))}, ${localDue(new Date(text('dueAt')), lang, calendar)}`];
      case 'deadline:pause':
        return [`${W.deadlinePaused}: ${deadline(text('kind'))}`];
      case 'deadline:resume':
        return [`${W.deadlineResumed}: ${deadline(text('kind'))}, ${localDue(new Date(text('dueAt')), lang, calendar)}`];
      case 'deadline:clear':
        return [`${W.deadline} ${deadline(text('kind'))}: ${wordFor(DEADLINE_STATUS_WORDS, lang, text('status'))}`];
      case 'record:state-changed':
        return [`${W.stateNow}: ${(STATE_WORDS[lang] as Record<string, string>)[text('to')] ?? text('to')}`];
      case 'letter:bounced':
        return [`${W.bounced}: ${who(text('to'))}`, ...quote(text('diagnostic'))];
      case 'letter:not-sent':
        return [`${W.notSent} (${wordFor(LETTER_WORDS, lang, text('kind'))}): ${oneLine(text('reason'))}`];
      case 'mail:not-applied':
        return [`${W.notApplied}: ${oneLine(text('reason'))}`];
      case 'objection:suspected':
        return [W.suspected];
      case 'command:refused': {
        const errors = Array.isArray(data.errors) ? (data.errors as unknown[]).map(String) : [];
        return [`${W.refused}${byActor(e)}: ${oneLine(text('commands'))}`, ...errors.flatMap(quote)];
      }
      case 'command:rejected-unauthenticated':
        return [`${W.forged} ${oneLine(people.byId(text('claimedPerson'))?.name ?? text('claimedPerson'))}: ${oneLine(text('reason'))}`];
      case 'auto-reply:breaker-tripped':
        return [W.breaker];
      case 'schedule:reminder':
        return [`${W.reminder} ${deadline(text('deadline'))}${data.late ? ` ${W.late}` : ''}`];
      case 'schedule:contact-reminder':
        return [`${W.contactReminder}${data.late ? ` ${W.late}` : ''}`];
      case 'schedule:escalation':
        return [`${W.escalation} ${deadline(text('deadline'))}${data.late ? ` ${W.late}` : ''}`];
      default:
        // Letters appear as outbox rows, mail as inbound rows, records repeat their procedure
        // step, an executed command is its mail line and the steps after it.
        return null;
    }
  };

  const inboundById = new Map(d.inbound.filter((m) => m.messageId).map((m) => [m.messageId!, m]));
  const outboxById = new Map(d.outbox.map((o) => [o.messageId, o]));
  const placed = new Set<object>();
  const entries: Entry[] = [];
  for (const e of d.events) {
    const messageId = (e.data as { messageId?: unknown }).messageId;
    if (typeof messageId === 'string') {
      const m = inboundById.get(messageId);
      if (m && !placed.has(m)) {
        placed.add(m);
        entries.push({ at: m.receivedAt, lines: inboundLines(m) });
      }
      const o = e.type === 'letter:queued' ? outboxById.get(messageId) : undefined;
      if (o && !placed.has(o)) {
        placed.add(o);
        entries.push({ at: o.createdAt, lines: [outboxLine(o)] });
      }
    }
    const lines = sentence(e);
    if (lines) entries.push({ at: e.at, lines });
  }
  // Mail no event names (automatic mail, duplicates) and letters queued without an event: by time.
  const rest: Entry[] = [
    ...d.inbound.filter((m) => !placed.has(m)).map((m) => ({ at: m.receivedAt, lines: inboundLines(m) })),
    ...d.outbox.filter((o) => !placed.has(o)).map((o) => ({ at: o.createdAt, lines: [outboxLine(o)] })),
  ];
  for (const r of rest) {
    const i = entries.findIndex((x) => x.at > r.at);
    entries.splice(i === -1 ? entries.length : i, 0, r);
  }
  return entries.flatMap((x) => {
    const time = at(x.at);
    const [first, ...more] = x.lines;
    return [`${time}  ${first ?? ''}`, ...more.map((l) => `${''.padEnd(time.length)}  ${l}`)];
  });
}
