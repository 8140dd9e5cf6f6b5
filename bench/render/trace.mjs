// Where a first render's time goes: loads each render-bench page a few times under Chrome's
// tracing and splits the main thread's time between the bench-start and bench-end marks (the
// "first render" the bench times) into script, style, layout, paint, other work and idle (waiting
// for a frame), in wall time and in the main thread's own CPU time (which other load on the
// machine barely moves), with the heaviest trace events; with LL_TRACE_DETAIL, also JS functions
// by self and total time (V8's sampling profiler) and V8 compile events. Tracing slows everything
// down, compile events most: read shares and differences between pages, not absolute numbers.
//
//   node bench/render/trace.mjs [loads=5] [page ...]     (pages: ll-funnel-chart bare-lit bare-lit-full chartjs-funnel)
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { computeFunnel } from '@leadloop/core';
import { demoData } from './demo-data.mjs';
import { CHROMIUM_ARGS, serve } from './serve.mjs';

const [loadsArg, ...pageArgs] = process.argv.slice(2);
const LOADS = Number(loadsArg ?? 5);
const PAGES = pageArgs.length ? pageArgs : ['ll-funnel-chart', 'bare-lit'];
// LL_TRACE_DETAIL=js adds V8's sampling profiler (JS functions by name); =all also V8's compile
// detail and Blink's own events. Each adds overhead.
const DETAIL = process.env.LL_TRACE_DETAIL ?? '';
const CATEGORIES = [
  'devtools.timeline', 'blink.user_timing', 'v8', 'v8.execute',
  ...(DETAIL ? ['disabled-by-default-v8.cpu_profiler'] : []),
  ...(DETAIL === 'all' ? ['disabled-by-default-devtools.timeline', 'disabled-by-default-v8.compile', 'blink', 'cc'] : []),
];

const BUCKETS = [
  ['compile', /compile|parse(function|script|lazy)|V8\.ScriptCompiler|V8\.CompileLazy|deserialize/i],
  ['gc', /gc|garbage|scavenge|mark[-_ ]?compact/i],
  ['style', /UpdateLayoutTree|RecalcStyle|parseStyleSheet|ParseAuthorStyleSheet|StyleRecalc|StyleEngine|InvalidateStyle|ScheduleStyle/i],
  ['layout', /^Layout$|performLayout|ShapeText|InlineNode|LayoutShift|UpdateLayout|PrePaint|IntersectionObserver|ResizeObserver|ComputeIntersections/i],
  ['paint', /Paint|Layerize|UpdateLayer|Commit|Raster|CompositeLayers|Rasterize/i],
  ['script', /FunctionCall|EvaluateScript|v8\.run|V8\.Execute|RunMicrotasks|TimerFire|FireAnimationFrame|EventDispatch|v8\.callFunction|RunTask|v8/i],
];
const bucketOf = (name) => (BUCKETS.find(([, re]) => re.test(name)) ?? ['other'])[0];

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};

/** Self time (µs) per event name and per bucket inside [t0, t1] on one thread, from nested X/B/E events. */
function selfTimes(events, t0, t1) {
  const spans = [];
  const open = [];
  for (const e of events) {
    if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: e.name, s: e.ts, e: e.ts + e.dur, cpu: e.tdur ?? e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) spans.push({ name: b.name, s: b.ts, e: e.ts, cpu: e.tts !== undefined && b.tts !== undefined ? e.tts - b.tts : e.ts - b.ts });
    }
  }
  // Clip to the window, nest by start (longer first), and give each span its time minus its children's.
  // Thread (CPU) time is prorated where a span straddles an edge of the window.
  const clipped = spans
    .map((x) => ({ ...x, s: Math.max(x.s, t0), e: Math.min(x.e, t1), cpu: x.e > x.s ? (x.cpu * (Math.min(x.e, t1) - Math.max(x.s, t0))) / (x.e - x.s) : 0 }))
    .filter((x) => x.e > x.s)
    .sort((a, b) => a.s - b.s || b.e - a.e);
  const byName = new Map();
  const stack = [];
  let busy = 0;
  let busyCpu = 0;
  for (const x of clipped) {
    while (stack.length && stack[stack.length - 1].e <= x.s) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.self -= Math.min(x.e, parent.e) - x.s;
      parent.selfCpu -= x.cpu;
    } else {
      busy += x.e - x.s;
      busyCpu += x.cpu;
    }
    x.self = x.e - x.s;
    x.selfCpu = x.cpu;
    stack.push(x);
  }
  const cpuByName = new Map();
  for (const x of clipped) {
    byName.set(x.name, (byName.get(x.name) ?? 0) + x.self);
    cpuByName.set(x.name, (cpuByName.get(x.name) ?? 0) + Math.max(0, x.selfCpu));
  }
  const buckets = { compile: 0, script: 0, gc: 0, style: 0, layout: 0, paint: 0, other: 0 };
  const cpu = { ...buckets };
  for (const [name, us] of byName) buckets[bucketOf(name)] += us;
  for (const [name, us] of cpuByName) cpu[bucketOf(name)] += us;
  buckets.idle = t1 - t0 - busy;
  cpu.total = busyCpu;
  return { byName, buckets, cpu };
}

/** JS self time (µs) per function inside [t0, t1], from the trace's ProfileChunk events of one thread. */
function profileSelf(events, tid, t0, t1) {
  const profile = events.find((e) => e.name === 'Profile' && e.tid === tid);
  if (!profile) return { self: new Map(), total: new Map() };
  events = events.filter((e) => e.id === profile.id);
  const nodes = new Map();
  let t = 0;
  const self = new Map();
  const total = new Map();
  let last;
  const name = (n) => {
    const f = n?.callFrame ?? {};
    return `${f.functionName || '(anonymous)'} ${(f.url ?? '').split('/').slice(-2).join('/')}:${f.lineNumber ?? ''}:${f.columnNumber ?? ''}`;
  };
  for (const e of events) {
    if (e.name === 'Profile') t = e.args.data.startTime;
    if (e.name !== 'ProfileChunk') continue;
    const cp = e.args.data.cpuProfile ?? {};
    for (const n of cp.nodes ?? []) nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas ?? [];
    (cp.samples ?? []).forEach((id, i) => {
      t += deltas[i] ?? 0;
      if (last && last.t >= t0 && last.t < t1) {
        const dt = Math.min(t, t1) - last.t;
        const n = nodes.get(last.id);
        self.set(name(n), (self.get(name(n)) ?? 0) + dt);
        // Inclusive: once per function on the sampled stack.
        const seen = new Set();
        for (let p = n; p; p = nodes.get(p.parent)) seen.add(name(p));
        for (const k of seen) total.set(k, (total.get(k) ?? 0) + dt);
      }
      last = { id, t };
    });
  }
  return { self, total };
}

const dir = mkdtempSync(join(tmpdir(), 'leadloop-trace-'));
const report = computeFunnel(demoData().leads, { now: new Date('2026-07-01T00:00:00Z'), sla: { firstTouchWithinMs: 300_000 } });
writeFileSync(join(dir, 'report.js'), `window.REPORT = ${JSON.stringify(report)};`);
const html = readFileSync(join(import.meta.dirname, 'page.html'), 'utf8');
for (const id of PAGES) {
  await build({
    entryPoints: [join(import.meta.dirname, 'pages', `${id}.mjs`)],
    // LL_TRACE_MINIFY=0 keeps the functions' names readable (at some cost in compile time).
    bundle: true, minify: process.env.LL_TRACE_MINIFY !== '0', format: 'esm', splitting: true, platform: 'browser', target: 'es2022', legalComments: 'none',
    outdir: join(dir, id), entryNames: 'page', logLevel: 'warning',
  });
  writeFileSync(join(dir, `${id}.html`), html.replace('PAGE', `${id}/page`));
}

const server = await serve(dir);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const results = Object.fromEntries(PAGES.map((id) => [id, { windows: [], buckets: [], cpu: [], names: new Map(), fns: new Map(), totals: new Map() }]));
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  for (let i = 0; i < LOADS; i++) {
    for (const id of PAGES) {
      const tab = await context.newPage();
      await browser.startTracing(tab, { categories: CATEGORIES });
      await tab.goto(`${server.url}/${id}.html`);
      await tab.evaluate(() => globalThis.firstPaint);
      const trace = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
      await tab.close();
      const mark = (name) => trace.find((e) => e.name === name && e.cat.includes('user_timing'));
      const start = mark('bench-start');
      const end = mark('bench-end');
      if (!start || !end) throw new Error(`${id}: no bench marks in the trace`);
      const main = trace.filter((e) => e.pid === start.pid && e.tid === start.tid);
      const r = results[id];
      const { byName, buckets, cpu } = selfTimes(main, start.ts, end.ts);
      r.windows.push((end.ts - start.ts) / 1000);
      r.buckets.push(buckets);
      r.cpu.push(cpu);
      for (const [n, us] of byName) r.names.set(n, (r.names.get(n) ?? 0) + us / LOADS);
      const profiled = trace.filter((e) => e.pid === start.pid && (e.name === 'Profile' || e.name === 'ProfileChunk'));
      // The profiler's samples come on their own thread; its chunks name the sampled (main) thread by tid in `id`, so take the pid's.
      const { self, total } = profileSelf(profiled, start.tid, start.ts, end.ts);
      for (const [n, us] of self) r.fns.set(n, (r.fns.get(n) ?? 0) + us / LOADS);
      for (const [n, us] of total) r.totals.set(n, (r.totals.get(n) ?? 0) + us / LOADS);
    }
  }
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

const ms = (us) => (us / 1000).toFixed(1);
for (const id of PAGES) {
  const r = results[id];
  console.log(`\n## ${id}: first render under tracing, median ${median(r.windows).toFixed(1)} ms (${r.windows.map((w) => w.toFixed(0)).join(', ')})`);
  const keys = Object.keys(r.buckets[0]);
  console.log('  wall:', keys.map((k) => `${k} ${ms(median(r.buckets.map((b) => b[k])))}`).join(' | '), '(medians, ms)');
  // Thread time is what the main thread itself spent, whatever else the machine was doing.
  console.log('  main-thread CPU:', Object.keys(r.cpu[0]).map((k) => `${k} ${ms(median(r.cpu.map((b) => b[k])))}`).join(' | '), '(medians, ms)');
  console.log('  heaviest trace events by self time (mean ms):');
  for (const [n, us] of [...r.names].sort((a, b) => b[1] - a[1]).slice(0, DETAIL === "all" ? 60 : 22)) console.log(`    ${ms(us).padStart(6)}  ${n}  [${bucketOf(n)}]`);
  console.log('  heaviest JS by self time (sampled, mean ms):');
  for (const [n, us] of [...r.fns].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${ms(us).padStart(6)}  ${n}`);
  if (!DETAIL) continue;
  console.log('  heaviest JS by total time (sampled, mean ms):');
  for (const [n, us] of [...r.totals].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`    ${ms(us).padStart(6)}  ${n}`);
}
