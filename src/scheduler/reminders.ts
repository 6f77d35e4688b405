import type { WorkingCalendar } from '../calendar/types.js';
import { commandDef, commandDefs, procedureCommands } from '../commands/registry.js';
import type { CommandName, CommandRole } from '../commands/types.js';
import type { Person } from '../config/schema.js';
import type { TenantContext } from '../tenant/context.js';
import type { LetterData, LetterName } from '../letters/data.js';
import type { LetterPayload } from '../outbox/queue.js';
import type { Language } from '../text/language.js';
import { allowedCommands } from '../procedure/index.js';
import { DEADLINE_MET_BY } from '../procedure/metBy.js';
import { handlerFor } from '../procedure/registry.js';
import type { Procedure } from '../procedure/schema.js';
import type { ComplaintProcState, DeadlineKind } from '../procedure/types.js';
import { complaintById } from '../store/complaints.js';
import { deadlinesOpenCompanyDue, type OpenDeadline } from '../store/deadlines.js';
import { noticeExists } from '../store/sentNotices.js';
import { untagged } from '../workflow/effects.js';
import { DEADLINE_LABELS } from '../workflow/labels.js';
import {
  deliverAll,
  emptyResult,
  isWorkingMomentAfter,
  workingDaysWindowEnd,
  type JobContext,
  type JobResult,
  type Notice,
  type NoticeMail,
} from './context.js';

export type { OpenDeadline };

export interface ReminderDue {
  deadline: OpenDeadline;
  /** The most urgent threshold reached: the one to send. */
  threshold: number;
  /** Working days from now's local day to the due day. */
  workingDaysLeft: number;
  /** Larger thresholds also reached (catch-up after downtime): skipped when not yet sent. */
  passed: number[];
}

/**
 * Which reminders are due now: pure. A threshold t is reached once at most t working days are
 * left before the due day, until the deadline passes; of all reached thresholds only the most
 * urgent one is sent, so a daemon that was down sends one (late) reminder, not a burst.
 * The caller gates on working days and the reminder hour.
 */
export function remindersDue(deadlines: readonly OpenDeadline[], calendar: WorkingCalendar, thresholds: readonly number[], now: Date): ReminderDue[] {
  const sorted = [...new Set(thresholds)].sort((a, b) => a - b);
  const out: ReminderDue[] = [];
  for (const d of deadlines) {
    const due = new Date(d.dueAt);
    if (due.getTime() < now.getTime()) continue; // passed: escalations take over
    const left = calendar.workingDaysBetween(now, due);
    const reached = sorted.filter((t) => t >= left);
    const [threshold, ...passed] = reached;
    if (threshold === undefined) continue;
    out.push({ deadline: d, threshold, workingDaysLeft: Math.max(0, left), passed });
  }
  return out;
}

export const reminderKey = (d: Pick<OpenDeadline, 'complaintId' | 'kind' | 'dueAt'>, threshold: number) =>
  `reminder:${d.complaintId}:${d.kind}:${d.dueAt}:${threshold}`;

/** What the procedure expects next, per deadline, for the reminder's "Next step". */
export const NEXT_STEP: Record<DeadlineKind, Record<Language, string>> = {
  acknowledgement: {
    nl: 'bevestig de ontvangst en noem de contactpersoon: wijs een behandelaar toe',
    en: 'acknowledge the complaint naming the contact person: assign a handler',
  },
  information: { nl: 'de klant moet de gevraagde informatie aanleveren', en: 'the customer has to supply the requested information' },
  outcome: { nl: 'stuur de klant de inhoudelijke reactie (uitkomst)', en: 'send the customer the substantive response (outcome)' },
  'objection-window': { nl: 'de bezwaartermijn van de klant loopt af', en: "the customer's objection period ends" },
  decision: { nl: 'de directie stuurt de schriftelijke uitspraak', en: 'management sends the written decision' },
};

/** `#alias usage` lines of the commands the procedure allows now, in the reader's language. */
export function commandLines(tenant: TenantContext, procState: string | null, lang: Language): string[] {
  if (!procState) return [];
  const state = JSON.parse(procState) as ComplaintProcState;
  const used = procedureCommands(tenant.cfg.procedure);
  return allowedCommands(state, tenant.cfg.procedure).flatMap((name) => {
    if (!used.includes(name as CommandName)) return [];
    try {
      const def = commandDef(name as CommandName);
      return [`#${def.aliases[lang]}${def.usage[lang] ? ` ${def.usage[lang]}` : ''}`];
    } catch {
      return []; // a step command without a handler command
    }
  });
}

type DeadlineLetter = Extract<LetterName, 'reminder' | 'escalation'>;
/** What a reminder or an escalation adds to the common deadline data. */
type DeadlineExtra<K extends DeadlineLetter> = Omit<LetterData<K>, 'person' | 'complaint' | 'deadline'>;

/** The envelope and the data every mail about one deadline carries (reminders, escalations). */
export function deadlineMail<K extends DeadlineLetter>(
  tenant: TenantContext,
  d: OpenDeadline,
  person: Person,
  template: K,
  extra: (lang: Language) => DeadlineExtra<K>,
): NoticeMail {
  const lang = tenant.people.languageOf(person);
  const data = {
    person: { name: person.name },
    complaint: { reference: d.reference, subject: untagged(d.subject) },
    deadline: { label: DEADLINE_LABELS[d.kind][lang], dueAt: d.dueAt },
    ...extra(lang),
  };
  // The common part plus DeadlineExtra<K> is LetterData<K>; TypeScript cannot see that through the generic.
  const payload = { template, data } as unknown as LetterPayload<K>;
  return { complaint: { id: d.complaintId, reference: d.reference }, kind: template, lang, to: { address: person.email, name: person.name }, ...payload };
}

/**
 * Who can meet a deadline, from the procedure itself: the events that meet it (DEADLINE_MET_BY),
 * the commands behind those events and their roles. When only managers can (the decision:
 * #decision is theirs alone) the reminder goes to them; otherwise to the contact person.
 */
export function deadlineAudience(kind: DeadlineKind): 'contact-person' | 'managers' {
  const roles: CommandRole[] = DEADLINE_MET_BY[kind].flatMap((event) => {
    const command = handlerFor(event).command;
    const def = commandDefs.find((x) => x.name === command);
    return def ? [def.role] : [];
  });
  return roles.length > 0 && roles.every((role) => role === 'manager') ? 'managers' : 'contact-person';
}

/** The people a reminder about `d` goes to: its audience; the managers when it has no contact person. */
export function reminderRecipients(tenant: TenantContext, d: Pick<OpenDeadline, 'kind' | 'handlerId'>): Person[] {
  if (deadlineAudience(d.kind) === 'managers') return [...tenant.people.managers];
  const handler = tenant.people.byId(d.handlerId);
  return handler ? [handler] : [...tenant.people.managers];
}

export function reminderMails(tenant: TenantContext, d: OpenDeadline, workingDaysLeft: number, late = false) {
  return reminderRecipients(tenant, d).map((person) =>
    deadlineMail(tenant, d, person, 'reminder', (lang) => ({
      workingDaysLeft,
      next: NEXT_STEP[d.kind][lang],
      commands: commandLines(tenant, d.procState, lang),
      late,
    })),
  );
}

/**
 * The reminders job: whoever can meet each open company deadline (reminderRecipients) hears of
 * it at the configured thresholds; and, where the procedure promises personal contact, the
 * contact person is reminded once when the customer has not been reached yet.
 */
export function runReminders(ctx: JobContext): JobResult {
  const result = emptyResult('reminders', ctx);
  const { tenant } = ctx;
  const sched = tenant.cfg.schedule;
  if (!isWorkingMomentAfter(ctx, sched.reminderTime)) return result;
  // Only deadlines a threshold (or the contact reminder) can reach now: not passed, and at most
  // the largest number of working days away.
  const { treatment } = tenant.cfg.procedure;
  const reach = Math.max(...sched.reminderThresholds, treatment.personalContact ? treatment.contactReminderWorkingDays : 0);
  const deadlines = deadlinesOpenCompanyDue(tenant.db, tenant.cfg.id, ctx.now, workingDaysWindowEnd(tenant.calendar, ctx.now, reach));
  deliverAll(ctx, reminderNotices(ctx, deadlines), result);
  return result;
}

function* reminderNotices(ctx: JobContext, deadlines: readonly OpenDeadline[]): Generator<Notice> {
  const { tenant } = ctx;
  const { db } = tenant;
  for (const r of remindersDue(deadlines, tenant.calendar, tenant.cfg.schedule.reminderThresholds, ctx.now)) {
    const key = reminderKey(r.deadline, r.threshold);
    if (noticeExists(db, key)) continue;
    const supersedes = r.passed.map((t) => reminderKey(r.deadline, t)).filter((k) => !noticeExists(db, k));
    const late = supersedes.length > 0 || r.workingDaysLeft < r.threshold;
    yield {
      key,
      kind: 'reminder',
      complaintId: r.deadline.complaintId,
      supersedes,
      late,
      mails: reminderMails(tenant, r.deadline, r.workingDaysLeft, late),
      event: {
        type: 'schedule:reminder',
        data: { deadline: r.deadline.kind, dueAt: r.deadline.dueAt, threshold: r.threshold, workingDaysLeft: r.workingDaysLeft },
      },
    };
  }
  for (const r of contactRemindersDue(tenant.cfg.procedure, tenant.calendar, deadlines, ctx.now)) {
    const key = contactReminderKey(r.deadline.complaintId);
    if (noticeExists(db, key)) continue;
    yield {
      key,
      kind: 'reminder',
      complaintId: r.deadline.complaintId,
      late: r.late,
      mails: contactReminderMails(tenant, r.deadline, r.workingDaysLeft),
      event: { type: 'schedule:contact-reminder', data: { deadline: 'outcome', dueAt: r.deadline.dueAt, workingDaysLeft: r.workingDaysLeft } },
    };
  }
}

// --- personal contact (treatment.personalContact) ---

export interface ContactReminderDue {
  /** The complaint's open outcome deadline. */
  deadline: OpenDeadline;
  workingDaysLeft: number;
  /** The reminder day passed unnoticed (downtime, a pause that ended late): sent now, marked late. */
  late: boolean;
}

/** Once per complaint: a later outcome deadline (after a pause) does not remind again. */
export const contactReminderKey = (complaintId: number) => `contact-reminder:${complaintId}`;

/**
 * Complaints whose customer nobody has reached yet, with the outcome deadline running and at most
 * `treatment.contactReminderWorkingDays` working days away: pure. A passed deadline is left to
 * the escalations; a paused one is not in `deadlines` (waiting on the customer).
 */
export function contactRemindersDue(policy: Procedure, calendar: WorkingCalendar, deadlines: readonly OpenDeadline[], now: Date): ContactReminderDue[] {
  if (!policy.treatment.personalContact) return [];
  const before = policy.treatment.contactReminderWorkingDays;
  return deadlines.flatMap((d) => {
    if (d.kind !== 'outcome' || !d.procState || Date.parse(d.dueAt) < now.getTime()) return [];
    const s = JSON.parse(d.procState) as Partial<ComplaintProcState>;
    if (s.contactMadeAt || s.outcomeSentAt) return [];
    const left = calendar.workingDaysBetween(now, new Date(d.dueAt));
    if (left > before) return [];
    // Late: a day with exactly `before` working days left came after receipt and went by without it.
    const fromReceipt = s.receivedAt ? calendar.workingDaysBetween(new Date(s.receivedAt), new Date(d.dueAt)) : left;
    return [{ deadline: d, workingDaysLeft: Math.max(0, left), late: left < before && fromReceipt >= before }];
  });
}

/** To the contact person (managers when none): reach the customer before the outcome, and record it. */
export function contactReminderMails(tenant: TenantContext, d: OpenDeadline, workingDaysLeft: number): NoticeMail[] {
  const c = complaintById(tenant.db, d.complaintId);
  const handler = tenant.people.byId(d.handlerId);
  const people = handler ? [handler] : tenant.people.managers;
  return people.map((person) => {
    const lang = tenant.people.languageOf(person);
    return {
      complaint: { id: d.complaintId, reference: d.reference },
      kind: 'contact-reminder',
      template: 'contact-reminder',
      lang,
      to: { address: person.email, name: person.name },
      data: {
        person: { name: person.name },
        complaint: { reference: d.reference, subject: untagged(d.subject) },
        customer: { name: c?.customerName ?? '', email: c?.customerEmail ?? '', phone: c?.customerPhone ?? null },
        contactPerson: handler !== null,
        outcomeDueAt: d.dueAt,
        workingDaysLeft,
        commands: { called: `#${commandDef('called').aliases[lang]}`, reply: `#${commandDef('reply').aliases[lang]}` },
      },
    };
  });
}
