import cron from 'node-cron';
import { z } from 'zod';
import { classifierRulesSchema } from '../intake/classifierSchema.js';
import { defaultClassifierRules } from '../intake/defaultRules.js';
import { procedureSchema } from '../procedure/schema.js';
export { periodSchema, type Period } from '../procedure/period.js';

/**
 * The operator's interface: one schema holds every field, its default and its unit.
 * `config/complaintdesk.yaml` is GlobalConfig; `config/tenants/<id>.yaml` is TenantConfig.
 */

/** A node-cron expression, checked at start-up so a typo stops the daemon with the key named. */
const cronExpr = z.string().refine((v) => cron.validate(v), 'not a valid cron expression (minute hour day month weekday)');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24 hours)');
const email = z.string().trim().toLowerCase().pipe(z.email());
// Ports and TLS switches often come from the environment (`port: "${SMTP_PORT}"`), which yields
// strings: accept the string forms of these two only (a digits-only password must stay a string).
const port = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(65535));
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

export const imapSchema = z
  .object({
    host: z.string().min(1).describe('IMAP server host name'),
    port: port.default(993).describe('IMAP port; 993 with secure: true, 143 with STARTTLS'),
    secure: flag.default(true).describe('TLS from the first byte (port 993)'),
    user: z.string().min(1),
    password: z.string().min(1).describe('use "${VAR}": secrets only from the environment'),
    folder: z.string().default('INBOX').describe('mailbox folder to watch'),
    markSeen: z.boolean().default(false).describe('set \\Seen on processed mail; off: the shared mailbox is left as people left it'),
    pollIntervalSeconds: z.number().int().min(5).default(60).describe('polling fallback and IDLE refresh, seconds'),
    commandTimeoutSeconds: z.number().int().min(1).default(60).describe('timeout of every IMAP operation, seconds'),
    batchSize: z.number().int().min(1).max(5000).default(200).describe('UIDs fetched per FETCH command'),
  })
  .strict();

export const maildirSchema = z
  .object({
    path: z.string().min(1).describe('Maildir directory (with new/, cur/, tmp/); relative to the data directory'),
    pollIntervalSeconds: z.number().min(0.1).default(2).describe('how often new/ is scanned, seconds'),
  })
  .strict();

/**
 * What the first start of a mailbox (no cursor yet) does with the mail already in it:
 * `archive` stores it as history (searchable, threadable, no complaint, no letter), `process`
 * treats it as new mail (still bounded by autoReply.maxMailAgeDays), `skip` starts after it
 * without storing it.
 */
export const firstStartSchema = z
  .enum(['archive', 'process', 'skip'])
  .default('archive')
  .describe('first start of a mailbox: archive (default) | process | skip the mail already in it');

export const mailboxSchema = z.union([
  z.object({ imap: imapSchema, firstStart: firstStartSchema }).strict(),
  z.object({ maildir: maildirSchema, firstStart: firstStartSchema }).strict(),
], { error: 'needs exactly one of: imap, maildir' });
export type FirstStartMode = z.infer<typeof firstStartSchema>;

export const smtpSchema = z
  .object({
    host: z.string().min(1),
    port: port.default(587),
    secure: flag.default(false).describe('TLS from the first byte (465); false uses STARTTLS when offered'),
    requireTLS: flag.default(false),
    user: z.string().optional(),
    password: z.string().optional().describe('use "${VAR}"'),
    maxConnections: z.number().int().min(1).default(2).describe('pooled connections'),
  })
  .strict();

export const fileTransportSchema = z
  .object({ path: z.string().min(1).describe('directory for .eml files; relative to the data directory') })
  .strict();

export const transportSchema = z.union([
  z.object({ smtp: smtpSchema }).strict(),
  z.object({ file: fileTransportSchema }).strict(),
], { error: 'needs exactly one of: smtp, file' });

export const personSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'ids are letters, digits, - and _'),
    name: z.string().min(1),
    email,
    phone: z.string().optional(),
    role: z.enum(['handler', 'manager']),
    language: z.enum(['nl', 'en']).optional().describe('language of internal mail; default the tenant language'),
    absent: z.boolean().default(false).describe('skipped by automatic assignment'),
  })
  .strict();

export const serviceSchema = z
  .object({ name: z.string().min(1), synonyms: z.array(z.string().min(1)).default([]) })
  .strict();

/** YYYY-MM-DD that names a real day (not 2026-02-30, not 2026-13-01). */
const isCalendarDate = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
};

export const calendarSchema = z
  .object({
    country: z.string().default('NL').describe('holiday calendar country (ISO code; only NL is defined)'),
    liberationDay: z.boolean().default(false).describe('5 May is a day off every year'),
    goodFriday: z.boolean().default(false).describe('Good Friday is a day off'),
    closingDays: z
      .array(
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'closing days are YYYY-MM-DD', abort: true })
          // The pattern alone lets 2026-02-30 through, which Date rolls over to 2 March (and 2026-13-01, which crashes the calendar).
          .refine(isCalendarDate, { error: (issue) => `${String(issue.input)} is not a date in the calendar` }),
      )
      .default([])
      .describe('extra days the company is closed (YYYY-MM-DD); they do not count as working days'),
  })
  .strict();

export const lettersSchema = z
  .object({
    templatesDir: z.string().optional().describe('directory with tenant overrides, same layout as templates/; relative to the config directory'),
    footer: z.string().default('').describe('line under every letter (address, chamber of commerce number)'),
  })
  .strict();

export const scheduleSchema = z
  .object({
    enabled: z.boolean().default(true).describe('run the scheduled jobs in the daemon; off: only `complaintdesk jobs run`'),
    checkCron: cronExpr
      .default('*/10 * * * *')
      .describe('node-cron expression (tenant time zone): how often reminders, escalations and the digest check what is due; each sends only on working days at/after its time, once'),
    reminderTime: hhmm.default('08:00').describe('local time (HH:MM) from which reminders and escalations go out on working days'),
    reminderThresholds: z
      .array(z.number().int().min(0).max(20))
      .min(1)
      .default([2, 1, 0])
      .describe('remind the handler this many working days before a company deadline; 0 = the morning of the due day'),
    escalationEveryWorkingDays: z.number().int().min(1).default(1).describe('repeat an escalation of a passed deadline to the managers at most every this many working days'),
    digestTime: hhmm.default('08:30').describe("local time (HH:MM) of the managers' daily digest on working days"),
    learningsCron: cronExpr.default('0 9 1 * *').describe('node-cron expression (tenant time zone) of the learnings report of the previous month'),
  })
  .strict();

export const tenantSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'tenant ids are lower-case letters, digits, - and _'),
    name: z.string().min(1),
    address: email.describe('the complaints address customers write to; letters are sent from it'),
    objection: z
      .object({
        address: email
          .optional()
          .describe(
            "where the customer lodges an objection with management (the outcome letter names it, with the last day); mail to it must arrive in this tenant's mailbox (an alias), where it is recognised by its To/Cc. Default: the complaints address",
          ),
      })
      .strict()
      .prefault({})
      .describe('objection to management after the outcome (the procedure has the objection step)'),
    reference: z.string().regex(/^[A-Z]{1,6}$/, 'a reference prefix is 1-6 capital letters').describe('subject token prefix: [PS-2026-0007]'),
    timezone: z.string().default('Europe/Amsterdam'),
    language: z.enum(['nl', 'en']).default('nl').describe('default language of letters'),
    intake: z.enum(['all', 'classify']).default('all').describe('all: every new thread is a complaint; classify: rule-based triage'),
    mailbox: mailboxSchema,
    transport: transportSchema,
    people: z.array(personSchema).min(1),
    services: z.array(serviceSchema).default([]),
    calendar: calendarSchema.prefault({}),
    procedure: procedureSchema,
    letters: lettersSchema.prefault({}),
    office: z
      .object({
        address: z
          .string()
          .trim()
          .min(1, 'the office address is empty; leave the key out when there is none')
          .optional()
          .describe(
            'visiting address for hearings, one line per address line (a YAML block `address: |`); the invitation to a hearing at the office shows it line by line. Default none: that invitation asks the customer to agree on the place',
          ),
      })
      .strict()
      .prefault({})
      .describe("the company's office, where a hearing on an objection can take place"),
    schedule: scheduleSchema.prefault({}).describe('reminders, escalations, the daily digest and the learnings report (SPEC §7)'),
    retention: z
      .object({
        closedComplaintsMonths: z
          .number()
          .int()
          .min(1)
          .default(24)
          .describe('months after closing that a complaint keeps its personal data (names, addresses, texts, mail, attachments, letters); then it is anonymised and only the figures stay'),
        quarantineDays: z.number().int().min(1).default(90).describe('days a quarantined mail is kept'),
        archiveMonths: z
          .number()
          .int()
          .min(1)
          .default(24)
          .describe('months that history mail (archived at the first start, or too old to answer) that became no complaint is kept'),
      })
      .strict()
      .prefault({})
      .describe('retention (GDPR art. 5(1)(e)): a daily job removes what has expired; `complaintdesk retention run`'),
    triage: classifierRulesSchema
      .default(defaultClassifierRules)
      .describe('intake: classify only — weighted nl/en rules and thresholds (src/intake/classifierSchema.ts); default src/intake/defaultRules.ts'),
    autoReply: z
      .object({
        minHoursBetween: z.number().min(0).default(24).describe('at most one automatic reply per sender per this many hours; later ones wait and collapse into one, so two robots cannot ping-pong'),
        maxMailAgeDays: z
          .number()
          .min(0)
          .default(7)
          .describe('no automatic letter for mail the mailbox received (IMAP INTERNALDATE / Maildir time) longer ago than this, days; it is stored and listed for a person'),
        maxPerHour: z
          .number()
          .int()
          .min(1)
          .default(30)
          .describe('tenant-wide circuit breaker: more automatic letters than this in an hour holds the rest and tells the managers once'),
      })
      .strict()
      .prefault({}),
    commands: z
      .object({
        trustedAuthservIds: z
          .array(z.string().min(1))
          .default([])
          .describe("authserv-ids (RFC 8601) of the tenant's own receiving mail server; its DMARC pass proves a command's sender. Empty: only replies to our mails prove it"),
        verifyDkim: z
          .boolean()
          .default(true)
          .describe(
            "when no trusted Authentication-Results header is present, the desk checks a command mail's DKIM signature and the From domain's DMARC record itself (DNS, see dns in complaintdesk.yaml); an aligned DKIM pass with DMARC pass proves the sender. Default true",
          ),
      })
      .strict()
      .prefault({}),
    guards: z
      .object({ maxReceived: z.number().int().min(5).default(25).describe('more Received headers than this marks a mail as looping') })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((t, ctx) => {
    const ids = new Set<string>();
    t.people.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `duplicate person id "${p.id}"` });
      ids.add(p.id);
    });
    if (!t.people.some((p) => p.role === 'handler')) {
      ctx.addIssue({ code: 'custom', path: ['people'], message: 'at least one person with role: handler is needed' });
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: t.timezone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone "${t.timezone}"` });
    }
  });

export const globalSchema = z
  .object({
    dataDir: z.string().default('../data').describe('data directory (SQLite, Maildirs, .eml output); relative to the config directory'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    logFormat: z.enum(['auto', 'pretty', 'json']).default('auto').describe('auto: pretty on a terminal, JSON otherwise'),
    secret: z
      .string()
      .min(32, 'the signing secret needs at least 32 characters')
      .optional()
      .describe('HMAC key for our Message-IDs, use "${COMPLAINTDESK_SECRET}"; required when any tenant uses IMAP or SMTP. Without it a key is generated under the data directory'),
    limits: z
      .object({
        maxMessageBytes: z.number().int().min(1024).default(25 * 1024 * 1024).describe('larger mail is quarantined unread, bytes'),
        maxHeaderBytes: z.number().int().min(1024).default(256 * 1024).describe('header block cap, bytes'),
        parseTimeoutMs: z.number().int().min(100).default(15_000).describe('time budget for parsing one mail, ms'),
        maxAttachmentBytes: z.number().int().min(0).default(10 * 1024 * 1024).describe('attachments larger than this are listed but their bytes stay only in the raw mail, bytes'),
      })
      .strict()
      .prefault({}),
    dns: z
      .object({
        servers: z
          .array(z.string().min(1))
          .default([])
          .describe("DNS servers for DKIM keys and DMARC records (commands.verifyDkim), IP or IP:port. Empty (default): the system's resolvers (/etc/resolv.conf)"),
        timeoutMs: z.number().int().min(100).default(5_000).describe('time budget for all DNS lookups of one command mail; past it the mail has no DKIM proof, ms'),
      })
      .strict()
      .prefault({}),
    sender: z
      .object({
        maxAttempts: z.number().int().min(1).default(12).describe('attempts before a temporarily failing mail is given up'),
        baseDelayMs: z.number().int().min(10).default(30_000).describe('first retry delay; doubles per attempt, with jitter'),
        maxDelayMs: z.number().int().min(10).default(60 * 60_000).describe('retry delay cap'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type GlobalConfig = z.infer<typeof globalSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;
/** Where objections go (`objection.address`), the complaints address when not set. */
export const objectionAddress = (cfg: Pick<TenantConfig, 'address' | 'objection'>): string => cfg.objection.address ?? cfg.address;
/** The office's visiting address as lines (`office.address`), empty lines dropped; null when none is configured. */
export const officeAddressLines = (cfg: Pick<TenantConfig, 'office'>): string[] | null => {
  const lines = (cfg.office.address ?? '')
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length > 0 ? lines : null;
};
export type Person = z.infer<typeof personSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type ImapConfig = z.infer<typeof imapSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;
