import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load.js';

export const CLI = join(PACKAGE_ROOT, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  /** Raw bytes: what a terminal would receive. */
  stdout: Buffer;
  stderr: Buffer;
  out: string;
  err: string;
}

/**
 * The built CLI as an operator runs it (`node dist/cli.js …`; `npm test` builds first), with a
 * clean environment: no COMPLAINTDESK_CONFIG or LOG_LEVEL from the developer's shell.
 */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const { COMPLAINTDESK_CONFIG: _config, LOG_LEVEL: _level, ...base } = process.env;
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...base, ...env }, timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8') };
}

/** Lines that look like a Node stack frame ("    at main (file:///…)"). */
export const stackLines = (text: string) => text.split('\n').filter((l) => /^\s+at\s/.test(l));
