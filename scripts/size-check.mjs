#!/usr/bin/env node
// The size budget: each element entry with Lit, core and its share of zod/mini ≤ 15 KB min+gzip;
// all elements + the REST adapter + the outbox ≤ 35 KB. Bundled by esbuild, minified, gzip -9.
// Code loaded on demand (the German strings) is left out: a page that never asks for it never
// downloads it. Run by `npm test` (fails over budget) and `npm run bench` (prints the table).
import { build } from 'esbuild';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
export const ELEMENT_BUDGET = 15 * 1024;
export const ALL_BUDGET = 35 * 1024;

/** Leaves code loaded on demand (`import()`) out of the bundle, as a browser would not fetch it up front. */
const onDemandExternal = {
  name: 'on-demand-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

/** min+gzip bytes of one entry and everything it imports statically, as one bundle. */
async function measure(name, contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true, minify: true, format: 'esm', write: false, platform: 'browser', target: 'es2022',
    logLevel: 'silent', legalComments: 'none', plugins: [onDemandExternal],
  });
  return { name, bytes: gzipSync(result.outputFiles[0].contents, { level: 9 }).length };
}

export async function measureSizes() {
  const entriesDir = join(root, 'packages/elements/dist/entries');
  const entries = existsSync(entriesDir) ? readdirSync(entriesDir).filter((f) => f.endsWith('.js')).sort() : [];
  const rows = [];
  for (const file of entries) {
    const rows_ = await measure(file.replace(/\.js$/, ''), `import './${relative(root, join(entriesDir, file))}';`);
    rows.push({ ...rows_, budget: ELEMENT_BUDGET });
  }
  const adapters = ['rest-adapter.js', 'outbox.js'].map((f) => join(root, 'packages/adapters/dist', f)).filter(existsSync);
  const all = [`import './packages/elements/dist/index.js';`, ...adapters.map((f) => `export * from './${relative(root, f)}';`)].join('\n');
  rows.push({ ...(await measure(`all elements${adapters.length ? ' + ' + adapters.map((f) => f.split('/').pop().replace('.js', '')).join(' + ') : ''}`, all)), budget: ALL_BUDGET });
  return rows;
}

export function sizeTable(rows) {
  const kb = (b) => (b / 1024).toFixed(1);
  const lines = ['| bundle (min+gzip) | KB | budget KB | |', '|---|---:|---:|---|'];
  for (const r of rows) lines.push(`| ${r.name} | ${kb(r.bytes)} | ${kb(r.budget)} | ${r.bytes <= r.budget ? 'ok' : 'OVER'} |`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await measureSizes();
  console.log(sizeTable(rows));
  const failed = rows.filter((r) => r.bytes > r.budget);
  for (const r of failed) console.error(`✗ ${r.name} is ${(r.bytes / 1024).toFixed(1)} KB, over its ${(r.budget / 1024).toFixed(0)} KB budget`);
  if (process.env.LL_COUNTS) writeFileSync(process.env.LL_COUNTS, JSON.stringify({ passed: rows.length - failed.length, failed: failed.length }));
  process.exit(failed.length ? 1 : 0);
}
