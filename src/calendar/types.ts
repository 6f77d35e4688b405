/**
 * The working-day calendar of one tenant. Pure: every answer depends only on the policy and
 * the instants passed in, never on the wall clock.
 *
 * Local dates are ISO `YYYY-MM-DD` strings in the tenant's time zone.
 */
export interface CalendarPolicy {
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  timezone: string;
  /** Holiday library country code, e.g. `NL`. */
  country: string;
  /** Liberation Day (5 May) is a day off every year. */
  liberationDay: boolean;
  /** Good Friday is a day off. */
  goodFriday: boolean;
  /** Tenant-specific closing days, `YYYY-MM-DD`. */
  closingDays: string[];
}

export interface WorkingCalendar {
  readonly policy: CalendarPolicy;
  /** The local date (tenant time zone) of an instant. */
  localDate(instant: Date): string;
  /** Is this local date a working day (Mon–Fri, not a holiday, not a closing day)? */
  isWorkingDay(localDate: string): boolean;
  /** Why a local date is not a working day (`weekend`, the holiday's name, `closing day`), or null. */
  dayOffReason(localDate: string): string | null;
  /**
   * "Within N working days" of `received`: the end (last millisecond, local time) of the Nth
   * working day after the local day of receipt. Receipt on a non-working day counts from the
   * next working day (that day is day 0).
   */
  workingDaysDeadline(received: Date, n: number): Date;
  /** "Within N calendar days" of `from`: end of the local day `n` days after from's local day. */
  calendarDaysDeadline(from: Date, n: number): Date;
  /** Whole working days strictly after `from`'s local day up to and including `to`'s local day (negative when `to` is before). */
  workingDaysBetween(from: Date, to: Date): number;
  /** The start (00:00 local) of the first working day on or after the instant's local day. */
  nextWorkingDayStart(instant: Date): Date;
  /** An instant at local `HH:MM` on a local date. */
  atLocalTime(localDate: string, hour: number, minute: number): Date;
}
