import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { isoToMs } from '@leadloop/core';
import { API_BASE, createApp, demoDefinition, openPglite, SqlStore, startServer, type RunningServer } from '@leadloop/server';

// docs/openapi.json checked against the running server: every documented operation answers every
// documented status for a basic request, each body matches its documented schema, and every route
// the server has is documented.

type Schema = Record<string, any>;
const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) {
    const parts = (s.$ref as string).replace(/^#\//, '').split('/');
    s = parts.reduce((node: any, key) => node[key], doc);
  }
  return s;
}

/** Checks a value against the subset of JSON Schema the document uses; returns the problems. */
function validate(value: unknown, schema: Schema, path = '$', problems: string[] = []): string[] {
  const s = resolve(schema);
  for (const part of s.allOf ?? []) validate(value, part, path, problems);
  if (s.type) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) {
      problems.push(`${path}: expected ${types.join('|')}, got ${actual}`);
      return problems;
    }
  }
  if (value === null) return problems;
  if (s.enum && !s.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${path}: below ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${path}: above ${s.maximum}`);
  }
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) problems.push(`${path}: longer than ${s.maxLength}`);
    if (s.format === 'date-time' && Number.isNaN(isoToMs(value))) problems.push(`${path}: not a date-time`);
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => validate(item, s.items, `${path}[${i}]`, problems));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in record)) problems.push(`${path}.${key}: required`);
    for (const [key, v] of Object.entries(record)) {
      if (s.properties?.[key]) validate(v, s.properties[key], `${path}.${key}`, problems);
      else if (s.additionalProperties === false) problems.push(`${path}.${key}: not documented`);
      else if (typeof s.additionalProperties === 'object') validate(v, s.additionalProperties, `${path}.${key}`, problems);
    }
  }
  return problems;
}

const TOKENS = { rep: 'openapi-rep-token-0123456789', marketing: 'openapi-marketing-token-012345', admin: 'openapi-admin-token-0123456789' } as const;
type Role = keyof typeof TOKENS;

interface Req { role?: Role; path?: string; query?: string; body?: unknown; raw?: string; headers?: Record<string, string> }
type Recipe = () => Req | Promise<Req>;

let store: SqlStore;
let server: RunningServer;
let app: ReturnType<typeof createApp>;
let keyCount = 0;
const lead = (id: string) => ({ id, createdAt: '2026-03-01T10:00:00Z', stage: 'mql', source: 'Webinar', campaign: 'Spring', owner: 'ana' });
const newKey = () => `openapi-${++keyCount}`;
const submit = (key: string, body: unknown) => fetch(`${server.url}${API_BASE}/leads/L-1/feedback`, {
  method: 'POST', headers: { Authorization: `Bearer ${TOKENS.rep}`, 'Idempotency-Key': key, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
}).then((r) => r.json());

/** How to provoke each documented status of each operation; 401, 403 and 413 are generic. */
const recipes: Record<string, Record<string, Recipe>> = {
  getHealth: { 200: () => ({}) },
  getConfig: { 200: () => ({ role: 'rep' }) },
  getLead: { 200: () => ({ role: 'rep' }), 404: () => ({ role: 'rep', path: '/leads/nobody' }) },
  putLead: { 200: () => ({ role: 'marketing', path: '/leads/L-2', body: lead('L-2') }), 400: () => ({ role: 'marketing', path: '/leads/L-2', body: { stage: 'mql' } }) },
  putLeads: { 200: () => ({ role: 'marketing', body: { leads: [lead('B-1'), lead('B-2')] } }), 400: () => ({ role: 'marketing', body: { leads: [lead('B-3'), { id: 'B-4' }] } }) },
  submitFeedback: {
    201: () => ({ role: 'rep', body: { outcome: 'attempted' }, headers: { 'Idempotency-Key': newKey() } }),
    200: async () => {
      const key = newKey();
      await submit(key, { outcome: 'reached' });
      return { role: 'rep', body: { outcome: 'reached' }, headers: { 'Idempotency-Key': key } };
    },
    400: () => ({ role: 'rep', body: { outcome: 'rejected' }, headers: { 'Idempotency-Key': newKey() } }),
    404: () => ({ role: 'rep', path: '/leads/nobody/feedback', body: { outcome: 'attempted' }, headers: { 'Idempotency-Key': newKey() } }),
    409: async () => {
      const key = newKey();
      await submit(key, { outcome: 'attempted' });
      return { role: 'rep', body: { outcome: 'reached' }, headers: { 'Idempotency-Key': key } };
    },
  },
  saveChecklist: {
    200: () => ({ role: 'rep', body: { stage: 'sql', answers: { authority: true, need: true } } }),
    400: () => ({ role: 'rep', body: { stage: 'sql', answers: { telepathy: true } } }),
    404: () => ({ role: 'rep', path: '/leads/nobody/checklist', body: { stage: 'sql', answers: {} } }),
  },
  getFunnel: { 200: () => ({ role: 'marketing', query: '?source=Webinar&from=2026-01-01' }), 400: () => ({ role: 'marketing', query: '?to=whenever' }) },
  getFeedbackSummary: { 200: () => ({ role: 'marketing', query: '?groupBy=campaign' }), 400: () => ({ role: 'marketing', query: '' }) },
  planFunnel: {
    200: () => ({ role: 'rep', body: { revenueGoal: 500_000, averageDealSize: 25_000, rates: { inquiry: 0.3, mql: 0.5, sal: 0.5, sql: 0.5, opportunity: 0.25 } } }),
    400: () => ({ role: 'rep', body: { revenueGoal: 1, averageDealSize: 1, rates: {} } }),
  },
  getDefinition: { 200: () => ({ role: 'rep' }) },
  saveDefinition: {
    200: async () => ({ role: 'marketing', body: await store.getDefinition() }),
    400: async () => ({ role: 'marketing', body: { ...(await store.getDefinition()), stages: { lunch: { criteria: [] } } } }),
    409: async () => ({ role: 'marketing', body: { ...(await store.getDefinition()), version: 1 } }),
  },
  getDefinitionHistory: { 200: () => ({ role: 'rep' }) },
  approveDefinition: {
    200: async () => ({ role: 'marketing', body: { role: 'marketing', version: (await store.getDefinition()).version } }),
    400: () => ({ role: 'marketing', body: { role: 'ceo', version: 1 } }),
    // The documented rule, not the generic rep case: a marketing token cannot sign for sales.
    403: async () => ({ role: 'marketing', body: { role: 'sales', version: (await store.getDefinition()).version } }),
    409: () => ({ role: 'admin', body: { role: 'sales', version: 99 } }),
  },
  saveReasons: {
    200: async () => ({ role: 'marketing', body: { reasons: [...(await store.getConfig()).reasons, { id: `openapi-${++keyCount}`, label: 'Added by the OpenAPI check' }] } }),
    400: async () => ({ role: 'marketing', body: { reasons: (await store.getConfig()).reasons.slice(1) } }),
  },
  streamChanges: { 200: () => ({ role: 'rep' }) },
};

const operations: { method: string; path: string; op: Schema }[] = [];
for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
  for (const [method, op] of Object.entries(item)) operations.push({ method: method.toUpperCase(), path, op });
}

before(async () => {
  store = await SqlStore.open(await openPglite(), { definition: demoDefinition() });
  await store.putLeads([lead('L-1'), { ...lead('L-3'), stage: 'sql' }]);
  app = createApp({ store, tokens: (Object.keys(TOKENS) as Role[]).map((role) => ({ token: TOKENS[role], role, user: `${role}@example.com` })) });
  server = await startServer({ fetch: app.fetch });
});

after(async () => {
  await server?.close();
  await store?.close();
});

describe('docs/openapi.json against the running server', () => {
  test('every route the server has is documented, and every documented operation exists', () => {
    const served = new Set(app.routes
      .filter((r) => ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'].includes(r.method))
      .map((r) => `${r.method} ${r.path.replace(API_BASE, '').replace(/:(\w+)/g, '{$1}')}`));
    const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
    assert.deepEqual([...served].sort(), [...documented].sort());
    assert.equal(doc.servers[0].url, API_BASE);
  });

  for (const { method, path, op } of operations) {
    const statuses = Object.keys(op.responses);
    const roles: Role[] = op['x-roles'];
    for (const status of statuses) {
      test(`${method} ${path} answers ${status} as documented`, async () => {
        const own = recipes[op.operationId]?.[status];
        let req: Req;
        if (own) req = await own();
        else if (status === '401') req = {};
        else if (status === '403') req = { role: (Object.keys(TOKENS) as Role[]).find((r) => !roles.includes(r))! };
        else if (status === '413') req = { role: roles[0], raw: JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) }) };
        else return assert.fail(`no recipe provokes ${status} of ${op.operationId}: add one or stop documenting it`);
        const headers: Record<string, string> = { ...req.headers };
        if (req.role) headers.Authorization = `Bearer ${TOKENS[req.role]}`;
        const body = req.raw ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (op.requestBody && body === undefined && method !== 'GET') headers['Content-Type'] = 'application/json';
        const target = `${server.url}${API_BASE}${req.path ?? path.replace('{id}', 'L-1')}${req.query ?? ''}`;
        const controller = new AbortController();
        const response = await fetch(target, { method, headers, body: method === 'GET' ? undefined : body ?? '{}', signal: controller.signal });
        assert.equal(String(response.status), status, `${method} ${target}`);
        const documented = resolve(op.responses[status]);
        const [type, media] = Object.entries(documented.content ?? {})[0] ?? [];
        if (type === 'text/event-stream') {
          assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
          controller.abort();
          return;
        }
        const json = await response.json();
        if (media) assert.deepEqual(validate(json, (media as Schema).schema), [], JSON.stringify(json).slice(0, 500));
        for (const header of Object.keys(documented.headers ?? {})) assert.ok(response.headers.has(header), `header ${header}`);
      });
    }
  }

  test('the validator catches a body that does not match (a test of the test)', () => {
    assert.notDeepEqual(validate({ status: 'fine' }, { $ref: '#/components/schemas/Health' }), []);
    assert.notDeepEqual(validate({ error: { code: 'oops', message: 1 } }, { $ref: '#/components/schemas/Error' }), []);
  });
});
