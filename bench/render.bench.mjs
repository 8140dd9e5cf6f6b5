// First render of the same 6-stage funnel in Chromium: ll-funnel-chart, a bare hand-written Lit
// SVG funnel, and Chart.js + chartjs-chart-funnel, each bundled by esbuild (minified) and loaded
// in a fresh page. Four figures per page, medians over many page loads and renders:
//   first render — the first chart on a page whose code has just run: creation to the first
//                  painted frame that shows its bars;
//   complete     — the same chart, creation to the frame after all its work (ll-funnel-chart
//                  draws its visually hidden screen-reader table after the first frame);
//   first paint  — navigation start to the painted funnel (loading and running the bundle too);
//   re-render    — one more new chart on the same page (templates and styles already prepared).
// pages/measure.mjs says how "painted" is told apart, the same way on every page.
// Budget (DESIGN.md): ll-funnel-chart's first render within 1.3× of the bare Lit funnel.
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { computeFunnel } from '@leadloop/core';
import { demoData } from './render/demo-data.mjs';
import { CHROMIUM_ARGS, serve } from './render/serve.mjs';

const LOADS = Number(process.env.LL_BENCH_LOADS ?? 30);
const RENDERS = Number(process.env.LL_BENCH_RENDERS ?? 40);
const BUDGET = 1.3;
const PAGES = [
  { id: 'll-funnel-chart', name: 'll-funnel-chart' },
  { id: 'bare-lit', name: 'bare Lit SVG funnel' },
  { id: 'chartjs-funnel', name: 'Chart.js + chartjs-chart-funnel' },
];

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'leadloop-render-'));
const report = computeFunnel(demoData().leads, { now: new Date('2026-07-01T00:00:00Z'), sla: { firstTouchWithinMs: 300_000 } });
writeFileSync(join(dir, 'report.js'), `window.REPORT = ${JSON.stringify(report)};`);
const html = readFileSync(join(import.meta.dirname, 'render', 'page.html'), 'utf8');
for (const page of PAGES) {
  await build({
    entryPoints: [join(import.meta.dirname, 'render', 'pages', `${page.id}.mjs`)],
    // Split as a site would ship it: code loaded on demand (computeFunnel for raw leads) stays out.
    bundle: true, minify: true, format: 'esm', splitting: true, platform: 'browser', target: 'es2022', legalComments: 'none',
    outdir: join(dir, page.id), entryNames: 'page', metafile: true, logLevel: 'warning',
  }).then((result) => {
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint);
    const statics = new Set([entry]);
    for (const f of statics) for (const i of outputs[f].imports) if (i.kind === 'import-statement') statics.add(i.path);
    page.bytes = [...statics].reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  });
  writeFileSync(join(dir, `${page.id}.html`), html.replace('PAGE', `${page.id}/page`));
  page.firstRender = [];
  page.complete = [];
  page.firstPaint = [];
  page.render = [];
}

const server = await serve(dir);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  // Interleaved, so drift in the machine's load falls on every page alike.
  for (let i = 0; i < LOADS; i++) {
    for (const page of PAGES) {
      const tab = await context.newPage();
      tab.on('pageerror', (e) => console.error(`${page.id}: ${e.message}`));
      await tab.goto(`${server.url}/${page.id}.html`);
      const first = await tab.evaluate(() => globalThis.firstPaint);
      page.firstPaint.push(first.fromNavigation);
      page.firstRender.push(first.fromScript);
      page.complete.push(first.complete);
      if (i < 2) for (let r = 0; r < RENDERS; r++) page.render.push(await tab.evaluate(() => globalThis.benchRender()));
      await tab.close();
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

const bare = PAGES.find((p) => p.id === 'bare-lit');
const ms = (v) => v.toFixed(1);
const lines = [
  `\n### Render: the same 6-stage funnel in Chromium (${LOADS} page loads each, ${2 * RENDERS} renders; medians)\n`,
  '| page | first render ms | × bare | complete ms | × bare | first paint ms | × bare | re-render ms | × bare | bundle KB min+gzip | budget |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
];
let over = false;
for (const page of PAGES) {
  page.fr = median(page.firstRender);
  page.c = median(page.complete);
  page.fp = median(page.firstPaint);
  page.r = median(page.render);
}
for (const page of PAGES) {
  const frRatio = page.fr / bare.fr;
  const fpRatio = page.fp / bare.fp;
  const rRatio = page.r / bare.r;
  let budget = '';
  if (page.id === 'll-funnel-chart') {
    const ok = frRatio <= BUDGET;
    over = !ok;
    budget = `first render ≤ ${BUDGET}× bare: ${ok ? 'ok' : 'OVER'}`;
  }
  lines.push(`| ${page.name} | ${ms(page.fr)} | ${frRatio.toFixed(2)} | ${ms(page.c)} | ${(page.c / bare.c).toFixed(2)} | ${ms(page.fp)} | ${fpRatio.toFixed(2)} | ${ms(page.r)} | ${rRatio.toFixed(2)} | ${(page.bytes / 1024).toFixed(1)} | ${budget} |`);
}
lines.push('', 'first render: the first chart on a page whose code has run → first painted frame with its bars. complete: the same, to the frame after all its work (ll-funnel-chart: the screen-reader table it draws after that frame). first paint: navigation start → painted funnel, bundle included. re-render: another new chart on the same page.');
console.log(lines.join('\n'));
process.exitCode = over ? 1 : 0;
