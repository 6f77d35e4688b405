/**
 * The one explicit list of handler commands (§5). Adding a command: a file in defs/, a member
 * of ParsedCommand in types.ts, and a line here.
 */
import { allowedCommands } from '../procedure/machine.js';
import { EVENT_ORDER, handlerFor } from '../procedure/registry.js';
import { requiredFields, type Procedure } from '../procedure/schema.js';
import type { ComplaintProcState } from '../procedure/types.js';
import { closest } from './closest.js';
import { admissible } from './defs/admissible.js';
import { assign } from './defs/assign.js';
import { called } from './defs/called.js';
import { cause } from './defs/cause.js';
import { close } from './defs/close.js';
import { decision } from './defs/decision.js';
import { heard } from './defs/heard.js';
import { hearing } from './defs/hearing.js';
import { inadmissible } from './defs/inadmissible.js';
import { incidentDate } from './defs/incidentDate.js';
import { info } from './defs/info.js';
import { learning } from './defs/learning.js';
import { noObjection } from './defs/noObjection.js';
import { note } from './defs/note.js';
import { objection } from './defs/objection.js';
import { outcome } from './defs/outcome.js';
import { register } from './defs/register.js';
import { reopen } from './defs/reopen.js';
import { reply } from './defs/reply.js';
import { service } from './defs/service.js';
import { status } from './defs/status.js';
import type { AnyCommandDef, CommandDef, CommandEvent, CommandName, Lang, MeaningContext, ParsedCommand, RegisterCommand } from './types.js';

/** In the order of the procedure; the cheat sheet and suggestion tie-breaks follow it. */
export const commandDefs: readonly AnyCommandDef[] = [
  assign,
  reply,
  note,
  info,
  service,
  incidentDate,
  register,
  admissible,
  inadmissible,
  cause,
  called,
  outcome,
  learning,
  objection,
  noObjection,
  hearing,
  heard,
  decision,
  close,
  reopen,
  status,
];

const byName = new Map<CommandName, AnyCommandDef>(commandDefs.map((def) => [def.name, def]));

export function commandDef<N extends CommandName>(name: N): CommandDef<N> {
  const def = byName.get(name);
  if (!def) throw new Error(`no command def for ${name}`);
  return def as unknown as CommandDef<N>;
}

const LANGS: readonly Lang[] = ['en', 'nl'];

/** Every alias once; an alias shared by both languages (status) is listed under `en`. */
const aliasIndex = new Map<string, { def: AnyCommandDef; lang: Lang }>();
for (const def of commandDefs) {
  for (const lang of LANGS) {
    const alias = def.aliases[lang];
    const existing = aliasIndex.get(alias);
    if (existing && existing.def !== def) throw new Error(`command alias #${alias} is used twice`);
    if (!existing) aliasIndex.set(alias, { def, lang });
  }
}

/** Normalise a tag word (no `#`): case-insensitive, and `#niet-ontvankelijk` reads as `#nietontvankelijk`. */
function normaliseTag(word: string): string {
  return word.toLowerCase().replace(/-/gu, '');
}

export function lookupCommand(word: string): { def: AnyCommandDef; lang: Lang } | null {
  return aliasIndex.get(normaliseTag(word)) ?? null;
}

/** The alias (either language) nearest to a mistyped tag, or null when nothing is close. */
export function suggestCommand(word: string): string | null {
  return closest(normaliseTag(word), [...aliasIndex.keys()]);
}

/** One help line: `#outcome founded|partly|unfounded — send the outcome letter (…)`. */
export function commandHelp(name: CommandName, lang: Lang): string {
  const key = `${lang}:${name}`;
  const known = helpLines.get(key);
  if (known !== undefined) return known;
  const line = helpLine(name, lang);
  helpLines.set(key, line);
  return line;
}

/** Help lines are fixed by the code: made once each (every handler notice carries a cheat sheet). */
const helpLines = new Map<string, string>();

function helpLine(name: CommandName, lang: Lang): string {
  const def = commandDef(name);
  const managersOnly = { en: 'managers only', nl: 'alleen directie' }[lang];
  const usage = def.usage[lang] === '' ? '' : ` ${def.usage[lang]}`;
  const role = def.role === 'manager' ? ` [${managersOnly}]` : '';
  return `#${def.aliases[lang]}${usage} — ${def.summary[lang]}${role}`;
}

/**
 * The commands this tenant's procedure has, in procedure order: a command that feeds a step is
 * listed when the procedure has that step (no `disabledReason`); #cause only when the procedure
 * asks for a root cause before the outcome (elsewhere it is an optional note nobody is told to
 * write), #called only when it promises personal contact; #status and #register always.
 */
export function procedureCommands(policy: Procedure): readonly CommandName[] {
  let names = commandsByProcedure.get(policy);
  if (!names) commandsByProcedure.set(policy, (names = commandsOf(policy)));
  return names;
}

/** A tenant's procedure is one object for the daemon's life: its commands are worked out once. */
const commandsByProcedure = new WeakMap<Procedure, CommandName[]>();

function commandsOf(policy: Procedure): CommandName[] {
  return commandDefs
    .filter((def) => {
      if (typeof def.means !== 'function') return true;
      if (def.name === 'cause') return policy.treatment.rootCause;
      // Contact can be recorded anywhere; it is taught where the procedure promises it.
      if (def.name === 'called') return policy.treatment.personalContact;
      // Taught where the procedure asks the customer for the date of the problem.
      if (def.name === 'date') return requiredFields(policy).includes('date');
      const steps = EVENT_ORDER.map((type) => handlerFor(type)).filter((h) => h.command === def.name);
      return steps.length === 0 || steps.some((h) => !h.disabledReason?.(policy));
    })
    .map((def) => def.name);
}

/**
 * The cheat sheet for one complaint, in the reader's language: only the commands this tenant's
 * procedure has; under `now` those possible in the complaint's state (and #status), under
 * `later` the rest. Without a state (no complaint yet) everything is `later`.
 */
export function cheatSheet(lang: Lang, policy: Procedure, state: ComplaintProcState | null): { now: string[]; later: string[] } {
  const possible = new Set<string>(state ? [...allowedCommands(state, policy), 'status', ...(state.missing.includes('date') ? ['date'] : [])] : []);
  const names = procedureCommands(policy);
  return {
    now: names.filter((n) => possible.has(n)).map((n) => commandHelp(n, lang)),
    later: names.filter((n) => !possible.has(n)).map((n) => commandHelp(n, lang)),
  };
}

/** What a parsed command asks of the executor, from its def's `means`. */
export type Meaning = { kind: 'event'; event: CommandEvent } | { kind: 'report-status' } | { kind: 'register-complaint'; cmd: RegisterCommand };

export function meaningOf(cmd: ParsedCommand, ctx: MeaningContext): Meaning {
  // The registry keys defs by name, so the def found is the one for this command's type.
  const means = commandDef(cmd.name).means as ((c: ParsedCommand, ctx: MeaningContext) => CommandEvent) | 'report-status' | 'register-complaint';
  if (means === 'report-status') return { kind: 'report-status' };
  if (means === 'register-complaint') return { kind: 'register-complaint', cmd: cmd as RegisterCommand };
  return { kind: 'event', event: means(cmd, ctx) };
}
