/**
 * Dates as they appear in letters: "vrijdag 4 december 2026" / "Friday 4 December 2026".
 * The pieces are taken from Intl's parts and joined here, because the locale's own pattern
 * (commas, "om"/"at", ordering) differs between ICU versions and would change letter text.
 */
export type DateLanguage = 'nl' | 'en';

const LOCALES: Record<DateLanguage, string> = { nl: 'nl-NL', en: 'en-GB' };
const TIME_JOINER: Record<DateLanguage, string> = { nl: 'om', en: 'at' };

interface DateParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: DateLanguage, timezone: string): Intl.DateTimeFormat {
  const key = `${lang} ${timezone}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(LOCALES[lang], {
      timeZone: timezone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12:false: some ICU versions render midnight as "24" with hour12:false.
      hourCycle: 'h23',
    });
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * formatToParts costs ~25 µs and a letter asks for several dates, most of them shared by many
 * letters (a deadline's end of day, today): the parts are remembered per instant, language and
 * zone, forgotten all at once past PARTS_CACHE_MAX entries. Pure in its inputs, so never stale.
 */
const partsCache = new Map<string, Readonly<DateParts>>();
const PARTS_CACHE_MAX = 10_000;

function dateParts(instant: Date, lang: DateLanguage, timezone: string): Readonly<DateParts> {
  const key = `${instant.getTime()} ${lang} ${timezone}`;
  const cached = partsCache.get(key);
  if (cached) return cached;
  const parts: DateParts = { weekday: '', day: '', month: '', year: '', hour: '', minute: '' };
  for (const part of formatter(lang, timezone).formatToParts(instant)) {
    if (part.type in parts) parts[part.type as keyof DateParts] = part.value;
  }
  if (partsCache.size >= PARTS_CACHE_MAX) partsCache.clear();
  partsCache.set(key, parts);
  return parts;
}

/** "vrijdag 4 december 2026" / "Friday 4 December 2026", on the local day in `timezone`. */
export function formatLongDate(instant: Date, lang: DateLanguage, timezone: string): string {
  const p = dateParts(instant, lang, timezone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "vrijdag 4 december 2026 om 14:30" / "Friday 4 December 2026 at 14:30" (24-hour clock). */
export function formatDateTime(instant: Date, lang: DateLanguage, timezone: string): string {
  const p = dateParts(instant, lang, timezone);
  const time = `${p.hour.padStart(2, '0')}:${p.minute.padStart(2, '0')}`;
  return `${p.weekday} ${p.day} ${p.month} ${p.year} ${TIME_JOINER[lang]} ${time}`;
}

const END_OF_DAY: Record<DateLanguage, string> = { nl: 'einde van de dag', en: 'end of the day' };

/**
 * A deadline as people read it in internal mail: "maandag 28 december, einde van de dag" /
 * "Monday 28 December, end of the day" when it ends at the last millisecond of a local day (how
 * the procedure stores due days), else "maandag 28 december om 14:30". The year is added only when
 * it is not the year of `now` (a deadline is near; "28 december 2026" reads like a form).
 */
export function formatDeadline(instant: Date, lang: DateLanguage, timezone: string, now?: Date): string {
  const p = dateParts(instant, lang, timezone);
  const sameYear = now !== undefined && dateParts(now, lang, timezone).year === p.year;
  const day = `${p.weekday} ${p.day} ${p.month}${sameYear ? '' : ` ${p.year}`}`;
  const endOfDay = p.hour === '23' && p.minute === '59' && instant.getTime() % 60_000 === 59_999;
  if (endOfDay) return `${day}, ${END_OF_DAY[lang]}`;
  return `${day} ${TIME_JOINER[lang]} ${p.hour.padStart(2, '0')}:${p.minute.padStart(2, '0')}`;
}

const monthFormatters = new Map<DateLanguage, Intl.DateTimeFormat>();

/** A calendar month `YYYY-MM` as words: "november 2026" / "November 2026". */
export function formatMonth(month: string, lang: DateLanguage): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  let f = monthFormatters.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', month: 'long' });
    monthFormatters.set(lang, f);
  }
  return `${f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)))} ${m[1]}`;
}
