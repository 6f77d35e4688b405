import type { WorkingCalendar } from '../calendar/types.js';
import type { DigestContent, DigestItem } from '../letters/data.js';
import type { Language } from '../text/language.js';
import type { Db } from '../store/db.js';
import {
  digestAwaitingContact,
  digestComplaints,
  digestComplaintsById,
  digestFigureCounts,
  digestHeldCount,
  digestMiddleOutcomes,
  digestOpenCount,
  digestOpenDeadlines,
  digestQuarantineOpenCount,
  digestTooOldCount,
  digestUnclassifiedCount,
  type DigestComplaintRow,
  type DigestDeadlineRow,
  type OnTimeCounts,
} from '../store/digest.js';
import { learningsRecorded } from '../store/learnings.js';
import { noticeExists, noticeLastAt } from '../store/sentNotices.js';
import { outboxUndelivered } from '../store/outbox.js';
import { untagged } from '../workflow/effects.js';
import { countOf, DEADLINE_LABELS, LETTER_LABELS } from '../workflow/labels.js';
import { deliver, emptyResult, isWorkingMomentAfter, workingDaysWindowEnd, type JobContext, type JobResult } from './context.js';
import { calendarDaysBetween } from './escalations.js';
import { median } from './figures.js';

const DAY_MS = 86_400_000;
/** Later than any due instant (ISO strings compare as text in SQL). */
const END_OF_TIME = new Date('9999-12-31T23:59:59.999Z');
const OBJECTION_STATES = ['objection', 'hearing-scheduled', 'heard'];
/** Open complaints the digest lists by their state: waiting for the customer, and objections. */
const LISTED_OPEN_STATES = ['awaiting-information', ...OBJECTION_STATES];

export type { DigestComplaintRow, DigestDeadlineRow };

export interface DigestRows {
  /** Open complaints in LISTED_OPEN_STATES, those created in [since, now) and those closed in it; oldest receipt first. */
  complaints: DigestComplaintRow[];
  /** Complaints a learning or an undelivered letter names, when open or closed in [since, now). */
  named: DigestComplaintRow[];
  /** How many complaints are open. */
  openCount: number;
  /** Open company deadlines of open complaints that passed or end today or the next working day. */
  openDeadlines: DigestDeadlineRow[];
  /** On time per step, over the deadlines settled (or open and due) in the last 30 and 90 days. */
  onTime: Record<'acknowledgement' | 'outcome', OnTimeCounts>;
  /** Median days from receipt to a resolved outcome deadline over the last 90 days; null when none. */
  medianDaysToOutcome: number | null;
  quarantineOpen: number;
  unclassifiedSince: number;
  /** New threads received too long ago to answer automatically (autoReply.maxMailAgeDays), not yet registered. */
  tooOldSince: number;
  /** Automatic letters the circuit breaker holds now. */
  held: number;
  /** Letters refused for good or bounced since `since` (SPEC §3: someone must hear about them). */
  undelivered: Array<{ complaintId: number | null; kind: string; to: string; error: string }>;
  learnings: Array<{ complaintId: number; at: string; body: string }>;
  /**
   * Where the procedure promises personal contact: complaints nobody has reached yet whose
   * outcome deadline is within `withinWorkingDays` working days (the reminder's
   * `treatment.contactReminderWorkingDays`) or passed. Null where nothing is promised.
   */
  awaitingContact: { complaints: DigestDeadlineRow[]; withinWorkingDays: number } | null;
}

/**
 * The shell half: every row the digest needs, from indexed queries that read only what it lists
 * (deadlines up to the next working day, the complaints it names) and figures counted by SQLite.
 * `contact`: the procedure's personal-contact promise, when it has one.
 */
export function loadDigestRows(
  db: Db,
  tenant: string,
  since: Date,
  now: Date,
  contact: { withinWorkingDays: number } | null = null,
  calendar: WorkingCalendar | null = null,
): DigestRows {
  const from30 = new Date(now.getTime() - 30 * DAY_MS);
  const from90 = new Date(now.getTime() - 90 * DAY_MS);
  // Without a calendar (callers that only want the rows) every open deadline: a window is an optimisation only.
  const until = (workingDays: number) => (calendar ? workingDaysWindowEnd(calendar, now, workingDays) : END_OF_TIME);
  const complaints = digestComplaints(db, tenant, since, now, LISTED_OPEN_STATES);
  const openDeadlines = digestOpenDeadlines(db, tenant, until(1));
  const counts = digestFigureCounts(db, tenant, from30, from90, now);
  const middle = digestMiddleOutcomes(db, tenant, counts.outcomesResolved, from90, now).map(
    (r) => (Date.parse(r.resolvedAt) - Date.parse(r.receivedAt)) / DAY_MS,
  );
  const quarantineOpen = digestQuarantineOpenCount(db, tenant);
  const unclassifiedSince = digestUnclassifiedCount(db, tenant, since, now);
  const learnings = learningsRecorded(db, tenant, since, now);
  const tooOldSince = digestTooOldCount(db, tenant);
  const held = digestHeldCount(db, tenant);
  const undelivered = outboxUndelivered(db, tenant, since).map((m) => ({
    complaintId: m.complaintId,
    kind: m.kind,
    to: m.toAddress,
    error: m.lastError ?? '',
  }));
  const namedIds = [...learnings.map((l) => l.complaintId), ...undelivered.flatMap((u) => (u.complaintId === null ? [] : [u.complaintId]))];
  const awaitingContact = contact
    ? { complaints: digestAwaitingContact(db, tenant, until(contact.withinWorkingDays)), withinWorkingDays: contact.withinWorkingDays }
    : null;
  return {
    complaints,
    named: digestComplaintsById(db, tenant, namedIds, since, now),
    openCount: digestOpenCount(db, tenant),
    openDeadlines,
    onTime: counts.onTime,
    // The one or two middle durations: their mean is the median of all of them.
    medianDaysToOutcome: median(middle),
    quarantineOpen,
    unclassifiedSince,
    tooOldSince,
    held,
    undelivered,
    learnings,
    awaitingContact,
  };
}

/** The digest's content is the digest letter's data contract (letters/data.ts). */
export type DigestData = DigestContent;
export type { DigestItem };

const STATE_LABELS: Record<string, Record<Language, string>> = {
  objection: { nl: 'bezwaar', en: 'objection' },
  'hearing-scheduled': { nl: 'hoorzitting gepland', en: 'hearing scheduled' },
  heard: { nl: 'gehoord, uitspraak volgt', en: 'heard, decision due' },
};

const NONE_YET: Record<Language, string> = { nl: 'nog geen', en: 'none yet' };

/**
 * "80% (4 van 5)"; with nothing to count, "nog geen" instead of a share of nothing. What counts as
 * on time is figures.ts's (the same as `complaintdesk stats`); the window is by settlement here.
 */
function share({ met, total }: { met: number; total: number }, lang: Language): string {
  if (total === 0) return NONE_YET[lang];
  return `${Math.round((met / total) * 100)}% (${met} ${lang === 'nl' ? 'van' : 'of'} ${total})`;
}

/** A median duration: "binnen een dag" under one day, else days with one decimal in the language's notation. */
export function daysInWords(days: number, lang: Language): string {
  if (days < 1) return lang === 'nl' ? 'binnen een dag' : 'within a day';
  const n = days.toFixed(1).replace(/\.0$/u, '');
  return lang === 'nl' ? `${n.replace('.', ',')} ${n === '1' ? 'dag' : 'dagen'}` : `${n} ${n === '1' ? 'day' : 'days'}`;
}

export { median };

/**
 * The digest's content: a pure function of the rows, the calendar and now. Sections are lists
 * (empty ones are left out by the templates); an all-quiet day has `quiet` set.
 */
export function buildDigest(
  rows: DigestRows,
  calendar: WorkingCalendar,
  now: Date,
  since: Date,
  lang: Language,
  handlerName: (id: string | null) => string,
): DigestData {
  const byId = new Map([...rows.complaints, ...rows.named].map((c) => [c.id, c]));
  const item = (c: DigestDeadlineRow['complaint'], detail: string): DigestItem => ({
    reference: c.reference,
    subject: untagged(c.subject),
    handler: handlerName(c.handlerId),
    detail,
  });
  const open = rows.complaints.filter((c) => c.closedAt === null);
  const sinceIso = since.toISOString();
  const today = calendar.localDate(now);
  const dueToday: DigestItem[] = [];
  const dueTomorrow: DigestItem[] = [];
  const overdue: Array<DigestItem & { dueAt: string }> = [];
  for (const d of rows.openDeadlines) {
    const c = d.complaint;
    const due = new Date(d.dueAt);
    const label = DEADLINE_LABELS[d.kind][lang];
    if (due.getTime() < now.getTime()) {
      const days = calendarDaysBetween(calendar.localDate(due), today);
      const late = lang === 'nl' ? `${countOf(days, 'dag', 'dagen')} over tijd` : `${countOf(days, 'day', 'days')} overdue`;
      overdue.push({ ...item(c, days === 0 ? `${label} — ${lang === 'nl' ? 'vandaag verstreken' : 'passed today'}` : `${label} — ${late}`), dueAt: d.dueAt });
      continue;
    }
    const left = calendar.workingDaysBetween(now, due);
    if (left <= 0) dueToday.push(item(c, label));
    else if (left === 1) dueTomorrow.push(item(c, label));
  }
  overdue.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const noContact: DigestItem[] = [];
  for (const a of rows.awaitingContact?.complaints ?? []) {
    const c = a.complaint;
    const due = new Date(a.dueAt);
    const left = due.getTime() < now.getTime() ? -1 : calendar.workingDaysBetween(now, due);
    if (left > rows.awaitingContact!.withinWorkingDays) continue;
    const label = DEADLINE_LABELS.outcome[lang];
    const when =
      left < 0
        ? lang === 'nl'
          ? 'verstreken'
          : 'passed'
        : left === 0
          ? lang === 'nl'
            ? 'loopt vandaag af'
            : 'due today'
          : lang === 'nl'
            ? `nog ${countOf(left, 'werkdag', 'werkdagen')}`
            : `${countOf(left, 'working day', 'working days')} left`;
    noContact.push(item(c, `${label}: ${when}`));
  }
  const med = rows.medianDaysToOutcome;
  const { acknowledgement: ack, outcome } = rows.onTime;
  const data: DigestData = {
    date: now.toISOString(),
    since: sinceIso,
    quiet: false,
    newComplaints: rows.complaints.filter((c) => c.createdAt >= sinceIso && c.createdAt < now.toISOString()).map((c) => item(c, c.service ?? '')),
    dueToday,
    dueTomorrow,
    noContact,
    overdue: overdue.map(({ dueAt: _dueAt, ...rest }) => rest),
    waiting: open.filter((c) => c.state === 'awaiting-information').map((c) => item(c, '')),
    objections: open.filter((c) => OBJECTION_STATES.includes(c.state)).map((c) => item(c, STATE_LABELS[c.state]?.[lang] ?? c.state)),
    closed: rows.complaints.filter((c) => c.closedAt !== null).map((c) => item(c, '')),
    quarantineOpen: rows.quarantineOpen,
    unclassified: rows.unclassifiedSince,
    tooOld: rows.tooOldSince,
    held: rows.held,
    undelivered: rows.undelivered.map((u) => {
      const c = u.complaintId === null ? undefined : byId.get(u.complaintId);
      const what = (LETTER_LABELS as Record<string, Record<Language, string> | undefined>)[u.kind]?.[lang] ?? (lang === 'nl' ? 'e-mail' : 'mail');
      const detail =
        lang === 'nl' ? `${what} aan ${u.to} — melding van de mailserver: "${u.error}"` : `${what} to ${u.to} — the mail server said: "${u.error}"`;
      return c ? item(c, detail) : { reference: '', subject: '', handler: '', detail };
    }),
    learnings: rows.learnings.flatMap((l) => {
      const c = byId.get(l.complaintId);
      return c ? [{ ...item(c, c.service ?? ''), detail: l.body }] : [{ reference: `#${l.complaintId}`, subject: '', handler: '', detail: l.body }];
    }),
    figures: {
      open: rows.openCount,
      ack30: share({ met: ack.met30, total: ack.total30 }, lang),
      ack90: share({ met: ack.met90, total: ack.total90 }, lang),
      answered30: share({ met: outcome.met30, total: outcome.total30 }, lang),
      answered90: share({ met: outcome.met90, total: outcome.total90 }, lang),
      medianDaysToOutcome: med === null ? NONE_YET[lang] : daysInWords(med, lang),
    },
  };
  data.quiet =
    [
      data.newComplaints,
      data.dueToday,
      data.dueTomorrow,
      data.noContact,
      data.overdue,
      data.waiting,
      data.objections,
      data.closed,
      data.learnings,
      data.undelivered,
    ].every((l) => l.length === 0) &&
    data.quarantineOpen === 0 &&
    data.unclassified === 0 &&
    data.tooOld === 0 &&
    data.held === 0;
  return data;
}

/** Where the previous digest left off; the first one looks back one day. */
export function digestSince(db: Db, tenant: string, now: Date): Date {
  return noticeLastAt(db, tenant, 'digest', now) ?? new Date(now.getTime() - DAY_MS);
}

/** The digest job: each manager gets one mail per working day, at or after the digest time. */
export function runDigest(ctx: JobContext): JobResult {
  const result = emptyResult('digest', ctx);
  const { tenant, now } = ctx;
  const { db } = tenant;
  if (!isWorkingMomentAfter(ctx, tenant.cfg.schedule.digestTime)) return result;
  const key = `digest:${tenant.cfg.id}:${tenant.calendar.localDate(now)}`;
  // Today's went out already (every check after the digest time until midnight): read nothing.
  if (noticeExists(db, key)) return result;
  const since = digestSince(db, tenant.cfg.id, now);
  const { treatment } = tenant.cfg.procedure;
  const rows = loadDigestRows(
    db,
    tenant.cfg.id,
    since,
    now,
    treatment.personalContact ? { withinWorkingDays: treatment.contactReminderWorkingDays } : null,
    tenant.calendar,
  );
  const handlerName = (id: string | null) => tenant.people.byId(id)?.name ?? '';
  deliver(
    ctx,
    {
      key,
      kind: 'digest',
      complaintId: null,
      mails: tenant.people.managers.map((person) => {
        const lang = tenant.people.languageOf(person);
        return {
          complaint: null,
          kind: 'digest',
          template: 'digest',
          lang,
          to: { address: person.email, name: person.name },
          data: { person: { name: person.name }, digest: buildDigest(rows, tenant.calendar, now, since, lang, handlerName) },
        };
      }),
    },
    result,
  );
  return result;
}
