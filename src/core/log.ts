import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LogOptions {
  level: string;
  /** `pretty` for a terminal, `json` for production (one JSON object per line). */
  format: 'pretty' | 'json';
}

/** The root logger; components take `log.child({ component })`. */
export function createLogger(opts: LogOptions): Logger {
  if (opts.format === 'json') return pino({ level: opts.level });
  // A synchronous pretty stream (no worker transport): a log line written just before exit is not lost.
  const stream = pretty({ colorize: process.stdout.isTTY === true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino({ level: opts.level }, stream);
}

/** For tests and library use: logs nothing. */
export const silentLogger: Logger = pino({ level: 'silent' });
