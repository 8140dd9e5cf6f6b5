import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_REASONS, type Reason } from '@leadloop/core';
import { createApp, demoDefinition, openPglite, SqlStore, startServer, type RunningServer, type TokenEntry } from '@leadloop/server';

// The leaders' side of REST contract v1: the definition history, who may sign as whom, and the reason catalog.

const TOKENS: TokenEntry[] = [
  { token: 'rep-token-0123456789', role: 'rep', user: 'ana@example.com' },
  { token: 'marketing-token-0123456789', role: 'marketing', user: 'mia@example.com' },
  { token: 'admin-token-0123456789', role: 'admin', user: 'sam@example.com' },
];
const [REP, MARKETING, ADMIN] = TOKENS.map((t) => t.token) as [string, string, string];

let store: SqlStore;
let server: RunningServer;
let base: string;

async function call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

function assertError(res: { status: number; json: any }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json?.error?.code, code);
}

let keys = 0;
const feedback = (body: unknown, leadId = 'L-1') => call('POST', `/leads/${leadId}/feedback`, { token: REP, body, headers: { 'Idempotency-Key': `k-${++keys}` } });

before(async () => {
  store = await SqlStore.open(await openPglite(), { definition: demoDefinition() });
  const app = createApp({ store, tokens: TOKENS, onError: () => {} });
  server = await startServer({ fetch: app.fetch });
  base = `${server.url}/api/v1`;
  await store.putLeads(['L-1', 'L-2', 'L-3', 'L-4'].map((id) => ({ id, createdAt: '2026-03-01T10:00:00.000Z', stage: 'mql', handedOffAt: '2026-03-01T10:00:00.000Z' })));
});

after(async () => {
  await server?.close();
  await store?.close();
});

describe('definition approvals by token role', () => {
  test('a marketing token approving as sales → 403 and nothing is signed', async () => {
    const { version } = await store.getDefinition();
    const res = await call('POST', '/definition/approvals', { token: MARKETING, body: { role: 'sales', version } });
    assertError(res, 403, 'forbidden');
    assert.match(res.json.error.message, /admin token/);
    assert.deepEqual((await store.getDefinition()).approvals, []);
  });

  test('a rep token → 403 for either role', async () => {
    const { version } = await store.getDefinition();
    for (const role of ['sales', 'marketing']) assertError(await call('POST', '/definition/approvals', { token: REP, body: { role, version } }), 403, 'forbidden');
    assert.deepEqual((await store.getDefinition()).approvals, []);
  });

  test('marketing signs as marketing, admin as sales; `by` is the token\'s user, whatever the body says', async () => {
    const { version } = await store.getDefinition();
    const marketing = await call('POST', '/definition/approvals', { token: MARKETING, body: { role: 'marketing', version, by: 'forged' } });
    assert.equal(marketing.status, 200);
    const sales = await call('POST', '/definition/approvals', { token: ADMIN, body: { role: 'sales', version, by: 'forged' } });
    assert.equal(sales.status, 200);
    assert.deepEqual(sales.json.approvals.map((a: { role: string; by: string }) => [a.role, a.by]), [['marketing', 'mia@example.com'], ['sales', 'sam@example.com']]);
  });

  test('an admin token may sign as marketing too', async () => {
    const { version } = await store.getDefinition();
    const res = await call('POST', '/definition/approvals', { token: ADMIN, body: { role: 'marketing', version } });
    assert.equal(res.status, 200);
    assert.equal(res.json.approvals.find((a: { role: string }) => a.role === 'marketing').by, 'sam@example.com');
  });

  test('an unknown role is invalid input (400), not forbidden, even for a marketing token', async () => {
    const { version } = await store.getDefinition();
    assertError(await call('POST', '/definition/approvals', { token: MARKETING, body: { role: 'ceo', version } }), 400, 'invalid_input');
  });
});

describe('GET /definition/history', () => {
  test('any role reads every version oldest first, each with its approvals', async () => {
    const signed = await store.getDefinition();
    const saved = await call('PUT', '/definition', { token: MARKETING, body: signed });
    assert.equal(saved.status, 200);
    const res = await call('GET', '/definition/history', { token: REP });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ['versions']);
    assert.deepEqual(res.json.versions.map((d: { version: number }) => d.version), [signed.version, signed.version + 1]);
    assert.deepEqual(res.json.versions[0], signed, 'the old version keeps its signatures');
    assert.deepEqual(res.json.versions[1], saved.json);
    assert.deepEqual(res.json.versions, await store.getDefinitionHistory());
  });

  test('without a token → 401', async () => {
    assertError(await call('GET', '/definition/history'), 401, 'unauthorized');
  });
});

describe('PUT /reasons', () => {
  const catalog = (): Reason[] => structuredClone([...DEFAULT_REASONS]);

  test('a rep token → 403, no token → 401, and the catalog stays', async () => {
    const next = [...catalog(), { id: 'student', label: 'Student' }];
    assertError(await call('PUT', '/reasons', { token: REP, body: { reasons: next } }), 403, 'forbidden');
    assertError(await call('PUT', '/reasons', { body: { reasons: next } }), 401, 'unauthorized');
    assert.deepEqual((await call('GET', '/config', { token: REP })).json.reasons, catalog());
  });

  test('dropping an id → 400 naming it under `reasons`, and nothing is written', async () => {
    const res = await call('PUT', '/reasons', { token: MARKETING, body: { reasons: catalog().filter((r) => r.id !== 'spam' && r.id !== 'duplicate') } });
    assertError(res, 400, 'invalid_input');
    assert.deepEqual(res.json.error.issues.map((i: { path: string }) => i.path).sort(), ['reasons.duplicate', 'reasons.spam']);
    assert.deepEqual((await call('GET', '/config', { token: REP })).json.reasons, catalog());
  });

  test('a catalog that is not valid on its own → 400 naming the field; no catalog at all → 400', async () => {
    const twice = await call('PUT', '/reasons', { token: MARKETING, body: { reasons: [...catalog(), { id: 'spam', label: 'Spam again' }] } });
    assertError(twice, 400, 'invalid_input');
    assert.equal(twice.json.error.issues[0].path, `reasons.${DEFAULT_REASONS.length}.id`);
    const unlabelled = await call('PUT', '/reasons', { token: MARKETING, body: { reasons: [...catalog(), { id: 'student', label: '' }] } });
    assertError(unlabelled, 400, 'invalid_input');
    assert.equal(unlabelled.json.error.issues[0].path, `reasons.${DEFAULT_REASONS.length}.label`);
    const missing = await call('PUT', '/reasons', { token: MARKETING, body: { catalog: catalog() } });
    assertError(missing, 400, 'invalid_input');
    assert.equal(missing.json.error.issues[0].path, 'reasons');
    assert.deepEqual((await call('GET', '/config', { token: REP })).json.reasons, catalog());
  });

  test('marketing adds, relabels and retires: the answer, GET /config and feedback checks all use the saved catalog', async () => {
    // Feedback citing a reason the catalog does not have yet is refused.
    assertError(await feedback({ outcome: 'rejected', reason: 'student' }), 400, 'invalid_input');
    const next = catalog().map((r) => (r.id === 'spam' ? { ...r, retired: true } : r.id === 'bad-data' ? { ...r, label: 'Wrong phone or email' } : r));
    next.push({ id: 'student', label: 'Student, not a buyer' });
    const res = await call('PUT', '/reasons', { token: MARKETING, body: { reasons: next } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { reasons: next });
    assert.deepEqual((await call('GET', '/config', { token: REP })).json.reasons, next);
    assert.equal((await feedback({ outcome: 'rejected', reason: 'student' }, 'L-1')).status, 201, 'a newly added reason is accepted');
    assert.equal((await feedback({ outcome: 'recycled', reason: 'spam' }, 'L-2')).status, 201, 'a retired reason is still accepted (feedback queued before it was retired)');
    assertError(await feedback({ outcome: 'rejected', reason: 'ate-my-homework' }, 'L-3'), 400, 'invalid_input');
  });

  test('an admin token may save too; a retired reason may come back', async () => {
    const current: Reason[] = (await call('GET', '/config', { token: REP })).json.reasons;
    const next = current.map(({ retired: _retired, ...r }) => r);
    const res = await call('PUT', '/reasons', { token: ADMIN, body: { reasons: next } });
    assert.equal(res.status, 200);
    assert.equal(res.json.reasons.find((r: Reason) => r.id === 'spam').retired, undefined);
  });

  test('GET /events announces a reasons change', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/events`, { headers: { Authorization: `Bearer ${REP}` }, signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: ready')) text += (await reader.read()).value ?? '';
    const { reasons } = (await call('GET', '/config', { token: REP })).json;
    assert.equal((await call('PUT', '/reasons', { token: MARKETING, body: { reasons } })).status, 200);
    while (!/event: change\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? '';
    assert.deepEqual(JSON.parse(/event: change\ndata: (.*)\n/.exec(text)![1]!), { type: 'reasons' });
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
