#!/usr/bin/env node
// Builds force-app/main/default/staticresources/leadloop.js from the built elements and adapters
// (run `tsc -b` first): one IIFE, minified, no eval, no "use strict" (LWS advises against it in
// loaded scripts), under the 5 MB static resource limit.
import { build } from 'esbuild';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'force-app', 'main', 'default', 'staticresources', 'leadloop.js');

await build({
  entryPoints: [join(import.meta.dirname, 'static-resource-entry.js')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  outfile: out,
  logLevel: 'warning',
});
const code = readFileSync(out, 'utf8').replace(/^"use strict";/, '');
for (const banned of [/\beval\(/, /new Function\(/]) {
  if (banned.test(code)) throw new Error(`leadloop.js contains ${banned}: Lightning Web Security and the org CSP forbid it`);
}
writeFileSync(out, code);
const size = statSync(out).size;
if (size > 5 * 1024 * 1024) throw new Error(`leadloop.js is ${size} bytes: static resources are limited to 5 MB`);
console.log(`leadloop.js: ${(size / 1024).toFixed(1)} KB`);
