import { describe, it, expect } from 'vitest';
import { formatDateTime, formatLongDate } from '../../src/calendar/format.js';

const AMS = 'Europe/Amsterdam';
const t = (s: string): Date => new Date(s);

describe('formatLongDate', () => {
  it.each([
    ['2026-12-04T13:30:00Z', 'nl', 'vrijdag 4 december 2026'],
    ['2026-12-04T13:30:00Z', 'en', 'Friday 4 December 2026'],
    ['2026-12-05T10:00:00Z', 'nl', 'zaterdag 5 december 2026'],
    ['2026-03-29T10:00:00Z', 'nl', 'zondag 29 maart 2026'],
    ['2026-03-29T10:00:00Z', 'en', 'Sunday 29 March 2026'],
    // 23:30Z on 4 December is already 5 December in Amsterdam.
    ['2026-12-04T23:30:00Z', 'nl', 'zaterdag 5 december 2026'],
  ] as const)('%s in %s', (instant, lang, expected) => {
    expect(formatLongDate(t(instant), lang, AMS)).toBe(expected);
  });

  it('uses the zone it is given', () => {
    expect(formatLongDate(t('2026-12-04T23:30:00Z'), 'en', 'UTC')).toBe('Friday 4 December 2026');
  });
});

describe('formatDateTime', () => {
  it.each([
    ['2026-12-04T13:30:00Z', 'nl', 'vrijdag 4 december 2026 om 14:30'],
    ['2026-12-04T13:30:00Z', 'en', 'Friday 4 December 2026 at 14:30'],
    ['2026-07-01T12:00:00Z', 'en', 'Wednesday 1 July 2026 at 14:00'],
    ['2026-01-05T07:05:00Z', 'nl', 'maandag 5 januari 2026 om 08:05'],
    ['2026-10-25T23:00:00Z', 'nl', 'maandag 26 oktober 2026 om 00:00'],
    // A working-day deadline as the customer reads it.
    ['2026-03-13T22:59:59.999Z', 'nl', 'vrijdag 13 maart 2026 om 23:59'],
    ['2026-10-25T00:30:00Z', 'en', 'Sunday 25 October 2026 at 02:30'],
    ['2026-10-25T01:30:00Z', 'en', 'Sunday 25 October 2026 at 02:30'],
  ] as const)('%s in %s', (instant, lang, expected) => {
    expect(formatDateTime(t(instant), lang, AMS)).toBe(expected);
  });

  it('rejects an unknown zone', () => {
    expect(() => formatDateTime(t('2026-12-04T13:30:00Z'), 'nl', 'Mars/Olympus')).toThrow(RangeError);
  });
});
