#!/usr/bin/env node
// `npm run bench`: every bench/*.bench.mjs in turn, each printing its figures next to its budget.
// Timings are medians over many runs; the machine is noisy, so read ratios more than absolutes.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rerunOnNode22 } from './node22.mjs';

rerunOnNode22(import.meta.url);

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();

const build = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let output = `# LeadLoop benchmarks\n\nRun ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${process.platform}/${process.arch}, Node ${process.version}.\n`;
let failed = false;
for (const file of benches) {
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16000', join(root, 'bench', file)], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(result.stdout);
  output += result.stdout;
  if (result.status !== 0) {
    failed = true;
    console.error(`✗ ${file} exited with ${result.status}`);
  }
}
writeFileSync(join(root, 'docs', 'bench-latest.md'), output);
console.log('\nWritten to docs/bench-latest.md');
process.exit(failed ? 1 : 0);
