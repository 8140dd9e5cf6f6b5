import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isLeadLoopError, type Lead } from '@leadloop/core';
import {
  createApp, CsvImportError, demoDefinition, importCsv, MAX_BATCH_LEADS, openPglite, parseCorsOrigins, SqlStore, startServer,
  type RunningServer, type TokenEntry,
} from '@leadloop/server';
import { httpCall } from './http-call.js';

// What an attacker tries against the server, over loopback: foreign origins, oversized batches,
// event-stream readers that never read, and CSV files built to exhaust memory.

const TOKENS: TokenEntry[] = [
  { token: 'hard-rep-token-0123456789', role: 'rep', user: 'ana@example.com' },
  { token: 'hard-marketing-token-0123456789', role: 'marketing', user: 'mia@example.com' },
];
const [REP, MARKETING] = TOKENS.map((t) => t.token) as [string, string];
const ALLOWED = 'https://crm.example.com';

let store: SqlStore;
let server: RunningServer;
let base: string;

const lead = (id: string): Lead => ({ id, createdAt: '2026-03-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-03-01T10:00:00.000Z' });

const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string) => httpCall(`${base}${path}`, { method, headers, body });

before(async () => {
  store = await SqlStore.open(await openPglite(), { definition: demoDefinition() });
  const app = createApp({ store, tokens: TOKENS, corsOrigins: [ALLOWED], maxQueuedChanges: 5, maxEventStreams: 3, onError: () => {} });
  server = await startServer({ fetch: app.fetch });
  base = `${server.url}/api/v1`;
  await store.putLeads([lead('L-1')]);
});

after(async () => {
  await server?.close();
  await store?.close();
});

describe('origin allow-list', () => {
  const hostile = ['null', 'https://crm.example.com.evil.com', 'https://evilcrm.example.com', 'http://crm.example.com', 'https://crm.example.com:8443', 'https://CRM.example.com'];
  for (const origin of hostile) {
    test(`Origin ${origin}: 403 on reads, writes, preflights and /events, with no CORS header, and nothing written`, async () => {
      const feedback = { Authorization: `Bearer ${REP}`, 'Content-Type': 'application/json', 'Idempotency-Key': `origin-${origin}`, Origin: origin };
      const answers = [
        await call('GET', '/funnel', { Authorization: `Bearer ${REP}`, Origin: origin }),
        await call('GET', '/health', { Origin: origin }),
        await call('POST', '/leads/L-1/feedback', feedback, JSON.stringify({ outcome: 'attempted' })),
        // A "simple" request a page can send without a preflight.
        await call('POST', '/leads/L-1/feedback', { 'Content-Type': 'text/plain', Origin: origin }, JSON.stringify({ outcome: 'attempted' })),
        await call('OPTIONS', '/leads/L-1/feedback', { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' }),
        await call('GET', '/events', { Authorization: `Bearer ${REP}`, Origin: origin }),
      ];
      for (const answer of answers) {
        assert.equal(answer.status, 403);
        assert.equal(answer.json?.error?.code, 'forbidden');
        assert.equal(answer.headers.get('access-control-allow-origin'), null);
        assert.equal(answer.headers.get('access-control-allow-credentials'), null);
        assert.match(answer.headers.get('vary') ?? '', /Origin/);
      }
      assert.deepEqual(await store.listFeedback('L-1'), []);
    });
  }

  test('the allow-listed origin and a page of the server\'s own host are served; a request without Origin too', async () => {
    const allowed = await call('GET', '/funnel', { Authorization: `Bearer ${REP}`, Origin: ALLOWED });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
    const own = await call('GET', '/funnel', { Authorization: `Bearer ${REP}`, Origin: server.url });
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), null, 'same origin needs no CORS header');
    assert.equal((await call('GET', '/funnel', { Authorization: `Bearer ${REP}` })).status, 200);
  });

  test('* admits any origin, never with credentials', async () => {
    const app = createApp({ store, tokens: TOKENS, corsOrigins: ['*'] });
    const response = await app.request('/api/v1/funnel', { headers: { Authorization: `Bearer ${REP}`, Origin: 'https://anywhere.example' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  test('a configured origin that could never match, or matches too much, is refused at start', () => {
    const bad = ['null', 'https://crm.example.com/', 'https://*.example.com', 'HTTPS://CRM.EXAMPLE.COM', 'crm.example.com', 'ftp://files.example.com', 'https://crm.example.com/app', ''];
    for (const origin of bad) {
      assert.throws(() => parseCorsOrigins([origin]), (e: unknown) => isLeadLoopError(e) && e.issues[0]?.path === 'corsOrigins.0', origin);
      assert.throws(() => createApp({ store, tokens: TOKENS, corsOrigins: [ALLOWED, origin] }), (e: unknown) => isLeadLoopError(e) && e.code === 'invalid_input', origin);
    }
    assert.deepEqual(parseCorsOrigins(['https://crm.example.com', 'http://localhost:5173', '*']), ['https://crm.example.com', 'http://localhost:5173', '*']);
  });
});

describe('batch size', () => {
  test(`more than ${MAX_BATCH_LEADS} leads in one batch → 400 naming leads, before any is validated`, async () => {
    const body = `{"leads":[${Array(MAX_BATCH_LEADS + 1).fill('{}').join(',')}]}`;
    const res = await call('POST', '/leads/batch', { Authorization: `Bearer ${MARKETING}`, 'Content-Type': 'application/json' }, body);
    assert.equal(res.status, 400);
    assert.deepEqual(res.json.error.issues.map((i: { path: string }) => i.path), ['leads']);
    const ok = await call('POST', '/leads/batch', { Authorization: `Bearer ${MARKETING}`, 'Content-Type': 'application/json' },
      JSON.stringify({ leads: Array.from({ length: MAX_BATCH_LEADS }, (_, i) => lead(`B-${i}`)) }));
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { upserted: MAX_BATCH_LEADS });
  });
});

describe('event streams', () => {
  test('a reader that never reads is cut off once it is maxQueuedChanges behind, not held forever', { timeout: 20_000 }, async () => {
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    socket.write(`GET /api/v1/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${REP}\r\n\r\n`);
    let text = '';
    socket.on('data', (d) => (text += d));
    while (!text.includes('event: ready')) await new Promise((r) => setTimeout(r, 10));
    socket.pause();
    // Ten changes at once: the subscriber falls more than five behind while it does not read.
    await store.putLeads(Array.from({ length: 10 }, (_, i) => lead(`S-${i}`)));
    socket.resume();
    const deadline = Date.now() + 10_000;
    while (!text.endsWith('\r\n0\r\n\r\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    assert.ok(text.endsWith('\r\n0\r\n\r\n'), 'the server ended the stream');
    assert.ok((text.match(/event: change/g) ?? []).length <= 5, 'no more than the limit was held for it');
  });

  test('at most maxEventStreams streams at once: one more is a retryable 503', { timeout: 20_000 }, async () => {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const open = await Promise.all(controllers.map((c) => fetch(`${base}/events`, { headers: { Authorization: `Bearer ${REP}` }, signal: c.signal })));
    assert.deepEqual(open.map((r) => r.status), [200, 200, 200]);
    const refused = await call('GET', '/events', { Authorization: `Bearer ${REP}` });
    assert.equal(refused.status, 503);
    assert.equal(refused.json.error.code, 'unavailable');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    for (const c of controllers) c.abort();
    // A closed stream frees its place.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      const again = new AbortController();
      const response = await fetch(`${base}/events`, { headers: { Authorization: `Bearer ${REP}` }, signal: again.signal });
      status = response.status;
      again.abort();
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 200);
  });
});

describe('CSV import limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadloop-csv-limits-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function problemsOf(csv: string): Promise<CsvImportError['problems']> {
    const file = join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, csv);
    try {
      await importCsv(store, file);
    } catch (error) {
      assert.ok(error instanceof CsvImportError, String(error));
      return error.problems;
    }
    return assert.fail('the import should fail');
  }

  test('an unclosed quote fails at its line instead of reading the rest of the file into one field', async () => {
    const problems = await problemsOf(`id,createdAt,stage\nC-1,2026-03-01T10:00:00Z,mql\nC-2,"2026-03-01T10:00:00Z,mql\n${'C-3,2026-03-01T10:00:00Z,mql\n'.repeat(2000)}`);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 3);
    assert.match(problems[0]!.message, /closing quote/);
    await assert.rejects(store.getLead('C-1'), (e: unknown) => isLeadLoopError(e) && e.code === 'not_found');
  });

  test('a record with too many fields or a field too long fails at its line', async () => {
    assert.match((await problemsOf(`id,createdAt,stage\n${'x,'.repeat(5000)}x\n`))[0]!.message, /more than 100 fields/);
    const long = await problemsOf(`id,createdAt,stage\nC-1,2026-03-01T10:00:00Z,mql\nC-2,${'x'.repeat(20_000)},mql\n`);
    assert.equal(long[0]!.line, 3);
    assert.match(long[0]!.message, /longer than 10000 characters/);
  });
});
