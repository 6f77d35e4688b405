import type { Person, TenantConfig } from '../config/schema.js';
import type { Language } from '../text/language.js';

/** The tenant's people as the desk looks them up: by id, by address, by role, and in which language to write to them. */
export interface People {
  readonly all: readonly Person[];
  readonly managers: readonly Person[];
  byId(id: string | null | undefined): Person | null;
  /** Addresses are stored lower-case (config load normalises them). */
  byEmail(address: string | null | undefined): Person | null;
  languageOf(person: Person): Language;
}

export function peopleOf(cfg: TenantConfig): People {
  const byId = new Map(cfg.people.map((p) => [p.id, p]));
  const byEmail = new Map(cfg.people.map((p) => [p.email, p]));
  const managers = cfg.people.filter((p) => p.role === 'manager');
  return {
    all: cfg.people,
    managers,
    byId: (id) => (id ? (byId.get(id) ?? null) : null),
    byEmail: (address) => (address ? (byEmail.get(address) ?? null) : null),
    languageOf: (p) => p.language ?? cfg.language,
  };
}
