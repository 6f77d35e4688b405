import Holidays from 'date-holidays';
import { describe, it, expect } from 'vitest';
import { dutchPublicHolidays, easterSunday } from '../../src/calendar/dutchHolidays.js';
import { createCalendar } from '../../src/calendar/workingDays.js';

// date-holidays stays the oracle: a library update that moves or renames a Dutch holiday fails here.
const oracle = new Holidays('NL');
const reportedPublic = (year: number, lang: 'en' | 'nl'): { date: string; name: string }[] =>
  oracle
    .getHolidays(year, lang)
    .filter((h) => h.type === 'public')
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));

describe('dutchPublicHolidays', () => {
  it('reports what date-holidays reports as public for NL, every day and name, 1800-2400, in English and Dutch', () => {
    let compared = 0;
    for (let year = 1800; year <= 2400; year++) {
      for (const lang of ['en', 'nl'] as const) {
        const expected = reportedPublic(year, lang);
        expect(expected.length).toBeGreaterThanOrEqual(8);
        expect(dutchPublicHolidays(year, lang), `${year} ${lang}`).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it("follows the royal day through the law's changes", () => {
    const royal = (year: number): { date: string; name: string } | undefined => dutchPublicHolidays(year, 'en').find((h) => /King|Queen|Princess/.test(h.name));
    expect(royal(1884)).toBeUndefined();
    expect(royal(1885)).toEqual({ date: '1885-08-31', name: 'Princess Day' });
    expect(royal(1891)).toEqual({ date: '1891-08-31', name: "Queen's Day" });
    expect(royal(1948)).toEqual({ date: '1948-08-31', name: "Queen's Day" });
    // 30 April a Sunday: to Monday 1 May until 1980, to Saturday 29 April from then on.
    expect(royal(1961)).toEqual({ date: '1961-05-01', name: "Queen's Day" });
    expect(royal(1989)).toEqual({ date: '1989-04-29', name: "Queen's Day" });
    expect(royal(2013)).toEqual({ date: '2013-04-30', name: "Queen's Day" });
    expect(royal(2014)).toEqual({ date: '2014-04-26', name: "King's Day" });
    expect(royal(2026)).toEqual({ date: '2026-04-27', name: "King's Day" });
  });

  it('rejects a year that is not an integer', () => {
    expect(() => dutchPublicHolidays(2026.5, 'en')).toThrow(RangeError);
  });
});

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // the earliest possible date
    [1943, '1943-04-25'], // the latest possible date
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i: %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('the calendar against date-holidays', () => {
  it('every day of 1891-2200: the day-off reason the calendar gave when it asked date-holidays', () => {
    // The selection workingDays.ts made from date-holidays' answer before it computed the days itself.
    const daysOff = [
      ["New Year's Day"],
      ['Easter Monday'],
      ["King's Day", "Queen's Day"],
      ['Ascension Day'],
      ['Whit Monday'],
      ['Christmas Day'],
      ['Boxing Day'],
    ];
    const calendar = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: false, goodFriday: false, closingDays: [] });
    let holidays = 0;
    for (let year = 1891; year <= 2200; year++) {
      const reported = reportedPublic(year, 'en');
      const expected = new Map<string, string>();
      for (const names of daysOff) {
        const hit = reported.find((h) => names.includes(h.name));
        if (!hit) throw new Error(`date-holidays reports no ${names.join('/')} in ${year}`);
        expected.set(hit.date, hit.name);
      }
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
        const date = new Date(ms).toISOString().slice(0, 10);
        const weekday = new Date(ms).getUTCDay();
        const reason = expected.get(date) ?? (weekday === 0 || weekday === 6 ? 'weekend' : null);
        if (calendar.dayOffReason(date) !== reason) expect(calendar.dayOffReason(date), date).toBe(reason);
        if (expected.has(date)) holidays += 1;
      }
    }
    expect(holidays).toBe(310 * 7);
  });

  it("refuses a year before Queen's Day existed, as it did when date-holidays reported none", () => {
    const calendar = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: false, goodFriday: false, closingDays: [] });
    expect(() => calendar.dayOffReason('1890-06-02')).toThrow("King's Day/Queen's Day");
  });
});
