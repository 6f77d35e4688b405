import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { createCalendar } from '../../src/calendar/workingDays.js';

// Its own file, so no other test's import of date-holidays (the oracle) is in this process.
describe('the working-day calendar', () => {
  it("loads neither date-holidays nor its parser's moment-timezone and astronomia (~17 MB RSS)", () => {
    const calendar = createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: true, goodFriday: true, closingDays: [] });
    expect(calendar.workingDaysDeadline(new Date('2026-04-24T11:00:00+02:00'), 10).toISOString()).toBe('2026-05-12T21:59:59.999Z');
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => /[\\/]node_modules[\\/](date-holidays|date-holidays-parser|moment-timezone|moment|astronomia)[\\/]/.test(file))).toEqual([]);
  });
});
