// The promises of both published procedures (seeds 000 PreAct and 002 PuraSec, as SPEC.md §1
// reads them), each in a measurable form, and a checker that measures them from the store alone —
// the complaints, the outbox (when each letter was accepted for sending), the event history and the
// deadlines table — never from the simulation's own bookkeeping. A promise whose moment had not
// come when the run ended is counted as pending, not as kept.
import type { Database } from 'better-sqlite3';
import { formatLongDate } from '../../src/calendar/format.js';
import type { WorkingCalendar } from '../../src/calendar/types.js';

export interface PromiseDef {
  tenant: 'preact' | 'purasec';
  id: string;
  /** The regulation's words. */
  says: string;
  /** How it is measured. */
  measure: string;
}

export const PROMISES: PromiseDef[] = [
  {
    tenant: 'preact',
    id: 'acknowledgement',
    says: 'binnen 5 werkdagen een bevestiging per email met de gegevens van de contactpersoon',
    measure:
      'acknowledgement letter sent by the end of the 5th working day after receipt, naming a handler (name, email, phone); stored deadline equal and met',
  },
  {
    tenant: 'preact',
    id: 'contact',
    says: 'uw contactpersoon neemt voor een toelichting altijd contact met u op',
    measure: 'before the outcome letter: a message from the contact person to the customer, or contact recorded (#gebeld)',
  },
  {
    tenant: 'preact',
    id: 'outcome',
    says: 'binnen 3 weken na ontvangst van uw klacht een inhoudelijke reactie',
    measure: 'outcome letter sent by the end of the 21st calendar day after receipt; stored deadline equal and met',
  },
  {
    tenant: 'preact',
    id: 'objection-route',
    says: 'binnen 4 weken per email bezwaar indienen bij de directie',
    measure: 'the outcome letter tells how to object and names the last day: 28 calendar days after it was sent',
  },
  {
    tenant: 'preact',
    id: 'objection-accepted',
    says: 'bezwaar binnen 4 weken',
    measure:
      'every customer mail the desk read as an objection, received by the end of the 28th day after the outcome letter: registered as an objection at the moment the mail arrived (the stored window deadline met by then), never closed by the window',
  },
  {
    tenant: 'preact',
    id: 'hearing-invitation',
    says: 'u wordt dan uitgenodigd om uw bezwaar mondeling (op afspraak of telefonisch) toe te lichten',
    measure: 'every objection: a hearing invitation letter, before the decision',
  },
  {
    tenant: 'preact',
    id: 'decision',
    says: 'binnen 4 weken na dit gesprek van de directie een schriftelijk bericht over de uitspraak',
    measure: 'decision letter sent by the end of the 28th calendar day after the conversation (#gehoord); stored deadline equal and met',
  },
  {
    tenant: 'preact',
    id: 'closing',
    says: '(afsluiting) geen bezwaar binnen 4 weken: de klacht is afgehandeld',
    measure: 'no objection: closed with a closing letter by the end of the first working day after the window; objection: closed by the decision letter',
  },
  {
    tenant: 'purasec',
    id: 'acknowledgement',
    says: 'binnen 2 werkdagen contact leggen om de ontvangst hiervan te bevestigen',
    measure: 'acknowledgement letter sent by the end of the 2nd working day after receipt; stored deadline equal and met',
  },
  {
    tenant: 'purasec',
    id: 'information',
    says: 'voor het registreren is vereist: contactgegevens, dienst, datum, beschrijving',
    measure: 'a complaint missing a piece: asked for it in a letter by the acknowledgement deadline; the answer recorded (information complete)',
  },
  {
    tenant: 'purasec',
    id: 'inadmissible',
    says: 'indien wij uw klacht niet ontvankelijk achten, zullen wij u een onderbouwing hiervan toesturen',
    measure: 'every inadmissible decision: a letter to the customer carrying the justification',
  },
  {
    tenant: 'purasec',
    id: 'outcome',
    says: 'de uitkomst ... binnen 10 werkdagen nadat wij alle relevante informatie hebben ontvangen',
    measure: 'outcome letter sent by the end of the 10th working day after the information was complete; stored deadline equal and met',
  },
  {
    tenant: 'purasec',
    id: 'learnings',
    says: 'wij zullen de learnings uit uw klacht intern verwerken',
    measure: 'every complaint with an outcome has a learning recorded; every month with learnings is reported to management the next month',
  },
];

/** A string field of an event's data, or undefined. */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface PromiseResult extends PromiseDef {
  count: number;
  kept: number;
  pending: number;
  /** `REF: what happened`. */
  exceptions: string[];
}

interface ComplaintRow {
  id: number;
  tenant: string;
  reference: string;
  received_at: string;
  customer_email: string | null;
  state: string;
  closed_at: string | null;
  handler_id: string | null;
}
interface OutboxRow {
  kind: string;
  to_address: string;
  status: string;
  sent_at: string | null;
  text: string;
  created_at: string;
}
interface EventRow {
  type: string;
  at: string;
  data: Record<string, unknown>;
}
interface DeadlineRow {
  kind: string;
  due_at: string;
  status: string;
  resolved_at: string | null;
}
export interface PersonInfo {
  name: string;
  email: string;
  phone?: string;
  role: string;
}

/**
 * Measures every promise of both regulations over the store as it stands at `end` (the last
 * moment of the run). `calendars` and `people` come from the tenants' config, not from the run.
 */
export function checkPromises(
  db: Database,
  end: Date,
  calendars: Record<string, WorkingCalendar>,
  people: Record<string, PersonInfo[]>,
  timezone = 'Europe/Amsterdam',
): PromiseResult[] {
  const results = new Map(PROMISES.map((p) => [`${p.tenant}/${p.id}`, { ...p, count: 0, kept: 0, pending: 0, exceptions: [] as string[] }]));
  const r = (tenant: string, id: string) => results.get(`${tenant}/${id}`)!;
  const kept = (tenant: string, id: string) => {
    const x = r(tenant, id);
    x.count++;
    x.kept++;
  };
  const pending = (tenant: string, id: string) => {
    const x = r(tenant, id);
    x.count++;
    x.pending++;
  };
  const broken = (tenant: string, id: string, ref: string, what: string) => {
    const x = r(tenant, id);
    x.count++;
    x.exceptions.push(`${ref}: ${what}`);
  };
  const local = (iso: string | Date) => new Date(iso).toLocaleString('nl-NL', { timeZone: timezone, dateStyle: 'short', timeStyle: 'short' });

  const complaints = db
    .prepare('SELECT id, tenant, reference, received_at, customer_email, state, closed_at, handler_id FROM complaints ORDER BY id')
    .all() as ComplaintRow[];
  const outboxOf = db.prepare('SELECT kind, to_address, status, sent_at, text, created_at FROM outbox WHERE complaint_id = ? ORDER BY id');
  const eventsOf = db.prepare('SELECT type, at, data FROM events WHERE complaint_id = ? ORDER BY id');
  const deadlinesOf = db.prepare('SELECT kind, due_at, status, resolved_at FROM deadlines WHERE complaint_id = ?');

  for (const c of complaints) {
    const cal = calendars[c.tenant]!;
    const t = c.tenant;
    const ref = c.reference;
    const received = new Date(c.received_at);
    const outbox = outboxOf.all(c.id) as OutboxRow[];
    const events = (eventsOf.all(c.id) as Array<{ type: string; at: string; data: string }>).map((e) => ({
      ...e,
      data: JSON.parse(e.data) as Record<string, unknown>,
    })) as EventRow[];
    const deadlines = new Map((deadlinesOf.all(c.id) as DeadlineRow[]).map((d) => [d.kind, d]));
    const customer = (c.customer_email ?? '').toLowerCase();
    /** The first letter of this kind to the customer that the mail server (file transport) accepted. */
    const letter = (kind: string): (OutboxRow & { sent: Date }) | null => {
      const o = outbox.find((x) => x.kind === kind && x.to_address.toLowerCase() === customer && x.status === 'sent' && x.sent_at);
      return o ? { ...o, sent: new Date(o.sent_at!) } : null;
    };
    const event = (type: string) => events.find((e) => e.type === type);
    /** A promise with a due moment: kept when `done` is by `due`; pending when not done and due after the run; and the stored deadline agrees. */
    const timely = (id: string, kind: string, done: Date | null, due: Date, what: string) => {
      const stored = deadlines.get(kind);
      if (stored && stored.due_at !== due.toISOString())
        return broken(t, id, ref, `the stored ${kind} deadline is ${local(stored.due_at)}, the regulation gives ${local(due)}`);
      if (stored?.status === 'missed')
        return broken(t, id, ref, `${what}: deadline ${local(due)} recorded as missed (${stored.resolved_at ? local(stored.resolved_at) : '?'})`);
      if (!done) return due > end ? pending(t, id) : broken(t, id, ref, `${what} not sent; due ${local(due)}`);
      if (done > due) return broken(t, id, ref, `${what} sent ${local(done)}, due ${local(due)}`);
      if (stored && stored.status !== 'met') return broken(t, id, ref, `${what} sent in time but the stored ${kind} deadline is ${stored.status}`);
      return kept(t, id);
    };
    const inadmissible = event('procedure:inadmissible');

    // --- acknowledgement (both) ---
    const ack = letter('acknowledgement');
    const ackDue = cal.workingDaysDeadline(received, t === 'preact' ? 5 : 2);
    if (t === 'preact' && ack) {
      const named = (people[t] ?? []).some(
        (p) => p.role === 'handler' && ack.text.includes(p.name) && ack.text.includes(p.email) && (!p.phone || ack.text.includes(p.phone)),
      );
      if (!named) broken(t, 'acknowledgement', ref, 'the acknowledgement names no contact person with name, email and phone');
      else timely('acknowledgement', 'acknowledgement', ack.sent, ackDue, 'acknowledgement');
    } else timely('acknowledgement', 'acknowledgement', ack?.sent ?? null, ackDue, 'acknowledgement');

    const outcome = letter('outcome');
    if (t === 'preact') {
      // --- contact by the contact person, before the outcome ---
      const contactAt = [
        ...outbox.filter((o) => o.kind === 'handler-message' && o.to_address.toLowerCase() === customer && o.sent_at).map((o) => o.sent_at!),
        ...events.filter((e) => e.type === 'procedure:contact-made').map((e) => e.at),
      ].sort()[0];
      if (outcome) {
        if (!contactAt) broken(t, 'contact', ref, `no contact by the contact person before the outcome letter (${local(outcome.sent)})`);
        else if (new Date(contactAt) > outcome.sent)
          broken(t, 'contact', ref, `contact ${local(contactAt)} only after the outcome letter ${local(outcome.sent)}`);
        else kept(t, 'contact');
      } else if (c.state !== 'closed') pending(t, 'contact');

      // --- outcome within 21 calendar days of receipt ---
      timely('outcome', 'outcome', outcome?.sent ?? null, cal.calendarDaysDeadline(received, 21), 'outcome letter');
      if (!outcome) continue;

      // --- the outcome letter names the objection route and its last day ---
      const windowEnd = cal.calendarDaysDeadline(outcome.sent, 28);
      const lang = /Dear|Kind regards/.test(outcome.text) ? 'en' : 'nl';
      const lastDay = formatLongDate(windowEnd, lang, timezone);
      if (!/bezwaar|object/i.test(outcome.text)) broken(t, 'objection-route', ref, 'the outcome letter does not tell how to object');
      else if (!outcome.text.includes(lastDay)) broken(t, 'objection-route', ref, `the outcome letter does not name the last day to object (${lastDay})`);
      else kept(t, 'objection-route');

      // --- objections from the customer within the window ---
      // The desk records a customer's mail that reads as an objection as `objection-suspected`, with the mail's time of receipt.
      const suspected = events.filter((e) => e.type === 'procedure:objection-suspected');
      const objection = event('procedure:objection');
      for (const s of suspected) {
        const at = new Date(str(s.data.receivedAt) ?? s.at);
        if (at > windowEnd) continue; // late: the regulation does not promise to accept it
        // Management read it and answered #geenbezwaar: a remark, not an objection (the closing promise covers it).
        if (!objection && events.some((e) => e.type === 'procedure:objection-dismissed')) continue;
        if (!objection) {
          // The window's end closes the complaint only when no possible objection waits (then it only records the end).
          const closedBy = events.find((e) => e.type === 'procedure:objection-window-ended' && e.data.state === 'closed');
          if (closedBy)
            broken(
              t,
              'objection-accepted',
              ref,
              `objection received ${local(at)} (window until ${local(windowEnd)}) but the complaint was closed by the window at ${local(closedBy.at)}`,
            );
          else if (end.getTime() - at.getTime() < 3 * 86_400_000) pending(t, 'objection-accepted');
          else broken(t, 'objection-accepted', ref, `objection received ${local(at)} never registered`);
        } else {
          // The objection settles the customer's window deadline at the moment it arrived (the customer's mail, not management's confirmation).
          const w = deadlines.get('objection-window');
          if (!w) broken(t, 'objection-accepted', ref, 'no objection-window deadline stored');
          else if (w.due_at !== windowEnd.toISOString())
            broken(t, 'objection-accepted', ref, `the stored window ends ${local(w.due_at)}, the regulation gives ${local(windowEnd)}`);
          else if (w.status === 'cleared' && events.some((e) => e.type === 'procedure:objection-window-ended' && e.at < objection.at))
            broken(
              t,
              'objection-accepted',
              ref,
              `objection mailed ${local(at)}, inside the window; the window-end timer cleared the window deadline at ${local(w.resolved_at ?? '')} while it awaited management, ` +
                `and #bezwaar (${local(objection.at)}) registered it but left the deadline 'cleared' instead of 'met' at ${local(at)}`,
            );
          else if (w.status !== 'met' || !w.resolved_at || new Date(w.resolved_at) > windowEnd)
            broken(
              t,
              'objection-accepted',
              ref,
              `objection received ${local(at)}; the window deadline is ${w.status}${w.resolved_at ? ` at ${local(w.resolved_at)}` : ''}`,
            );
          else if (events.some((e) => e.type === 'record:state-changed' && e.data.to === 'closed' && e.at < objection.at))
            broken(t, 'objection-accepted', ref, `objection received ${local(at)} but the complaint was closed before it was registered`);
          else kept(t, 'objection-accepted');
        }
        break; // one objection per complaint
      }

      // --- hearing invitation and decision ---
      const decision = letter('decision');
      if (objection) {
        const invitation = letter('hearing-invitation');
        if (invitation && (!decision || invitation.sent <= decision.sent)) kept(t, 'hearing-invitation');
        else if (!invitation && !decision && end.getTime() - new Date(objection.at).getTime() < 14 * 86_400_000) pending(t, 'hearing-invitation');
        else broken(t, 'hearing-invitation', ref, invitation ? 'invited only after the decision' : 'objection without a hearing invitation');
      }
      const heard = event('procedure:heard');
      if (heard) {
        // #gehoord names the day (and time) of the conversation, or it was now.
        const d = heard.data;
        const heardAt =
          typeof d.date === 'string'
            ? cal.atLocalTime(d.date, ...((typeof d.time === 'string' ? d.time : '12:00').split(':').map(Number) as [number, number]))
            : new Date(str(d.at) ?? heard.at);
        timely('decision', 'decision', decision?.sent ?? null, cal.calendarDaysDeadline(heardAt, 28), 'decision letter');
      }

      // --- closing ---
      if (objection) {
        if (decision) {
          if (c.state === 'closed') kept(t, 'closing');
          else broken(t, 'closing', ref, `decision sent ${local(decision.sent)} but the complaint is ${c.state}`);
        } else pending(t, 'closing');
      } else if (suspected.length === 0 || events.some((e) => e.type === 'procedure:objection-dismissed')) {
        const closing = letter('closing');
        const due = cal.workingDaysDeadline(windowEnd, 1);
        if (closing && c.state === 'closed' && closing.sent <= due) kept(t, 'closing');
        else if (!closing && due > end) pending(t, 'closing');
        else
          broken(
            t,
            'closing',
            ref,
            closing
              ? `closing letter ${local(closing.sent)} (window ended ${local(windowEnd)}), state ${c.state}`
              : `window ended ${local(windowEnd)}, no closing letter, state ${c.state}`,
          );
      }
      continue;
    }

    // --- PuraSec: information ---
    const receivedEvent = event('procedure:received');
    const present = (receivedEvent?.data.present as string[] | undefined) ?? null;
    const missingAtReceipt = present ? ['contact', 'service', 'date', 'description'].filter((f) => !present.includes(f)) : [];
    let infoComplete: Date | null = received;
    if (missingAtReceipt.length > 0) {
      // The letter that asks (the acknowledgement, or a separate request) names each missing piece.
      const asks: Record<string, RegExp> = {
        contact: /uw contactgegevens|your contact details/i,
        service: /welke dienst|which service/i,
        date: /de datum waarop|the date on which/i,
        description: /een beschrijving van uw klacht|a description of your complaint/i,
      };
      const request = outbox
        .filter(
          (o) =>
            (o.kind === 'acknowledgement' || o.kind === 'information-request') && o.to_address.toLowerCase() === customer && o.status === 'sent' && o.sent_at,
        )
        .filter((o) => missingAtReceipt.every((f) => asks[f]!.test(o.text)))
        .map((o) => ({ ...o, sent: new Date(o.sent_at!) }))
        .sort((a, b) => a.sent.getTime() - b.sent.getTime())[0];
      const completed = events.find((e) => e.type === 'procedure:information-received' && e.data.state !== 'awaiting-information');
      infoComplete = completed ? new Date(str(completed.data.at) ?? completed.at) : null;
      if (!request) broken(t, 'information', ref, `missing ${missingAtReceipt.join(', ')} at receipt, never asked for`);
      else if (request.sent > ackDue) broken(t, 'information', ref, `asked for ${missingAtReceipt.join(', ')} only ${local(request.sent)}`);
      else if (!completed && c.state === 'awaiting-information') pending(t, 'information');
      else if (!completed && !inadmissible) broken(t, 'information', ref, `information never recorded as complete (state ${c.state})`);
      else kept(t, 'information');
    }
    if (inadmissible) {
      const l = letter('inadmissible');
      const why = str(inadmissible.data.justification) ?? '';
      if (l && why && l.text.replace(/\s+/g, ' ').includes(why.replace(/\s+/g, ' ').slice(0, 60))) kept(t, 'inadmissible');
      else broken(t, 'inadmissible', ref, l ? 'the inadmissible letter does not carry the justification' : 'no inadmissible letter sent');
      continue;
    }
    if (infoComplete) {
      const pausedLater = events.some((e) => e.type === 'procedure:information-requested' && new Date(e.at) > infoComplete);
      if (pausedLater) broken(t, 'outcome', ref, 'the clock was paused after the information was complete; not measured by this simulation');
      else timely('outcome', 'outcome', outcome?.sent ?? null, cal.workingDaysDeadline(infoComplete, 10), 'outcome letter');
    }
    if (outcome) {
      if (events.some((e) => e.type === 'procedure:learning-recorded')) kept(t, 'learnings');
      else if (c.state !== 'closed' && end.getTime() - outcome.sent.getTime() < 10 * 86_400_000) pending(t, 'learnings');
      else broken(t, 'learnings', ref, 'outcome sent, no learning recorded');
    }
  }

  // --- PuraSec: learnings reported to management each month ---
  const learningMonths = new Set(
    (db.prepare(`SELECT e.at FROM events e WHERE e.tenant = 'purasec' AND e.type = 'procedure:learning-recorded'`).pluck().all() as string[]).map((at) =>
      calendars.purasec!.localDate(new Date(at)).slice(0, 7),
    ),
  );
  const reports = db.prepare(`SELECT sent_at, text FROM outbox WHERE tenant = 'purasec' AND kind LIKE 'learnings%' AND status = 'sent'`).all() as Array<{
    sent_at: string;
    text: string;
  }>;
  const endMonth = calendars.purasec!.localDate(end).slice(0, 7);
  for (const month of [...learningMonths].sort()) {
    if (month >= endMonth) {
      pending('purasec', 'learnings');
      continue;
    }
    const next = new Date(`${month}-15T12:00:00Z`);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const nextMonth = next.toISOString().slice(0, 7);
    const sent = reports.some((x) => calendars.purasec!.localDate(new Date(x.sent_at)).slice(0, 7) === nextMonth);
    if (sent) kept('purasec', 'learnings');
    else broken('purasec', 'learnings', month, `learnings of ${month} not reported to management in ${nextMonth}`);
  }
  return [...results.values()];
}

/** The report: one line per promise, then every exception by reference. */
export function formatReport(results: PromiseResult[], extra: string[] = []): string {
  const lines: string[] = ['Promises of both regulations, measured from the store after the simulated year:', ''];
  const w = Math.max(...results.map((x) => `${x.tenant} ${x.id}`.length));
  for (const x of results) {
    const measured = x.count - x.pending;
    lines.push(
      `${`${x.tenant} ${x.id}`.padEnd(w)}  ${String(x.kept).padStart(4)}/${String(measured).padEnd(4)} kept on time` +
        `${x.pending ? `, ${x.pending} pending at the end of the run` : ''}${x.exceptions.length ? `, ${x.exceptions.length} EXCEPTIONS` : ''}  — ${x.says}`,
    );
  }
  const ex = results.flatMap((x) => x.exceptions.map((e) => `  ${x.tenant} ${x.id}: ${e}`));
  lines.push('', ex.length ? `Exceptions (${ex.length}):` : 'Exceptions: none', ...ex, ...extra);
  return lines.join('\n');
}
