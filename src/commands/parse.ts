/**
 * Reads the tagged commands out of a handler's reply (§5). Pure: no config, no clock, no I/O.
 * Whether the sender may run a command, and whether it fits the complaint's state, is decided
 * by the executor; this only says what was asked and whether it was asked completely.
 */
import { lookupCommand, suggestCommand } from './registry.js';
import type { AnyCommandDef, ArgError, CommandError, CommandName, Lang, ParsedCommand, ParseResult } from './types.js';

export interface CommandInput {
  subject: string;
  /** What the sender newly wrote: quoted history and signature already removed. */
  body: string;
}

/**
 * A tag is `#` + letters (hyphens allowed inside, `#niet-ontvankelijk`) standing alone as a
 * word: not `#1` or `#12345` (order numbers in customers' subjects), not `C#` or `a#b`.
 */
const TAG = /(?<=^|[\s()[\]{}<>,;:"'])#(\p{L}+(?:-\p{L}+)*)(?![\p{L}\p{N}_])/gu;

/**
 * Where a command's arguments end besides the next tag. Handlers put the tag anywhere in the
 * reply subject, also in front: `#assign Jan de Vries RE: [PS-2026-0007] Nieuwe klacht` must
 * give "Jan de Vries", so a reply/forward prefix (Dutch and English clients) or the bracketed
 * reference token closes the argument list.
 */
const REPLY_PREFIX = /^(?:re|aw|antw|fw|fwd|doorst|wg|tr|sv|vs|rv)(?:\[\d+\])?:$/iu;

interface Tag {
  /** As written, with `#`. */
  typed: string;
  /** The letters after `#`. */
  word: string;
  args: string[];
}

function findTags(subject: string): Tag[] {
  const matches = [...subject.matchAll(TAG)];
  return matches.map((match, i) => {
    const start = match.index + match[0].length;
    const end = matches[i + 1]?.index ?? subject.length;
    return { typed: match[0], word: match[1] ?? '', args: argumentWords(subject.slice(start, end)) };
  });
}

function argumentWords(segment: string): string[] {
  const words: string[] = [];
  for (const raw of segment.split(/\s+/u)) {
    if (raw.startsWith('[') || REPLY_PREFIX.test(raw)) break;
    // "#assign h2, #note": the comma separates commands, it is not part of the name.
    const word = raw.replace(/^[,;]+|[,;]+$/gu, '');
    if (word !== '') words.push(word);
  }
  return words;
}

interface Recognised {
  def: AnyCommandDef;
  lang: Lang;
  typed: string;
  /** null when the arguments were wrong (the error is already recorded). */
  args: object | null;
  /** Words after the tag that the command had no use for, for the hint when a body is missing. */
  unusedSubjectText: boolean;
}

const NO_COMMAND_MESSAGE =
  'No command found in the subject. Put a command tag such as #note or #status in the subject; ' + 'the list of commands is in the assignment mail.';

/** Does the subject carry a command tag at all? (Only then is a person's mail a command.) */
export function hasCommandTag(subject: string): boolean {
  return findTags(subject).length > 0;
}

export function parseCommands(input: CommandInput): ParseResult {
  const tags = findTags(input.subject);
  if (tags.length === 0) return { ok: false, errors: [{ code: 'no-command', message: NO_COMMAND_MESSAGE }] };

  const errors: CommandError[] = [];
  const recognised: Recognised[] = [];
  for (const tag of tags) {
    const known = lookupCommand(tag.word);
    if (!known) {
      const suggestion = suggestCommand(tag.word);
      errors.push({
        code: 'unknown-command',
        command: tag.word.toLowerCase(),
        typed: tag.typed,
        suggestion,
        message: suggestion ? `Unknown command ${tag.typed}; did you mean #${suggestion}?` : `Unknown command ${tag.typed}.`,
      });
      continue;
    }
    const parsed = known.def.parseArgs(tag.args, known.lang);
    if (!parsed.ok) errors.push(argumentError(parsed.error, known.def.name, tag.typed));
    const unusedSubjectText = parsed.ok && tag.args.length > 0 && Object.keys(parsed.args).length === 0;
    recognised.push({ ...known, typed: tag.typed, args: parsed.ok ? parsed.args : null, unusedSubjectText });
  }

  const body = input.body.replace(/\r\n?/gu, '\n').trim();
  const bodyFields = assignBody(recognised, body, errors);
  if (errors.length > 0) return { ok: false, errors };

  const commands = recognised.map(
    (r) =>
      ({
        name: r.def.name,
        typed: r.typed,
        lang: r.lang,
        ...r.args,
        ...(r.def.body === 'none' ? {} : { body }),
        ...(bodyFields.get(r) ?? {}),
      }) as ParsedCommand,
  );
  return { ok: true, commands };
}

/**
 * At most one command may take the body: "#reply #note" with one text cannot be both a letter
 * to the customer and an internal note, and guessing would risk sending the wrong text.
 * Two optional-body commands with an empty body are fine ("#admissible #objection").
 * Returns fields parsed from the body (#register) per command.
 */
function assignBody(recognised: Recognised[], body: string, errors: CommandError[]): Map<Recognised, object> {
  const fields = new Map<Recognised, object>();
  const takers = recognised.filter((r) => r.def.body !== 'none');
  const anyRequired = takers.some((r) => r.def.body === 'required');
  const [first, second] = takers;
  if (first && second && (body !== '' || anyRequired)) {
    const tags = takers.map((r) => `#${r.def.aliases[r.lang]}`);
    errors.push({
      code: 'ambiguous-body',
      command: second.def.name,
      commands: takers.map((r) => r.def.name),
      message: `${joinList(tags)} ${tags.length === 2 ? 'both' : 'all'} use the mail body; ` + 'only one command per mail can. Send them in separate mails.',
    });
    return fields;
  }
  for (const r of takers) {
    const tag = `#${r.def.aliases[r.lang]}`;
    if (body === '') {
      if (r.def.body === 'required') {
        // "#note called the customer" puts the text on the subject line, where it is not read.
        const hint = r.unusedSubjectText ? ' Text on the subject line after the command is not used.' : '';
        errors.push({
          code: 'missing-body',
          command: r.def.name,
          typed: r.typed,
          message: `${tag} needs text in the body of the mail: ${r.def.bodyHint ?? 'the text'}.${hint}`,
        });
      }
      continue;
    }
    if (r.def.parseBody) {
      const parsed = r.def.parseBody(body, r.lang);
      if (parsed.ok) fields.set(r, parsed.args);
      else errors.push(argumentError(parsed.error, r.def.name, r.typed));
    }
  }
  return fields;
}

function argumentError(error: ArgError, command: CommandName, typed: string): CommandError {
  return error.code === 'invalid-argument'
    ? { code: 'invalid-argument', command, typed, allowed: error.allowed, message: error.message }
    : { code: 'missing-argument', command, typed, message: error.message };
}

/** "#a and #b", "#a, #b and #c". */
function joinList(items: string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
