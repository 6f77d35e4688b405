// Deadlines and months as people read them in internal mail: the local due day, "einde van de dag"
// when the deadline ends at the day's last millisecond, the year only when it is not this year.
import { describe, expect, it } from 'vitest';
import { formatDeadline, formatMonth } from '../../src/calendar/format.js';
import { daysInWords } from '../../src/scheduler/digest.js';

const TZ = 'Europe/Amsterdam';
const NOW = new Date('2026-12-14T09:00:00Z');

describe('formatDeadline', () => {
  it('writes a due day that ends at local 23:59:59.999 as the end of that day', () => {
    expect(formatDeadline(new Date('2026-12-28T22:59:59.999Z'), 'nl', TZ, NOW)).toBe('maandag 28 december, einde van de dag');
    expect(formatDeadline(new Date('2026-12-28T22:59:59.999Z'), 'en', TZ, NOW)).toBe('Monday 28 December, end of the day');
  });

  it('uses the local day across the change to summer time', () => {
    expect(formatDeadline(new Date('2027-03-29T21:59:59.999Z'), 'nl', TZ, new Date('2027-03-20T09:00:00Z'))).toBe('maandag 29 maart, einde van de dag');
  });

  it('adds the year when the deadline is not in the year of now, or when there is no now', () => {
    expect(formatDeadline(new Date('2027-01-04T22:59:59.999Z'), 'nl', TZ, NOW)).toBe('maandag 4 januari 2027, einde van de dag');
    expect(formatDeadline(new Date('2026-12-28T22:59:59.999Z'), 'en', TZ)).toBe('Monday 28 December 2026, end of the day');
  });

  it('gives the time of an instant that is not the end of a day', () => {
    expect(formatDeadline(new Date('2026-12-15T13:30:00.000Z'), 'nl', TZ, NOW)).toBe('dinsdag 15 december om 14:30');
    expect(formatDeadline(new Date('2026-12-15T22:59:00.000Z'), 'en', TZ, NOW)).toBe('Tuesday 15 December at 23:59');
  });
});

describe('formatMonth', () => {
  it('writes a month out', () => {
    expect(formatMonth('2026-11', 'nl')).toBe('november 2026');
    expect(formatMonth('2026-01', 'en')).toBe('January 2026');
    expect(formatMonth('not a month', 'en')).toBe('not a month');
  });
});

describe('daysInWords (the digest median)', () => {
  it('says "within a day" under one day, never 0.0, and uses the decimal comma in Dutch', () => {
    expect(daysInWords(0, 'nl')).toBe('binnen een dag');
    expect(daysInWords(0.4, 'en')).toBe('within a day');
    expect(daysInWords(1, 'nl')).toBe('1 dag');
    expect(daysInWords(12.5, 'nl')).toBe('12,5 dagen');
    expect(daysInWords(12, 'en')).toBe('12 days');
  });
});
