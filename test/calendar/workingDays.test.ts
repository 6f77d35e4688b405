import { describe, it, expect } from 'vitest';
import { createCalendar } from '../../src/calendar/workingDays.js';
import type { CalendarPolicy } from '../../src/calendar/types.js';

// Europe/Amsterdam is UTC+1 (CET) in winter and UTC+2 (CEST) in summer, so the end of a local
// day is 22:59:59.999Z in winter and 21:59:59.999Z in summer.
const base: CalendarPolicy = {
  timezone: 'Europe/Amsterdam',
  country: 'NL',
  liberationDay: false,
  goodFriday: false,
  closingDays: [],
};
const plain = createCalendar(base);
const generous = createCalendar({ ...base, liberationDay: true, goodFriday: true });

const iso = (d: Date): string => d.toISOString();
const t = (s: string): Date => new Date(s);

describe('workingDaysDeadline', () => {
  it.each([
    ['Friday evening, 2 days', '2026-03-06T19:30:00+01:00', 2, '2026-03-10T22:59:59.999Z'],
    ['Friday evening, 5 days', '2026-03-06T19:30:00+01:00', 5, '2026-03-13T22:59:59.999Z'],
    ['Friday evening, 0 days: end of that Friday', '2026-03-06T19:30:00+01:00', 0, '2026-03-06T22:59:59.999Z'],
    // 23:30Z on Friday is already Saturday 00:30 in Amsterdam: counting starts Monday.
    ['Friday 23:30 UTC is Saturday locally', '2026-03-06T23:30:00Z', 2, '2026-03-11T22:59:59.999Z'],
    ['Saturday, 0 days: end of Monday', '2026-03-07T10:00:00+01:00', 0, '2026-03-09T22:59:59.999Z'],
    ['Saturday, 2 days: Monday is day 0', '2026-03-07T10:00:00+01:00', 2, '2026-03-11T22:59:59.999Z'],
    ['Sunday, 2 days', '2026-03-08T23:00:00+01:00', 2, '2026-03-11T22:59:59.999Z'],
    // Sunday 23:30Z is Monday 00:30 locally: Monday is the day of receipt.
    ['Sunday 23:30 UTC is Monday locally', '2026-03-08T23:30:00Z', 0, '2026-03-09T22:59:59.999Z'],
    ['Monday morning, 1 day', '2026-03-09T08:00:00+01:00', 1, '2026-03-10T22:59:59.999Z'],
  ])('%s', (_name, received, n, expected) => {
    expect(iso(plain.workingDaysDeadline(t(received), n))).toBe(expected);
  });

  it('Easter 2026 without Good Friday: Friday 3 April counts, Easter Monday does not', () => {
    const received = t('2026-04-02T10:00:00+02:00');
    expect(iso(plain.workingDaysDeadline(received, 1))).toBe('2026-04-03T21:59:59.999Z');
    expect(iso(plain.workingDaysDeadline(received, 2))).toBe('2026-04-07T21:59:59.999Z');
  });

  it('Easter 2026 with Good Friday: both Friday and Monday are off', () => {
    const received = t('2026-04-02T10:00:00+02:00');
    expect(iso(generous.workingDaysDeadline(received, 1))).toBe('2026-04-07T21:59:59.999Z');
    expect(iso(generous.workingDaysDeadline(received, 2))).toBe('2026-04-08T21:59:59.999Z');
  });

  it('Easter 2027 falls on the DST weekend: deadline before is CET, after is CEST', () => {
    const received = t('2027-03-25T12:00:00+01:00');
    expect(iso(plain.workingDaysDeadline(received, 1))).toBe('2027-03-26T22:59:59.999Z');
    expect(iso(plain.workingDaysDeadline(received, 2))).toBe('2027-03-30T21:59:59.999Z');
    expect(iso(generous.workingDaysDeadline(received, 1))).toBe('2027-03-30T21:59:59.999Z');
  });

  it("King's Day 2025 on Saturday 26 April costs no weekday", () => {
    expect(iso(plain.workingDaysDeadline(t('2025-04-25T16:00:00+02:00'), 1))).toBe('2025-04-28T21:59:59.999Z');
  });

  it("King's Day 2026 on Monday 27 April is skipped", () => {
    expect(iso(plain.workingDaysDeadline(t('2026-04-24T16:00:00+02:00'), 1))).toBe('2026-04-28T21:59:59.999Z');
  });

  it("King's Day 2031 (27 April a Sunday) moves to Saturday 26 April, Monday 28 works", () => {
    expect(iso(plain.workingDaysDeadline(t('2031-04-25T16:00:00+02:00'), 1))).toBe('2031-04-28T21:59:59.999Z');
  });

  it('Ascension Day 2026 (Thursday 14 May) is skipped', () => {
    expect(iso(plain.workingDaysDeadline(t('2026-05-13T09:00:00+02:00'), 1))).toBe('2026-05-15T21:59:59.999Z');
  });

  it('Whit Monday 2026 (25 May) is skipped', () => {
    expect(iso(plain.workingDaysDeadline(t('2026-05-22T09:00:00+02:00'), 1))).toBe('2026-05-26T21:59:59.999Z');
  });

  it('Christmas to New Year: received 2026-12-24, 5 working days ends Monday 4 January 2027', () => {
    expect(iso(plain.workingDaysDeadline(t('2026-12-24T10:00:00+01:00'), 5))).toBe('2027-01-04T22:59:59.999Z');
    expect(iso(plain.workingDaysDeadline(t('2026-12-24T10:00:00+01:00'), 4))).toBe('2026-12-31T22:59:59.999Z');
  });

  it('Christmas 2027 on a weekend has no substitute day: Monday 27 December works', () => {
    expect(iso(plain.workingDaysDeadline(t('2027-12-24T10:00:00+01:00'), 1))).toBe('2027-12-27T22:59:59.999Z');
  });

  it('Liberation Day 2026 (Tuesday) off only when the tenant says so', () => {
    const received = t('2026-05-04T09:00:00+02:00');
    expect(iso(plain.workingDaysDeadline(received, 1))).toBe('2026-05-05T21:59:59.999Z');
    expect(iso(generous.workingDaysDeadline(received, 1))).toBe('2026-05-06T21:59:59.999Z');
  });

  it('Liberation Day 2025 (Monday, a lustrum year) off only when the tenant says so', () => {
    const received = t('2025-05-02T09:00:00+02:00');
    expect(iso(plain.workingDaysDeadline(received, 1))).toBe('2025-05-05T21:59:59.999Z');
    expect(iso(generous.workingDaysDeadline(received, 1))).toBe('2025-05-06T21:59:59.999Z');
  });

  it("10 working days across King's Day and Liberation Day (PuraSec outcome)", () => {
    const received = t('2026-04-24T11:00:00+02:00');
    expect(iso(plain.workingDaysDeadline(received, 10))).toBe('2026-05-11T21:59:59.999Z');
    expect(iso(generous.workingDaysDeadline(received, 10))).toBe('2026-05-12T21:59:59.999Z');
  });

  it('closing days between Christmas and New Year are skipped', () => {
    const closed = createCalendar({ ...base, closingDays: ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31'] });
    expect(iso(closed.workingDaysDeadline(t('2026-12-24T10:00:00+01:00'), 1))).toBe('2027-01-04T22:59:59.999Z');
    expect(iso(closed.workingDaysDeadline(t('2026-12-29T10:00:00+01:00'), 0))).toBe('2027-01-04T22:59:59.999Z');
  });

  it('DST start weekend (2026-03-29): Friday CET receipt, Monday CEST deadline', () => {
    expect(iso(plain.workingDaysDeadline(t('2026-03-27T18:00:00+01:00'), 1))).toBe('2026-03-30T21:59:59.999Z');
    expect(iso(plain.workingDaysDeadline(t('2026-03-29T02:30:00+01:00'), 0))).toBe('2026-03-30T21:59:59.999Z');
  });

  it('DST end weekend (2026-10-25): Friday CEST receipt, Monday CET deadline', () => {
    expect(iso(plain.workingDaysDeadline(t('2026-10-23T18:00:00+02:00'), 1))).toBe('2026-10-26T22:59:59.999Z');
    // 02:30 happens twice that night; both are Sunday, so Monday is day 0 either way.
    expect(iso(plain.workingDaysDeadline(t('2026-10-25T02:30:00+02:00'), 0))).toBe('2026-10-26T22:59:59.999Z');
    expect(iso(plain.workingDaysDeadline(t('2026-10-25T02:30:00+01:00'), 0))).toBe('2026-10-26T22:59:59.999Z');
  });

  it('rejects a negative or fractional count', () => {
    expect(() => plain.workingDaysDeadline(t('2026-03-09T08:00:00Z'), -1)).toThrow(RangeError);
    expect(() => plain.workingDaysDeadline(t('2026-03-09T08:00:00Z'), 1.5)).toThrow(RangeError);
  });
});

describe('calendarDaysDeadline', () => {
  it.each([
    ['3 weeks, all winter', '2026-01-05T15:00:00+01:00', 21, '2026-01-26T22:59:59.999Z'],
    ['3 weeks across DST start', '2026-03-20T15:00:00+01:00', 21, '2026-04-10T21:59:59.999Z'],
    ['3 weeks ending on the 23-hour DST start day', '2026-03-08T15:00:00+01:00', 21, '2026-03-29T21:59:59.999Z'],
    ['3 weeks ending on the 25-hour DST end day', '2026-10-04T15:00:00+02:00', 21, '2026-10-25T22:59:59.999Z'],
    ['4 weeks across DST end', '2026-10-10T09:00:00+02:00', 28, '2026-11-07T22:59:59.999Z'],
    ['local day, not UTC day, is the start', '2026-06-30T23:30:00Z', 21, '2026-07-22T21:59:59.999Z'],
    ['3 weeks across the year end', '2026-12-20T12:00:00+01:00', 21, '2027-01-10T22:59:59.999Z'],
    ['0 days is the end of the same local day', '2026-10-25T01:30:00Z', 0, '2026-10-25T22:59:59.999Z'],
  ])('%s', (_name, from, n, expected) => {
    expect(iso(plain.calendarDaysDeadline(t(from), n))).toBe(expected);
  });

  it('ignores holidays and weekends: 21 days from Christmas Eve ends on a Thursday', () => {
    expect(iso(plain.calendarDaysDeadline(t('2026-12-24T10:00:00+01:00'), 21))).toBe('2027-01-14T22:59:59.999Z');
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['same day', '2026-03-09T08:00:00+01:00', '2026-03-09T20:00:00+01:00', 0],
    ['Friday to Monday', '2026-03-06T17:00:00+01:00', '2026-03-09T08:00:00+01:00', 1],
    ['Monday to Friday', '2026-03-09T08:00:00+01:00', '2026-03-13T08:00:00+01:00', 4],
    ['Friday to Monday backwards', '2026-03-13T08:00:00+01:00', '2026-03-09T08:00:00+01:00', -4],
    ['Saturday to Sunday', '2026-03-07T08:00:00+01:00', '2026-03-08T08:00:00+01:00', 0],
    ['Christmas Eve to 4 January', '2026-12-24T10:00:00+01:00', '2027-01-04T10:00:00+01:00', 5],
    ['across DST start', '2026-03-27T23:30:00+01:00', '2026-03-30T00:30:00+02:00', 1],
    ['UTC midnight is not the boundary', '2026-03-09T23:30:00Z', '2026-03-10T22:30:00Z', 0],
  ])('%s', (_name, from, to, expected) => {
    expect(plain.workingDaysBetween(t(from), t(to))).toBe(expected);
  });

  it('matches workingDaysDeadline: the deadline is N working days after receipt', () => {
    const received = t('2026-04-24T11:00:00+02:00');
    expect(plain.workingDaysBetween(received, plain.workingDaysDeadline(received, 10))).toBe(10);
  });
});

describe('nextWorkingDayStart', () => {
  it.each([
    ['a working day returns its own midnight', '2026-03-11T14:00:00+01:00', '2026-03-10T23:00:00.000Z'],
    ['Saturday before DST start: Monday 00:00 CEST', '2026-03-28T12:00:00+01:00', '2026-03-29T22:00:00.000Z'],
    ['Saturday before DST end: Monday 00:00 CET', '2026-10-24T12:00:00+02:00', '2026-10-25T23:00:00.000Z'],
    ['Christmas Day 2026: Monday 28 December', '2026-12-25T09:00:00+01:00', '2026-12-27T23:00:00.000Z'],
  ])('%s', (_name, instant, expected) => {
    expect(iso(plain.nextWorkingDayStart(t(instant)))).toBe(expected);
  });

  it('Good Friday per policy', () => {
    expect(iso(plain.nextWorkingDayStart(t('2026-04-03T09:00:00+02:00')))).toBe('2026-04-02T22:00:00.000Z');
    expect(iso(generous.nextWorkingDayStart(t('2026-04-03T09:00:00+02:00')))).toBe('2026-04-06T22:00:00.000Z');
  });
});

describe('atLocalTime', () => {
  it.each([
    ['summer', '2026-07-01', 9, 0, '2026-07-01T07:00:00.000Z'],
    ['winter', '2026-01-15', 9, 0, '2026-01-15T08:00:00.000Z'],
    ['before the spring gap', '2026-03-29', 1, 59, '2026-03-29T00:59:00.000Z'],
    ['inside the spring gap moves forward (02:30 -> 03:30 CEST)', '2026-03-29', 2, 30, '2026-03-29T01:30:00.000Z'],
    ['after the spring gap', '2026-03-29', 3, 0, '2026-03-29T01:00:00.000Z'],
    ['repeated autumn hour takes the earlier (CEST)', '2026-10-25', 2, 30, '2026-10-25T00:30:00.000Z'],
    ['after the autumn overlap', '2026-10-25', 3, 0, '2026-10-25T02:00:00.000Z'],
    ['midnight', '2026-10-26', 0, 0, '2026-10-25T23:00:00.000Z'],
  ])('%s', (_name, date, hour, minute, expected) => {
    expect(iso(plain.atLocalTime(date, hour, minute))).toBe(expected);
  });

  it('rejects times and dates that are not', () => {
    expect(() => plain.atLocalTime('2026-03-29', 24, 0)).toThrow(RangeError);
    expect(() => plain.atLocalTime('2026-03-29', 9, 60)).toThrow(RangeError);
    expect(() => plain.atLocalTime('2026-02-30', 9, 0)).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('uses the tenant zone, not UTC', () => {
    expect(plain.localDate(t('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(plain.localDate(t('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    expect(plain.localDate(t('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(plain.localDate(t('2026-12-31T22:59:59.999Z'))).toBe('2026-12-31');
  });
});

describe('dayOffReason and isWorkingDay', () => {
  it.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-04-06', 'Easter Monday'],
    ['2025-04-26', "King's Day"],
    ['2026-04-27', "King's Day"],
    ['2031-04-26', "King's Day"],
    ['2026-05-14', 'Ascension Day'],
    ['2026-05-25', 'Whit Monday'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-26', 'Boxing Day'],
    // The library reports Easter Sunday and Whit Sunday as public; they are plain Sundays here.
    ['2026-04-05', 'weekend'],
    ['2026-05-24', 'weekend'],
    ['2025-04-27', 'weekend'],
    ['2031-04-27', 'weekend'],
    // Good Friday and Liberation Day are off only by tenant setting.
    ['2026-04-03', null],
    ['2026-05-05', null],
    ['2025-05-05', null],
    // Observances and bank days in the library are working days.
    ['2026-05-04', null],
    ['2026-12-15', null],
    ['2026-12-31', null],
    ['2026-03-09', null],
  ])('plain tenant: %s -> %s', (date, reason) => {
    expect(plain.dayOffReason(date)).toBe(reason);
    expect(plain.isWorkingDay(date)).toBe(reason === null);
  });

  it.each([
    ['2026-04-03', 'Good Friday'],
    ['2027-03-26', 'Good Friday'],
    ['2026-05-05', 'Liberation Day'],
    ['2025-05-05', 'Liberation Day'],
    // 5 May 2016 was also Ascension Day; the statutory name wins.
    ['2016-05-05', 'Ascension Day'],
  ])('tenant with Good Friday and Liberation Day: %s -> %s', (date, reason) => {
    expect(generous.dayOffReason(date)).toBe(reason);
    expect(generous.isWorkingDay(date)).toBe(false);
  });

  it('closing days are reported as such; a weekend stays a weekend', () => {
    const closed = createCalendar({ ...base, closingDays: ['2026-12-24', '2026-12-27'] });
    expect(closed.dayOffReason('2026-12-24')).toBe('closing day');
    expect(closed.dayOffReason('2026-12-27')).toBe('weekend');
    expect(closed.isWorkingDay('2026-12-23')).toBe(true);
  });

  it('rejects malformed local dates', () => {
    expect(() => plain.isWorkingDay('2026-3-9')).toThrow(RangeError);
    expect(() => plain.dayOffReason('2026-02-29')).toThrow(RangeError);
  });
});

describe('createCalendar', () => {
  it('rejects an unknown zone, another country and malformed closing days', () => {
    expect(() => createCalendar({ ...base, timezone: 'Europe/Amsterdamm' })).toThrow(RangeError);
    expect(() => createCalendar({ ...base, country: 'BE' })).toThrow(RangeError);
    expect(() => createCalendar({ ...base, closingDays: ['24-12-2026'] })).toThrow(RangeError);
  });

  it('keeps the policy it was built from', () => {
    expect(generous.policy).toEqual({ ...base, liberationDay: true, goodFriday: true });
  });
});
