/**
 * Types of the handlers' tagged subject commands (§5). Parsing is pure: these describe what a
 * handler asked for, not whether it is allowed (role, complaint state) — the executor decides.
 */

import type { TenantConfig } from '../config/schema.js';
import type { ProcEvent } from '../procedure/types.js';

export type Lang = 'en' | 'nl';

/** Who may use a command. Recorded here, enforced by the executor. */
export type CommandRole = 'any' | 'manager';

/** How a command uses the mail body (the text the sender newly wrote, quote and signature removed). */
export type BodyUse = 'required' | 'optional' | 'none';

export type OutcomeVerdict = 'founded' | 'partly' | 'unfounded';
/** Management's decision on an objection: the objection is upheld (founded), partly, or rejected. */
export type DecisionVerdict = 'upheld' | 'partly' | 'rejected';
/** null when the handler did not say; the invitation then leaves the choice open. */
export type HearingMode = 'phone' | 'office';
/** How a complaint registered with #register reached the company. */
export type IntakeChannel = 'phone' | 'contact-person' | 'forwarded';

interface CommandBase<N extends string> {
  /** Canonical English name. */
  name: N;
  /** The tag as the sender wrote it, e.g. `#Uitkomst`. */
  typed: string;
  /** Language of the alias used. `#status` is the same word in both and reports `en`. */
  lang: Lang;
}

export interface AssignCommand extends CommandBase<'assign'> {
  /** Person id or name as written (may be several words); resolved against config by the executor. */
  person: string;
}
export interface ReplyCommand extends CommandBase<'reply'> {
  body: string;
}
export interface NoteCommand extends CommandBase<'note'> {
  body: string;
}
export interface InfoCommand extends CommandBase<'info'> {
  body: string;
}
export interface ServiceCommand extends CommandBase<'service'> {
  /** Service name as written; matched against the tenant's catalogue by the executor. */
  service: string;
}
export interface AdmissibleCommand extends CommandBase<'admissible'> {
  /** May be empty. */
  body: string;
}
export interface InadmissibleCommand extends CommandBase<'inadmissible'> {
  body: string;
}
export interface CauseCommand extends CommandBase<'cause'> {
  body: string;
}
export interface CalledCommand extends CommandBase<'called'> {
  /** What followed the tag on the subject line; may be empty. */
  note: string;
  /** The note in the body; may be empty. */
  body: string;
}
/** `#datum DATE`: when the problem happened (`YYYY-MM-DD`, local). */
export interface IncidentDateCommand extends CommandBase<'date'> {
  date: string;
}
export interface OutcomeCommand extends CommandBase<'outcome'> {
  verdict: OutcomeVerdict;
  body: string;
}
export interface LearningCommand extends CommandBase<'learning'> {
  body: string;
}
export interface ObjectionCommand extends CommandBase<'objection'> {
  /** May be empty. */
  body: string;
}
export interface NoObjectionCommand extends CommandBase<'no-objection'> {
  /** Management's reasons, on record; may be empty. */
  body: string;
}
export interface HearingCommand extends CommandBase<'hearing'> {
  /** Local date `YYYY-MM-DD` (tenant time zone). Not checked against "now": the parser has no clock. */
  date: string;
  /** Local time `HH:MM`. */
  time: string;
  mode: HearingMode | null;
  /** What the sender wrote for the customer in the mail body (set into the invitation); may be empty. */
  body: string;
}
export interface HeardCommand extends CommandBase<'heard'> {
  /** When the conversation took place: local date `YYYY-MM-DD` (tenant time zone), null: today / now. Not checked against "now": the parser has no clock. */
  date: string | null;
  /** Local time `HH:MM`, null when not given. */
  time: string | null;
}
export interface DecisionCommand extends CommandBase<'decision'> {
  verdict: DecisionVerdict;
  body: string;
}
export type CloseCommand = CommandBase<'close'>;
export type ReopenCommand = CommandBase<'reopen'>;
export type StatusCommand = CommandBase<'status'>;

/** The fields #register reads from its body; anything not supplied is null (the workflow asks for it). */
export interface RegisterFields {
  customer: { name: string | null; email: string | null; phone: string | null };
  service: string | null;
  channel: IntakeChannel | null;
  /** Date of the complaint, `YYYY-MM-DD`. */
  date: string | null;
  /** Every body line that is not a recognised field; may be empty. */
  description: string;
}
export interface RegisterCommand extends CommandBase<'register'>, RegisterFields {
  body: string;
}

export type ParsedCommand =
  | AssignCommand
  | ReplyCommand
  | NoteCommand
  | InfoCommand
  | ServiceCommand
  | AdmissibleCommand
  | InadmissibleCommand
  | CauseCommand
  | CalledCommand
  | IncidentDateCommand
  | OutcomeCommand
  | LearningCommand
  | ObjectionCommand
  | NoObjectionCommand
  | HearingCommand
  | HeardCommand
  | DecisionCommand
  | CloseCommand
  | ReopenCommand
  | StatusCommand
  | RegisterCommand;

export type CommandName = ParsedCommand['name'];
export type CommandOf<N extends CommandName> = Extract<ParsedCommand, { name: N }>;

/** Fields a command reads from the mail body rather than from the subject. */
export interface BodyFieldsMap {
  register: RegisterFields;
}
export type BodyFields<N extends CommandName> = N extends keyof BodyFieldsMap ? BodyFieldsMap[N] : Record<never, never>;
/** What a command's parseArgs produces from the subject words. */
export type SubjectArgs<N extends CommandName> = Omit<CommandOf<N>, keyof CommandBase<N> | 'body' | keyof BodyFields<N>>;

/** The one list of command error codes; a rejected command is a return value, never a throw. */
export const CommandErrorCodes = {
  UNKNOWN_COMMAND: 'unknown-command',
  MISSING_ARGUMENT: 'missing-argument',
  INVALID_ARGUMENT: 'invalid-argument',
  MISSING_BODY: 'missing-body',
  AMBIGUOUS_BODY: 'ambiguous-body',
  NO_COMMAND: 'no-command',
} as const;
export type CommandErrorCode = (typeof CommandErrorCodes)[keyof typeof CommandErrorCodes];

/** An argument problem as a command def reports it; parse adds which command it was. */
export type ArgError = { code: 'missing-argument'; message: string } | { code: 'invalid-argument'; message: string; allowed: string[] };

export type ArgResult<A> = { ok: true; args: A } | { ok: false; error: ArgError };

/** Messages are English (they go to staff); `allowed` lists words in the language typed. */
export type CommandError =
  | { code: 'unknown-command'; command: string; typed: string; suggestion: string | null; message: string }
  | { code: 'missing-argument'; command: CommandName; typed: string; message: string }
  | { code: 'invalid-argument'; command: CommandName; typed: string; allowed: string[]; message: string }
  | { code: 'missing-body'; command: CommandName; typed: string; message: string }
  | {
      code: 'ambiguous-body';
      /** The second command that wanted the body. */
      command: CommandName;
      /** All commands that wanted the body, in subject order. */
      commands: CommandName[];
      message: string;
    }
  | { code: 'no-command'; message: string };

export type ParseResult = { ok: true; commands: ParsedCommand[] } | { ok: false; errors: CommandError[] };

export interface CommandDef<N extends CommandName = CommandName> {
  name: N;
  /** The tag without `#`, lower case, per language. */
  aliases: Readonly<Record<Lang, string>>;
  role: CommandRole;
  body: BodyUse;
  /** Argument syntax for help, e.g. `founded|partly|unfounded`; empty when the command takes none. */
  usage: Readonly<Record<Lang, string>>;
  /** One-line help for the cheat sheet. */
  summary: Readonly<Record<Lang, string>>;
  /** What the body is, in English, for the missing-body message, e.g. `the message for the customer`. */
  bodyHint?: string;
  /** Words on the subject after the tag, up to the next tag, reply prefix or reference token. */
  parseArgs(words: readonly string[], lang: Lang): ArgResult<SubjectArgs<N>>;
  /** Reads structured fields from the (non-empty, trimmed) body. */
  parseBody?(body: string, lang: Lang): ArgResult<BodyFields<N>>;
  /**
   * What the command means: the procedure event it feeds the complaint's engine (or why it
   * cannot, e.g. an unknown person), or one of the two things the executor does itself —
   * report the status, register a new complaint. Pure: the tenant's config and the moment only.
   */
  means: CommandMeaning<N>;
}

/** What a command's meaning is computed from. */
export interface MeaningContext {
  cfg: TenantConfig;
  now: Date;
}

export type CommandEvent = { ok: true; event: ProcEvent } | { ok: false; message: string };

export type CommandMeaning<N extends CommandName> = ((cmd: CommandOf<N>, ctx: MeaningContext) => CommandEvent) | 'report-status' | 'register-complaint';

/** Any one of the defs, keeping the link between name and args. */
export type AnyCommandDef = { [N in CommandName]: CommandDef<N> }[CommandName];
