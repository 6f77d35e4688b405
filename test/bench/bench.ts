// Entry point of `npm run bench` (see run.ts). tsc emits the sources the bench imports under
// dist-bench/src/, so PACKAGE_ROOT (two levels above src/config/load.js) is dist-bench/ when they
// run from there: the shipped config/ and templates/ are linked into it before any project
// module is loaded. (A module resolve hook could send those imports to dist/ instead, but its
// loader thread would add ~20 MB to the RSS being measured.)
import { lstatSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT_DIR = new URL('../../', import.meta.url);

for (const dir of ['config', 'templates']) {
  const link = fileURLToPath(new URL(dir, OUT_DIR));
  try {
    lstatSync(link);
  } catch {
    symlinkSync(`../${dir}`, link, 'dir');
  }
}

await import('./run.js');
