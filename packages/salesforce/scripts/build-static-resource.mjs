#!/usr/bin/env node
// Builds force-app/main/default/staticresources/leadloop.js from the built elements and adapters
// (run `tsc -b` first): one IIFE, minified, no eval, no "use strict" (LWS advises against it in
// loaded scripts), under the 5 MB static resource limit. `node build-static-resource.mjs FILE`
// writes elsewhere; the Salesforce tests build to a scratch file and compare.
import { build } from 'esbuild';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The static resource in the sfdx project: built, never edited, not committed (see .gitignore). */
export const STATIC_RESOURCE = join(import.meta.dirname, '..', 'force-app', 'main', 'default', 'staticresources', 'leadloop.js');

/** Builds the static resource into `out`; resolves with its size in bytes. */
export async function buildStaticResource(out = STATIC_RESOURCE) {
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
  return size;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const size = await buildStaticResource(process.argv[2]);
  console.log(`leadloop.js: ${(size / 1024).toFixed(1)} KB`);
}
