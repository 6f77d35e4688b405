import { parseArgs } from 'node:util';
import { ALL_STATES } from '../procedure/context.js';
import { JOB_NAMES, isJobName, type JobName } from '../scheduler/jobs.js';

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
  quarantine [--tenant T]
                     list mail that could not be processed
  quarantine reprocess ID
                     run a quarantined mail through the pipeline again (e.g. after raising a limit)
  triage [--tenant T]
                     mail a shared mailbox's triage did not take as a complaint (turn one into a
                     complaint by forwarding it with #register)
  outbox [--status pending|held|failed|sent|cancelled] [--tenant T]
                     outgoing mail: recipient, kind, state, next attempt, last error
  outbox release [--tenant T]
                     send the automatic letters the circuit breaker held (letters of complaints
                     closed meanwhile are dropped) and reset the breaker
  jobs run [reminders|escalations|digest|learnings] [--tenant T] [--now ISO] [--dry-run]
                     run a scheduled job as of a moment (default now; all jobs when none is named) and
                     send what it queued; --dry-run prints what would be sent and records nothing
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
  | { command: 'quarantine' | 'triage'; config: string | undefined; tenant: string | undefined }
  | { command: 'quarantine-reprocess'; config: string | undefined; id: number }
  | { command: 'outbox'; config: string | undefined; tenant: string | undefined; status: OutboxStatusFilter | undefined }
  | { command: 'outbox-release'; config: string | undefined; tenant: string | undefined }
  | { command: 'jobs-run'; config: string | undefined; job: JobName | undefined; tenant: string | undefined; now: Date | undefined; dryRun: boolean };

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
  json: { type: 'boolean' },
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
  quarantine: ['tenant'],
  triage: ['tenant'],
  jobs: ['tenant', 'now', 'dry-run'],
  outbox: ['tenant', 'status'],
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
    case 'triage':
      return extra(0) ? fail(extra(0)!) : { ok: true, invocation: { command, config, tenant: str('tenant') } };
    case 'quarantine': {
      if (args.length === 0) return { ok: true, invocation: { command, config, tenant: str('tenant') } };
      if (args[0] !== 'reprocess') return fail(`unknown quarantine action "${args[0]}" (quarantine, or quarantine reprocess ID)`);
      if (values.tenant !== undefined) return fail('option --tenant does not apply to quarantine reprocess');
      const id = args[1] !== undefined && /^\d+$/.test(args[1]) ? Number(args[1]) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0)
        return fail(
          args[1] === undefined ? 'quarantine reprocess needs an ID' : `quarantine reprocess: "${args[1]}" is not an ID (a number from the quarantine list)`,
        );
      return extra(2) ? fail(extra(2)!) : { ok: true, invocation: { command: 'quarantine-reprocess', config, id } };
    }
    case 'outbox': {
      if (args[0] === 'release') {
        if (values.status !== undefined) return fail('option --status does not apply to outbox release');
        return extra(1) ? fail(extra(1)!) : { ok: true, invocation: { command: 'outbox-release', config, tenant: str('tenant') } };
      }
      if (args.length > 0) return fail(`unknown outbox action "${args[0]}" (outbox, or outbox release)`);
      const status = str('status');
      if (status !== undefined && !(OUTBOX_STATUSES as readonly string[]).includes(status))
        return fail(`--status "${status}" is not an outbox state; states: ${OUTBOX_STATUSES.join(', ')}`);
      return { ok: true, invocation: { command: 'outbox', config, tenant: str('tenant'), status: status as OutboxStatusFilter | undefined } };
    }
    case 'jobs': {
      if (args[0] !== 'run')
        return fail(args[0] === undefined ? 'jobs needs an action: jobs run [NAME]' : `unknown jobs action "${args[0]}" (jobs run [NAME])`);
      const job = args[1];
      if (job !== undefined && !isJobName(job)) return fail(`unknown job "${job}"; jobs: ${JOB_NAMES.join(', ')}`);
      if (extra(2)) return fail(extra(2)!);
      const nowText = str('now');
      const now = nowText === undefined ? undefined : parseIsoMoment(nowText);
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

function fail(message: string): ParsedInvocation {
  return { ok: false, message };
}
