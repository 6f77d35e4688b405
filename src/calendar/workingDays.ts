import { dutchPublicHolidays } from './dutchHolidays.js';
import type { CalendarPolicy, WorkingCalendar } from './types.js';

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The Dutch public holidays every tenant observes, by their English name in ./dutchHolidays.ts
 * (the names date-holidays gives them). Picked by name because that list also holds Easter Sunday
 * and Whit Sunday, and has neither Good Friday nor Liberation Day (the tenant options).
 * Each entry lists acceptable names: before 2014 the 27/26 April day was Queen's Day (30 April).
 */
const NL_DAYS_OFF: readonly (readonly string[])[] = [
  ["New Year's Day"],
  ['Easter Monday'],
  ["King's Day", "Queen's Day"],
  ['Ascension Day'],
  ['Whit Monday'],
  ['Christmas Day'],
  ['Boxing Day'],
];

const GOOD_FRIDAY = 'Good Friday';
const LIBERATION_DAY = 'Liberation Day';

export const DAY_OFF_WEEKEND = 'weekend';
export const DAY_OFF_CLOSING = 'closing day';

// --- local dates (YYYY-MM-DD), computed on the proleptic UTC calendar so no zone leaks in ---

function parseLocalDate(localDate: string): number {
  const match = LOCAL_DATE.exec(localDate);
  if (match) {
    const [, y, m, d] = match;
    const utc = Date.UTC(Number(y), Number(m) - 1, Number(d));
    // Date.UTC silently rolls 2026-02-30 over to March; a round trip catches that.
    if (new Date(utc).toISOString().slice(0, 10) === localDate) return utc;
  }
  throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(localDate)}`);
}

function addDays(localDate: string, days: number): string {
  return new Date(parseLocalDate(localDate) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(localDate: string): boolean {
  const weekday = new Date(parseLocalDate(localDate)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

// --- instants <-> wall-clock time in an IANA zone, with Intl only ---

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timezone: string): Intl.DateTimeFormat {
  let formatter = wallFormatters.get(timezone);
  if (!formatter) {
    // h23, not hour12:false: some ICU versions render midnight as "24" with hour12:false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormatters.set(timezone, formatter);
  }
  return formatter;
}

function wallClock(instantMs: number, timezone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of wallFormatter(timezone).formatToParts(instantMs)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

/** Milliseconds the zone is ahead of UTC at an instant (CET +3_600_000, CEST +7_200_000). */
function utcOffsetAt(instantMs: number, timezone: string): number {
  const w = wallClock(instantMs, timezone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant a wall-clock time occurs in the zone. Zones change offset at most once within a
 * day, so the offsets a day before and a day after are the only candidates. Disambiguation
 * follows Temporal's "compatible": a repeated time (autumn) takes the earlier instant; a
 * skipped time (spring) is read with the pre-transition offset, i.e. moved forward by the gap.
 */
function wallToInstant(localDate: string, hour: number, minute: number, timezone: string): number {
  const wallAsUtc = parseLocalDate(localDate) + hour * 3_600_000 + minute * 60_000;
  const offsetBefore = utcOffsetAt(wallAsUtc - DAY_MS, timezone);
  const offsetAfter = utcOffsetAt(wallAsUtc + DAY_MS, timezone);
  const valid = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].filter((candidate) => utcOffsetAt(candidate, timezone) === wallAsUtc - candidate);
  return valid.length > 0 ? Math.min(...valid) : wallAsUtc - offsetBefore;
}

function checkTimezone(timezone: string): void {
  try {
    wallFormatter(timezone);
  } catch (error) {
    throw new RangeError(`unknown time zone: ${JSON.stringify(timezone)}`, { cause: error });
  }
}

function checkCount(what: string, n: number, allowNegative: boolean): void {
  if (!Number.isInteger(n) || (!allowNegative && n < 0)) {
    throw new RangeError(`${what} must be a ${allowNegative ? '' : 'non-negative '}integer, got ${n}`);
  }
}

// --- the calendar ---

/** Entries a calendar's answer cache holds before it starts over (a daemon runs for months). */
const CACHE_ENTRIES = 100_000;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

export function createCalendar(policy: CalendarPolicy): WorkingCalendar {
  // The day-off list above is the Dutch statutory one; guessing it for another country would
  // silently produce wrong deadlines, so refuse at start-up instead.
  if (policy.country.toUpperCase() !== 'NL') {
    throw new RangeError(`working days are defined for country NL only, not ${JSON.stringify(policy.country)}`);
  }
  checkTimezone(policy.timezone);
  const closingDays = new Set<string>();
  for (const day of policy.closingDays) {
    parseLocalDate(day);
    closingDays.add(day);
  }

  const { timezone } = policy;
  const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();

  function holidaysOf(year: number): ReadonlyMap<string, string> {
    const cached = holidaysByYear.get(year);
    if (cached) return cached;
    const reported = dutchPublicHolidays(year, 'en');
    const days = new Map<string, string>();
    for (const names of NL_DAYS_OFF) {
      const hit = reported.find((h) => names.includes(h.name));
      // Before 1891 there was no Queen's Day (1885-1890 the day was Princess Day): refuse such
      // a year loudly rather than count a list the law never had.
      if (!hit) throw new Error(`no Dutch public holiday ${names.join('/')} in ${year}`);
      days.set(hit.date, hit.name);
    }
    if (policy.goodFriday) {
      const easterMonday = [...days].find(([, name]) => name === 'Easter Monday')?.[0];
      if (easterMonday) days.set(addDays(easterMonday, -3), GOOD_FRIDAY);
    }
    // Liberation Day can fall on Ascension Day (2016); keep the statutory name then.
    const liberation = `${String(year).padStart(4, '0')}-05-05`;
    if (policy.liberationDay && !days.has(liberation)) days.set(liberation, LIBERATION_DAY);
    holidaysByYear.set(year, days);
    return days;
  }

  function dayOffReason(localDate: string): string | null {
    parseLocalDate(localDate);
    const holiday = holidaysOf(Number(localDate.slice(0, 4))).get(localDate);
    if (holiday) return holiday;
    if (isWeekend(localDate)) return DAY_OFF_WEEKEND;
    if (closingDays.has(localDate)) return DAY_OFF_CLOSING;
    return null;
  }

  const isWorkingDay = (localDate: string): boolean => dayOffReason(localDate) === null;
  // The scheduled jobs ask the same questions tens of thousands of times a run (every open
  // deadline against now; all deadlines of one day share their due instant), and each answer
  // costs Intl calls and a walk over the days: remember them. Pure in the policy, so never stale.
  const localDates = new Map<number, string>();
  const workingDayCounts = new Map<string, number>();
  const dueDays = new Map<string, string>();
  const localDate = (instant: Date): string => {
    const ms = instant.getTime();
    const cached = localDates.get(ms);
    if (cached !== undefined) return cached;
    const w = wallClock(ms, timezone);
    return remember(localDates, ms, new Date(Date.UTC(w.year, w.month - 1, w.day)).toISOString().slice(0, 10));
  };
  // A local day's first instant: four Intl calls to find, asked for every deadline a day ends.
  const dayStarts = new Map<string, number>();
  const startOfDay = (date: string): Date => new Date(dayStarts.get(date) ?? remember(dayStarts, date, wallToInstant(date, 0, 0, timezone)));
  // The next midnight minus 1 ms, so 23- and 25-hour DST days end at the right instant.
  const endOfDay = (date: string): Date => new Date(startOfDay(addDays(date, 1)).getTime() - 1);

  function firstWorkingDayFrom(date: string): string {
    let day = date;
    while (!isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }

  /** Working days in (from, to]; both are local dates and from <= to. */
  function countWorkingDays(from: string, to: string): number {
    const key = `${from}/${to}`;
    const cached = workingDayCounts.get(key);
    if (cached !== undefined) return cached;
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (isWorkingDay(day)) count += 1;
    }
    return remember(workingDayCounts, key, count);
  }

  return {
    policy,
    localDate,
    isWorkingDay,
    dayOffReason,

    workingDaysDeadline(received: Date, n: number): Date {
      checkCount('working days', n, false);
      // The due day depends on the local day of receipt only: every complaint of a day shares it.
      const from = localDate(received);
      const key = `${from}/${n}`;
      let day = dueDays.get(key);
      if (day === undefined) {
        day = firstWorkingDayFrom(from);
        for (let counted = 0; counted < n; counted += 1) day = firstWorkingDayFrom(addDays(day, 1));
        remember(dueDays, key, day);
      }
      return endOfDay(day);
    },

    calendarDaysDeadline(from: Date, n: number): Date {
      checkCount('calendar days', n, true);
      return endOfDay(addDays(localDate(from), n));
    },

    workingDaysBetween(from: Date, to: Date): number {
      const a = localDate(from);
      const b = localDate(to);
      return a <= b ? countWorkingDays(a, b) : -countWorkingDays(b, a);
    },

    nextWorkingDayStart(instant: Date): Date {
      return startOfDay(firstWorkingDayFrom(localDate(instant)));
    },

    atLocalTime(date: string, hour: number, minute: number): Date {
      if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
        throw new RangeError(`not a local time: ${hour}:${minute}`);
      }
      return new Date(wallToInstant(date, hour, minute, timezone));
    },
  };
}
