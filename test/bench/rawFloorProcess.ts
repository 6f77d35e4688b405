// Child process: the raw floor — what imapflow and mailparser alone manage on this machine, with
// no project code: fetch every message's source over one connection and parse it with
// simpleParser, one after the other as a streaming reader would. The first such pass is timed
// as the cold floor (a fresh process, as a daemon starting on a backlog is: V8 compiles imapflow
// and mailparser while it runs). Then a fetch-only and a parse-only pass show how the time
// splits, and the timed pass after them, with the JIT warm, is the floor (the best case).
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

export interface RawFloorArgs {
  host: string;
  port: number;
  user: string;
  password: string;
}

export type RawFloorReport = {
  type: 'result';
  messages: number;
  bytes: number;
  /** The floor: streaming fetch + parse. */
  fetchAndParseMs: number;
  /** CPU time (user + system) of this process during that pass: comparable on a busy machine. */
  fetchAndParseCpuMs: number;
  /** The same, as the process's first pass. */
  coldFetchAndParseMs: number;
  coldFetchAndParseCpuMs: number;
  fetchOnlyMs: number;
  parseOnlyMs: number;
  rssMb: number;
};

const args = JSON.parse(process.argv[2] ?? '{}') as RawFloorArgs;
const client = new ImapFlow({ host: args.host, port: args.port, secure: false, auth: { user: args.user, pass: args.password }, logger: false });
client.on('error', () => undefined); // a socket error also rejects the command in flight

await client.connect();
await client.mailboxOpen('INBOX', { readOnly: true });

/** One streaming fetch + parse pass over the mailbox: wall time, CPU time, messages. */
async function fetchAndParse(): Promise<{ ms: number; cpuMs: number; messages: number }> {
  const t0 = performance.now();
  const cpu = process.cpuUsage();
  let messages = 0;
  for await (const m of client.fetch('1:*', { uid: true, source: true })) {
    if (!m.source) continue;
    await simpleParser(m.source);
    messages++;
  }
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000, messages };
}

const cold = await fetchAndParse();

let t = performance.now();
const sources: Buffer[] = [];
for await (const m of client.fetch('1:*', { uid: true, source: true })) if (m.source) sources.push(m.source);
const fetchOnlyMs = performance.now() - t;

t = performance.now();
for (const source of sources) await simpleParser(source);
const parseOnlyMs = performance.now() - t;
const bytes = sources.reduce((sum, s) => sum + s.length, 0);
sources.length = 0;

const warm = await fetchAndParse();
const rssMb = Math.round(process.memoryUsage().rss / 1024 / 102.4) / 10;
await client.logout();

const report: RawFloorReport = {
  type: 'result',
  messages: Math.min(warm.messages, cold.messages),
  bytes,
  fetchAndParseMs: warm.ms,
  fetchAndParseCpuMs: warm.cpuMs,
  coldFetchAndParseMs: cold.ms,
  coldFetchAndParseCpuMs: cold.cpuMs,
  fetchOnlyMs,
  parseOnlyMs,
  rssMb,
};
process.send?.(report, () => process.exit(0));
