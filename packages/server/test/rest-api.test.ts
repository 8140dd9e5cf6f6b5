import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Lead } from '@leadloop/core';
import { createApp, demoDefinition, openPglite, SqlStore, startServer, type RunningServer, type Store, type TokenEntry } from '@leadloop/server';
import { httpCall } from './http-call.js';

const TOKENS: TokenEntry[] = [
  { token: 'rep-token-0123456789', role: 'rep', user: 'ana@example.com' },
  { token: 'marketing-token-0123456789', role: 'marketing', user: 'mia@example.com' },
  { token: 'admin-token-0123456789', role: 'admin', user: 'root@example.com' },
];
const [REP, MARKETING, ADMIN] = TOKENS.map((t) => t.token) as [string, string, string];
const ALLOWED_ORIGIN = 'https://crm.example.com';

let store: SqlStore;
let server: RunningServer;
let base: string;

async function call(method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined && method !== 'GET') {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  return httpCall(`${base}${path}`, { method, headers, body });
}

function assertError(res: { status: number; json: any }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json?.error?.code, code);
  assert.equal(typeof res.json.error.message, 'string');
  assert.deepEqual(Object.keys(res.json), ['error']);
}

const lead = (id: string, extra: Partial<Lead> = {}): Lead => ({
  id, createdAt: '2026-03-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-03-01T10:00:00.000Z', source: 'Webinar', campaign: 'Spring', owner: 'ana', ...extra,
});

before(async () => {
  store = await SqlStore.open(await openPglite(), { definition: demoDefinition() });
  const app = createApp({ store, tokens: TOKENS, corsOrigins: [ALLOWED_ORIGIN], onError: () => {} });
  server = await startServer({ fetch: app.fetch });
  base = `${server.url}/api/v1`;
  await store.putLeads([lead('L-1'), lead('L-2'), lead('L-3', { stage: 'sql' })]);
});

after(async () => {
  await server?.close();
  await store?.close();
});

describe('REST contract v1 over loopback', () => {
  test('GET /health needs no token and names the store', async () => {
    const res = await call('GET', '/health');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok', store: 'pglite' });
  });

  describe('authentication and roles', () => {
    const protectedRoutes: [string, string][] = [
      ['GET', '/config'], ['GET', '/leads/L-1'], ['PUT', '/leads/L-1'], ['POST', '/leads/batch'], ['POST', '/leads/L-1/feedback'],
      ['PUT', '/leads/L-1/checklist'], ['GET', '/funnel'], ['GET', '/feedback/summary?groupBy=campaign'], ['POST', '/plan'],
      ['GET', '/definition'], ['PUT', '/definition'], ['GET', '/definition/history'], ['POST', '/definition/approvals'],
      ['PUT', '/reasons'], ['GET', '/events'],
    ];
    for (const [method, path] of protectedRoutes) {
      test(`${method} ${path} without a token → 401, with an unknown one → 401`, async () => {
        const missing = await call(method, path, { body: {} });
        assertError(missing, 401, 'unauthorized');
        assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
        assertError(await call(method, path, { body: {}, token: 'not-a-real-token-at-all' }), 401, 'unauthorized');
        assertError(await call(method, path, { body: {}, headers: { Authorization: `Basic ${REP}` } }), 401, 'unauthorized');
      });
    }

    const forbidden: [string, string, string][] = [
      ['rep', 'PUT', '/leads/L-1'], ['rep', 'POST', '/leads/batch'], ['rep', 'PUT', '/definition'], ['rep', 'POST', '/definition/approvals'],
      ['rep', 'PUT', '/reasons'], ['marketing', 'POST', '/leads/L-1/feedback'], ['marketing', 'PUT', '/leads/L-1/checklist'],
    ];
    for (const [role, method, path] of forbidden) {
      test(`${method} ${path} as ${role} → 403 and nothing changes`, async () => {
        const token = TOKENS.find((t) => t.role === role)!.token;
        const res = await call(method, path, { token, body: { leads: [lead('forbidden')], outcome: 'attempted', ...lead('L-1', { name: 'changed' }) }, headers: { 'Idempotency-Key': 'forbidden' } });
        assertError(res, 403, 'forbidden');
        assert.equal((await store.getLead('L-1')).name, undefined);
        assert.deepEqual(await store.listFeedback('L-1'), []);
      });
    }

    test('admin may do what rep and marketing do', async () => {
      assert.equal((await call('PUT', '/leads/admin-1', { token: ADMIN, body: lead('admin-1') })).status, 200);
      assert.equal((await call('POST', '/leads/admin-1/feedback', { token: ADMIN, body: { outcome: 'attempted' }, headers: { 'Idempotency-Key': 'adm-1' } })).status, 201);
    });
  });

  describe('feedback and Idempotency-Key', () => {
    test('201 with the feedback, by the token\'s user whatever the body says; the same key and body → 200 and the same feedback', async () => {
      const body = { outcome: 'rejected', reason: 'not-interested', rating: 2, note: 'Not now', by: 'someone-else' };
      const first = await call('POST', '/leads/L-1/feedback', { token: REP, body, headers: { 'Idempotency-Key': 'key-1' } });
      assert.equal(first.status, 201);
      assert.equal(first.json.by, 'ana@example.com');
      assert.equal(first.json.leadId, 'L-1');
      assert.equal(first.json.reason, 'not-interested');
      const again = await call('POST', '/leads/L-1/feedback', { token: REP, body, headers: { 'Idempotency-Key': 'key-1' } });
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, first.json);
      assert.equal(again.headers.get('idempotency-replayed'), 'true');
      assert.equal((await store.listFeedback('L-1')).length, 1);
    });

    test('the same key with another body → 409', async () => {
      const res = await call('POST', '/leads/L-1/feedback', { token: REP, body: { outcome: 'rejected', reason: 'spam' }, headers: { 'Idempotency-Key': 'key-1' } });
      assertError(res, 409, 'conflict');
      assert.equal((await store.listFeedback('L-1')).length, 1);
    });

    test('no Idempotency-Key → 400 naming the header', async () => {
      const res = await call('POST', '/leads/L-2/feedback', { token: REP, body: { outcome: 'attempted' } });
      assertError(res, 400, 'invalid_input');
      assert.equal(res.json.error.issues[0].path, 'Idempotency-Key');
    });

    test('a reject without a reason → 400 with the issue, and nothing is written', async () => {
      const res = await call('POST', '/leads/L-2/feedback', { token: REP, body: { outcome: 'rejected', rating: 9 }, headers: { 'Idempotency-Key': 'key-2' } });
      assertError(res, 400, 'invalid_input');
      assert.deepEqual(res.json.error.issues.map((i: { path: string }) => i.path).sort(), ['rating']);
      assert.deepEqual(await store.listFeedback('L-2'), []);
    });

    test('a time given by the client: earlier is kept (queued offline); more than 5 minutes ahead of the server → 400 naming it', async () => {
      const earlier = new Date(Date.now() - 3 * 3_600_000).toISOString();
      const queued = await call('POST', '/leads/L-2/feedback', { token: REP, body: { outcome: 'attempted', at: earlier }, headers: { 'Idempotency-Key': 'offline-1' } });
      assert.equal(queued.status, 201);
      assert.equal(queued.json.at, earlier);
      const drift = new Date(Date.now() + 60_000).toISOString();
      assert.equal((await call('POST', '/leads/L-2/feedback', { token: REP, body: { outcome: 'attempted', at: drift }, headers: { 'Idempotency-Key': 'drift-1' } })).status, 201, 'a minute of drift is fine');
      const future = await call('POST', '/leads/L-2/feedback', { token: REP, body: { outcome: 'attempted', at: new Date(Date.now() + 2 * 3_600_000).toISOString() }, headers: { 'Idempotency-Key': 'future-1' } });
      assertError(future, 400, 'invalid_input');
      assert.equal(future.json.error.issues[0].path, 'at');
      assert.match(future.json.error.issues[0].message, /120 minutes later than the server's clock/);
      assert.equal((await store.listFeedback('L-2')).length, 2);
    });

    test('a body leadId that contradicts the path → 400; an unknown lead → 404', async () => {
      assertError(await call('POST', '/leads/L-2/feedback', { token: REP, body: { leadId: 'L-3', outcome: 'attempted' }, headers: { 'Idempotency-Key': 'key-3' } }), 400, 'invalid_input');
      assertError(await call('POST', '/leads/nope/feedback', { token: REP, body: { outcome: 'attempted' }, headers: { 'Idempotency-Key': 'key-4' } }), 404, 'not_found');
    });

    test('GET /leads/{id} returns the lead with its feedback and checklist', async () => {
      const res = await call('GET', '/leads/L-1', { token: MARKETING });
      assert.equal(res.status, 200);
      assert.equal(res.json.id, 'L-1');
      assert.deepEqual(res.json.exit, { kind: 'disqualified', reason: 'not-interested', at: res.json.feedback[0].at });
      assert.equal(res.json.feedback.length, 1);
      assert.deepEqual(res.json.checklist, {});
      assertError(await call('GET', '/leads/missing', { token: REP }), 404, 'not_found');
    });
  });

  describe('bodies', () => {
    test('unreadable JSON, a non-object and __proto__ keys → 400', async () => {
      const headers = { 'Idempotency-Key': 'bad-json', 'Content-Type': 'application/json' };
      assertError(await call('POST', '/leads/L-2/feedback', { token: REP, raw: '{"outcome":', headers }), 400, 'invalid_input');
      assertError(await call('POST', '/leads/L-2/feedback', { token: REP, raw: '[1,2]', headers }), 400, 'invalid_input');
      assertError(await call('POST', '/leads/L-2/feedback', { token: REP, raw: '', headers }), 400, 'invalid_input');
      const hostile = await call('PUT', '/leads/L-2', { token: MARKETING, raw: '{"id":"L-2","createdAt":"2026-03-01T10:00:00Z","stage":"mql","__proto__":{"admin":true}}', headers });
      assertError(hostile, 400, 'invalid_input');
      assert.equal(hostile.json.error.issues[0].path, '__proto__');
    });

    test('text the database cannot store → 400 naming the field, not a 500', async () => {
      const res = await call('PUT', '/leads/L-nul', { token: MARKETING, raw: '{"createdAt":"2026-03-01T10:00:00Z","stage":"mql","name":"a\\u0000b"}', headers: { 'Content-Type': 'application/json' } });
      assertError(res, 400, 'invalid_input');
      assert.equal(res.json.error.issues[0].path, 'leads.0.name');
      assertError(await call('GET', '/funnel?source=%00', { token: REP }), 400, 'invalid_input');
    });

    test('a body over 1 MiB → 413 with the error body, with or without Content-Length', async () => {
      const big = JSON.stringify({ leads: [], padding: 'x'.repeat(1024 * 1024) });
      assertError(await call('POST', '/leads/batch', { token: MARKETING, raw: big, headers: { 'Content-Type': 'application/json' } }), 413, 'payload_too_large');
      // Chunked: no Content-Length, the limit has to count the bytes as they arrive.
      const chunked = await new Promise<{ status: number; json: any }>((resolve, reject) => {
        const url = new URL(`${base}/leads/batch`);
        const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: `Bearer ${MARKETING}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        });
        req.on('error', reject);
        for (let i = 0; i < 17; i++) req.write('x'.repeat(64 * 1024));
        req.end();
      });
      assertError(chunked, 413, 'payload_too_large');
    });

    test('PUT /leads/{id} upserts; an id in the body that contradicts the path → 400', async () => {
      const res = await call('PUT', '/leads/L-9', { token: MARKETING, body: { createdAt: '2026-04-01T09:00:00Z', stage: 'inquiry', name: 'Nina' } });
      assert.equal(res.status, 200);
      assert.equal(res.json.name, 'Nina');
      assert.deepEqual(res.json.feedback, []);
      assertError(await call('PUT', '/leads/L-9', { token: MARKETING, body: lead('L-10') }), 400, 'invalid_input');
    });

    test('POST /leads/batch is all or nothing', async () => {
      const bad = await call('POST', '/leads/batch', { token: MARKETING, body: { leads: [lead('B-1'), lead('B-2', { createdAt: 'soon' })] } });
      assertError(bad, 400, 'invalid_input');
      assert.deepEqual(bad.json.error.issues, [{ path: 'leads.1.createdAt', message: bad.json.error.issues[0].message }]);
      assertError(await call('GET', '/leads/B-1', { token: REP }), 404, 'not_found');
      const ok = await call('POST', '/leads/batch', { token: MARKETING, body: { leads: [lead('B-1'), lead('B-2')] } });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { upserted: 2 });
      assertError(await call('POST', '/leads/batch', { token: MARKETING, body: { leads: 'all of them' } }), 400, 'invalid_input');
    });
  });

  describe('reports, plan, checklist and definition', () => {
    test('GET /config', async () => {
      const res = await call('GET', '/config', { token: REP });
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.json).sort(), ['definition', 'reasons', 'sla', 'waterfall']);
      assert.equal(res.json.waterfall.handoffStage, 'mql');
    });

    test('GET /funnel answers the report and filters; a bad bound → 400 naming it', async () => {
      const res = await call('GET', '/funnel?source=Webinar&from=2026-01-01', { token: REP });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, await store.getFunnel({ source: 'Webinar', from: '2026-01-01' }));
      const bad = await call('GET', '/funnel?from=last-tuesday', { token: REP });
      assertError(bad, 400, 'invalid_input');
      assert.equal(bad.json.error.issues[0].path, 'from');
    });

    test('GET /feedback/summary groups; groupBy is required', async () => {
      const res = await call('GET', '/feedback/summary?groupBy=campaign', { token: MARKETING });
      assert.equal(res.status, 200);
      assert.equal(res.json.groups[0].key, 'Spring');
      assert.equal(res.json.groups[0].rejected, 1);
      assert.deepEqual(res.json.groups[0].reasons, [{ reason: 'not-interested', count: 1 }]);
      assertError(await call('GET', '/feedback/summary', { token: MARKETING }), 400, 'invalid_input');
      assertError(await call('GET', '/feedback/summary?groupBy=planet', { token: MARKETING }), 400, 'invalid_input');
    });

    test('POST /plan', async () => {
      const rates = { inquiry: 0.5, mql: 0.5, sal: 0.5, sql: 0.5, opportunity: 0.25 };
      const res = await call('POST', '/plan', { token: REP, body: { revenueGoal: 100_000, averageDealSize: 25_000, rates } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json.stages.map((s: { required: number }) => s.required), [256, 128, 64, 32, 16, 4]);
      const bad = await call('POST', '/plan', { token: REP, body: { revenueGoal: -1, averageDealSize: 0, rates: {} } });
      assertError(bad, 400, 'invalid_input');
      assert.ok(bad.json.error.issues.length >= 3);
    });

    test('PUT /leads/{id}/checklist → the evaluation', async () => {
      const res = await call('PUT', '/leads/L-3/checklist', { token: REP, body: { stage: 'sql', answers: { authority: true, need: true } } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { stage: 'sql', met: false, score: 0.5, threshold: 0.75, missingRequired: [] });
      assert.equal((await store.getLead('L-3')).checklist.sql?.by, 'ana@example.com');
      assertError(await call('PUT', '/leads/L-3/checklist', { token: REP, body: { stage: 'sql', answers: { authority: 'yes' } } }), 400, 'invalid_input');
    });

    test('definition: GET, PUT the next version, 409 on a stale one, approvals by the token\'s user', async () => {
      const current = (await call('GET', '/definition', { token: REP })).json;
      const saved = await call('PUT', '/definition', { token: MARKETING, body: current });
      assert.equal(saved.status, 200);
      assert.equal(saved.json.version, current.version + 1);
      assertError(await call('PUT', '/definition', { token: MARKETING, body: current }), 409, 'conflict');
      assertError(await call('PUT', '/definition', { token: MARKETING, body: { ...saved.json, version: 'two' } }), 400, 'invalid_input');
      const approved = await call('POST', '/definition/approvals', { token: MARKETING, body: { role: 'marketing', version: saved.json.version, by: 'forged' } });
      assert.equal(approved.status, 200);
      assert.deepEqual(approved.json.approvals.map((a: { by: string; role: string }) => [a.role, a.by]), [['marketing', 'mia@example.com']]);
      assertError(await call('POST', '/definition/approvals', { token: ADMIN, body: { role: 'sales', version: current.version } }), 409, 'conflict');
      assertError(await call('POST', '/definition/approvals', { token: ADMIN, body: { role: 'ceo', version: saved.json.version } }), 400, 'invalid_input');
    });
  });

  describe('errors and CORS', () => {
    test('an unknown route → 404 with the error body', async () => {
      assertError(await call('GET', '/nothing-here', { token: REP }), 404, 'not_found');
      assertError(await call('DELETE', '/leads/L-1', { token: ADMIN }), 404, 'not_found');
    });

    test('an unexpected failure → 500 without stack trace or SQL', async () => {
      const failing = new Proxy(store, {
        get(target, key, receiver) {
          if (key === 'getFunnel') return async () => { throw Object.assign(new Error('syntax error at or near "SELECT" in SELECT * FROM leads'), { code: '42601' }); };
          const value = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as Store;
      const reported: unknown[] = [];
      const app = createApp({ store: failing, tokens: TOKENS, onError: (e) => reported.push(e) });
      const response = await app.request('/api/v1/funnel', { headers: { Authorization: `Bearer ${REP}` } });
      const text = await response.text();
      assert.equal(response.status, 500);
      assert.equal(JSON.parse(text).error.code, 'internal');
      assert.doesNotMatch(text, /SELECT|leads|42601|at .*\.js/);
      assert.equal(reported.length, 1, 'the real error goes to the log');
    });

    test('CORS: the allow-listed origin gets the headers, another origin does not', async () => {
      const preflight = (origin: string) => fetch(`${base}/leads/L-1/feedback`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' },
      });
      const ok = await preflight(ALLOWED_ORIGIN);
      assert.equal(ok.status, 204);
      assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/i);
      assert.match(ok.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.equal(ok.headers.get('access-control-max-age'), '600');
      assert.match(ok.headers.get('vary') ?? '', /Origin/);
      const other = await preflight('https://evil.example');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const get = await fetch(`${base}/funnel`, { headers: { Origin: ALLOWED_ORIGIN, Authorization: `Bearer ${REP}` } });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.match(get.headers.get('access-control-expose-headers') ?? '', /Idempotency-Replayed/);
      assert.match(get.headers.get('vary') ?? '', /Origin/);
      assert.equal(get.headers.get('cache-control'), 'no-store');
      await get.text();
      const denied = await fetch(`${base}/funnel`, { headers: { Origin: 'https://evil.example', Authorization: `Bearer ${REP}` } });
      assert.equal(denied.headers.get('access-control-allow-origin'), null);
      await denied.text();
    });
  });

  test('every answer, success or error, says no-store, nosniff and no-referrer', async () => {
    const answers = [
      await call('POST', '/leads/L-1/feedback', { token: REP, body: { outcome: 'attempted' }, headers: { 'Idempotency-Key': 'hdr-1' } }),
      await call('POST', '/leads/L-1/feedback', { token: REP, body: { outcome: 'attempted' }, headers: { 'Idempotency-Key': 'hdr-1' } }),
      await call('POST', '/leads/L-1/feedback', { token: REP, body: { outcome: 'rejected' }, headers: { 'Idempotency-Key': 'hdr-2' } }),
      await call('GET', '/funnel', { token: REP }),
      await call('GET', '/config'),
      await call('GET', '/no-such-route', { token: REP }),
    ];
    assert.deepEqual(answers.map((a) => a.status), [201, 200, 400, 200, 401, 404]);
    assert.equal(answers[1]!.headers.get('idempotency-replayed'), 'true');
    for (const answer of answers) {
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer');
      assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    }
  });

  test('GET /events streams a change after feedback is stored', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/events`, { headers: { Authorization: `Bearer ${REP}` }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: ready')) text += (await reader.read()).value ?? '';
    await call('POST', '/leads/L-2/feedback', { token: REP, body: { outcome: 'reached' }, headers: { 'Idempotency-Key': 'evt-1' } });
    while (!/event: change\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? '';
    const data = JSON.parse(/event: change\ndata: (.*)\n/.exec(text)![1]!);
    assert.equal(data.type, 'feedback');
    assert.equal(data.leadId, 'L-2');
    assert.equal(data.feedback.outcome, 'reached');
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
