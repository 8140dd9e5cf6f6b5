#!/usr/bin/env node
// Load bench of the server (autocannon over loopback): feedback writes and funnel reads, on the
// embedded PGlite store and on PostgreSQL (DATABASE_URL, or the local cluster .ci/run sets up).
// The server runs in a child process, so the load generator does not share its event loop.
// Goal (DESIGN.md/issue 5): ≥ 1,000 feedback writes/s on PostgreSQL with p99 ≤ 50 ms.
//
//   node bench/load.bench.mjs [--duration 5] [--connections 16] [--leads 10000] [--only pglite|postgres]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    leads: { type: 'string', default: '10000' },
    only: { type: 'string' },
    'serve-child': { type: 'string' },
  },
});

const GOAL_WRITES_PER_S = 1000;
const GOAL_P99_MS = 50;

// ── Child: open the store, seed it, serve it, report the URL; stop when told. ──────────────────
if (args['serve-child']) {
  const { SqlStore, openPglite, openPostgres, createApp, startServer, seedStore, ensureDefinition } = await import('@leadloop/server');
  const spec = JSON.parse(args['serve-child']);
  const db = spec.kind === 'pglite' ? await openPglite(spec.dir) : await openPostgres({ connectionString: spec.url, schema: spec.schema, max: 16 });
  const store = await SqlStore.open(db);
  await store.reset();
  await ensureDefinition(store);
  await seedStore(store, { leads: Number(args.leads), seed: 7, idPrefix: 'B-' });
  const token = 'bench-rep-token-0123456789abcdef';
  const app = createApp({ store, tokens: [{ token, role: 'admin', user: 'bench@example.com' }], onError: (e) => console.error(e) });
  const server = await startServer({ fetch: app.fetch, port: 0 });
  process.send({ url: server.url, token });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.close();
    await store.close();
    process.exit(0);
  });
  await new Promise(() => {});
}

// ── Parent: run the scenarios against each store. ─────────────────────────────────────────────
const { default: autocannon } = await import('autocannon');

async function serve(spec) {
  const child = fork(new URL(import.meta.url).pathname, ['--serve-child', JSON.stringify(spec), '--leads', args.leads], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the server child exited with ${code}`)));
  });
  return {
    ...ready,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.send('stop');
    }),
  };
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: Number(args.connections), duration: Number(args.duration), ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const leadCount = Number(args.leads);
const width = Math.max(6, String(leadCount).length);
let sequence = 0;
const runId = Date.now().toString(36);
const outcomes = ['attempted', 'reached', 'attempted', 'accepted'];

async function scenarios(name, target) {
  const auth = { Authorization: `Bearer ${target.token}` };
  const writes = () => run({
    url: target.url,
    requests: [{
      method: 'POST',
      setupRequest: (request) => {
        // A different lead and a fresh Idempotency-Key each time: real feedback, not replays.
        const n = ++sequence;
        const lead = `B-${String(1 + ((n * 7919) % leadCount)).padStart(width, '0')}`;
        return {
          ...request,
          path: `/api/v1/leads/${lead}/feedback`,
          headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${runId}-${n}` },
          body: JSON.stringify({ outcome: outcomes[n % outcomes.length], note: 'load bench' }),
        };
      },
    }],
  });
  const reads = () => run({ url: `${target.url}/api/v1/funnel`, headers: auth });
  // Every request a different date range: nothing to share, each one a full aggregate in SQL.
  let day = 0;
  const uncachedReads = () => run({
    url: target.url,
    requests: [{
      method: 'GET',
      setupRequest: (request) => {
        const from = new Date(Date.UTC(2025, 0, 1) + (day++ % 3000) * 3_600_000).toISOString();
        return { ...request, path: `/api/v1/funnel?from=${encodeURIComponent(from)}`, headers: auth };
      },
    }],
  });

  await run({ url: `${target.url}/api/v1/funnel`, headers: auth, duration: 1 }); // warm up (JIT, pool, caches)
  const health = () => run({ url: `${target.url}/api/v1/health` });
  const rows = [];
  for (const [scenario, fn] of [['baseline: GET /health (no store work)', health], ['feedback writes (POST /leads/{id}/feedback)', writes], ['funnel reads (GET /funnel, identical requests share a query)', reads], ['funnel reads, each a different range (all SQL)', uncachedReads]]) {
    const r = await fn();
    const ok = r['2xx'];
    const bad = r.non2xx + r.errors + r.timeouts;
    rows.push({ store: name, scenario, rps: ok / (r.duration || Number(args.duration)), p50: r.latency.p50, p99: r.latency.p99, bad, writes: scenario.startsWith('feedback') });
  }
  return rows;
}

const targets = [];
if (!args.only || args.only === 'pglite') targets.push({ name: 'PGlite (embedded)', spec: () => ({ kind: 'pglite', dir: mkdtempSync(join(tmpdir(), 'leadloop-bench-')) }) });
const url = process.env.DATABASE_URL ?? 'postgres://postgres:leadloop@127.0.0.1:5432/leadloop_test';
if (!args.only || args.only === 'postgres') targets.push({ name: 'PostgreSQL 15 (loopback)', spec: () => ({ kind: 'postgres', url, schema: `ll_bench_${process.pid}` }) });

const results = [];
const skipped = [];
const loadBefore = loadavg();
for (const target of targets) {
  const spec = target.spec();
  let server;
  try {
    server = await serve(spec);
  } catch (error) {
    skipped.push(`${target.name}: ${error.message}`);
    continue;
  }
  try {
    results.push(...(await scenarios(target.name, server)));
  } finally {
    await server.stop();
    if (spec.dir) rmSync(spec.dir, { recursive: true, force: true });
    if (spec.kind === 'postgres') {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: spec.url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${spec.schema} CASCADE`);
      await client.end();
    }
  }
}

const ok = (cond) => (cond ? 'ok' : 'OVER');
console.log(`\n### Server load (autocannon, ${args.connections} connections, ${args.duration} s each, ${leadCount.toLocaleString('en')} seeded leads, loopback)\n`);
console.log('| store | scenario | req/s | p50 ms | p99 ms | errors | goal |');
console.log('|---|---|---:|---:|---:|---:|---|');
for (const r of results) {
  const onPostgres = r.store.startsWith('PostgreSQL');
  const goal = r.scenario.startsWith('baseline') ? '(how much HTTP this machine serves right now)'
    : r.writes && onPostgres
      ? `≥ ${GOAL_WRITES_PER_S.toLocaleString('en')}/s: ${ok(r.rps >= GOAL_WRITES_PER_S)}; p99 ≤ ${GOAL_P99_MS} ms: ${ok(r.p99 <= GOAL_P99_MS)}`
      : `p99 ≤ ${GOAL_P99_MS} ms: ${ok(r.p99 <= GOAL_P99_MS)}`;
  console.log(`| ${r.store} | ${r.scenario} | ${Math.round(r.rps).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.bad} | ${goal} |`);
}
console.log(`\nLoad average before → after: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs. Server, autocannon and PostgreSQL share them; other work on the machine lowers every figure.`);
for (const s of skipped) console.log(`\nSkipped ${s}`);
if (results.some((r) => r.bad > 0)) {
  console.error('\nSome requests failed: the figures above are not trustworthy.');
  process.exitCode = 1;
}
