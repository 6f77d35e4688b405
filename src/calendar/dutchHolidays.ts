/**
 * The Dutch public holidays, computed here instead of by date-holidays: its rule parser loads
 * moment-timezone and astronomia (~17 MB of RSS in a daemon that otherwise idles at ~110 MB),
 * while the Dutch rules need nothing but Easter and a few fixed dates. The days and names are
 * those `new Holidays('NL').getHolidays(year, lang)` reports with `type: 'public'` (date-holidays
 * 3.x data); test/calendar/dutchHolidays.test.ts holds the two side by side, year by year.
 */

export type DutchHolidayLanguage = 'en' | 'nl';

export interface DutchHoliday {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** The name date-holidays gives the day in the requested language. */
  name: string;
}

type Names = Readonly<Record<DutchHolidayLanguage, string>>;

const NEW_YEAR: Names = { en: "New Year's Day", nl: 'Nieuwjaar' };
const EASTER_SUNDAY: Names = { en: 'Easter Sunday', nl: 'Pasen' };
const EASTER_MONDAY: Names = { en: 'Easter Monday', nl: 'Tweede paasdag' };
const ASCENSION_DAY: Names = { en: 'Ascension Day', nl: 'Hemelvaartsdag' };
const WHIT_SUNDAY: Names = { en: 'Pentecost', nl: 'Pinksteren' };
const WHIT_MONDAY: Names = { en: 'Whit Monday', nl: 'Tweede pinksterdag' };
const CHRISTMAS_DAY: Names = { en: 'Christmas Day', nl: 'Kerstmis' };
const BOXING_DAY: Names = { en: 'Boxing Day', nl: 'Tweede kerstdag' };
const PRINCESS_DAY: Names = { en: 'Princess Day', nl: 'Prinsessedag' };
const QUEENS_DAY: Names = { en: "Queen's Day", nl: 'Koninginnedag' };
const KINGS_DAY: Names = { en: "King's Day", nl: 'Koningsdag' };

const DAY_MS = 86_400_000;

const toLocalDate = (utcMs: number): string => new Date(utcMs).toISOString().slice(0, 10);

/**
 * A day of `year` as UTC milliseconds. setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99
 * as 1900-1999.
 */
function utcDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** Easter Sunday on the (proleptic) Gregorian calendar: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toLocalDate(utcDay(year, month, day));
}

/**
 * The monarch's birthday (or accession day), as the law moved it: 31 August (Princess Day while
 * Wilhelmina was heir, 1885-1890; Queen's Day 1891-1948), 30 April 1949-2013, 27 April since 2014.
 * A Sunday moved it to the Monday until 1980 and to the Saturday since. None before 1885.
 */
function royalDay(year: number): { utc: number; names: Names } | null {
  if (year >= 2014) return { utc: sundayMoved(utcDay(year, 4, 27), -1), names: KINGS_DAY };
  if (year >= 1980) return { utc: sundayMoved(utcDay(year, 4, 30), -1), names: QUEENS_DAY };
  if (year >= 1949) return { utc: sundayMoved(utcDay(year, 4, 30), +1), names: QUEENS_DAY };
  if (year >= 1891) return { utc: utcDay(year, 8, 31), names: QUEENS_DAY };
  if (year >= 1885) return { utc: utcDay(year, 8, 31), names: PRINCESS_DAY };
  return null;
}

function sundayMoved(utc: number, byDays: number): number {
  return new Date(utc).getUTCDay() === 0 ? utc + byDays * DAY_MS : utc;
}

/**
 * Every Dutch public holiday of a year in date order, Sundays (Easter, Whit Sunday) included.
 * Good Friday and Liberation Day are not public holidays in this sense (date-holidays types them
 * `school`); the working-day calendar adds them per tenant.
 */
export function dutchPublicHolidays(year: number, lang: DutchHolidayLanguage): DutchHoliday[] {
  if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  const days: { utc: number; names: Names }[] = [
    { utc: utcDay(year, 1, 1), names: NEW_YEAR },
    { utc: easter, names: EASTER_SUNDAY },
    { utc: easter + DAY_MS, names: EASTER_MONDAY },
    { utc: easter + 39 * DAY_MS, names: ASCENSION_DAY },
    { utc: easter + 49 * DAY_MS, names: WHIT_SUNDAY },
    { utc: easter + 50 * DAY_MS, names: WHIT_MONDAY },
    { utc: utcDay(year, 12, 25), names: CHRISTMAS_DAY },
    { utc: utcDay(year, 12, 26), names: BOXING_DAY },
  ];
  const royal = royalDay(year);
  if (royal) days.push(royal);
  // A stable sort: on a shared date (none occur among these rules) the order above stands.
  return days.sort((x, y) => x.utc - y.utc).map(({ utc, names }) => ({ date: toLocalDate(utc), name: names[lang] }));
}
