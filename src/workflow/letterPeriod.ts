import type { LetterPeriod } from '../letters/data.js';
import type { Period } from '../procedure/period.js';

/**
 * A period of the procedure as a letter promises it (the `period` partial writes it out after
 * "binnen" / "within"). Whole weeks of calendar days are said in weeks, as the regulations do
 * ("binnen 4 weken na dit gesprek"); the words follow the tenant's config, so a letter never
 * promises a period its deadline does not hold.
 */
export function letterPeriod(period: Period): LetterPeriod {
  if ('workingDays' in period) return { count: period.workingDays, unit: 'workingDays' };
  const days = period.calendarDays;
  return days > 0 && days % 7 === 0 ? { count: days / 7, unit: 'weeks' } : { count: days, unit: 'days' };
}
