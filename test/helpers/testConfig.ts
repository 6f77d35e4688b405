import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, PACKAGE_ROOT, type LoadedConfig } from '../../src/config/load.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestTenant {
  /** `preact` and `purasec` get the shipped tenant files; any other id needs its keys in `overrides`. */
  id: string;
  /** IMAP login of the tenant's mailbox on the test Dovecot, or a Maildir when absent. */
  imap?: { host: string; port: number; user: string; password: string; pollIntervalSeconds?: number; markSeen?: boolean; batchSize?: number };
  /** The test SMTP sink, or the file transport when absent. */
  smtp?: { host: string; port: number };
  /** Extra keys merged over the shipped tenant file. */
  overrides?: Record<string, unknown>;
  /**
   * `mailbox.firstStart`. Tests default to `process`: most of them put mail in the mailbox
   * before the daemon first looks and expect it handled; the first-start tests set `archive`.
   */
  firstStart?: 'archive' | 'process' | 'skip';
}

/** The procedure as shipped in config/tenants/<id>.yaml: tests run the real procedures. */
function shippedProcedure(id: string): unknown {
  return (parse(readFileSync(join(PACKAGE_ROOT, 'config', 'tenants', `${id}.yaml`), 'utf8')) as { procedure: unknown }).procedure;
}

const SHIPPED: Record<string, Record<string, unknown>> = {
  preact: {
    id: 'preact',
    name: 'PreAct Software B.V.',
    address: 'info@preact-software.nl',
    reference: 'PA',
    intake: 'all',
    people: [
      { id: 'anna', name: 'Anna de Vries', email: 'anna.devries@example.nl', phone: '+31 20 555 0101', role: 'handler' },
      { id: 'bram', name: 'Bram Jansen', email: 'bram.jansen@example.nl', phone: '+31 20 555 0102', role: 'handler' },
      { id: 'directie', name: 'Carla Smit', email: 'directie@example.nl', role: 'manager' },
    ],
    procedure: shippedProcedure('preact'),
    letters: { footer: 'PreAct Software B.V.' },
  },
  purasec: {
    id: 'purasec',
    name: 'PuraSec B.V.',
    address: 'klachten@purasec.nl',
    reference: 'PS',
    intake: 'all',
    people: [
      { id: 'daan', name: 'Daan Bakker', email: 'daan.bakker@example.nl', phone: '+31 15 555 0201', role: 'handler' },
      { id: 'eva', name: 'Eva Visser', email: 'eva.visser@example.nl', phone: '+31 15 555 0202', role: 'handler' },
      { id: 'management', name: 'Frank Mulder', email: 'management@example.nl', role: 'manager' },
    ],
    services: [{ name: 'Pentest', synonyms: ['penetratietest'] }],
    procedure: shippedProcedure('purasec'),
    letters: { footer: 'PuraSec B.V.' },
  },
};

/**
 * Writes a throw-away config directory (global file + one file per tenant) and loads it through
 * the real loader, so tests exercise the same validation as production.
 */
export function writeTestConfig(tenants: TestTenant[], global: Record<string, unknown> = {}): LoadedConfig & { root: string } {
  const root = mkdtempSync(join(tmpdir(), 'complaintdesk-test-'));
  const dir = join(root, 'config');
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  writeFileSync(
    join(dir, 'complaintdesk.yaml'),
    stringify({ dataDir: '../data', logLevel: 'warn', secret: TEST_SECRET, sender: { baseDelayMs: 50, maxDelayMs: 500, maxAttempts: 5 }, ...global }),
  );
  for (const t of tenants) {
    const base = SHIPPED[t.id] ?? { ...SHIPPED.purasec, id: t.id };
    const doc: Record<string, unknown> = {
      ...base,
      mailbox: t.imap
        ? {
            imap: {
              host: t.imap.host,
              port: t.imap.port,
              secure: false,
              user: t.imap.user,
              password: t.imap.password,
              pollIntervalSeconds: t.imap.pollIntervalSeconds ?? 30,
              commandTimeoutSeconds: 20,
              ...(t.imap.markSeen !== undefined ? { markSeen: t.imap.markSeen } : {}),
              ...(t.imap.batchSize !== undefined ? { batchSize: t.imap.batchSize } : {}),
            },
            firstStart: t.firstStart ?? 'process',
          }
        : { maildir: { path: `maildir/${t.id}`, pollIntervalSeconds: 0.2 }, firstStart: t.firstStart ?? 'process' },
      transport: t.smtp ? { smtp: { host: t.smtp.host, port: t.smtp.port, secure: false } } : { file: { path: `outbox/${t.id}` } },
      // Many tests send dozens of complaints from different senders within seconds; the circuit
      // breaker (default 30 an hour) is tested where it is the subject, with its own setting.
      autoReply: { maxPerHour: 100_000, ...(t.overrides?.autoReply ?? {}) },
      ...(t.overrides ? Object.fromEntries(Object.entries(t.overrides).filter(([k]) => k !== 'autoReply')) : {}),
    };
    writeFileSync(join(dir, 'tenants', `${t.id}.yaml`), stringify(doc));
  }
  return { ...loadConfig(dir, {}), root };
}
