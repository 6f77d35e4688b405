import { pino, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { terminalSafe } from './terminalSafe.js';

/**
 * The CLI's only ways to print. Each one passes the text through terminalSafe, so mail text
 * (a subject, a name, a file name, a body) can never drive the operator's terminal, whatever
 * view or message put it there. src/cli.ts and src/cli/* write nothing else.
 */

/** A line (or lines) on stdout. */
export function printOut(text: string): void {
  const safe = terminalSafe(text);
  process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
}

/** A line (or lines) on stderr. */
export function printErr(text: string): void {
  const safe = terminalSafe(text);
  process.stderr.write(safe.endsWith('\n') ? safe : safe + '\n');
}

/**
 * A JSON document on stdout, every value kept: JSON.stringify escapes C0 controls itself, and
 * the C1, DEL and bidi controls it writes raw become \u escapes (JSON_UNSAFE), so the document
 * stays valid, loses nothing, and carries nothing a terminal acts on.
 */
export function printJson(json: string): void {
  process.stdout.write(json.replace(JSON_UNSAFE, jsonEscape) + '\n');
}

/** Every string in a log record made terminal-safe (keys are ours; values may come from mail). */
function safeRecord(value: unknown): unknown {
  if (typeof value === 'string') return terminalSafe(value);
  if (Array.isArray(value)) return value.map(safeRecord);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeRecord(v)]));
  return value;
}

/**
 * C1 controls, DEL and bidi controls as \u escapes. JSON.stringify escapes C0 already but writes
 * these raw; outside strings JSON is ASCII, so this keeps the line valid JSON and loses nothing.
 */
const JSON_UNSAFE = /[\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const jsonEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The daemon's logger for the CLI: pino, as src/core/log.ts makes it, but written through the
 * same filter as everything else the CLI prints. Pretty: each record is made safe before it is
 * coloured (pino-pretty would turn a JSON "\u001b" back into a raw ESC); JSON: the line keeps
 * every value, escaped. Both write synchronously, so a line logged just before exit is not lost.
 */
export function terminalLogger(opts: { level: string; format: 'pretty' | 'json' }): Logger {
  if (opts.format === 'json') {
    return pino({ level: opts.level }, { write: (line: string) => void process.stdout.write(line.replace(JSON_UNSAFE, jsonEscape)) });
  }
  const prettify = prettyFactory({ colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino(
    { level: opts.level },
    {
      write: (line: string) => {
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          process.stdout.write(terminalSafe(line));
          return;
        }
        process.stdout.write(prettify(safeRecord(record)));
      },
    },
  );
}
