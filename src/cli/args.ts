import { parseArgs } from 'node:util';
import { ALL_STATES } from '../procedure/context.js';
import { JOB_NAMES, isJobName, type JobName } from '../scheduler/jobs.js';
import { GROUPINGS, type Grouping } from '../scheduler/figures.js';

export const USAGE = `complaintdesk — an email-driven complaints desk

Usage: complaintdesk <command> [--config DIR]

Commands:
  start              run the daemon (embedded defaults: Maildirs and .eml output under data/)
  check-config       validate the configuration and print a summary
  demo [--keep DIR]  play a sample complaint of each tenant through the real pipeline and print the letters
  list [--tenant T] [--state S] [--overdue] [--mine EMAIL] [--due-within N] [--lang nl|en] [--now ISO]
                     complaints, newest first, with the deadline that is overdue; --overdue: a company
                     deadline has passed; --mine: the contact person with that address; --due-within:
                     an open company deadline due within N working days (tenant calendar)
  show REF [--json] [--lang nl|en] [--now ISO]
                     one complaint's dossier: customer, contact person, state, verdict, cause,
                     learnings, deadlines in local time with working days left, the conversation in
                     order, attachments; --json: the stored rows as one JSON object (ISO times)
  export REF --out DIR [--force] [--lang nl|en] [--now ISO]
  export --person EMAIL --out DIR [--force] [--lang nl|en] [--now ISO]
                     write DIR: dossier.html (printable, self-contained) and every mail in and out
                     as .eml; --person: each complaint of that customer in its own folder, their
                     other and quarantined mail, and index.html (a subject access request);
                     --force: write into a DIR that is not empty
  quarantine [--tenant T]
                     list mail that could not be processed
  quarantine reprocess ID
                     run a quarantined mail through the pipeline again (e.g. after raising a limit)
  quarantine show ID one quarantined mail: tenant, received, size, reason, its headers
  quarantine discard ID
                     set a quarantined mail aside: it leaves the list and the digest's count; who
                     and when are recorded; the raw mail stays until retention removes it
  triage [--tenant T]
                     mail a shared mailbox's triage did not take as a complaint (turn one into a
                     complaint by forwarding it with #register)
  outbox [--status pending|held|failed|sent|cancelled] [--tenant T]
                     outgoing mail: recipient, kind, state, next attempt, last error
  outbox release [--tenant T]
                     send the automatic letters the circuit breaker held (letters of complaints
                     closed meanwhile are dropped) and reset the breaker
  outbox resend ID   queue a failed, cancelled or sent letter again (same Message-ID) and send it
  outbox cancel ID [--reason TEXT]
                     do not send a pending, held or failed letter
  jobs run [reminders|escalations|digest|learnings] [--tenant T] [--now ISO] [--dry-run]
                     run a scheduled job as of a moment (default now; all jobs when none is named) and
                     send what it queued; --dry-run prints what would be sent and records nothing;
                     what a run by hand queues is sent at once, also for a --now in the future; a
                     --now without offset (2026-12-01, 2026-12-01T08:00) is each tenant's local time
  backup FILE [--force]
                     a consistent copy of the store while the daemon runs, checked (integrity, rows);
                     --force replaces an existing FILE
  status [--tenant T] [--json] [--lang nl|en] [--stale-minutes N]
                     per tenant: mailbox reachable, mail waiting, sending, letters pending/held/failed,
                     quarantine, next scheduled jobs; exit 1 when something needs a person
  stats [--tenant T] [--from DATE] [--to DATE] [--by month|service|handler] [--json] [--lang nl|en] [--now ISO]
                     the improvement figures of the complaints received between two local dates
                     (both included): received per channel, acknowledgements and outcomes on time,
                     working days to the outcome (median, 90 %), verdicts, objections, open and
                     overdue now, learnings; --by: also per month of receipt, service or handler
  erase --person EMAIL [--tenant T] [--yes]
                     GDPR art. 17: list everything stored about that address (their complaints,
                     mail, attachments, letters, quarantined mail, files); --yes removes it at once
                     (complaints stay as anonymous figures)
  retention run [--tenant T] [--now ISO] [--dry-run]
                     remove what the tenants' retention periods say has expired (the daemon does it
                     daily); --dry-run lists it and changes nothing
  help               this text

Options:
  --config DIR       configuration directory (default: $COMPLAINTDESK_CONFIG or the shipped config/)
  --lang nl|en       language of list and show (default: the tenant's language)
  --now ISO          list and show: count working days left as of this moment (default: now)
  -h, --help         this text
`;

/** What the command line asked for, checked before any config is read. */
export type Invocation =
  | { command: 'help' }
  | { command: 'start' | 'check-config'; config: string | undefined }
  | { command: 'demo'; config: string | undefined; keep: string | undefined }
  | ({ command: 'list'; config: string | undefined; tenant: string | undefined; state: string | undefined; overdue: boolean } & ListOptions & ViewOptions)
  | ({ command: 'show'; config: string | undefined; reference: string; json: boolean } & ViewOptions)
  | ({ command: 'export'; config: string | undefined; target: { reference: string } | { person: string }; out: string; force: boolean } & ViewOptions)
  | { command: 'quarantine' | 'triage'; config: string | undefined; tenant: string | undefined }
  | { command: 'quarantine-reprocess'; config: string | undefined; id: number }
  | { command: 'outbox'; config: string | undefined; tenant: string | undefined; status: OutboxStatusFilter | undefined }
  | { command: 'outbox-release'; config: string | undefined; tenant: string | undefined }
  | { command: 'erase'; config: string | undefined; person: string; tenant: string | undefined; yes: boolean }
  | { command: 'retention-run'; config: string | undefined; tenant: string | undefined; now: Date | undefined; dryRun: boolean }
  | ({
      command: 'stats';
      config: string | undefined;
      tenant: string | undefined;
      from: string | undefined;
      to: string | undefined;
      by: Grouping | undefined;
      json: boolean;
    } & ViewOptions)
  | { command: 'outbox-resend'; config: string | undefined; id: number }
  | { command: 'outbox-cancel'; config: string | undefined; id: number; reason: string | undefined }
  | { command: 'quarantine-show' | 'quarantine-discard'; config: string | undefined; id: number }
  | { command: 'backup'; config: string | undefined; file: string; force: boolean }
  | { command: 'status'; config: string | undefined; tenant: string | undefined; json: boolean; lang: CliLanguage | undefined; staleMinutes: number }
  | { command: 'jobs-run'; config: string | undefined; job: JobName | undefined; tenant: string | undefined; now: JobMoment | undefined; dryRun: boolean };

/** `jobs run --now`: an instant (the text named its offset), or a wall-clock time read in each tenant's zone. */
export type JobMoment = Date | LocalMoment;
export interface LocalMoment {
  localDate: string;
  hour: number;
  minute: number;
  second: number;
}

/** How list and show print: in which language, as of which moment. */
export interface ViewOptions {
  /** undefined: each complaint in its tenant's language. */
  lang: CliLanguage | undefined;
  /** undefined: the wall clock. */
  now: Date | undefined;
}

export interface ListOptions {
  /** The contact person's address, checked against the configured people once config is read. */
  mine: string | undefined;
  /** Working days: an open company deadline due by the end of the Nth working day from today. */
  dueWithin: number | undefined;
}

export const CLI_LANGUAGES = ['nl', 'en'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number];
/** `status`: mail waiting in a mailbox longer than this means the daemon is not taking it in. */
export const DEFAULT_STALE_MINUTES = 15;
/** A year of working days: more is a typo, not a question. */
const MAX_DUE_WITHIN = 260;

export const OUTBOX_STATUSES = ['pending', 'held', 'failed', 'sent', 'cancelled', 'sending'] as const;
export type OutboxStatusFilter = (typeof OUTBOX_STATUSES)[number];

/** A bad invocation: one line for stderr; the caller adds the usage and exits 2. */
export type ParsedInvocation = { ok: true; invocation: Invocation } | { ok: false; message: string };

const OPTIONS = {
  config: { type: 'string' },
  keep: { type: 'string' },
  tenant: { type: 'string' },
  state: { type: 'string' },
  overdue: { type: 'boolean' },
  now: { type: 'string' },
  status: { type: 'string' },
  'dry-run': { type: 'boolean' },
  mine: { type: 'string' },
  'due-within': { type: 'string' },
  lang: { type: 'string' },
  out: { type: 'string' },
  person: { type: 'string' },
  json: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  force: { type: 'boolean' },
  'stale-minutes': { type: 'string' },
  reason: { type: 'string' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Which options each command takes besides --config and --help. */
const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  help: [],
  start: [],
  'check-config': [],
  demo: ['keep'],
  list: ['tenant', 'state', 'overdue', 'mine', 'due-within', 'lang', 'now'],
  show: ['json', 'lang', 'now'],
  export: ['out', 'person', 'force', 'lang', 'now'],
  quarantine: ['tenant'],
  triage: ['tenant'],
  jobs: ['tenant', 'now', 'dry-run'],
  erase: ['person', 'tenant', 'yes'],
  retention: ['tenant', 'now', 'dry-run'],
  backup: ['force'],
  status: ['tenant', 'json', 'lang', 'stale-minutes'],
  stats: ['tenant', 'from', 'to', 'by', 'json', 'lang', 'now'],
  outbox: ['tenant', 'status', 'reason'],
};

const isOptionName = (name: string): name is OptionName => Object.hasOwn(OPTIONS, name);

/**
 * `--now`: an ISO 8601 date or date-time (a date alone is midnight UTC). Date.parse alone is too
 * lenient: it takes "1" as the year 2001 and rolls 2026-02-30 over to 2 March.
 */
export function parseIsoMoment(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  if (!isCalendarDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * `jobs run --now`: with an offset (or Z) an instant; without one, a local date-time that each
 * tenant's zone turns into an instant (a date alone is 00:00 local).
 */
export function parseJobMoment(value: string): JobMoment | null {
  const at = parseIsoMoment(value);
  if (!at) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?$/.exec(value);
  if (!m) return at;
  return { localDate: m[1]!, hour: Number(m[2] ?? 0), minute: Number(m[3] ?? 0), second: Number(m[4] ?? 0) };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Parse argv (without node and the script) into an Invocation, or say in one line what is wrong. */
export function parseInvocation(argv: readonly string[]): ParsedInvocation {
  // Non-strict, with tokens: the checks below give one short line per mistake, where strict
  // mode's TypeErrors carry Node's multi-line advice (and a stack when uncaught).
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const values: { [K in OptionName]?: string | boolean } = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    if (!isOptionName(t.name)) return fail(`unknown option ${t.rawName}`);
    const spec = OPTIONS[t.name];
    if (spec.type === 'boolean') {
      if (t.value !== undefined) return fail(`option ${t.rawName} takes no value`);
      values[t.name] = true;
      continue;
    }
    // `--config --tenant x`: the value is missing, not "--tenant".
    if (t.value === undefined || t.value === '' || (!t.inlineValue && t.value.startsWith('-'))) return fail(`option ${t.rawName} needs a value`);
    values[t.name] = t.value;
  }
  if (values.help) return { ok: true, invocation: { command: 'help' } };

  const [command, ...args] = positionals;
  if (command === undefined) return fail('no command given');
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) return fail(`unknown command "${command}"`);
  for (const name of Object.keys(values) as OptionName[]) {
    if (name !== 'config' && !allowed.includes(name)) return fail(`option --${name} does not apply to ${command}`);
  }
  const str = (name: OptionName) => values[name] as string | undefined;
  const config = str('config');
  const extra = (max: number) => (args.length > max ? `unexpected argument "${args[max]}" for ${command}` : null);

  switch (command) {
    case 'help':
      return extra(0) ? fail(extra(0)!) : { ok: true, invocation: { command: 'help' } };
    case 'start':
    case 'check-config':
      return extra(0) ? fail(extra(0)!) : { ok: true, invocation: { command, config } };
    case 'demo':
      return extra(0) ? fail(extra(0)!) : { ok: true, invocation: { command, config, keep: str('keep') } };
    case 'list': {
      if (extra(0)) return fail(extra(0)!);
      const state = str('state');
      if (state !== undefined && !(ALL_STATES as readonly string[]).includes(state))
        return fail(`--state "${state}" is not a state; states: ${ALL_STATES.join(', ')}`);
      const dueText = str('due-within');
      const dueWithin = dueText === undefined ? undefined : /^\d{1,3}$/.test(dueText) ? Number(dueText) : NaN;
      if (dueWithin !== undefined && !(dueWithin <= MAX_DUE_WITHIN))
        return fail(`--due-within "${dueText}" is not a number of working days (0 to ${MAX_DUE_WITHIN}; 0 = due today)`);
      const view = viewOptions(str);
      if ('message' in view) return fail(view.message);
      const list = { command, config, tenant: str('tenant'), state, overdue: values.overdue === true, mine: str('mine'), dueWithin } as const;
      return { ok: true, invocation: { ...list, ...view } };
    }
    case 'show': {
      if (args.length === 0) return fail('show needs a complaint reference (show REF)');
      if (extra(1)) return fail(extra(1)!);
      const view = viewOptions(str);
      if ('message' in view) return fail(view.message);
      return { ok: true, invocation: { command, config, reference: args[0]!, json: values.json === true, ...view } };
    }
    case 'export': {
      const person = str('person');
      if (person === undefined && args.length === 0) return fail('export needs a complaint reference or --person EMAIL (export REF --out DIR)');
      if (person !== undefined && args.length > 0) return fail('export takes a complaint reference or --person EMAIL, not both');
      if (person !== undefined && !/^[^\s@]+@[^\s@]+$/.test(person)) return fail(`--person "${person}" is not an email address`);
      if (extra(1)) return fail(extra(1)!);
      const out = str('out');
      if (out === undefined) return fail('export needs --out DIR (a new or empty directory)');
      const view = viewOptions(str);
      if ('message' in view) return fail(view.message);
      const target = person !== undefined ? { person } : { reference: args[0]! };
      return { ok: true, invocation: { command, config, target, out, force: values.force === true, ...view } };
    }
    case 'triage':
      return extra(0) ? fail(extra(0)!) : { ok: true, invocation: { command, config, tenant: str('tenant') } };
    case 'quarantine': {
      if (args.length === 0) return { ok: true, invocation: { command, config, tenant: str('tenant') } };
      if (args[0] === 'show' || args[0] === 'discard') {
        if (values.tenant !== undefined) return fail(`option --tenant does not apply to quarantine ${args[0]}`);
        const id = idArg(args[1]);
        if (id === null)
          return fail(
            args[1] === undefined
              ? `quarantine ${args[0]} needs an ID`
              : `quarantine ${args[0]}: "${args[1]}" is not an ID (a number from the quarantine list)`,
          );
        return extra(2) ? fail(extra(2)!) : { ok: true, invocation: { command: `quarantine-${args[0]}`, config, id } };
      }
      if (args[0] !== 'reprocess') return fail(`unknown quarantine action "${args[0]}" (quarantine, or quarantine reprocess|show|discard ID)`);
      if (values.tenant !== undefined) return fail('option --tenant does not apply to quarantine reprocess');
      const id = args[1] !== undefined && /^\d+$/.test(args[1]) ? Number(args[1]) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0)
        return fail(
          args[1] === undefined ? 'quarantine reprocess needs an ID' : `quarantine reprocess: "${args[1]}" is not an ID (a number from the quarantine list)`,
        );
      return extra(2) ? fail(extra(2)!) : { ok: true, invocation: { command: 'quarantine-reprocess', config, id } };
    }
    case 'outbox': {
      if (args[0] === 'resend' || args[0] === 'cancel') {
        const action = args[0];
        const notHere: OptionName[] = action === 'resend' ? ['tenant', 'status', 'reason'] : ['tenant', 'status'];
        for (const name of notHere) if (values[name] !== undefined) return fail(`option --${name} does not apply to outbox ${action}`);
        const id = idArg(args[1]);
        if (id === null)
          return fail(args[1] === undefined ? `outbox ${action} needs an ID` : `outbox ${action}: "${args[1]}" is not an ID (a number from the outbox list)`);
        if (extra(2)) return fail(extra(2)!);
        return {
          ok: true,
          invocation: action === 'resend' ? { command: 'outbox-resend', config, id } : { command: 'outbox-cancel', config, id, reason: str('reason') },
        };
      }
      if (values.reason !== undefined) return fail('option --reason applies to outbox cancel only');
      if (args[0] === 'release') {
        if (values.status !== undefined) return fail('option --status does not apply to outbox release');
        return extra(1) ? fail(extra(1)!) : { ok: true, invocation: { command: 'outbox-release', config, tenant: str('tenant') } };
      }
      if (args.length > 0) return fail(`unknown outbox action "${args[0]}" (outbox, outbox release, or outbox resend|cancel ID)`);
      const status = str('status');
      if (status !== undefined && !(OUTBOX_STATUSES as readonly string[]).includes(status))
        return fail(`--status "${status}" is not an outbox state; states: ${OUTBOX_STATUSES.join(', ')}`);
      return { ok: true, invocation: { command: 'outbox', config, tenant: str('tenant'), status: status as OutboxStatusFilter | undefined } };
    }
    case 'backup':
      if (args.length === 0) return fail('backup needs a file to write (backup FILE)');
      return extra(1) ? fail(extra(1)!) : { ok: true, invocation: { command, config, file: args[0]!, force: values.force === true } };
    case 'status': {
      if (extra(0)) return fail(extra(0)!);
      const lang = str('lang');
      if (lang !== undefined && !(CLI_LANGUAGES as readonly string[]).includes(lang))
        return fail(`--lang "${lang}" is not a language; languages: ${CLI_LANGUAGES.join(', ')}`);
      const staleText = str('stale-minutes');
      const staleMinutes = staleText === undefined ? DEFAULT_STALE_MINUTES : /^\d{1,4}$/.test(staleText) ? Number(staleText) : NaN;
      if (!(staleMinutes >= 1)) return fail(`--stale-minutes "${staleText}" is not a number of minutes (1 or more)`);
      return {
        ok: true,
        invocation: { command, config, tenant: str('tenant'), json: values.json === true, lang: lang as CliLanguage | undefined, staleMinutes },
      };
    }
    case 'stats': {
      if (extra(0)) return fail(extra(0)!);
      const view = viewOptions(str);
      if ('message' in view) return fail(view.message);
      const [from, to] = [str('from'), str('to')];
      for (const [name, value] of [
        ['from', from],
        ['to', to],
      ] as const) {
        const at = value === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseIsoMoment(value) : null;
        if (at === null) return fail(`--${name} "${value}" is not a date (YYYY-MM-DD, the tenant's local date)`);
      }
      if (from !== undefined && to !== undefined && from > to) return fail(`--from ${from} is after --to ${to}`);
      const by = str('by');
      if (by !== undefined && !(GROUPINGS as readonly string[]).includes(by)) return fail(`--by "${by}" is not a grouping; groupings: ${GROUPINGS.join(', ')}`);
      return {
        ok: true,
        invocation: { command, config, tenant: str('tenant'), from, to, by: by as Grouping | undefined, json: values.json === true, ...view },
      };
    }
    case 'erase': {
      if (extra(0)) return fail(extra(0)!);
      const person = str('person')?.trim();
      if (!person || !/^[^\s@<>]+@[^\s@<>]+$/.test(person))
        return fail(person ? `--person "${person}" is not an e-mail address` : 'erase needs --person EMAIL');
      return { ok: true, invocation: { command: 'erase', config, person, tenant: str('tenant'), yes: values.yes === true } };
    }
    case 'retention': {
      if (args[0] !== 'run')
        return fail(args[0] === undefined ? 'retention needs an action: retention run' : `unknown retention action "${args[0]}" (retention run)`);
      if (extra(1)) return fail(extra(1)!);
      const nowText = str('now');
      const now = nowText === undefined ? undefined : parseIsoMoment(nowText);
      if (now === null) return fail(`--now "${nowText}" is not an ISO date or date-time (e.g. 2026-03-09 or 2026-03-09T08:00:00+01:00)`);
      return { ok: true, invocation: { command: 'retention-run', config, tenant: str('tenant'), now, dryRun: values['dry-run'] === true } };
    }
    case 'jobs': {
      if (args[0] !== 'run')
        return fail(args[0] === undefined ? 'jobs needs an action: jobs run [NAME]' : `unknown jobs action "${args[0]}" (jobs run [NAME])`);
      const job = args[1];
      if (job !== undefined && !isJobName(job)) return fail(`unknown job "${job}"; jobs: ${JOB_NAMES.join(', ')}`);
      if (extra(2)) return fail(extra(2)!);
      const nowText = str('now');
      const now = nowText === undefined ? undefined : parseJobMoment(nowText);
      if (now === null) return fail(`--now "${nowText}" is not an ISO date or date-time (e.g. 2026-03-09 or 2026-03-09T08:00:00+01:00)`);
      return { ok: true, invocation: { command: 'jobs-run', config, job, tenant: str('tenant'), now, dryRun: values['dry-run'] === true } };
    }
  }
  return fail(`unknown command "${command}"`);
}

/** --lang and --now of list and show. */
function viewOptions(str: (name: OptionName) => string | undefined): ViewOptions | { message: string } {
  const lang = str('lang');
  if (lang !== undefined && !(CLI_LANGUAGES as readonly string[]).includes(lang))
    return { message: `--lang "${lang}" is not a language; languages: ${CLI_LANGUAGES.join(', ')}` };
  const nowText = str('now');
  const now = nowText === undefined ? undefined : parseIsoMoment(nowText);
  if (now === null) return { message: `--now "${nowText}" is not an ISO date or date-time (e.g. 2026-03-09 or 2026-03-09T08:00:00+01:00)` };
  return { lang: lang as CliLanguage | undefined, now };
}

/** A row number from a listing (quarantine, outbox), or null. */
function idArg(text: string | undefined): number | null {
  const id = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function fail(message: string): ParsedInvocation {
  return { ok: false, message };
}
