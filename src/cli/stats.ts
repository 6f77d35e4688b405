import type { WorkingCalendar } from '../calendar/types.js';
import { computeFigures, FIGURE_STEPS, groupFigures, type Figures, type Grouping, type OnTime } from '../scheduler/figures.js';
import type { Db } from '../store/db.js';
import { statsComplaints, statsDeadlines } from '../store/stats.js';
import type { CliLanguage } from './args.js';
import { shortDate } from './humanTime.js';
import type { TenantView } from './tenantViews.js';
import { DECISION_WORDS, OUTCOME_WORDS } from './words.js';

/**
 * `complaintdesk stats`: the continual-improvement figures (ISO 10002 §8.3–8.5) of one tenant
 * over the complaints received between two local dates, for people (a table in the tenant's
 * language, every share with its base) or for programs (--json). The figures themselves are
 * scheduler/figures.ts's, the ones the digest quotes.
 */

export interface StatsRequest {
  /** Local dates (the tenant's zone), both included; undefined: from the first complaint, up to today. */
  from: string | undefined;
  to: string | undefined;
  by: Grouping | undefined;
  now: Date;
}

export interface TenantStats {
  tenant: string;
  from: string | null;
  to: string;
  by: Grouping | null;
  total: Figures;
  groups: Array<{ key: string; figures: Figures }>;
}

/** The day after a local `YYYY-MM-DD`. */
function nextDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The window as instants: from local midnight of `from` up to (not including) local midnight after `to`. */
export function statsWindow(calendar: WorkingCalendar, req: StatsRequest): { from: Date; to: Date; toDate: string } {
  const toDate = req.to ?? calendar.localDate(req.now);
  return {
    from: req.from === undefined ? new Date(0) : calendar.atLocalTime(req.from, 0, 0),
    to: calendar.atLocalTime(nextDate(toDate), 0, 0),
    toDate,
  };
}

export function tenantStats(db: Db, tenant: string, calendar: WorkingCalendar, req: StatsRequest): TenantStats {
  const w = statsWindow(calendar, req);
  const complaints = statsComplaints(db, tenant, w.from, w.to);
  const deadlines = statsDeadlines(db, tenant, w.from, w.to);
  return {
    tenant,
    from: req.from ?? null,
    to: w.toDate,
    by: req.by ?? null,
    total: computeFigures(complaints, deadlines, calendar, req.now),
    groups: req.by ? groupFigures(complaints, deadlines, req.by, calendar, req.now) : [],
  };
}

const CHANNEL_WORDS: Record<CliLanguage, Record<string, string>> = {
  nl: { email: 'e-mail', phone: 'telefoon', 'contact-person': 'via de contactpersoon', forwarded: 'doorgestuurd' },
  en: { email: 'email', phone: 'phone', 'contact-person': 'through the contact person', forwarded: 'forwarded' },
};

const STEP_WORDS: Record<CliLanguage, Record<(typeof FIGURE_STEPS)[number], string>> = {
  nl: { acknowledgement: 'Ontvangstbevestiging op tijd', outcome: 'Uitkomst op tijd', decision: 'Uitspraak op bezwaar op tijd' },
  en: { acknowledgement: 'Acknowledgement on time', outcome: 'Outcome on time', decision: 'Decision on objection on time' },
};

const MONTH_NAMES: Record<CliLanguage, readonly string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const nlNumber = (n: number, lang: CliLanguage) => (lang === 'nl' ? String(n).replace('.', ',') : String(n));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 van 14 op tijd (86 %)"; nothing settled yet: "nog geen", with what is still running. */
function onTimeText(t: OnTime, lang: CliLanguage): string {
  const nl = lang === 'nl';
  const running = t.open ? (nl ? `, ${t.open} ${t.open === 1 ? 'loopt' : 'lopen'} nog` : `, ${t.open} still running`) : '';
  if (t.total === 0) return (nl ? 'nog geen' : 'none yet') + running;
  const pct = Math.round((t.met / t.total) * 100);
  return (nl ? `${t.met} van ${t.total} op tijd (${pct} %)` : `${t.met} of ${t.total} on time (${pct}%)`) + running;
}

function daysText(days: number | null, lang: CliLanguage): string {
  if (days === null) return lang === 'nl' ? 'nog geen' : 'none yet';
  return lang === 'nl' ? `${nlNumber(days, lang)} ${days === 1 ? 'werkdag' : 'werkdagen'}` : plural(days, 'working day', 'working days');
}

function groupLabel(key: string, by: Grouping, view: TenantView, lang: CliLanguage): string {
  const nl = lang === 'nl';
  if (by === 'month') {
    const [y, m] = key.split('-').map(Number) as [number, number];
    return `${MONTH_NAMES[lang][m - 1]} ${y}`;
  }
  if (key === '') return by === 'service' ? (nl ? '(geen dienst)' : '(no service)') : nl ? '(niet toegewezen)' : '(not assigned)';
  return by === 'handler' ? (view.people.byId(key)?.name ?? key) : key;
}

/** One block of figures as label/value rows. */
function figureRows(f: Figures, lang: CliLanguage): Array<[string, string]> {
  const nl = lang === 'nl';
  const channels = Object.entries(f.byChannel)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, n]) => `${CHANNEL_WORDS[lang][c] ?? c} ${n}`)
    .join(', ');
  const verdictTotal = Object.values(f.verdicts).reduce((a, b) => a + b, 0);
  const verdicts =
    verdictTotal === 0
      ? nl
        ? 'nog geen'
        : 'none yet'
      : Object.entries(f.verdicts)
          .map(([v, n]) => `${OUTCOME_WORDS[lang][v] ?? v} ${n}`)
          .join(', ') + (nl ? ` (van ${verdictTotal})` : ` (of ${verdictTotal})`);
  const o = f.objections;
  const decided = Object.entries(o.decisions)
    .map(([v, n]) => `${DECISION_WORDS[lang][v] ?? v} ${n}`)
    .join(', ');
  const objections =
    o.count === 0
      ? nl
        ? 'geen'
        : 'none'
      : `${o.count}: ${decided}${o.pending ? (nl ? `, ${o.pending} wacht op de uitspraak` : `, ${o.pending} awaiting the decision`) : ''}`;
  const rows: Array<[string, string]> = [
    [nl ? 'Ontvangen' : 'Received', `${f.received}${channels ? ` (${channels})` : ''}`],
    ...FIGURE_STEPS.filter((k) => k !== 'decision' || f.onTime.decision.total + f.onTime.decision.open > 0).map((k): [string, string] => [
      STEP_WORDS[lang][k],
      onTimeText(f.onTime[k], lang),
    ]),
    [
      nl ? 'Werkdagen tot de uitkomst' : 'Working days to the outcome',
      f.toOutcome.count === 0
        ? nl
          ? 'nog geen'
          : 'none yet'
        : nl
          ? `mediaan ${daysText(f.toOutcome.median, lang)}, 90 % binnen ${daysText(f.toOutcome.p90, lang)} (van ${f.toOutcome.count})`
          : `median ${daysText(f.toOutcome.median, lang)}, 90% within ${daysText(f.toOutcome.p90, lang)} (of ${f.toOutcome.count})`,
    ],
    [nl ? 'Oordeel' : 'Verdict', verdicts],
    [nl ? 'Bezwaren' : 'Objections', objections],
    [nl ? 'Vermoede bezwaren afgewezen' : 'Suspected objections dismissed', String(o.dismissed)],
    [nl ? 'Nu open' : 'Open now', nl ? `${f.openNow}, waarvan ${f.overdueNow} over tijd` : `${f.openNow}, of which ${f.overdueNow} overdue`],
    [nl ? 'Lessen vastgelegd' : 'Learnings recorded', String(f.learnings)],
  ];
  return rows;
}

function table(rows: Array<[string, string]>, indent: string): string[] {
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${indent}${l.padEnd(width)}  ${v}`);
}

/** The figures for people: a heading naming company and period, then one table (per group with --by). */
export function statsLines(s: TenantStats, view: TenantView, lang: CliLanguage): string[] {
  const nl = lang === 'nl';
  const period =
    s.from === null
      ? nl
        ? `ontvangen tot en met ${shortDate(s.to, lang)}`
        : `received up to and including ${shortDate(s.to, lang)}`
      : nl
        ? `ontvangen van ${shortDate(s.from, lang)} tot en met ${shortDate(s.to, lang)}`
        : `received from ${shortDate(s.from, lang)} to ${shortDate(s.to, lang)}`;
  const lines = [`${view.name} — ${nl ? 'klachten' : 'complaints'} ${period}`, ''];
  lines.push(...table(figureRows(s.total, lang), '  '));
  if (s.by) {
    for (const g of s.groups) {
      lines.push('', `  ${groupLabel(g.key, s.by, view, lang)}`);
      lines.push(...table(figureRows(g.figures, lang), '    '));
    }
  }
  return lines;
}
