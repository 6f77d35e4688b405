import { join, resolve } from 'node:path';
import { createCalendar } from '../calendar/workingDays.js';
import type { WorkingCalendar } from '../calendar/types.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import type { TenantConfig } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { LetterRenderer } from '../letters/render.js';
import type { Db } from '../store/db.js';
import { messageIdCreate, messageIdVerify, type VerifiedMessageId } from '../thread/messageId.js';
import { peopleOf, type People } from './people.js';

export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** Makes and checks our signed Message-IDs (thread/messageId.ts); the secret stays inside. */
export interface MessageIds {
  /** Domain of our Message-IDs: the complaints address's domain. */
  readonly domain: string;
  create(reference: string | null, kind: string): string;
  verify(id: string): VerifiedMessageId | null;
}

/** A DNS lookup in mailauth's shape: TXT answers are arrays of strings. Tests inject one with their own keys. */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/** Where DKIM keys and DMARC records come from (global `dns`), and the time budget per command mail. */
export interface DnsLookup {
  readonly resolve: DnsResolver;
  readonly timeoutMs: number;
}

/**
 * Everything the desk needs to act for one tenant, built once at start-up and passed as one
 * object: its config, working calendar, letters, people, Message-ID signing, the store and the
 * clock. The orchestration layers (ingest, execute, workflow, scheduler, outbox) take this
 * instead of positional (db, tenant, secret, now) arguments.
 */
export interface TenantContext {
  readonly id: string;
  readonly cfg: TenantConfig;
  readonly calendar: WorkingCalendar;
  readonly letters: LetterRenderer;
  readonly people: People;
  readonly ids: MessageIds;
  readonly db: Db;
  readonly clock: Clock;
  /** DNS for checking a command mail's DKIM and DMARC when no trusted server did (ingest/mailAuth.ts). */
  readonly dns: DnsLookup;
}

/**
 * One unit of work for a tenant at the moment it computes with. `now` is fixed for the whole
 * unit (one transaction sees one time), which is why it travels beside the context rather than
 * being read from the clock at each step.
 */
export interface Moment {
  readonly tenant: TenantContext;
  readonly now: Date;
  /**
   * The tenant's mailbox is catching up on a backlog, whose automatic letters the sender holds
   * until it is stored: queue them unrendered, to be rendered when they are sent (outbox/queue.ts).
   */
  readonly renderLater?: boolean;
}

export interface TenantContextInput {
  cfg: TenantConfig;
  /** Where the config file lives: `letters.templatesDir` is relative to it. */
  configDir: string;
  db: Db;
  clock: Clock;
  secret: string;
  dns: DnsLookup;
}

export function createTenantContext({ cfg, configDir, db, clock, secret, dns }: TenantContextInput): TenantContext {
  const calendar = createCalendar({
    timezone: cfg.timezone,
    country: cfg.calendar.country,
    liberationDay: cfg.calendar.liberationDay,
    goodFriday: cfg.calendar.goodFriday,
    closingDays: cfg.calendar.closingDays,
  });
  const override = cfg.letters.templatesDir ? resolve(configDir, cfg.letters.templatesDir) : undefined;
  const domain = cfg.address.split('@')[1]!;
  return {
    id: cfg.id,
    cfg,
    calendar,
    letters: new LetterRenderer(TEMPLATES_DIR, cfg.id, cfg.timezone, override),
    people: peopleOf(cfg),
    ids: {
      domain,
      create: (reference, kind) => messageIdCreate(secret, reference, kind, domain),
      verify: (id) => messageIdVerify(secret, id),
    },
    db,
    clock,
    dns,
  };
}

/** The moment a unit of work computes with: the clock's now unless the caller fixed one. */
export const momentOf = (tenant: TenantContext, now: Date = tenant.clock.now()): Moment => ({ tenant, now });
