import type { Period } from '../procedure/period.js';
import type { DeadlineKind, ProcStateName } from '../procedure/types.js';
import type { DeadlineRow } from '../store/deadlines.js';
import type { EventRow } from '../store/events.js';
import { DEADLINE_LABELS } from '../workflow/labels.js';
import { conversation } from './conversation.js';
import type { Dossier } from './dossierData.js';
import { localDue, localTime, timeLeft } from './humanTime.js';
import type { TenantView } from './tenantViews.js';
import { oneLine } from './terminalSafe.js';
import { CHANNEL_WORDS, DEADLINE_STATUS_WORDS, DECISION_WORDS, LETTER_WORDS, OUTBOX_STATUS_WORDS, OUTCOME_WORDS, STATE_WORDS, wordFor } from './words.js';

/**
 * `show REF` for a person at a terminal: who complains, who handles it, where it stands, what is
 * due when (local time, working days left) and the conversation in order. The machine form is
 * dossierJson (dossierData.ts).
 */
const LABELS = {
  nl: {
    subject: 'onderwerp',
    customer: 'klant',
    contact: 'contactpersoon',
    customerContact: 'klantcontact',
    contactMade: 'opgenomen',
    contactByMessage: 'bericht aan de klant',
    noContactYet: 'nog geen contact opgenomen',
    service: 'dienst',
    state: 'status',
    verdict: 'oordeel',
    cause: 'oorzaak',
    learnings: 'leerpunten',
    channel: 'kanaal',
    received: 'ontvangen',
    description: 'omschrijving',
    deadlines: 'termijnen',
    conversation: 'verloop',
    attachments: 'bijlagen',
    none: 'geen',
    unknown: 'onbekend',
    unassigned: 'nog niet toegewezen',
    notYet: 'nog niet vastgelegd',
    inadmissible: 'niet-ontvankelijk',
    due: 'uiterlijk',
    customerDeadline: 'termijn van de klant',
    pausedSince: 'gepauzeerd sinds',
    onResume: 'bij hervatten nog',
    unnamed: '(zonder naam)',
    notStored: 'niet bewaard: te groot',
    bytes: 'bytes',
    undelivered: 'niet afgeleverde brieven (de klant is mogelijk niet per e-mail bereikbaar; neem op een andere manier contact op):',
    waiting: 'brieven die wachten:',
    waitsUntil: 'wacht tot',
    to: 'aan',
  },
  en: {
    subject: 'subject',
    customer: 'customer',
    contact: 'contact person',
    customerContact: 'customer contact',
    contactMade: 'made',
    contactByMessage: 'message to the customer',
    noContactYet: 'no contact made yet',
    service: 'service',
    state: 'state',
    verdict: 'verdict',
    cause: 'cause',
    learnings: 'learnings',
    channel: 'channel',
    received: 'received',
    description: 'description',
    deadlines: 'deadlines',
    conversation: 'conversation',
    attachments: 'attachments',
    none: 'none',
    unknown: 'unknown',
    unassigned: 'not assigned yet',
    notYet: 'not recorded yet',
    inadmissible: 'inadmissible',
    due: 'due',
    customerDeadline: "the customer's period",
    pausedSince: 'paused since',
    onResume: 'left on resuming:',
    unnamed: '(unnamed)',
    notStored: 'not stored: too large',
    bytes: 'bytes',
    undelivered: 'undelivered letters (the customer may be unreachable by email; reach them another way):',
    waiting: 'letters waiting:',
    waitsUntil: 'waits until',
    to: 'to',
  },
} as const;

/** The header's label column: every label padded to the longest, so the values line up. */
function field(label: string, width: number, value: string): string {
  return `${`${label}:`.padEnd(width + 2)}${value}`;
}

const bodyOf = (e: EventRow): string => {
  const body = (e.data as { body?: unknown }).body;
  return typeof body === 'string' ? body : '';
};

export function dossierLines(d: Dossier, view: TenantView, now: Date): string[] {
  const { lang, calendar, people } = view;
  const L = LABELS[lang];
  const c = d.complaint;
  const s = d.procedureState;
  const width = Math.max(
    ...['subject', 'customer', 'contact', 'customerContact', 'service', 'state', 'verdict', 'cause', 'learnings', 'channel', 'received'].map(
      (k) => L[k as keyof typeof L].length,
    ),
  );
  const handler = people.byId(c.handlerId);
  const contact = handler
    ? `${oneLine(handler.name)} <${handler.email}>${handler.phone ? `  ${handler.phone}` : ''}`
    : c.handlerId
      ? c.handlerId
      : L.unassigned;
  const customer = [
    [oneLine(c.customerName ?? ''), c.customerEmail ? `<${oneLine(c.customerEmail)}>` : ''].filter(Boolean).join(' '),
    c.customerPhone ? oneLine(c.customerPhone) : '',
  ]
    .filter(Boolean)
    .join('  ');
  const verdict = [
    s?.admissibility === 'inadmissible' ? L.inadmissible : '',
    s?.outcomeVerdict ? wordFor(OUTCOME_WORDS, lang, s.outcomeVerdict) : '',
    s?.decisionVerdict ? wordFor(DECISION_WORDS, lang, s.decisionVerdict) : '',
  ]
    .filter(Boolean)
    .join('; ');
  const causes = d.events.filter((e) => e.type === 'procedure:cause-recorded').map(bodyOf);
  const learnings = d.events.filter((e) => e.type === 'procedure:learning-recorded').map(bodyOf);
  const stateName = (s?.state ?? c.state) as ProcStateName;
  const out = [
    `${c.reference}  ${oneLine(view.name)}`,
    field(L.subject, width, oneLine(c.subject)),
    field(L.customer, width, customer || L.unknown),
    field(L.contact, width, contact),
    ...contactLines(d, view).map((line, i) => (i === 0 ? field(L.customerContact, width, line) : `${''.padEnd(width + 2)}${line}`)),
    field(L.service, width, c.service ? oneLine(c.service) : L.unknown),
    field(L.state, width, STATE_WORDS[lang][stateName] ?? c.state),
    field(L.verdict, width, verdict || L.notYet),
    field(L.cause, width, causes.length ? oneLine(causes[causes.length - 1]!) : L.notYet),
    field(L.learnings, width, learnings.length ? oneLine(learnings[0]!) : L.notYet),
    ...learnings.slice(1).map((l) => `${''.padEnd(width + 2)}${oneLine(l)}`),
    field(L.channel, width, wordFor(CHANNEL_WORDS, lang, c.channel)),
    field(L.received, width, localTime(new Date(c.receivedAt), lang, calendar)),
    '',
    `${L.description}:`,
    ...c.description.split('\n').map((l) => `  ${l}`),
    '',
    `${L.deadlines}:`,
  ];
  if (d.deadlines.length === 0) out.push(`  ${L.none}`);
  for (const row of d.deadlines) out.push(...deadlineLines(row, s?.deadlines[row.kind as DeadlineKind]?.remaining, view, now));

  // A letter the mail server refused for good needs a person before anything else in the dossier.
  const failed = d.outbox.filter((o) => o.status === 'failed');
  if (failed.length) {
    out.push('', L.undelivered);
    for (const o of failed) out.push(`  #${o.id} ${wordFor(LETTER_WORDS, lang, o.kind)} ${L.to} ${oneLine(o.toAddress)}: ${oneLine(o.lastError ?? 'bounced')}`);
  }
  const waiting = d.outbox.filter((o) => o.status === 'held' || (o.status === 'pending' && o.holdReason));
  if (waiting.length) {
    out.push('', L.waiting);
    for (const o of waiting)
      out.push(
        `  #${o.id} ${wordFor(LETTER_WORDS, lang, o.kind)} ${L.to} ${oneLine(o.toAddress)}: ${o.status === 'held' ? wordFor(OUTBOX_STATUS_WORDS, lang, 'held') : `${L.waitsUntil} ${localTime(new Date(o.nextAttemptAt), lang, calendar)}`} (${oneLine(o.holdReason ?? '')})`,
      );
  }

  out.push('', `${L.conversation}:`, ...conversation(d, view).map((l) => `  ${l}`));

  out.push('', `${L.attachments}:`);
  if (d.attachments.length === 0) out.push(`  ${L.none}`);
  for (const a of d.attachments)
    out.push(
      `  ${a.filename === null ? L.unnamed : oneLine(a.filename)}  ${oneLine(a.contentType)}  ${a.size} ${L.bytes}${a.stored ? '' : `  (${L.notStored})`}`,
    );
  return out;
}

/**
 * Personal contact with the customer (treatment.personalContact): the latest #called (with its
 * note) or message through the desk, "op ma 7 dec 2026 10:15 door Anna de Vries — notitie"; while
 * none, and the procedure promises it, that it has not happened. Nothing where it is not promised
 * and nobody recorded any.
 */
function contactLines(d: Dossier, view: TenantView): string[] {
  const { lang, calendar, people } = view;
  const L = LABELS[lang];
  const contacts = d.events.filter((e) => e.type === 'procedure:contact-made' || e.type === 'procedure:reply');
  const latest = contacts[contacts.length - 1];
  if (!latest) return view.promisesContact && d.procedureState ? [L.noContactYet] : [];
  const by = latest.actor.kind === 'person' ? ` ${lang === 'nl' ? 'door' : 'by'} ${oneLine(people.byId(latest.actor.id)?.name ?? latest.actor.id)}` : '';
  const note = latest.type === 'procedure:reply' ? L.contactByMessage : oneLine((latest.data as { note?: string }).note ?? '');
  const head = `${L.contactMade} ${lang === 'nl' ? 'op' : 'on'} ${localTime(new Date(latest.at), lang, calendar)}${by}`;
  return [note ? `${head} — ${note}` : head];
}

function periodWords(p: Period, lang: 'nl' | 'en'): string {
  const n = 'workingDays' in p ? p.workingDays : p.calendarDays;
  if ('workingDays' in p) return lang === 'nl' ? `${n} ${n === 1 ? 'werkdag' : 'werkdagen'}` : `${n} working day${n === 1 ? '' : 's'}`;
  return lang === 'nl' ? `${n} ${n === 1 ? 'dag' : 'dagen'}` : `${n} day${n === 1 ? '' : 's'}`;
}

/** "Inhoudelijke reactie (uitkomst)" then "uiterlijk wo 30 dec 2026, einde van de dag: nog 5 werkdagen". */
function deadlineLines(row: DeadlineRow, remaining: Period | undefined, view: TenantView, now: Date): string[] {
  const { lang, calendar } = view;
  const L = LABELS[lang];
  const label = DEADLINE_LABELS[row.kind as DeadlineKind]?.[lang] ?? row.kind;
  const due = `${L.due} ${localDue(new Date(row.dueAt), lang, calendar)}`;
  const resolved = row.resolvedAt ? ` (${localTime(new Date(row.resolvedAt), lang, calendar)})` : '';
  let state: string;
  if (row.status === 'open') state = timeLeft(new Date(row.dueAt), now, lang, calendar).text;
  else if (row.status === 'paused')
    state = `${L.pausedSince} ${row.pausedAt ? localTime(new Date(row.pausedAt), lang, calendar) : '?'}${remaining ? `, ${L.onResume} ${periodWords(remaining, lang)}` : ''}`;
  else state = `${wordFor(DEADLINE_STATUS_WORDS, lang, row.status)}${resolved}`;
  return [`  ${label}${row.owner === 'customer' ? ` (${L.customerDeadline})` : ''}`, `    ${due}: ${state}`];
}
