import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, DEFAULT_CONFIG_DIR, loadConfig, resolveConfigDir } from '../../src/config/load.js';
import { ErrorCodes } from '../../src/core/errors.js';

const SECRET = 'a-test-signing-secret-of-at-least-32-chars';

const GLOBAL = `dataDir: ../data
logLevel: info
`;

/** A valid PuraSec tenant on a Maildir and the file transport; `extra` is appended at top level. */
function tenantYaml(id: string, opts: { address?: string; reference?: string; mailbox?: string; people?: string; extra?: string } = {}): string {
  return `id: ${id}
name: Tenant ${id}
address: ${opts.address ?? `klachten@${id}.nl`}
reference: ${opts.reference ?? id.slice(0, 2).toUpperCase()}
mailbox:
${opts.mailbox ?? `  maildir: { path: maildir/${id} }`}
transport:
  file: { path: outbox/${id} }
people:
${opts.people ?? `  - { id: h1, name: Handler One, email: h1@example.nl, phone: "+31 15 000 0001", role: handler }
  - { id: m1, name: Manager One, email: m1@example.nl, role: manager }`}
procedure:
  acknowledgement:
    within: { workingDays: 2 }
  outcome:
    within: { workingDays: 10 }
${opts.extra ?? ''}`;
}

const IMAP = `  imap: { host: imap.example.nl, user: klachten@purasec.nl, password: "\${PURASEC_IMAP_PASSWORD}" }`;

const dirs: string[] = [];

/** A config directory in a temp dir: `complaintdesk.yaml` plus `tenants/<name>`. */
function configDir(global: string | null, tenants: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cd-config-'));
  dirs.push(root);
  const dir = join(root, 'config');
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  if (global !== null) writeFileSync(join(dir, 'complaintdesk.yaml'), global);
  for (const [file, text] of Object.entries(tenants)) writeFileSync(join(dir, 'tenants', file), text);
  return dir;
}

/** The ConfigError loadConfig throws (fails the test when it does not throw one). */
function configError(dir: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    loadConfig(dir, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadConfig: the shipped config directory', () => {
  it('loads both tenants with defaults applied', () => {
    const cfg = loadConfig(DEFAULT_CONFIG_DIR, {});
    expect(cfg.dir).toBe(DEFAULT_CONFIG_DIR);
    expect(cfg.tenants.map((t) => t.id).sort()).toEqual(['preact', 'purasec']);
    expect(cfg.dataDir).toBe(resolve(DEFAULT_CONFIG_DIR, '..', 'data'));
    expect(cfg.global.limits).toMatchObject({ maxMessageBytes: 25 * 1024 * 1024, maxHeaderBytes: 256 * 1024, parseTimeoutMs: 15_000 });
    expect(cfg.tenantFiles.purasec).toMatch(/tenants[/\\]purasec\.yaml$/);

    const purasec = cfg.tenants.find((t) => t.id === 'purasec')!;
    expect(purasec).toMatchObject({ address: 'klachten@purasec.nl', reference: 'PS', timezone: 'Europe/Amsterdam', language: 'nl', intake: 'all' });
    expect(purasec.mailbox).toEqual({ maildir: { path: 'maildir/purasec', pollIntervalSeconds: 2 }, firstStart: 'archive' });
    expect(purasec.procedure.acknowledgement).toEqual({ within: { workingDays: 2 }, assignment: 'least-open' });
    expect(purasec.people.filter((p) => p.role === 'handler').map((p) => p.id)).toEqual(['daan', 'eva']);
    expect(purasec.people.every((p) => p.absent === false)).toBe(true);
    expect(purasec.calendar.country).toBe('NL');

    const preact = cfg.tenants.find((t) => t.id === 'preact')!;
    expect(preact.procedure.acknowledgement.within).toEqual({ workingDays: 5 });
    expect(preact.address).toBe('info@preact-software.nl');
  });

  it('needs no secret while every tenant uses a Maildir and the file transport', () => {
    expect(loadConfig(DEFAULT_CONFIG_DIR, {}).global.secret).toBeUndefined();
  });
});

describe('loadConfig: defaults and normalisation', () => {
  it('fills in IMAP defaults (folder INBOX, port 993, TLS, markSeen off)', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, { 'purasec.yaml': tenantYaml('purasec', { mailbox: IMAP }) });
    const cfg = loadConfig(dir, { PURASEC_IMAP_PASSWORD: 'hunter2' });
    expect(cfg.tenants[0]!.mailbox).toEqual({
      imap: {
        host: 'imap.example.nl',
        port: 993,
        secure: true,
        user: 'klachten@purasec.nl',
        password: 'hunter2',
        folder: 'INBOX',
        markSeen: false,
        pollIntervalSeconds: 60,
        commandTimeoutSeconds: 60,
        batchSize: 200,
      },
      firstStart: 'archive',
    });
  });

  it('lower-cases and trims addresses', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec', {
        address: '" Klachten@PuraSec.NL "',
        people: '  - { id: h1, name: H, email: H1@Example.NL, role: handler }',
      }),
    });
    const t = loadConfig(dir, {}).tenants[0]!;
    expect(t.address).toBe('klachten@purasec.nl');
    expect(t.people[0]!.email).toBe('h1@example.nl');
  });

  it('resolves the data directory against the config directory, not the cwd', () => {
    const dir = configDir('dataDir: ./state\n', { 'purasec.yaml': tenantYaml('purasec') });
    expect(loadConfig(dir, {}).dataDir).toBe(join(dir, 'state'));
  });

  it('treats an empty global file as all defaults', () => {
    const dir = configDir('', { 'purasec.yaml': tenantYaml('purasec') });
    const cfg = loadConfig(dir, {});
    expect(cfg.global).toMatchObject({ dataDir: '../data', logLevel: 'info', logFormat: 'auto' });
    expect(cfg.global.sender).toEqual({ maxAttempts: 12, baseDelayMs: 30_000, maxDelayMs: 3_600_000 });
  });
});

describe('loadConfig: ${VAR} expansion', () => {
  it('replaces ${VAR} from the environment, also inside a longer value', () => {
    const dir = configDir(`secret: "\${CD_SECRET}"\n`, {
      'purasec.yaml': tenantYaml('purasec', {
        mailbox: '  imap: { host: "imap.${CD_DOMAIN}", user: "klachten@${CD_DOMAIN}", password: "${CD_PW}" }',
      }),
    });
    const cfg = loadConfig(dir, { CD_SECRET: SECRET, CD_DOMAIN: 'purasec.nl', CD_PW: 'p@ss ${not-a-var}' });
    expect(cfg.global.secret).toBe(SECRET);
    const mailbox = cfg.tenants[0]!.mailbox;
    expect('imap' in mailbox && mailbox.imap).toMatchObject({ host: 'imap.purasec.nl', user: 'klachten@purasec.nl', password: 'p@ss ${not-a-var}' });
  });

  it('uses the ${VAR:-default} fallback when the variable is unset or empty, and the variable when set', () => {
    const dir = configDir('logLevel: "${CD_LOG:-warn}"\n', { 'purasec.yaml': tenantYaml('purasec') });
    expect(loadConfig(dir, {}).global.logLevel).toBe('warn');
    expect(loadConfig(dir, { CD_LOG: '' }).global.logLevel).toBe('warn');
    expect(loadConfig(dir, { CD_LOG: 'debug' }).global.logLevel).toBe('debug');
  });

  it('accepts an empty fallback', () => {
    const dir = configDir('dataDir: "/srv/cd${CD_SUFFIX:-}"\n', { 'purasec.yaml': tenantYaml('purasec') });
    expect(loadConfig(dir, {}).global.dataDir).toBe('/srv/cd');
  });

  it('expands inside lists, with the list index in the key of a problem', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec', {
        people: '  - { id: h1, name: "${CD_NAME}", email: h1@example.nl, role: handler }\n  - { id: h2, name: "${CD_MISSING}", email: h2@example.nl, role: handler }',
      }),
    });
    const err = configError(dir, { CD_NAME: 'Daan' });
    expect(err.problems).toContainEqual(expect.objectContaining({ key: 'people[1].name', message: 'environment variable CD_MISSING is not set' }));
    expect(err.problems.some((p) => p.key === 'people[0].name')).toBe(false);
  });

  it('does not expand ${VAR} in YAML comments', () => {
    const dir = configDir(`# secret: "\${NEVER_SET}"\n${GLOBAL}`, { 'purasec.yaml': tenantYaml('purasec') });
    expect(() => loadConfig(dir, {})).not.toThrow();
  });

  it('a missing variable is an error naming the file, the key and the variable', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, { 'purasec.yaml': tenantYaml('purasec', { mailbox: IMAP }) });
    const err = configError(dir, {});
    expect(err.code).toBe(ErrorCodes.CONFIG_MISSING_ENV);
    expect(err.message).toMatch(/tenants[/\\]purasec\.yaml: mailbox\.imap\.password: environment variable PURASEC_IMAP_PASSWORD is not set/);
    expect(err.problems).toContainEqual({
      file: expect.stringMatching(/tenants[/\\]purasec\.yaml$/),
      key: 'mailbox.imap.password',
      message: 'environment variable PURASEC_IMAP_PASSWORD is not set',
    });
  });

  it('an empty variable without fallback counts as missing (never a silent empty password)', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, { 'purasec.yaml': tenantYaml('purasec', { mailbox: IMAP }) });
    expect(configError(dir, { PURASEC_IMAP_PASSWORD: '' }).message).toContain('environment variable PURASEC_IMAP_PASSWORD is not set');
  });

  it('shows the file relative to the working directory when it lies below it', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, { 'purasec.yaml': tenantYaml('purasec', { mailbox: IMAP }) });
    vi.spyOn(process, 'cwd').mockReturnValue(resolve(dir, '..'));
    const err = configError(dir, {});
    expect(err.problems[0]!.file).toBe(join('config', 'tenants', 'purasec.yaml'));
    expect(err.message).toContain(`${join('config', 'tenants', 'purasec.yaml')}: mailbox.imap.password: environment variable PURASEC_IMAP_PASSWORD`);
  });

  it('names the global file for a variable missing there', () => {
    const dir = configDir('secret: "${COMPLAINTDESK_SECRET}"\n', { 'purasec.yaml': tenantYaml('purasec') });
    const err = configError(dir, {});
    expect(err.problems).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/complaintdesk\.yaml$/), key: 'secret', message: 'environment variable COMPLAINTDESK_SECRET is not set' }),
    );
  });
});

describe('loadConfig: invalid configuration names file and key', () => {
  it('a wrong type names the key with its list index', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec', {
        people: '  - { id: h1, name: H1, email: h1@example.nl, role: handler }\n  - { id: h2, name: H2, email: 42, role: handler }',
      }),
    });
    const err = configError(dir);
    expect(err.code).toBe(ErrorCodes.CONFIG_INVALID);
    expect(err.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/purasec\.yaml$/), key: 'people[1].email' })]);
    expect(err.message).toMatch(/purasec\.yaml: people\[1\]\.email: /);
  });

  it('an invalid email address names the key', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec', { people: '  - { id: h1, name: H1, email: not-an-address, role: handler }' }),
    });
    expect(configError(dir).problems.map((p) => p.key)).toEqual(['people[0].email']);
  });

  it('a wrong type inside mailbox names the full key, not just "mailbox"', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, {
      'purasec.yaml': tenantYaml('purasec', { mailbox: '  imap: { host: imap.example.nl, user: u, password: p, port: "imaps" }' }),
    });
    const err = configError(dir);
    expect(err.problems).toEqual([expect.objectContaining({ key: 'mailbox.imap.port', message: expect.stringMatching(/expected number/) })]);
  });

  it('ports and TLS switches may come from the environment as strings; a digits-only password stays a string', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, {
      'purasec.yaml': tenantYaml('purasec', { mailbox: '  imap: { host: imap.example.nl, user: u, password: "${PW}", port: "${PORT}", secure: "${TLS}" }' }),
    });
    const cfg = loadConfig(dir, { PW: '123456', PORT: '143', TLS: 'false' });
    const mailbox = cfg.tenants[0]!.mailbox;
    expect('imap' in mailbox && mailbox.imap).toMatchObject({ password: '123456', port: 143, secure: false });
  });

  it('a wrong type inside a deadline period names the full key', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec').replace('within: { workingDays: 2 }', 'within: { workingDays: two }'),
    });
    expect(configError(dir).problems.map((p) => p.key)).toEqual(['procedure.acknowledgement.within.workingDays']);
  });

  it('a mailbox with neither imap nor maildir says what it needs', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { mailbox: '  pop3: { host: x }' }) });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'mailbox', message: 'needs exactly one of: imap, maildir' })]);
  });

  it('rejects an unknown top-level tenant key, naming it', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { extra: 'refrence: PS\n' }) });
    const err = configError(dir);
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.message).toContain('"refrence"');
    expect(err.message).toMatch(/purasec\.yaml: \(top level\): .*"refrence"/);
  });

  it('rejects an unknown nested key, naming its parent key', () => {
    const dir = configDir(`secret: "${SECRET}"\n`, {
      'purasec.yaml': tenantYaml('purasec', { mailbox: '  imap: { host: h, user: u, password: p, foldr: Klachten }' }),
    });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'mailbox.imap', message: expect.stringContaining('"foldr"') })]);
  });

  it('rejects an unknown key in a person', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec', { people: '  - { id: h1, name: H1, email: h1@example.nl, role: handler, telefoon: "06" }' }),
    });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'people[0]', message: expect.stringContaining('"telefoon"') })]);
  });

  it('rejects an unknown global key', () => {
    const dir = configDir('loglevel: debug\n', { 'purasec.yaml': tenantYaml('purasec') });
    const err = configError(dir);
    expect(err.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/complaintdesk\.yaml$/), key: '', message: expect.stringContaining('"loglevel"') })]);
  });

  it('a YAML syntax error names the file', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec'),
      'preact.yaml': 'id: preact\npeople: [ { id: a, name: "A }\n',
    });
    const err = configError(dir);
    expect(err.problems.length).toBeGreaterThan(0);
    expect(err.problems.every((p) => /tenants[/\\]preact\.yaml$/.test(p.file) && p.message.startsWith('YAML: '))).toBe(true);
    expect(err.message).toMatch(/preact\.yaml: \(top level\): YAML: /);
  });

  it('a YAML error in the global file names that file', () => {
    const dir = configDir('limits: {\n', { 'purasec.yaml': tenantYaml('purasec') });
    const err = configError(dir);
    expect(err.problems[0]!.file).toMatch(/complaintdesk\.yaml$/);
    expect(err.problems[0]!.message).toMatch(/^YAML: /);
  });

  it('a duplicate YAML key is an error, not "last one wins"', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': `${tenantYaml('purasec')}reference: XX\n` });
    expect(configError(dir).problems[0]!.message).toMatch(/^YAML: .*unique/i);
  });

  it('the tenant id must match the file name', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('puresec') });
    expect(configError(dir).problems).toEqual([
      { file: expect.stringMatching(/purasec\.yaml$/), key: 'id', message: 'id "puresec" must match the file name "purasec"' },
    ]);
  });

  it('rejects the same complaints address in two tenants (case-insensitively)', () => {
    const dir = configDir(GLOBAL, {
      'preact.yaml': tenantYaml('preact', { address: 'klachten@example.nl' }),
      'purasec.yaml': tenantYaml('purasec', { address: 'Klachten@Example.nl' }),
    });
    expect(configError(dir).problems).toEqual([
      { file: expect.stringMatching(/purasec\.yaml$/), key: 'address', message: 'address klachten@example.nl is also used by tenant preact' },
    ]);
  });

  it('rejects the same reference prefix in two tenants', () => {
    const dir = configDir(GLOBAL, {
      'preact.yaml': tenantYaml('preact', { reference: 'PS' }),
      'purasec.yaml': tenantYaml('purasec', { reference: 'PS' }),
    });
    expect(configError(dir).problems).toEqual([
      { file: expect.stringMatching(/purasec\.yaml$/), key: 'reference', message: 'reference prefix PS is also used by tenant preact' },
    ]);
  });

  it('rejects a reference prefix that is not 1-6 capitals', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { reference: 'ps' }) });
    expect(configError(dir).problems.map((p) => p.key)).toEqual(['reference']);
  });

  it('requires a global secret when a tenant uses IMAP', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { mailbox: IMAP }) });
    const err = configError(dir, { PURASEC_IMAP_PASSWORD: 'x' });
    expect(err.problems).toEqual([
      { file: expect.stringMatching(/complaintdesk\.yaml$/), key: 'secret', message: expect.stringContaining('tenant purasec uses a real mail server') },
    ]);
  });

  it('requires a global secret when a tenant sends by SMTP', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec').replace('  file: { path: outbox/purasec }', '  smtp: { host: smtp.example.nl }'),
    });
    expect(configError(dir).problems.map((p) => p.key)).toEqual(['secret']);
  });

  it('rejects a secret shorter than 32 characters', () => {
    const dir = configDir('secret: too-short\n', { 'purasec.yaml': tenantYaml('purasec') });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'secret', message: expect.stringContaining('32') })]);
  });

  it('needs at least one handler', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { people: '  - { id: m1, name: M1, email: m1@example.nl, role: manager }' }) });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'people', message: expect.stringContaining('role: handler') })]);
  });

  it('rejects duplicate person ids', () => {
    const dir = configDir(GLOBAL, {
      'purasec.yaml': tenantYaml('purasec', {
        people: '  - { id: h1, name: A, email: a@example.nl, role: handler }\n  - { id: h1, name: B, email: b@example.nl, role: handler }',
      }),
    });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'people[1].id', message: 'duplicate person id "h1"' })]);
  });

  it('rejects an unknown time zone', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { extra: 'timezone: Europe/Amsterdan\n' }) });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'timezone', message: 'unknown time zone "Europe/Amsterdan"' })]);
  });

  it('reports problems of every file at once', () => {
    const dir = configDir('logLevel: loud\n', {
      'preact.yaml': tenantYaml('preact', { extra: 'language: de\n' }),
      'purasec.yaml': tenantYaml('purasec', { extra: 'intake: maybe\n' }),
    });
    const keys = configError(dir).problems.map((p) => `${p.file.replace(/^.*[/\\]/, '')} ${p.key}`);
    expect(keys).toEqual(['complaintdesk.yaml logLevel', 'preact.yaml language', 'purasec.yaml intake']);
  });

  it('a missing global file is an error naming it', () => {
    const dir = configDir(null, { 'purasec.yaml': tenantYaml('purasec') });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/complaintdesk\.yaml$/), message: expect.stringContaining('not found') })]);
  });

  it('a config directory without tenant files is an error', () => {
    const dir = configDir(GLOBAL, { 'README.txt': 'not a tenant' });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/tenants$/), message: expect.stringContaining('no tenant files') })]);
  });
});

describe('resolveConfigDir', () => {
  it('prefers --config over COMPLAINTDESK_CONFIG over the embedded default', () => {
    expect(resolveConfigDir('/etc/cd-flag', { COMPLAINTDESK_CONFIG: '/etc/cd-env' })).toBe(resolve('/etc/cd-flag'));
    expect(resolveConfigDir(undefined, { COMPLAINTDESK_CONFIG: '/etc/cd-env' })).toBe(resolve('/etc/cd-env'));
    expect(resolveConfigDir(undefined, {})).toBe(DEFAULT_CONFIG_DIR);
  });

  it('resolves a relative directory against the working directory', () => {
    expect(resolveConfigDir('some/config', {})).toBe(resolve(process.cwd(), 'some/config'));
  });

  it('treats an empty COMPLAINTDESK_CONFIG as unset', () => {
    expect(resolveConfigDir(undefined, { COMPLAINTDESK_CONFIG: '' })).toBe(DEFAULT_CONFIG_DIR);
  });

  it('the embedded default is the package config/ directory', () => {
    expect(DEFAULT_CONFIG_DIR).toBe(fileURLToPath(new URL('../../config', import.meta.url)));
  });
});

describe('schedule', () => {
  it('a broken cron expression stops start-up with the key named', () => {
    const dir = configDir(GLOBAL, { 'purasec.yaml': tenantYaml('purasec', { extra: 'schedule:\n  checkCron: "every ten minutes"\n' }) });
    expect(configError(dir).problems).toEqual([expect.objectContaining({ key: 'schedule.checkCron', message: expect.stringMatching(/cron expression/) })]);
  });
});
