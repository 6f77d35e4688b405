// The one Dovecot + SMTP fixture for tests that need the real servers. Each test file (or
// describe) gets its own private instances, started in beforeAll and stopped in afterAll; the
// "Dovecot missing" rule lives here once: skipped locally with one message, a failing test when
// CI=true (CI must run them: .ci/run installs dovecot-imapd).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { dovecotAvailable, startDovecot, type DovecotInstance, type DovecotUser } from './dovecot.js';
import { startSmtpSink, type SmtpSink, type StartSmtpSinkOptions } from './smtpSink.js';

/** TEST_WITHOUT_DOVECOT=1 shows on a machine with Dovecot what one without it runs. */
export const HAVE_DOVECOT = process.env.TEST_WITHOUT_DOVECOT !== '1' && dovecotAvailable();
export const IN_CI = process.env.CI === 'true';
export const DOVECOT_SKIP_REASON = 'dovecot not found (apt-get install -y dovecot-imapd, or set DOVECOT_BIN); skipped locally, required when CI=true';

export interface MailServerOptions {
  /** Dovecot logins; each gets its own home and Maildir. */
  users: DovecotUser[];
  /** Options of the SMTP sink (e.g. `failWith`). */
  smtp?: StartSmtpSinkOptions;
}

/** The running servers; read them inside tests and hooks (they exist once beforeAll ran). */
export interface MailServers {
  readonly dc: DovecotInstance;
  readonly smtp: SmtpSink;
}

/**
 * Registers the hooks that start a private Dovecot and an SMTP sink for the enclosing describe
 * and stop them after it. Hooks the caller registers afterwards (a daemon) start after the
 * servers and, with vitest's default `sequence.hooks: 'stack'`, stop before them.
 * Call it inside `describeWithMailServers` (or a describe guarded by HAVE_DOVECOT).
 */
export function useMailServers(opts: MailServerOptions): MailServers {
  let dc: DovecotInstance | undefined;
  let smtp: SmtpSink | undefined;
  beforeAll(async () => {
    [dc, smtp] = await Promise.all([startDovecot({ users: opts.users }), startSmtpSink(opts.smtp)]);
  });
  afterAll(async () => {
    await Promise.all([smtp?.stop(), dc?.stop()]);
  });
  const started = <T>(what: string, v: T | undefined): T => {
    if (v === undefined) throw new Error(`useMailServers: ${what} is not running (read it inside a test or hook, after beforeAll)`);
    return v;
  };
  return {
    get dc() {
      return started('dovecot', dc);
    },
    get smtp() {
      return started('the SMTP sink', smtp);
    },
  };
}

/**
 * `describe` for tests that need Dovecot: `body` runs with the servers of `useMailServers`.
 * Without Dovecot its tests are skipped locally (the reason is in the suite's name) and, when
 * CI=true, a failing test says Dovecot is missing.
 */
export function describeWithMailServers(name: string, opts: MailServerOptions, body: (env: MailServers) => void): void {
  requireDovecotInCi(name);
  describe.skipIf(!HAVE_DOVECOT)(HAVE_DOVECOT ? name : `${name} [${DOVECOT_SKIP_REASON}]`, () => body(useMailServers(opts)));
}

/** The CI half of the rule, for suites that guard themselves with HAVE_DOVECOT. */
export function requireDovecotInCi(name: string): void {
  if (HAVE_DOVECOT || !IN_CI) return;
  describe(name, () => {
    it('has dovecot (CI=true)', () => {
      throw new Error(`CI=true but ${DOVECOT_SKIP_REASON}`);
    });
  });
}
