import { createCalendar } from '../calendar/workingDays.js';
import type { WorkingCalendar } from '../calendar/types.js';
import type { TenantConfig } from '../config/schema.js';
import { peopleOf, type People } from '../tenant/people.js';
import type { CliLanguage } from './args.js';

/**
 * What `list` and `show` need of a tenant to print for people: its working calendar (local
 * times, working days left), its people (names instead of ids) and the language to print in.
 * The part of a TenantContext a read-only view needs — no letters, no signing secret, no clock.
 */
export interface TenantView {
  /** The company's name ("PuraSec B.V."); the id when the tenant is no longer configured. */
  readonly name: string;
  readonly calendar: WorkingCalendar;
  readonly people: People;
  readonly lang: CliLanguage;
  /** The procedure promises personal contact (treatment.personalContact): `show` says whether it happened. */
  readonly promisesContact: boolean;
}

export type TenantViews = ReadonlyMap<string, TenantView>;

/** Every configured tenant's view; `lang` overrides each tenant's own language. */
export function tenantViews(tenants: readonly TenantConfig[], lang: CliLanguage | undefined): TenantViews {
  return new Map(
    tenants.map((t) => [
      t.id,
      {
        name: t.name,
        calendar: createCalendar({
          timezone: t.timezone,
          country: t.calendar.country,
          liberationDay: t.calendar.liberationDay,
          goodFriday: t.calendar.goodFriday,
          closingDays: t.calendar.closingDays,
        }),
        people: peopleOf(t),
        lang: lang ?? t.language,
        promisesContact: t.procedure.treatment.personalContact,
      },
    ]),
  );
}

/** A complaint of a tenant no longer configured still prints: Amsterdam time, Dutch holidays, no names. */
export function viewOf(views: TenantViews, tenant: string, lang: CliLanguage | undefined): TenantView {
  const known = views.get(tenant);
  if (known) return known;
  const nobody: People = { all: [], managers: [], byId: () => null, byEmail: () => null, languageOf: () => lang ?? 'nl' };
  return {
    name: tenant,
    calendar: createCalendar({ timezone: 'Europe/Amsterdam', country: 'NL', liberationDay: false, goodFriday: false, closingDays: [] }),
    people: nobody,
    lang: lang ?? 'nl',
    promisesContact: false,
  };
}
