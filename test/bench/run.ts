// `npm run bench` (entered through bench.ts): loads N generated complaints into a private
// Dovecot and measures, in one run, the raw floor (imapflow + mailparser only), the daemon's
// end-to-end ingest throughput, the APPEND → acknowledgement latency under IDLE, and the
// daemon's memory. Prints one JSON object on stdout; progress goes to stderr.
//
//   npm run bench -- --n 1000 --latency-samples 50
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { dovecotBinary, startDovecot, type DovecotInstance } from '../helpers/dovecot.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { bulkLoad, ingest, latency, rawFloor } from './phases.js';
import { BenchSink } from './sink.js';
import { MemorySampler, round, toMb, type MemoryPeak } from './stats.js';

const TARGETS = {
  /** Ingest throughput at least this share of the raw floor. */
  ingestVsFloor: 0.8,
  /** Dovecot itself delays IDLE notifications by about 500 ms. */
  latencyP50Ms: 700,
  /** p50/p95 only mean something over this many single mails. */
  latencyMinSamples: 50,
  rssMb: 150,
} as const;
const MEMORY_SAMPLE_MS = 50;
const MAILBOX = { user: 'bench', password: 'bench-pw' };

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench: --${flag} wants a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

function cliOptions(): { n: number; latencySamples: number } {
  const { values } = parseArgs({
    options: { n: { type: 'string', default: '1000' }, 'latency-samples': { type: 'string', default: String(TARGETS.latencyMinSamples) } },
    strict: true,
  });
  return { n: positiveInt('n', values.n), latencySamples: positiveInt('latency-samples', values['latency-samples']) };
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  let dovecot: string | null = null;
  try {
    dovecot = execFileSync(dovecotBinary() ?? 'dovecot', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as null; the run itself fails later with a clear message if Dovecot is missing
  }
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    memoryGb: round(os.totalmem() / 1024 ** 3),
    dovecot,
  };
}

/** Collects garbage (node runs with --expose-gc) so a phase starts from a settled heap. */
function settle(): { rssMb: number; heapUsedMb: number; externalMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMb: toMb(m.rss), heapUsedMb: toMb(m.heapUsed), externalMb: toMb(m.external) };
}

async function main(): Promise<string> {
  const { n, latencySamples } = cliOptions();
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    log('starting Dovecot and the SMTP sink');
    const dc: DovecotInstance = await startDovecot({ users: [MAILBOX] });
    cleanups.unshift(() => dc.stop());
    const sink = await BenchSink.start();
    cleanups.unshift(() => sink.stop());
    const login = { host: dc.host, port: dc.port, user: MAILBOX.user, password: MAILBOX.password };

    log(`appending ${n} generated complaints`);
    const mails = await bulkLoad(login, n);

    log('raw floor: imapflow fetch + mailparser, no project code');
    const floor = await rawFloor(login, n);

    const baseline = settle();
    const config = writeTestConfig(
      [{ id: 'purasec', imap: { host: dc.host, port: dc.port, ...MAILBOX, pollIntervalSeconds: 60 }, smtp: { host: '127.0.0.1', port: sink.port } }],
      { logLevel: 'error' },
    );
    cleanups.unshift(() => rm(config.root, { recursive: true, force: true }));
    const daemon = new Daemon({ config, log: silentLogger });
    cleanups.unshift(() => daemon.stop());

    log(`ingest: daemon catches up on ${n} mails`);
    let sampler = new MemorySampler(MEMORY_SAMPLE_MS);
    const ingested = await ingest(daemon, sink, n);
    const ingestMemory: MemoryPeak = sampler.stop();

    log(`latency: ${latencySamples} single mails with the daemon idle in IDLE`);
    // One connection for all samples: a login per APPEND would be the harness's time, not the daemon's.
    const appender = new ImapFlow({ host: dc.host, port: dc.port, secure: false, auth: { user: MAILBOX.user, pass: MAILBOX.password }, logger: false });
    appender.on('error', () => undefined); // a socket error also rejects the command in flight
    await appender.connect();
    cleanups.unshift(() => appender.logout().catch(() => appender.close()));
    sampler = new MemorySampler(MEMORY_SAMPLE_MS);
    const lat = await latency(daemon, sink, appender, latencySamples);
    const latencyMemory: MemoryPeak = sampler.stop();

    const ratio = round(ingested.messagesPerSecond / floor.messagesPerSecond, 2);
    const peakRssMb = Math.max(ingestMemory.rssMb, latencyMemory.rssMb);
    const targets = {
      ingestVsFloor: { target: `>= ${TARGETS.ingestVsFloor} x raw floor`, actual: ratio, met: ratio >= TARGETS.ingestVsFloor },
      latencyP50: {
        target: `<= ${TARGETS.latencyP50Ms} ms over >= ${TARGETS.latencyMinSamples} mails`,
        actual: lat.p50Ms,
        met: lat.p50Ms <= TARGETS.latencyP50Ms && lat.samples >= TARGETS.latencyMinSamples,
      },
      rss: { target: `<= ${TARGETS.rssMb} MB`, actual: peakRssMb, met: peakRssMb <= TARGETS.rssMb },
    };
    const report = {
      benchmark: 'complaintdesk npm run bench',
      at: new Date().toISOString(),
      machine: machine(),
      n,
      mails,
      rawFloor: floor,
      // The CPU ratio says the same as the throughput ratio, but is less at the mercy of other load on the machine.
      ingest: { ...ingested, ratioToRawFloor: ratio, cpuRatioToRawFloor: round(floor.cpuMsPerMessage / ingested.cpuMsPerMessage, 2) },
      latency: lat,
      memory: {
        note: 'RSS of this process, which runs the daemon (and its parse worker thread); the bulk loader, the raw-floor reader and the SMTP sink run in child processes and are not counted',
        /** Project modules loaded and the harness running, after a GC: the floor the daemon adds to. */
        beforeDaemon: baseline,
        ingestPeak: ingestMemory,
        latencyPeak: latencyMemory,
        peakRssMb,
      },
      targets,
      allTargetsMet: Object.values(targets).every((t) => t.met),
    };
    return JSON.stringify(report, null, 2) + '\n';
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((err: unknown) => log(`cleanup failed: ${(err as Error).message}`));
  }
}

main().then(
  // Exit explicitly once the JSON is flushed: a stray handle must not keep a finished run alive.
  (json) => process.stdout.write(json, () => process.exit(0)),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
