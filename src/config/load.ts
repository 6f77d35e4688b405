import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ComplaintdeskError, ErrorCodes } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/paths.js';
import { globalSchema, tenantSchema, type GlobalConfig, type TenantConfig } from './schema.js';

export interface LoadedConfig {
  /** Absolute config directory. */
  dir: string;
  global: GlobalConfig;
  tenants: TenantConfig[];
  /** Absolute data directory. */
  dataDir: string;
  /** Which file each tenant came from (for messages). */
  tenantFiles: Record<string, string>;
}

/** One problem in one file at one key. */
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
}

export class ConfigError extends ComplaintdeskError {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(
      problems.some((p) => p.message.startsWith('environment variable')) ? ErrorCodes.CONFIG_MISSING_ENV : ErrorCodes.CONFIG_INVALID,
      'invalid configuration:\n' + problems.map((p) => `  ${p.file}: ${p.key || '(top level)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export { PACKAGE_ROOT };
/** The project's own config/ directory: the embedded defaults. */
export const DEFAULT_CONFIG_DIR = join(PACKAGE_ROOT, 'config');

/** `--config DIR` wins over COMPLAINTDESK_CONFIG, which wins over the embedded defaults. */
export function resolveConfigDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // An empty value counts as unset (as in `${VAR:-default}`): `COMPLAINTDESK_CONFIG= npm start` must not mean the cwd.
  return resolve(flag || env.COMPLAINTDESK_CONFIG || DEFAULT_CONFIG_DIR);
}

function keyOf(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

/**
 * Replace `${VAR}` (and `${VAR:-default}`) in every string value. A missing variable is a
 * problem naming file, key and variable, never a silent empty string.
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, file: string, problems: ConfigProblem[], path: PropertyKey[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      problems.push({ file, key: keyOf(path), message: `environment variable ${name} is not set` });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, file, problems, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, file, problems, [...path, k])]));
  }
  return value;
}

function readYaml(file: string, shown: string, problems: ConfigProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    problems.push({ file: shown, key: '', message: `cannot read: ${(err as Error).message}` });
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) problems.push({ file: shown, key: '', message: `YAML: ${e.message.split('\n')[0]}` });
    return undefined;
  }
  return doc.toJS() ?? {};
}

type Issue = z.ZodError['issues'][number];

/**
 * Zod reports a failed union (`mailbox: imap | maildir`) as one "Invalid input" at the union's
 * key. When the input clearly meant one branch (every other branch failed on an unknown
 * top-level key, e.g. `imap` under the maildir branch), report that branch's own issues, so a
 * wrong `mailbox.imap.port` names that key.
 */
function unionBranchIssues(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const meant = issue.errors.filter((branch) => !branch.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0));
  if (meant.length !== 1) return [issue];
  return meant[0]!.flatMap((i) => unionBranchIssues({ ...i, path: [...issue.path, ...i.path] }));
}

function validate<S extends z.ZodType>(schema: S, raw: unknown, shown: string, problems: ConfigProblem[]): z.infer<S> | undefined {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  for (const issue of r.error.issues.flatMap(unionBranchIssues)) problems.push({ file: shown, key: keyOf(issue.path), message: issue.message });
  return undefined;
}

/** Read, expand and validate the whole config directory. Throws ConfigError listing every problem. */
export function loadConfig(configDir: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const dir = resolve(configDir);
  const shown = (f: string) => {
    const rel = relative(process.cwd(), f);
    return rel.startsWith('..') || isAbsolute(rel) ? f : rel;
  };
  const problems: ConfigProblem[] = [];
  const globalFile = join(dir, 'complaintdesk.yaml');
  let global: GlobalConfig | undefined;
  if (!existsSync(globalFile)) {
    problems.push({ file: shown(globalFile), key: '', message: 'file not found (the global settings file)' });
  } else {
    const raw = readYaml(globalFile, shown(globalFile), problems);
    if (raw !== undefined) global = validate(globalSchema, expandEnv(raw, env, shown(globalFile), problems), shown(globalFile), problems);
  }

  const tenantsDir = join(dir, 'tenants');
  const tenants: TenantConfig[] = [];
  const tenantFiles: Record<string, string> = {};
  const files = existsSync(tenantsDir) ? readdirSync(tenantsDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  if (files.length === 0) problems.push({ file: shown(tenantsDir), key: '', message: 'no tenant files (<id>.yaml) found' });
  for (const f of files) {
    const file = join(tenantsDir, f);
    const raw = readYaml(file, shown(file), problems);
    if (raw === undefined) continue;
    const t = validate(tenantSchema, expandEnv(raw, env, shown(file), problems), shown(file), problems);
    if (!t) continue;
    const stem = basename(f).replace(/\.ya?ml$/, '');
    if (stem !== t.id) problems.push({ file: shown(file), key: 'id', message: `id "${t.id}" must match the file name "${stem}"` });
    for (const other of tenants) {
      if (other.address === t.address) problems.push({ file: shown(file), key: 'address', message: `address ${t.address} is also used by tenant ${other.id}` });
      if (other.reference === t.reference) problems.push({ file: shown(file), key: 'reference', message: `reference prefix ${t.reference} is also used by tenant ${other.id}` });
    }
    tenants.push(t);
    tenantFiles[t.id] = shown(file);
  }

  if (global && !global.secret) {
    const live = tenants.filter((t) => 'imap' in t.mailbox || 'smtp' in t.transport);
    for (const t of live) {
      problems.push({
        file: shown(globalFile),
        key: 'secret',
        message: `tenant ${t.id} uses a real mail server, so a signing secret is required (secret: "\${COMPLAINTDESK_SECRET}", at least 32 characters)`,
      });
    }
  }

  const dataDir = global ? resolve(dir, global.dataDir) : null;
  if (dataDir) {
    const problem = dataDirProblem(dataDir);
    if (problem) problems.push({ file: shown(globalFile), key: 'dataDir', message: `${dataDir}: ${problem}` });
  }

  if (problems.length > 0 || !global || !dataDir) throw new ConfigError(problems);
  return { dir, global, tenants, dataDir, tenantFiles };
}

/**
 * Why the data directory cannot be used, or null: it must be a writable directory, or one that
 * can be created (the nearest existing ancestor is a writable directory). Checked, not created:
 * check-config changes nothing. Without this, a typo surfaces at start as a stack trace from
 * SQLite or mkdir, after the daemon has begun.
 */
export function dataDirProblem(path: string): string | null {
  let existing = path;
  let missingLevels = 0;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(existing).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a component further up is a regular file; walking up finds and names it.
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        const parent = dirname(existing);
        if (parent === existing) return 'cannot be created: no existing parent directory';
        missingLevels++;
        existing = parent;
        continue;
      }
      return `cannot be checked: ${(err as Error).message}`;
    }
    if (!isDir) return missingLevels === 0 ? 'is a file, not a directory' : `cannot be created: ${existing} is a file, not a directory`;
    break;
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    return missingLevels === 0 ? 'is not writable (SQLite, Maildirs and outgoing mail are kept here)' : `cannot be created: ${existing} is not writable`;
  }
  return null;
}
