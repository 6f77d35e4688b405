import type { WorkingCalendar } from '../calendar/types.js';
import type { CliLanguage } from './args.js';

/**
 * Times as an operator reads them in a terminal: short, in the tenant's time zone, in the chosen
 * language — "ma 28 dec 2026 17:00". The abbreviations are spelled out here rather than taken from
 * Intl, whose short forms ("dec." or "dec", "Mon" or "Mon,") differ between ICU versions.
 */

const WEEKDAYS: Record<CliLanguage, readonly string[]> = {
  nl: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const MONTHS: Record<CliLanguage, readonly string[]> = {
  nl: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const END_OF_DAY: Record<CliLanguage, string> = { nl: 'einde van de dag', en: 'end of day' };

const clocks = new Map<string, Intl.DateTimeFormat>();
function localClock(instant: Date, timezone: string): string {
  let f = clocks.get(timezone);
  if (!f) clocks.set(timezone, (f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f.format(instant);
}

/** "ma 28 dec 2026" for a local `YYYY-MM-DD`. */
export function shortDate(localDate: string, lang: CliLanguage): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[lang][weekday]} ${d} ${MONTHS[lang][m - 1]} ${y}`;
}

/** "ma 28 dec 2026 17:00" in the calendar's time zone. */
export function localTime(instant: Date, lang: CliLanguage, calendar: WorkingCalendar): string {
  return `${shortDate(calendar.localDate(instant), lang)} ${localClock(instant, calendar.policy.timezone)}`;
}

/** A deadline: "ma 28 dec 2026, einde van de dag" — deadlines end at the last millisecond of their day. */
export function localDue(instant: Date, lang: CliLanguage, calendar: WorkingCalendar): string {
  const clock = localClock(instant, calendar.policy.timezone);
  return clock === '23:59' ? `${shortDate(calendar.localDate(instant), lang)}, ${END_OF_DAY[lang]}` : localTime(instant, lang, calendar);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * How much is left of an open deadline, in the tenant's working days: "nog 3 werkdagen",
 * "vandaag", "2 werkdagen te laat". Working days are counted after today's local day up to and
 * including the due day (the calendar's workingDaysBetween), so a deadline due tomorrow has one
 * left. A deadline in calendar days can end on a weekend: then no working day is left before it,
 * and the calendar days are said instead.
 */
export function timeLeft(due: Date, now: Date, lang: CliLanguage, calendar: WorkingCalendar): { text: string; overdue: boolean } {
  const nl = lang === 'nl';
  if (due.getTime() < now.getTime()) {
    const late = calendar.workingDaysBetween(due, now);
    if (late <= 0) return { text: nl ? 'te laat' : 'overdue', overdue: true };
    return { text: nl ? `${plural(late, 'werkdag', 'werkdagen')} te laat` : `${plural(late, 'working day', 'working days')} overdue`, overdue: true };
  }
  const today = calendar.localDate(now);
  const dueDay = calendar.localDate(due);
  if (today === dueDay) return { text: nl ? 'vandaag' : 'due today', overdue: false };
  const left = calendar.workingDaysBetween(now, due);
  if (left > 0) return { text: nl ? `nog ${plural(left, 'werkdag', 'werkdagen')}` : `${plural(left, 'working day', 'working days')} left`, overdue: false };
  const days = Math.round((Date.parse(dueDay) - Date.parse(today)) / 86_400_000);
  return { text: nl ? `nog ${plural(days, 'dag', 'dagen')}, geen werkdag` : `${plural(days, 'day', 'days')} left, no working day`, overdue: false };
}
