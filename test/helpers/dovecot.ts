// A private Dovecot IMAP server for integration tests: its own config, sockets, state, logs
// and maildirs under one temp dir, listening on a free port on 127.0.0.1. It never reads
// /etc/dovecot and never touches a system instance, so tests can run while one is installed.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { waitFor } from './waitFor.js';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotInstance {
  host: '127.0.0.1';
  port: number;
  /** The instance's temp dir: dovecot.conf, run/, state/, logs and home/<user>/Maildir. */
  dir: string;
  /** The master process's pid: the bench reads the CPU of it and its children (the imap processes). */
  pid: number;
  /** SIGTERM, wait for exit (SIGKILL after STOP_GRACE_MS), then remove `dir`. Idempotent. */
  stop(): Promise<void>;
  /**
   * APPEND `raw` to `folder` (default INBOX, created when missing), with INTERNALDATE
   * `receivedAt` when given (the server's now otherwise); returns the new UID.
   */
  append(user: string, raw: string | Buffer, folder?: string, receivedAt?: Date): Promise<number>;
}

export interface StartDovecotOptions {
  users: DovecotUser[];
}

const HOST = '127.0.0.1';
const START_DEADLINE_MS = 10_000;
const READY_POLL_INTERVAL_MS = 50;
const GREETING_TIMEOUT_MS = 1_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 4_000;
/** Port races (another process grabbing the probed port before Dovecot binds it) are retried. */
const START_ATTEMPTS = 3;
/** Temp dirs carry this prefix so stale instances of crashed test processes can be found. */
const DIR_PREFIX = 'complaintdesk-dovecot-';
const OWNER_PID_FILE = 'owner.pid';

const DOVECOT_CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot', '/opt/homebrew/sbin/dovecot'];

/** Absolute path of the dovecot binary: $DOVECOT_BIN, then $PATH, then the usual sbin dirs
 *  (non-root shells often lack /usr/sbin in $PATH). */
export function dovecotBinary(): string | null {
  const fromEnv = process.env.DOVECOT_BIN;
  const pathDirs = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const candidates = [...(fromEnv ? [fromEnv] : []), ...pathDirs.map((dir) => path.join(dir, 'dovecot')), ...DOVECOT_CANDIDATES];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here; try the next candidate
    }
  }
  return null;
}

export function dovecotAvailable(): boolean {
  return dovecotBinary() !== null;
}

// ---------------------------------------------------------------------------------------
// Crash safety: a test process that dies must not leave Dovecot masters behind. 'exit'
// covers normal ends and uncaught exceptions; signals do not fire 'exit', so they get their
// own handler that kills the children and then re-raises the signal.

const liveChildren = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let cleanupInstalled = false;

function killAllSync(): void {
  for (const child of liveChildren) {
    // SIGTERM lets the master take its own children down; if it were stuck, they would
    // still exit once the master's status pipe closes.
    child.kill('SIGTERM');
  }
  liveChildren.clear();
  for (const dir of liveDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
  liveDirs.clear();
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllSync();
      process.removeListener(signal, onSignal);
      // Only re-raise when nobody else handles the signal, so we never override a test
      // runner's own shutdown logic.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kill Dovecot masters left by test processes that were SIGKILLed (no handler runs then)
 *  and remove their dirs. Only touches dirs with our prefix whose owner process is gone, and
 *  only a master whose command line names that dir's config. */
function reapStaleInstances(): void {
  const tmp = os.tmpdir();
  let entries: string[];
  try {
    entries = readdirSync(tmp).filter((name) => name.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const dir = path.join(tmp, name);
    const ownerPid = readPid(path.join(dir, OWNER_PID_FILE));
    if (ownerPid === null || processAlive(ownerPid)) continue;
    const masterPid = readPid(path.join(dir, 'run', 'master.pid'));
    try {
      const cmdline = masterPid === null ? '' : readFileSync(`/proc/${masterPid}/cmdline`, 'utf8');
      if (masterPid !== null && cmdline.includes(path.join(dir, 'dovecot.conf'))) process.kill(masterPid, 'SIGKILL');
    } catch {
      // no /proc entry (already gone, or not Linux) or not ours to kill: leave it alone
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------

interface Account {
  uid: number;
  gid: number;
  name: string;
  group: string;
}

/** The account mail processes run as. As root: `nobody` (Dovecot refuses uid 0 for mail, and
 *  the homes are chowned to it). Otherwise: ourselves, since we cannot switch users. */
function mailAccount(): { asRoot: boolean; account: Account } {
  const { uid, gid, username } = os.userInfo();
  if (uid !== 0) {
    const group = groupName(gid) ?? String(gid);
    return { asRoot: false, account: { uid, gid, name: username, group } };
  }
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  const nobodyUid = Number(nobody?.[2] ?? 65534);
  const nobodyGid = Number(nobody?.[3] ?? 65534);
  return {
    asRoot: true,
    account: { uid: nobodyUid, gid: nobodyGid, name: 'nobody', group: groupName(nobodyGid) ?? String(nobodyGid) },
  };
}

function groupName(gid: number): string | null {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find((fields) => Number(fields[2]) === gid);
    return line?.[0] ?? null;
  } catch {
    return null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not determine a free port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Connects and reads the first line; true only for an IMAP `* OK` greeting. */
async function imapGreets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let buffered = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(GREETING_TIMEOUT_MS, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      if (buffered.includes('\n')) finish(buffered.startsWith('* OK'));
    });
  });
}

async function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

export { portClosed as dovecotPortClosed };

function validateUsers(users: DovecotUser[]): void {
  for (const { user, password } of users) {
    // passwd-file is colon separated; the home dir is named after the user
    if (!/^[A-Za-z0-9._@+-]+$/.test(user)) throw new Error(`startDovecot: unsupported user name ${JSON.stringify(user)}`);
    if (/[:\n]/.test(password)) throw new Error(`startDovecot: password for ${user} contains ':' or a newline`);
  }
}

function renderConfig(params: { dir: string; port: number; asRoot: boolean; account: Account; instanceName: string }): string {
  const { dir, port, asRoot, account, instanceName } = params;
  const usersFile = path.join(dir, 'users');
  const lines = [
    '# Generated by test/helpers/dovecot.ts: a private instance, nothing from /etc/dovecot.',
    `instance_name = ${instanceName}`,
    `base_dir = ${path.join(dir, 'run')}`,
    `state_dir = ${path.join(dir, 'state')}`,
    `log_path = ${path.join(dir, 'dovecot.log')}`,
    `info_log_path = ${path.join(dir, 'dovecot.info.log')}`,
    'protocols = imap',
    `listen = ${HOST}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_failure_delay = 0',
    'auth_mechanisms = plain login',
    'mail_location = maildir:~/Maildir',
    // Dovecot refuses mail uids below first_valid_uid (default 500); ours is nobody or us.
    'first_valid_uid = 1',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${usersFile}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${usersFile}`,
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    ...(asRoot ? [] : ['  chroot =']),
    '}',
  ];
  if (!asRoot) {
    // Running unprivileged (see Dovecot's "rootless installation" docs): every service runs
    // as us, and nothing may chroot.
    lines.push(
      `default_login_user = ${account.name}`,
      `default_internal_user = ${account.name}`,
      `default_internal_group = ${account.group}`,
      'service anvil {',
      '  chroot =',
      '}',
    );
  }
  return lines.join('\n') + '\n';
}

/** Makes `dir` and its ancestors traversable by the mail uid (mkdtemp creates 0700 dirs, and
 *  some CI images have a 0700 $TMPDIR parent). Only adds the x bit for others, never removes. */
async function makeTraversable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    try {
      const { mode } = await stat(current);
      if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o011);
    } catch {
      break; // not ours to change; Dovecot will report a clear permission error if it matters
    }
    current = path.dirname(current);
  }
}

async function tailOfFile(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.slice(-OUTPUT_TAIL_CHARS);
  } catch {
    return '';
  }
}

/** Dovecot exited because another process took the probed port; worth another attempt. */
class PortInUseError extends Error {}
/** Startup cannot succeed (spawn failed, Dovecot exited); stop polling at once. */
class StartAbort extends Error {}

async function startOnce(binary: string, users: DovecotUser[]): Promise<DovecotInstance> {
  const { asRoot, account } = mailAccount();
  const dir = await mkdtemp(path.join(os.tmpdir(), DIR_PREFIX));
  liveDirs.add(dir);
  await writeFile(path.join(dir, OWNER_PID_FILE), String(process.pid));
  await makeTraversable(dir);

  const homeRoot = path.join(dir, 'home');
  await mkdir(homeRoot, { mode: 0o755 });
  const passwdLines: string[] = [];
  for (const { user, password } of users) {
    const home = path.join(homeRoot, user);
    await mkdir(home, { mode: 0o700 });
    if (asRoot) await chown(home, account.uid, account.gid);
    // user:password:uid:gid:(gecos):home:(shell)
    passwdLines.push(`${user}:{PLAIN}${password}:${account.uid}:${account.gid}::${home}::`);
  }
  const usersFile = path.join(dir, 'users');
  await writeFile(usersFile, passwdLines.join('\n') + '\n', { mode: 0o644 });

  const port = await freePort();
  const instanceName = `complaintdesk-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const confPath = path.join(dir, 'dovecot.conf');
  await writeFile(confPath, renderConfig({ dir, port, asRoot, account, instanceName }));

  const child = spawn(binary, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      liveChildren.delete(child);
      resolve();
    });
  });
  let spawnError: Error | null = null;
  child.once('error', (err) => {
    spawnError = err;
  });

  const diagnostics = async (): Promise<string> => {
    const log = await tailOfFile(path.join(dir, 'dovecot.log'));
    return [
      `dovecot ${binary} -F -c ${confPath}`,
      exitInfo ? `exited with code ${String(exitInfo.code)} signal ${String(exitInfo.signal)}` : 'still running',
      output ? `output:\n${output}` : 'no output',
      log ? `dovecot.log:\n${log}` : 'dovecot.log empty',
    ].join('\n');
  };

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (exitInfo === null && spawnError === null) {
        child.kill('SIGTERM');
        const grace = new Promise<'timeout'>((resolve) => {
          const timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
          void exited.then(() => clearTimeout(timer));
        });
        if ((await Promise.race([exited.then(() => 'exited' as const), grace])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      liveChildren.delete(child);
      await rm(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    })();
    return stopped;
  };

  try {
    await waitFor(
      async () => {
        if (spawnError !== null) throw new StartAbort(`could not spawn ${binary}: ${spawnError.message}`);
        if (exitInfo !== null) {
          const details = await diagnostics();
          if (/address already in use/i.test(details)) throw new PortInUseError(details);
          throw new StartAbort(`dovecot exited during startup\n${details}`);
        }
        return imapGreets(port);
      },
      { timeoutMs: START_DEADLINE_MS, intervalMs: READY_POLL_INTERVAL_MS, message: `dovecot did not greet on ${HOST}:${port}` },
    );
  } catch (err) {
    const details = await diagnostics();
    await stop();
    if (err instanceof PortInUseError) throw err;
    if (err instanceof StartAbort) throw new Error(`startDovecot: ${err.message}`, { cause: err });
    throw new Error(`startDovecot: ${(err as Error).message}\n${details}`, { cause: err });
  }

  const passwords = new Map(users.map(({ user, password }) => [user, password]));

  const append = async (user: string, raw: string | Buffer, folder = 'INBOX', receivedAt?: Date): Promise<number> => {
    const pass = passwords.get(user);
    if (pass === undefined) throw new Error(`dovecot.append: unknown user ${user}`);
    const client = new ImapFlow({ host: HOST, port, secure: false, auth: { user, pass }, logger: false });
    // imapflow emits 'error' on socket failures; without a listener that would crash the run.
    let socketError: Error | null = null;
    client.on('error', (err: Error) => {
      socketError = err;
    });
    try {
      await client.connect();
      if (folder.toUpperCase() !== 'INBOX') await client.mailboxCreate(folder);
      const result = await client.append(folder, raw, [], receivedAt);
      // Dovecot supports UIDPLUS (RFC 4315), so APPENDUID is always in the tagged OK.
      if (result === false || result.uid === undefined) {
        throw new Error(`dovecot.append: no APPENDUID for ${user}/${folder}`);
      }
      await client.logout();
      return result.uid;
    } catch (err) {
      client.close();
      const reason = socketError ?? err;
      // The socket's own error, when there was one, says more than the command that saw it fail.
      throw new Error(`dovecot.append(${user}, ${folder}) failed: ${(reason as Error).message}`, { cause: err });
    }
  };

  return { host: HOST, port, dir, pid: child.pid!, stop, append };
}

/** Starts a private Dovecot; see the file comment. Each call gets its own instance. */
export async function startDovecot(opts: StartDovecotOptions): Promise<DovecotInstance> {
  const binary = dovecotBinary();
  if (binary === null) throw new Error('startDovecot: dovecot binary not found (install dovecot-imapd or set DOVECOT_BIN)');
  validateUsers(opts.users);
  installCleanup();
  reapStaleInstances();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, opts.users);
    } catch (err) {
      if (err instanceof PortInUseError && attempt < START_ATTEMPTS) continue;
      if (err instanceof PortInUseError) throw new Error(`startDovecot: port still in use after ${START_ATTEMPTS} attempts\n${err.message}`, { cause: err });
      throw err;
    }
  }
}
