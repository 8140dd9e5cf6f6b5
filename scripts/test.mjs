#!/usr/bin/env node
// `npm test`: type-check and build (tsc -b), Node tests (node --test), element tests in Chromium
// (web-test-runner), then the size budget; ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { rerunOnNode22 } from './node22.mjs';

rerunOnNode22(import.meta.url);

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const scratch = mkdtempSync(join(tmpdir(), 'leadloop-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const STEPS = ['tsc', 'node', 'browser', 'size', 'salesforce'];
const only = process.argv.slice(2); // e.g. `npm test -- node` runs one step
const unknown = only.filter((step) => !STEPS.includes(step));
if (unknown.length > 0) {
  // A mistyped step would otherwise run nothing and look like a pass.
  console.error(`unknown step ${unknown.join(', ')}: the steps are ${STEPS.join(', ')}`);
  process.exit(2);
}

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function findFiles(dir, test, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findFiles(path, test, found);
    else if (test(path)) found.push(path);
  }
  return found;
}

function addCounts(file, step) {
  if (!existsSync(file)) {
    console.error(`✗ ${step} reported no results`);
    totals.failed++;
    return;
  }
  const counts = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
}

const wanted = (step) => only.length === 0 || only.includes(step);

if (wanted('tsc') || only.length === 0) {
  if (!run('tsc -b (type-check and build)', bin('tsc'), ['-b'])) {
    totals.failed++;
    console.error('✗ the type-check failed: fix it first, tests would run stale output');
    console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
    process.exit(1);
  }
}

if (wanted('node')) {
  const files = [...findFiles(join(root, 'packages'), (p) => /[\\/]dist-test[\\/].*\.test\.js$/.test(p)), ...findFiles(join(root, 'test'), (p) => /[\\/]dist-test[\\/].*\.test\.js$/.test(p))];
  const tap = join(scratch, 'node.tap');
  run(`node --test (${files.length} files)`, process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files.map((f) => relative(root, f)),
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const read = (key) => Number(text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  if (!text) totals.failed++;
  totals.passed += read('pass');
  totals.failed += read('fail') + read('cancelled');
  totals.skipped += read('skipped') + read('todo');
}

if (wanted('browser')) {
  const counts = join(scratch, 'wtr.json');
  run('web-test-runner (Chromium)', bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], { LL_WTR_COUNTS: counts });
  addCounts(counts, 'web-test-runner');
}

if (wanted('size') && existsSync(join(root, 'scripts', 'size-check.mjs'))) {
  const counts = join(scratch, 'size.json');
  run('size budget', process.execPath, [join(root, 'scripts', 'size-check.mjs')], { LL_COUNTS: counts });
  addCounts(counts, 'size budget');
}

if (wanted('salesforce') && existsSync(join(root, 'packages', 'salesforce', 'scripts', 'test.mjs'))) {
  // The sfdx package: LWC hosts in Jest through the real LWC compiler, and offline metadata validation.
  const counts = join(scratch, 'salesforce.json');
  run('Salesforce package (sfdx-lwc-jest, source-deploy-retrieve)', process.execPath, [join(root, 'packages', 'salesforce', 'scripts', 'test.mjs')], { LL_COUNTS: counts });
  addCounts(counts, 'Salesforce package');
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
