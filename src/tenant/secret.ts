import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ComplaintdeskError, ErrorCodes } from '../core/errors.js';

/**
 * The embedded default's secret: generated once under the data directory (mode 600). Production
 * config must supply `secret` from the environment instead (checked at config load).
 */
export function loadOrCreateSecret(file: string): string {
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    // An empty or short file (a crash between create and write, a hand edit) would make every
    // signature forgeable; refuse it like a short `secret` in config.
    if (secret.length < 32) {
      throw new ComplaintdeskError(
        ErrorCodes.SECRET_MISSING,
        `${file} holds no usable secret (fewer than 32 characters): delete it to have a new one generated`,
      );
    }
    return secret;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
