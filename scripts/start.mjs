#!/usr/bin/env node
// `npm start`: the whole loop on one URL. Builds the packages (tsc -b) and the example pages (Vite),
// opens an embedded PGlite store (seeded on first run), generates a token per role, and serves the
// REST API and the pages from one Hono server.
//
//   npm start -- [--port 8787] [--store pglite:.leadloop/demo | memory | postgres://…] [--leads 5000] [--fresh] [--rebuild]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { rerunOnNode22 } from './node22.mjs';

rerunOnNode22(import.meta.url);

const root = join(import.meta.dirname, '..');
const examples = join(root, 'examples');
const cache = join(root, '.cache', 'demo');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    store: { type: 'string', default: 'pglite:.leadloop/demo' },
    leads: { type: 'string', default: '5000' },
    fresh: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`Usage: npm start -- [options]

  --port N        port (default 8787, or $PORT; a busy default falls back to a free port)
  --host HOST     address to listen on (default 127.0.0.1)
  --store SPEC    pglite:DIR (default pglite:.leadloop/demo), memory, or postgres://…
  --leads N       leads to seed into an empty store (default 5000)
  --fresh         delete the demo data and seed again
  --rebuild       build the example pages even if nothing changed
  --no-build      skip tsc -b (the packages are already built, as in npm test)
  --quiet         print only the URL line`);
  process.exit(0);
}
const log = (...line) => args.quiet || console.log(...line);

// 1. The packages: the pages import their compiled output.
if (!args['no-build']) {
  log('Building the packages (tsc -b)…');
  const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) {
    // tsc still writes its output when types are wrong; the demo can run on it, but say so loudly.
    const core = ['core', 'elements', 'adapters', 'server'].every((p) => existsSync(join(root, 'packages', p, 'dist', 'index.js')));
    if (!core) {
      console.error('The TypeScript build failed and left no output to run; fix the errors above first.');
      process.exit(1);
    }
    console.error('\n⚠ The TypeScript build reported errors (above); starting the demo on what it built.\n');
  }
}

// 2. The pages, with Vite: only when examples/ or a package's output changed since the last build.
function newestChange(dirs) {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}
const inputs = [examples, ...['core', 'elements', 'adapters'].map((p) => join(root, 'packages', p, 'dist'))];
const stampFile = join(cache, 'stamp.json');
const stamp = String(newestChange(inputs));
const built = existsSync(stampFile) && JSON.parse(readFileSync(stampFile, 'utf8')).stamp === stamp;
if (args.rebuild || !built) {
  log('Building the example pages (Vite)…');
  const { build } = await import('vite');
  const common = { configFile: false, root: examples, logLevel: 'warn', publicDir: false };
  await build({
    ...common,
    build: {
      outDir: join(cache, 'site'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 1000,
      rolldownOptions: {
        input: Object.fromEntries(['index', 'crm-record', 'portal', 'react'].map((page) => [page, join(examples, `${page}.html`)])),
      },
    },
  });
  // The plain-HTML page loads one file with every element and the REST adapter, as a CDN would serve it.
  await build({
    ...common,
    build: {
      outDir: join(cache, 'lib'),
      emptyOutDir: true,
      minify: true,
      lib: { entry: join(examples, 'lib', 'leadloop.js'), formats: ['es'], fileName: () => 'leadloop.js' },
    },
  });
  mkdirSync(cache, { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ stamp }));
}

// 3. The store, seeded on first run.
const { createApp, ensureDefinition, generateTokens, openStore, seedStore, describeStore, startServer, API_BASE } = await import('@leadloop/server');
const { Hono } = await import('hono');
const { serveStatic } = await import('@hono/node-server/serve-static');

const users = { rep: 'ana.ruiz@acme.example', marketing: 'mia.jensen@acme.example', admin: 'admin@acme.example' };
const store = await openStore(args.store);
if (args.fresh) await store.reset();
await ensureDefinition(store);
if ((await store.countLeads()) === 0) {
  const leads = Number(args.leads);
  log(`Seeding ${leads} leads…`);
  const counts = await seedStore(store, { leads, seed: 42 });
  log(`Seeded ${counts.leads} leads and ${counts.feedback} pieces of feedback.`);
  // The lead definition as both leaders agreed it: the reps' checklists give a binding verdict
  // from the start. Save a new version in the portal to walk through the sign-off.
  const { version, approvals } = await store.getDefinition();
  if (!approvals.some((a) => a.role === 'marketing' && a.version === version)) await store.approveDefinition({ role: 'marketing', version, by: users.marketing });
  if (!approvals.some((a) => a.role === 'sales' && a.version === version)) await store.approveDefinition({ role: 'sales', version, by: users.admin });
}

const tokens = generateTokens(users);
const token = (role) => tokens.find((t) => t.role === role).token;

/**
 * Leads to open on the CRM page: a fresh hand-off with the SLA counting down, one past its SLA, one
 * sales accepted, one being qualified. A showcase lead nobody has touched gets fresh times each start.
 */
const MINUTE = 60_000;
const now = Date.now();
const iso = (ms) => new Date(ms).toISOString();
const showcase = [
  { id: 'DEMO-1', name: 'Priya Shah', company: 'Northwind Traders', email: 'priya.shah@northwind.example', source: 'Organic Search', campaign: 'Demo Request Form', owner: 'Ana Ruiz', createdAt: iso(now - 3 * 60 * MINUTE), stage: 'mql', handedOffAt: iso(now - 2 * MINUTE) },
  { id: 'DEMO-2', name: 'Tom Becker', company: 'Globex', email: 'tom.becker@globex.example', source: 'Organic Search', campaign: 'Demo Request Form', owner: 'Ana Ruiz', createdAt: iso(now - 26 * 60 * MINUTE), stage: 'mql', handedOffAt: iso(now - 3 * 60 * MINUTE) },
  { id: 'DEMO-3', name: 'Lena Novak', company: 'Initech', email: 'lena.novak@initech.example', source: 'Partner Referral', campaign: 'Partner Program', owner: 'Ana Ruiz', createdAt: iso(now - 5 * 24 * 60 * MINUTE), stage: 'mql', handedOffAt: iso(now - 4 * 24 * 60 * MINUTE), script: [['attempted', 4 * 24 * 60 - 3], ['accepted', 4 * 24 * 60 - 60]] },
  { id: 'DEMO-4', name: 'Kenji Tanaka', company: 'Tyrell Robotics', email: 'kenji.tanaka@tyrell.example', source: 'Trade Show', campaign: 'Dreamforce Booth', owner: 'Ana Ruiz', createdAt: iso(now - 9 * 24 * 60 * MINUTE), stage: 'mql', handedOffAt: iso(now - 8 * 24 * 60 * MINUTE), script: [['accepted', 8 * 24 * 60 - 4], ['qualified', 2 * 24 * 60]], checklist: { stage: 'sql', answers: { authority: true, need: true } } },
];
for (const { script, checklist, ...lead } of showcase) {
  let existing;
  try {
    existing = await store.getLead(lead.id);
  } catch {
    existing = undefined;
  }
  if (existing && existing.feedback.length > 0) continue;
  await store.putLeads([lead]);
  for (const [i, [outcome, minutesAgo]] of (script ?? []).entries()) {
    await store.submitFeedback({ leadId: lead.id, outcome, at: iso(now - minutesAgo * MINUTE), ...(outcome === 'accepted' ? { rating: 4 } : {}) }, { idempotencyKey: `showcase-${lead.id}-${i}`, by: users.rep });
  }
  if (checklist) await store.saveChecklist(lead.id, checklist, users.rep);
}

const sources = (await store.getFeedbackSummary({ groupBy: 'source' })).groups.map((g) => g.key).filter((k) => k !== null);

/**
 * DEMO-1 is the fresh hand-off, but the SLA is five minutes: while nobody has touched it, each
 * new visit finds it handed off two minutes ago again, so the countdown is there to see.
 */
async function freshenHandoff() {
  const lead = await store.getLead('DEMO-1').catch(() => undefined);
  if (!lead || lead.feedback.length > 0 || lead.exit || Date.parse(lead.handedOffAt) > Date.now() - 3 * MINUTE) return;
  const at = Date.now();
  await store.putLeads([{ ...showcase[0], createdAt: iso(at - 3 * 60 * MINUTE), handedOffAt: iso(at - 2 * MINUTE) }]);
}

// 4. One server: the API, the demo session, the built pages, and the plain-HTML page as written.
const site = new Hono();
/**
 * The pages' guard rails. A Host that is a DNS name other than the one we listen on is refused:
 * otherwise a page on a rebound name (evil.example resolving to 127.0.0.1) is "same origin" and
 * reads the tokens in /demo/session.json. Dotfiles are never served. Pages get a CSP that lets
 * them load only this server's scripts (the plain-HTML page's one inline script by its hash).
 */
const inlineScripts = [...readFileSync(join(examples, 'plain-html', 'index.html'), 'utf8').matchAll(/<script type="module">([\s\S]*?)<\/script>/g)]
  .map(([, code]) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
const csp = ["default-src 'self'", `script-src 'self' ${inlineScripts.join(' ')}`, "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');
site.use('*', async (c, next) => {
  const hostname = new URL(`http://${c.req.header('host') ?? ''}`).hostname.replace(/^\[|\]$/g, '');
  if (!(isIP(hostname) || hostname === 'localhost' || hostname === args.host)) return c.text(`Host ${hostname} is not this demo server; open it at its address.`, 403);
  if (c.req.path.split('/').some((segment) => segment.startsWith('.'))) return c.text('Not found', 404);
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Content-Security-Policy', csp);
});
site.route('/', createApp({ store, tokens }));
site.get('/demo/session.json', async (c) => {
  await freshenHandoff();
  c.header('Cache-Control', 'no-store');
  return c.json({
    apiBase: API_BASE,
    tokens: { rep: token('rep'), marketing: token('marketing'), admin: token('admin') },
    users,
    showcase: showcase.map(({ id, name, company }) => ({ id, name, company })),
    sources,
  });
});
const rel = (dir) => relative(process.cwd(), dir) || '.';
site.use('/lib/*', serveStatic({ root: rel(join(cache, 'lib')), rewriteRequestPath: (p) => p.replace(/^\/lib/, '') }));
site.use('/plain-html/*', serveStatic({ root: rel(join(examples, 'plain-html')), rewriteRequestPath: (p) => p.replace(/^\/plain-html/, '') }));
site.get('/plain-html', (c) => c.redirect('/plain-html/'));
site.use('/shared/*', serveStatic({ root: rel(examples) }));
site.use('/*', serveStatic({ root: rel(join(cache, 'site')) }));
site.notFound((c) => c.text('Not found', 404));

let server;
try {
  server = await startServer({ fetch: site.fetch, port: Number(args.port), hostname: args.host });
} catch (error) {
  if (error?.code !== 'EADDRINUSE' || process.argv.some((a) => a.startsWith('--port')) || process.env.PORT) throw error;
  log(`Port ${args.port} is busy; picking a free one.`);
  server = await startServer({ fetch: site.fetch, port: 0, hostname: args.host });
}

if (!['127.0.0.1', 'localhost', '::1'].includes(args.host)) {
  // /demo/session.json hands the tokens to any page that asks: fine on loopback, not on a network.
  console.warn(`\n⚠ Listening on ${args.host}: anyone who can reach it gets the demo tokens from /demo/session.json. Use this only on a network you trust.`);
}
if (!args.quiet) {
  console.log(`\nStore: ${describeStore(args.store)}, ${await store.countLeads()} leads.`);
  console.log('Bearer tokens for this run (the demo pages get them from /demo/session.json):');
  for (const t of tokens) console.log(`  ${t.role.padEnd(9)} ${t.token}  (${t.user})`);
  console.log(`API: ${server.url}${API_BASE}`);
}
console.log(`\nLeadLoop demo: ${server.url}/`);

const stop = async () => {
  await server.close();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
