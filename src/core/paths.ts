import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root: two levels above this module, in src/core/ and in dist/core/ alike. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
