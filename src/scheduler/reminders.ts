import type { WorkingCalendar } from '../calendar/types.js';
import { commandDef, procedureCommands } from '../commands/registry.js';
import type { CommandName } from '../commands/types.js';
import type { Person } from '../config/schema.js';
import type { TenantContext } from '../tenant/context.js';
import type { LetterData, LetterName } from '../letters/data.js';
import type { LetterPayload } from '../outbox/queue.js';
import type { Language } from '../text/language.js';
import { allowedCommands } from '../procedure/index.js';
import type { ComplaintProcState, DeadlineKind } from '../procedure/types.js';
import { deadlinesOpenCompany, type OpenDeadline } from '../store/deadlines.js';
import { noticeExists } from '../store/sentNotices.js';
import { untagged } from '../workflow/effects.js';
import { DEADLINE_LABELS } from '../workflow/labels.js';
import { deliver, emptyResult, isWorkingMomentAfter, type JobContext, type JobResult, type NoticeMail } from './context.js';

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

export function reminderMails(tenant: TenantContext, d: OpenDeadline, workingDaysLeft: number, to: 'handler' | 'managers', late = false) {
  const handler = tenant.people.byId(d.handlerId);
  const people = to === 'handler' && handler ? [handler] : tenant.people.managers;
  return people.map((person) =>
    deadlineMail(tenant, d, person, 'reminder', (lang) => ({
      workingDaysLeft,
      next: NEXT_STEP[d.kind][lang],
      commands: commandLines(tenant, d.procState, lang),
      late,
    })),
  );
}

/** The reminders job: the assigned handler (managers when none) hears of each open company deadline at the configured thresholds. */
export function runReminders(ctx: JobContext): JobResult {
  const result = emptyResult('reminders', ctx);
  const sched = ctx.tenant.cfg.schedule;
  if (!isWorkingMomentAfter(ctx, sched.reminderTime)) return result;
  const due = remindersDue(deadlinesOpenCompany(ctx.tenant.db, ctx.tenant.cfg.id), ctx.tenant.calendar, sched.reminderThresholds, ctx.now);
  for (const r of due) {
    const key = reminderKey(r.deadline, r.threshold);
    if (noticeExists(ctx.tenant.db, key)) continue;
    const supersedes = r.passed.map((t) => reminderKey(r.deadline, t)).filter((k) => !noticeExists(ctx.tenant.db, k));
    const late = supersedes.length > 0 || r.workingDaysLeft < r.threshold;
    deliver(
      ctx,
      {
        key,
        kind: 'reminder',
        complaintId: r.deadline.complaintId,
        supersedes,
        late,
        mails: reminderMails(ctx.tenant, r.deadline, r.workingDaysLeft, 'handler', late),
        event: {
          type: 'schedule:reminder',
          data: { deadline: r.deadline.kind, dueAt: r.deadline.dueAt, threshold: r.threshold, workingDaysLeft: r.workingDaysLeft },
        },
      },
      result,
    );
  }
  return result;
}
