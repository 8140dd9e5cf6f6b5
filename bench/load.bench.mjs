#!/usr/bin/env node
// Load bench of the server (autocannon over loopback): feedback writes and funnel reads, on the
// embedded PGlite store and on PostgreSQL (DATABASE_URL, or the local cluster .ci/run sets up).
// The server runs in a child process, so the load generator does not share its event loop; it
// does share the machine's cores with it and with PostgreSQL.
// Goal (issue 5): ≥ 1,000 feedback writes/s on PostgreSQL with p99 ≤ 50 ms.
//
//   node bench/load.bench.mjs [--runs 3] [--duration 5] [--connections 16] [--leads 10000]
//     [--only pglite|postgres] [--scenarios health,writes,reads,ranges] [--write-concurrency N]
//     [--against DIST_DIR]
//
// Every figure is the median of --runs runs. --against runs a second build of the server (a copy
// of an older packages/server/dist) in turns with this one, so both meet the same load on the
// machine: compare them within one bench run, never across runs.
// CPU ms per request (server process, bench client) say where the time goes whatever the load:
// the server's figure covers its own work only; PostgreSQL's is not counted.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    leads: { type: 'string', default: '10000' },
    only: { type: 'string' },
    scenarios: { type: 'string', default: 'health,writes,reads,ranges' },
    'write-concurrency': { type: 'string' },
    against: { type: 'string' },
    'serve-child': { type: 'string' },
  },
});

const GOAL_WRITES_PER_S = 1000;
const GOAL_P99_MS = 50;

// ── Child: open the store, seed it, serve it, report the URL; stop when told. ──────────────────
if (args['serve-child']) {
  const spec = JSON.parse(args['serve-child']);
  // A build of the server by its modules, not its index: an older copy of dist needs nothing else.
  const dist = spec.dist ? pathToFileURL(resolve(spec.dist)).href : new URL('../packages/server/dist', import.meta.url).href;
  const [{ SqlStore }, { openPglite }, { openPostgres }, { createApp }, { startServer }, { seedStore, ensureDefinition }] = await Promise.all(
    ['sql-store.js', 'sql/pglite-database.js', 'sql/postgres-database.js', 'app.js', 'server.js', 'seed.js'].map((m) => import(`${dist}/${m}`)),
  );
  const db = spec.kind === 'pglite' ? await openPglite(spec.dir) : await openPostgres({ connectionString: spec.url, schema: spec.schema, max: 16 });
  const store = await SqlStore.open(db, spec.writeConcurrency ? { writeConcurrency: spec.writeConcurrency } : {});
  await store.reset();
  await ensureDefinition(store);
  await seedStore(store, { leads: Number(args.leads), seed: 7, idPrefix: 'B-' });
  const token = 'bench-rep-token-0123456789abcdef';
  const app = createApp({ store, tokens: [{ token, role: 'admin', user: 'bench@example.com' }], onError: (e) => console.error(e) });
  const server = await startServer({ fetch: app.fetch, port: 0 });
  process.send({ url: server.url, token });
  process.on('message', async (message) => {
    if (message === 'cpu') {
      process.send({ cpu: process.cpuUsage() });
      return;
    }
    if (message !== 'stop') return;
    await server.close();
    await store.close();
    process.exit(0);
  });
  await new Promise(() => {});
}

// ── Parent: run the scenarios against each store and each build, in turns. ───────────────────
const { default: autocannon } = await import('autocannon');

async function serve(spec) {
  const child = fork(new URL(import.meta.url).pathname, ['--serve-child', JSON.stringify(spec), '--leads', args.leads], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the server child exited with ${code}`)));
  });
  return {
    ...ready,
    cpu: () => new Promise((resolve) => {
      const listen = (message) => {
        if (!message?.cpu) return;
        child.off('message', listen);
        resolve(message.cpu);
      };
      child.on('message', listen);
      child.send('cpu');
    }),
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

/** Share of the machine's CPU time left idle between two readings of /proc/stat (Linux), else null. */
function cpuTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

const leadCount = Number(args.leads);
const width = Math.max(6, String(leadCount).length);
let sequence = 0;
const runId = Date.now().toString(36);
const outcomes = ['attempted', 'reached', 'attempted', 'accepted'];

const SCENARIOS = {
  health: 'baseline: GET /health (no store work)',
  writes: 'feedback writes (POST /leads/{id}/feedback)',
  reads: 'funnel reads (GET /funnel, identical requests share a query)',
  ranges: 'funnel reads, each a different range (all SQL)',
};
const wanted = args.scenarios.split(',').map((s) => s.trim());
for (const s of wanted) if (!SCENARIOS[s]) throw new Error(`Unknown scenario ${s}: use ${Object.keys(SCENARIOS).join(', ')}`);

async function scenarios(target) {
  const auth = { Authorization: `Bearer ${target.token}` };
  let day = 0;
  const load = {
    health: () => run({ url: `${target.url}/api/v1/health` }),
    writes: () => run({
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
    }),
    reads: () => run({ url: `${target.url}/api/v1/funnel`, headers: auth }),
    // Every request a different date range: nothing to share, each one a full aggregate in SQL.
    ranges: () => run({
      url: target.url,
      requests: [{
        method: 'GET',
        setupRequest: (request) => {
          const from = new Date(Date.UTC(2025, 0, 1) + (day++ % 3000) * 3_600_000).toISOString();
          return { ...request, path: `/api/v1/funnel?from=${encodeURIComponent(from)}`, headers: auth };
        },
      }],
    }),
  };

  await run({ url: `${target.url}/api/v1/funnel`, headers: auth, duration: 1 }); // warm up (JIT, pool, caches)
  const rows = [];
  for (const scenario of wanted) {
    const [server0, client0, machine0, load0] = [await target.cpu(), process.cpuUsage(), cpuTimes(), loadavg()[0]];
    const r = await load[scenario]();
    const [server1, client] = [await target.cpu(), process.cpuUsage(client0)];
    const machine1 = cpuTimes();
    const ok = r['2xx'];
    const ms = (usage) => (usage.user + usage.system) / 1000;
    rows.push({
      scenario,
      rps: ok / (r.duration || Number(args.duration)),
      p50: r.latency.p50,
      p99: r.latency.p99,
      bad: r.non2xx + r.errors + r.timeouts,
      serverMs: ok ? (ms(server1) - ms(server0)) / ok : NaN,
      clientMs: ok ? ms(client) / ok : NaN,
      idle: machine0 && machine1 ? (machine1.idle - machine0.idle) / (machine1.total - machine0.total) : null,
      load: load0,
    });
  }
  return rows;
}

const stores = [];
if (!args.only || args.only === 'pglite') stores.push({ name: 'PGlite (embedded)', spec: () => ({ kind: 'pglite', dir: mkdtempSync(join(tmpdir(), 'leadloop-bench-')) }) });
const url = process.env.DATABASE_URL ?? 'postgres://postgres:leadloop@127.0.0.1:5432/leadloop_test';
if (!args.only || args.only === 'postgres') stores.push({ name: 'PostgreSQL 15 (loopback)', postgres: true, spec: () => ({ kind: 'postgres', url, schema: `ll_bench_${process.pid}` }) });
const builds = [{ name: 'this build', dist: undefined }];
if (args.against) builds.push({ name: `--against ${args.against}`, dist: args.against });
const runs = Math.max(1, Number(args.runs));
const writeConcurrency = args['write-concurrency'] ? Number(args['write-concurrency']) : undefined;

const results = []; // { store, build, run, ...row }
const skipped = new Set();
const loadBefore = loadavg();
for (let i = 1; i <= runs; i++) {
  for (const store of stores) {
    // Turns alternate which build goes first, so neither always meets the same moment of a run.
    for (const build of i % 2 === 1 ? builds : [...builds].reverse()) {
      if (skipped.has(store.name)) continue;
      const spec = { ...store.spec(), dist: build.dist, writeConcurrency };
      let server;
      try {
        server = await serve(spec);
      } catch (error) {
        skipped.add(store.name);
        console.error(`Skipped ${store.name}: ${error.message}`);
        continue;
      }
      try {
        for (const row of await scenarios(server)) results.push({ store: store.name, postgres: !!store.postgres, build: build.name, run: i, ...row });
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
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ok = (cond) => (cond ? 'ok' : 'OVER');
const fmt = (n, digits = 0) => (Number.isNaN(n) ? '–' : n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const showBuild = builds.length > 1;

console.log(`\n### Server load (autocannon, ${args.connections} connections, ${args.duration} s each, ${leadCount.toLocaleString('en')} seeded leads, loopback; medians of ${runs} run${runs > 1 ? 's' : ''})\n`);
console.log(`| store |${showBuild ? ' build |' : ''} scenario | req/s | p50 ms | p99 ms | errors | CPU ms/req server | CPU ms/req bench client | machine idle | goal |`);
console.log(`|---|${showBuild ? '---|' : ''}---|---:|---:|---:|---:|---:|---:|---:|---|`);
const summary = [];
for (const store of stores) {
  for (const scenario of wanted) {
    for (const build of builds) {
      const rows = results.filter((r) => r.store === store.name && r.build === build.name && r.scenario === scenario);
      if (rows.length === 0) continue;
      const m = {
        rps: median(rows.map((r) => r.rps)), p50: median(rows.map((r) => r.p50)), p99: median(rows.map((r) => r.p99)),
        bad: rows.reduce((n, r) => n + r.bad, 0), serverMs: median(rows.map((r) => r.serverMs)), clientMs: median(rows.map((r) => r.clientMs)),
        idle: median(rows.map((r) => r.idle)),
      };
      const writesOnPostgres = scenario === 'writes' && store.postgres;
      const goal = scenario === 'health' ? '(how much HTTP this machine serves right now)'
        : writesOnPostgres
          ? `≥ ${GOAL_WRITES_PER_S.toLocaleString('en')}/s: ${ok(m.rps >= GOAL_WRITES_PER_S)}; p99 ≤ ${GOAL_P99_MS} ms: ${ok(m.p99 <= GOAL_P99_MS)}`
          : `p99 ≤ ${GOAL_P99_MS} ms: ${ok(m.p99 <= GOAL_P99_MS)}`;
      if (writesOnPostgres) summary.push({ build: build.name, ...m, rows });
      console.log(`| ${store.name} |${showBuild ? ` ${build.name} |` : ''} ${SCENARIOS[scenario]} | ${fmt(m.rps)} | ${fmt(m.p50)} | ${fmt(m.p99)} | ${m.bad} | ${fmt(m.serverMs, 2)} | ${fmt(m.clientMs, 2)} | ${m.idle === null || Number.isNaN(m.idle) ? '–' : `${Math.round(m.idle * 100)}%`} | ${goal} |`);
    }
  }
}

const loads = results.map((r) => r.load);
console.log(`\nLoad average (1 min) at the start of each measurement: ${fmt(Math.min(...loads), 1)}–${fmt(Math.max(...loads), 1)} (before the bench ${loadBefore.map((l) => l.toFixed(1)).join(' ')}) on ${cpus().length} CPUs. Server, bench client and PostgreSQL share them; other work on the machine lowers every figure, and "machine idle" near 0% means the run was short of CPU.`);
for (const s of summary) {
  const each = s.rows.map((r) => `${fmt(r.rps)}/s p99 ${r.p99} ms`).join(', ');
  const met = s.rps >= GOAL_WRITES_PER_S && s.p99 <= GOAL_P99_MS;
  console.log(`\nGoal (issue 5), ${s.build}: feedback writes on PostgreSQL ≥ ${GOAL_WRITES_PER_S.toLocaleString('en')}/s with p99 ≤ ${GOAL_P99_MS} ms — ${met ? 'MET' : 'NOT MET'}: median ${fmt(s.rps)}/s, p99 ${fmt(s.p99)} ms (runs: ${each}).`);
}
if (summary.length === 0 && wanted.includes('writes') && stores.some((s) => s.postgres)) console.log('\nGoal (issue 5): not measured — PostgreSQL was not reachable.');
if (results.some((r) => r.bad > 0)) {
  console.error('\nSome requests failed: the figures above are not trustworthy.');
  process.exitCode = 1;
}
