// Where the daemon's memory goes (issue 14, point 2). Imports the project's heavy dependencies
// one group at a time, then the daemon, then starts it on one Maildir tenant with nothing to
// do, and prints RSS and V8 heap after each step, settled with gc. Each row's delta is what that
// step added on top of everything before it, so the order of GROUPS matters.
//
//   npx tsc -p tsconfig.bench.json && node --expose-gc dist-bench/test/bench/memoryProfile.js [--daemon-only] [--mails N] [--json]
//
// --daemon-only skips the per-package rows: the daemon's own import and start, as production pays them.
// --mails N then moves N generated complaints (test/bench/mails.ts, written beforehand by a child
// process) into the Maildir at once, lets the daemon process and answer them (file transport) and
// measures again: the parse worker, the calendar, the heap after work. VmHWM is the peak so far.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

interface Row {
  step: string;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  deltaRssMb: number;
  deltaHeapMb: number;
}

/** Third-party packages in the order the daemon's import graph would meet them. */
const GROUPS: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
  ['zod + yaml (config)', () => Promise.all([import('zod'), import('yaml')])],
  ['pino', () => import('pino')],
  ['pino-pretty', () => import('pino-pretty')],
  ['better-sqlite3', () => import('better-sqlite3')],
  ['date-holidays', () => import('date-holidays')],
  ['handlebars', () => import('handlebars')],
  ['html-to-text', () => import('html-to-text')],
  ['mailauth', () => import('mailauth')],
  ['mailparser', () => import('mailparser')],
  ['imapflow', () => import('imapflow')],
  ['nodemailer', () => import('nodemailer')],
  ['node-cron', () => import('node-cron')],
];

const MB = 1024 * 1024;
const round = (n: number): number => Math.round(n * 10) / 10;

function procStatusMb(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.replace(/\D+/g, '')) / 1024 : NaN;
}

async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  // Two rounds with a turn of the event loop between: finalizers and weak callbacks run late.
  for (let i = 0; i < 3; i++) {
    gc();
    await delay(20);
  }
}

const rows: Row[] = [];
async function measure(step: string): Promise<void> {
  await settle();
  const m = process.memoryUsage();
  const rssMb = procStatusMb('VmRSS');
  const prev = rows.at(-1);
  rows.push({
    step,
    rssMb: round(rssMb),
    heapUsedMb: round(m.heapUsed / MB),
    externalMb: round(m.external / MB),
    deltaRssMb: round(prev ? rssMb - prev.rssMb : 0),
    deltaHeapMb: round(prev ? m.heapUsed / MB - prev.heapUsedMb : 0),
  });
}

const argValue = (flag: string): string | undefined => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

// Child mode: writes the generated mails into a directory and exits, so generating them (nodemailer's
// composer and its garbage) is never part of the process being measured.
const generateInto = argValue('--generate');
if (generateInto !== undefined) {
  const { generateMail } = await import('./mails.js');
  const n = Number(argValue('--count'));
  for (let i = 0; i < n; i++) writeFileSync(join(generateInto, `${i}.memoryProfile.eml`), (await generateMail(i, 'memory')).raw);
  process.exit(0);
}

const daemonOnly = process.argv.includes('--daemon-only');
const asJson = process.argv.includes('--json');
const mails = Number(argValue('--mails') ?? 0);
if (!Number.isInteger(mails) || mails < 0) throw new Error('--mails takes a count');
const staging = mkdtempSync(join(tmpdir(), 'complaintdesk-memory-'));
if (mails > 0) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--generate', staging, '--count', String(mails)], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`generating ${mails} mails failed (exit ${String(child.status)})`);
}

await measure('node + this script');
if (!daemonOnly) {
  for (const [name, load] of GROUPS) {
    await load();
    await measure(name);
  }
}

// The test helper pulls in the config loader; the daemon module its whole graph (src/).
const { writeTestConfig } = await import('../helpers/testConfig.js');
const { silentLogger } = await import('../../src/core/log.js');
await measure('config loader + log');
const { Daemon } = await import('../../src/daemon/daemon.js');
await measure('daemon module graph (src/)');

const config = writeTestConfig([{ id: 'purasec' }]);
const daemon = new Daemon({ config, log: silentLogger });
await measure('Daemon constructed (db, tenants)');
await daemon.start();
await delay(500); // a few Maildir polls and the first timer tick
await measure('started, idle (one Maildir tenant)');
const peakBeforeMailsMb = round(procStatusMb('VmHWM'));
/** Wall and CPU time (main thread, parse worker, sender) of the backlog: a memory saving must not cost much of either. */
let work: { mails: number; wallMs: number; cpuMs: number } | null = null;
if (mails > 0) {
  // Renamed into new/ all at once (same file system): a backlog, as after an outage.
  const maildirNew = resolve(config.dataDir, 'maildir', 'purasec', 'new');
  for (const name of readdirSync(staging)) renameSync(join(staging, name), join(maildirNew, name));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await daemon.runOnce();
  const cpu = process.cpuUsage(cpu0);
  work = { mails, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  await measure(`${mails} mails processed and answered`);
}
await daemon.stop();
if (mails > 0) await measure('stopped (worker and store closed)');
rmSync(config.root, { recursive: true, force: true });
rmSync(staging, { recursive: true, force: true });

const peakMb = round(procStatusMb('VmHWM'));
if (asJson) console.log(JSON.stringify({ rows, peakBeforeMailsMb, peakMb, work }, null, 2));
else {
  console.log(`${'step'.padEnd(40)} ${'RSS'.padStart(7)} ${'+RSS'.padStart(7)} ${'heap'.padStart(7)} ${'+heap'.padStart(7)} ${'ext'.padStart(6)}  (MB)`);
  for (const r of rows) {
    const cells = [r.rssMb, r.deltaRssMb, r.heapUsedMb, r.deltaHeapMb].map((n) => n.toFixed(1).padStart(7));
    console.log(`${r.step.padEnd(40)} ${cells.join(' ')} ${r.externalMb.toFixed(1).padStart(6)}`);
  }
  console.log(`peak RSS (VmHWM) before the mails ${peakBeforeMailsMb} MB, whole run ${peakMb} MB`);
  if (work) console.log(`${work.mails} mails in ${work.wallMs} ms, ${work.cpuMs} ms CPU`);
}
