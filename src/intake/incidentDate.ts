import { ANALYSIS_MAX_CHARS } from '../text/limits.js';

/**
 * When the problem happened (PuraSec §1 c, "datum"), as a customer writes it in Dutch or
 * English: "op 3 november", "3 nov.", "on 3 November 2026", "November 3rd", "12-11-2026",
 * "12/11/2026", "2026-11-12", "gisteren", "vorige week dinsdag", "last Tuesday", "3 dagen
 * geleden". Relative words count from the local date the mail was received; a date without a
 * year is the most recent one on or before that day. Numbers are day-month-year, as both
 * companies' customers write them.
 *
 * A date after the day of receipt is never what went wrong (an appointment, a renewal date):
 * it is skipped and the search goes on. The first date the text names wins. Only the first
 * ANALYSIS_MAX_CHARS are read and every pattern is linear, as for the other analysers.
 */

const DAY_MS = 86_400_000;

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, january: 1, jan: 1,
  februari: 2, february: 2, feb: 2,
  maart: 3, march: 3, mrt: 3, mar: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, june: 6, jun: 6,
  juli: 7, july: 7, jul: 7,
  augustus: 8, august: 8, aug: 8,
  september: 9, sept: 9, sep: 9,
  oktober: 10, october: 10, okt: 10, oct: 10,
  november: 11, nov: 11,
  december: 12, dec: 12,
}; // prettier-ignore

/** ISO weekday numbers: Monday 1 … Sunday 7. */
const WEEKDAYS: Readonly<Record<string, number>> = {
  maandag: 1, monday: 1,
  dinsdag: 2, tuesday: 2,
  woensdag: 3, wednesday: 3,
  donderdag: 4, thursday: 4,
  vrijdag: 5, friday: 5,
  zaterdag: 6, saturday: 6,
  zondag: 7, sunday: 7,
}; // prettier-ignore

// Longest alternatives first, so "november" is not read as "nov".
const alternation = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).join('|');
const MONTH = alternation(Object.keys(MONTHS));
const WEEKDAY = alternation(Object.keys(WEEKDAYS));
/** A day number with an optional English ordinal ending: 3, 3rd, 21st. */
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:,?\s+(\d{4}))?`;

interface Pattern {
  re: RegExp;
  /** The local date the match names, relative to `today`; null when it names none. */
  date(m: RegExpExecArray, today: number): number | null;
}

const PATTERNS: readonly Pattern[] = [
  // 2026-11-12
  { re: /(?<![\d\-/]|\d\.)(\d{4})-(\d{1,2})-(\d{1,2})(?![\d\-/]|\.\d)/g, date: (m) => ymd(num(m[1]), num(m[2]), num(m[3])) },
  // 12-11-2026, 12/11/2026, 12.11.2026; 12-11-26 and 12/11/26 (not with dots: version numbers)
  {
    re: /(?<![\d\-/]|\d\.)(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d\-/]|\.\d)/g,
    date: (m) => (m[2] === '.' && m[4]!.length === 2 ? null : ymd(fullYear(m[4]!), num(m[3]), num(m[1]))),
  },
  // 3 november (2026), 3 nov., 3rd of November, on 3 November 2026
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])${DAY}\s+(?:of\s+)?(${MONTH})(?![\p{L}])\.?${YEAR}`, 'giu'),
    date: (m, today) => monthDay(num(m[1]), MONTHS[m[2]!.toLowerCase()]!, m[3], today),
  },
  // November 3rd, 2026; nov. 3
  {
    re: new RegExp(String.raw`(?<![\p{L}\d])(${MONTH})\.?\s+${DAY}(?![\p{L}\d])${YEAR}`, 'giu'),
    date: (m, today) => monthDay(num(m[2]), MONTHS[m[1]!.toLowerCase()]!, m[3], today),
  },
  // vorige week dinsdag, dinsdag vorige week, Tuesday last week
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:vorige\s+week\s+(${WEEKDAY})|(${WEEKDAY})\s+(?:van\s+)?(?:vorige|afgelopen)\s+week|(${WEEKDAY})\s+last\s+week)(?![\p{L}])`,
      'giu',
    ),
    date: (m, today) => inPreviousWeek(WEEKDAYS[(m[1] ?? m[2] ?? m[3])!.toLowerCase()]!, today),
  },
  // afgelopen dinsdag, vorige dinsdag, last Tuesday: the most recent one before today
  {
    re: new RegExp(String.raw`(?<![\p{L}])(?:afgelopen|vorige|last|past)\s+(${WEEKDAY})(?![\p{L}])`, 'giu'),
    date: (m, today) => lastWeekday(WEEKDAYS[m[1]!.toLowerCase()]!, today, false),
  },
  // op dinsdag, on Tuesday, sinds maandag: the most recent one, today included
  {
    re: new RegExp(String.raw`(?<![\p{L}])(?:op|on|sinds|since)\s+(${WEEKDAY})(?![\p{L}])`, 'giu'),
    date: (m, today) => lastWeekday(WEEKDAYS[m[1]!.toLowerCase()]!, today, true),
  },
  // eergisteren, the day before yesterday, gisteren, yesterday, vandaag, today, vanochtend, …
  {
    re: /(?<![\p{L}])(eergisteren|the\s+day\s+before\s+yesterday|gister(?:en)?|yesterday|vandaag|today|vanochtend|vanmorgen|vanmiddag|vanavond|vannacht|this\s+(?:morning|afternoon|evening)|tonight)(?![\p{L}])/giu,
    date: (m, today) => {
      const word = m[1]!.toLowerCase();
      if (word === 'eergisteren' || word.startsWith('the')) return today - 2 * DAY_MS;
      if (word.startsWith('gister') || word === 'yesterday') return today - DAY_MS;
      return today;
    },
  },
  // 3 dagen geleden, 3 days ago, een week geleden, a week ago
  {
    re: /(?<![\p{L}\d])(\d{1,3}|een|één|a|one|twee|two|drie|three)\s+(dagen|dag|days|day|weken|week|weeks)\s+(?:geleden|ago)(?![\p{L}])/giu,
    date: (m, today) => {
      const n = COUNT_WORDS[m[1]!.toLowerCase()] ?? num(m[1]);
      const unit = m[2]!.toLowerCase().startsWith('d') ? 1 : 7;
      return today - n * unit * DAY_MS;
    },
  },
];

const COUNT_WORDS: Readonly<Record<string, number>> = { een: 1, één: 1, a: 1, one: 1, twee: 2, two: 2, drie: 3, three: 3 };

const num = (s: string | undefined): number => Number(s);
const fullYear = (s: string): number => (s.length === 2 ? 2000 + Number(s) : Number(s));

/** UTC midnight of a real calendar date, or null ("31-02-2026"). */
function ymd(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900) return null;
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : null;
}

/** Day and month, in the year given or else the most recent such day on or before today. */
function monthDay(day: number, month: number, year: string | undefined, today: number): number | null {
  if (year) return ymd(Number(year), month, day);
  const thisYear = new Date(today).getUTCFullYear();
  const candidate = ymd(thisYear, month, day);
  if (candidate !== null && candidate <= today) return candidate;
  return ymd(thisYear - 1, month, day);
}

const isoWeekday = (t: number): number => ((new Date(t).getUTCDay() + 6) % 7) + 1;

function lastWeekday(weekday: number, today: number, todayCounts: boolean): number {
  let back = (isoWeekday(today) - weekday + 7) % 7;
  if (back === 0 && !todayCounts) back = 7;
  return today - back * DAY_MS;
}

/** That weekday in the calendar week (Monday to Sunday) before today's. */
function inPreviousWeek(weekday: number, today: number): number {
  const mondayThisWeek = today - (isoWeekday(today) - 1) * DAY_MS;
  return mondayThisWeek - 7 * DAY_MS + (weekday - 1) * DAY_MS;
}

/**
 * The local date (`YYYY-MM-DD`) on which the text says the problem happened, relative to
 * `receivedOn` (the local date of receipt), or null when it names none.
 */
export function findIncidentDate(text: string, receivedOn: string): string | null {
  const today = Date.parse(`${receivedOn}T00:00:00Z`);
  if (Number.isNaN(today)) throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(receivedOn)}`);
  const analysed = text.slice(0, ANALYSIS_MAX_CHARS);
  let best: { index: number; date: number } | null = null;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(analysed); m !== null; m = p.re.exec(analysed)) {
      // Only an earlier match than the best so far can win; the rest of this pattern's matches are later.
      if (best && m.index >= best.index) break;
      const date = p.date(m, today);
      if (date !== null && date <= today) {
        best = { index: m.index, date };
        break;
      }
    }
  }
  return best ? new Date(best.date).toISOString().slice(0, 10) : null;
}
