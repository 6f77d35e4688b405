// The deadline window the jobs read (workingDaysWindowEnd): every due instant a threshold of n
// working days can reach lies before it, including non-working days after the last working day.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/workingDays.js';
import { workingDaysWindowEnd } from '../../src/scheduler/context.js';

const calendar = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: true, goodFriday: true, closingDays: ['2026-12-28'] });
const HOUR = 3_600_000;

describe('workingDaysWindowEnd', () => {
  it('Thursday, 2 working days: Friday, the weekend and Monday are in; Tuesday 00:00 is the end', () => {
    const now = new Date('2026-11-26T08:05:00Z'); // Thu 26 Nov 09:05 CET
    const end = workingDaysWindowEnd(calendar, now, 2);
    expect(end.toISOString()).toBe('2026-11-30T23:00:00.000Z'); // Tue 1 Dec 00:00 CET
    const sundayEnd = new Date('2026-11-29T22:59:59.999Z');
    expect(calendar.workingDaysBetween(now, sundayEnd)).toBe(1); // a deadline ending on Sunday has Friday left: the 1-day threshold
    expect(sundayEnd < end).toBe(true);
    expect(calendar.workingDaysBetween(now, new Date(end.getTime() - 1))).toBe(2); // Monday's end
  });

  it('around Christmas: the closing day and the holidays stretch the window', () => {
    const now = new Date('2026-12-24T08:05:00Z'); // Thu 24 Dec; 25, 26 (Sat), 27 (Sun) off, 28 closing day
    // 0 working days: everything up to the next working day, Tue 29 (deadlines ending 25–28 Dec have none left either).
    expect(workingDaysWindowEnd(calendar, now, 0).toISOString()).toBe('2026-12-28T23:00:00.000Z');
    expect(workingDaysWindowEnd(calendar, now, 1).toISOString()).toBe('2026-12-29T23:00:00.000Z');
  });

  it('over a year of hours and 0–5 working days: nothing with at most n working days left falls after the end, and at working hours the end is the first instant with n + 1', () => {
    for (let t = Date.parse('2026-01-01T00:30:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * HOUR) {
      const now = new Date(t);
      for (let n = 0; n <= 5; n++) {
        const end = workingDaysWindowEnd(calendar, now, n);
        expect(calendar.workingDaysBetween(now, end)).toBeGreaterThan(n);
        if (calendar.isWorkingDay(calendar.localDate(now))) expect(calendar.workingDaysBetween(now, new Date(end.getTime() - 1))).toBe(n);
      }
    }
  });
});
