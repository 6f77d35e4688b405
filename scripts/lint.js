#!/usr/bin/env node
// `npm run lint`: formatting (Prettier), ESLint, then import cycles between files and folders
// of src/. Runs all three even when one fails, so one run lists everything to fix; exits
// non-zero if any failed. Each step is also a script of its own (npm run lint:format, ...).
import { spawnSync } from 'node:child_process';

const STEPS = ['lint:format', 'lint:eslint', 'lint:cycles'];
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

const failed = [];
for (const step of STEPS) {
  const started = Date.now();
  const run = spawnSync(npm[0], [...npm.slice(1), 'run', '--silent', step], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  process.stderr.write(`lint: ${step} ${ok ? 'passed' : 'FAILED'} (${seconds} s)\n`);
  if (!ok) failed.push(step);
}
if (failed.length > 0) {
  process.stderr.write(`lint: FAILED: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
