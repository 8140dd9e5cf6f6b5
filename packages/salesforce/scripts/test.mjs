#!/usr/bin/env node
// The Salesforce package's tests: the LWC hosts' Jest tests (sfdx-lwc-jest: the real LWC
// compiler), the offline metadata validation (node --test with source-deploy-retrieve), and the
// static resource: current with the built elements and adapters, and working in Chromium. A
// missing static resource is built first; an existing one is never rebuilt here, so a stale one
// fails rather than being papered over. Prints "N passed, N failed" and writes {passed, failed} to $LL_COUNTS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATIC_RESOURCE } from './build-static-resource.mjs';

const project = join(import.meta.dirname, '..');
const repo = join(project, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'leadloop-sf-test-'));
const counts = { passed: 0, failed: 0 };
const run = (command, args) => spawnSync(command, args, { cwd: project, stdio: 'inherit', env: process.env }).status === 0;

if (!existsSync(STATIC_RESOURCE) && !run(process.execPath, [join(project, 'scripts', 'build-static-resource.mjs')])) counts.failed++;

const jestJson = join(scratch, 'jest.json');
run(process.execPath, [join(repo, 'node_modules', '@salesforce', 'sfdx-lwc-jest', 'bin', 'sfdx-lwc-jest'), '--', '--json', `--outputFile=${jestJson}`]);
if (existsSync(jestJson)) {
  const result = JSON.parse(readFileSync(jestJson, 'utf8'));
  counts.passed += result.numPassedTests;
  counts.failed += result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0);
} else counts.failed++;

const tap = join(scratch, 'metadata.tap');
run(process.execPath, ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, join(project, 'test', 'metadata.test.mjs'), join(project, 'test', 'metadata-rules.test.mjs'), join(project, 'test', 'static-resource.test.mjs')]);
const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const read = (key) => Number(text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
if (!text) counts.failed++;
counts.passed += read('pass');
counts.failed += read('fail') + read('cancelled');

if (process.env.LL_COUNTS) writeFileSync(process.env.LL_COUNTS, JSON.stringify(counts));
console.log(`\nSalesforce package: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed > 0 ? 1 : 0);
