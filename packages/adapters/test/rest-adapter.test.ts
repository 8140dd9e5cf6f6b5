import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LeadLoopError } from '@leadloop/core';
import { RestAdapter, retryAfterMs } from '@leadloop/adapters';

interface Call { url: string; init: RequestInit }

/** A fetch that records calls and answers from a script. */
function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const call = { url, init };
    calls.push(call);
    return answer(call);
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

async function failure(promise: Promise<unknown>): Promise<LeadLoopError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LeadLoopError, `expected a LeadLoopError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('RestAdapter', () => {
  test('sends the token, the header hook, JSON bodies and the Idempotency-Key; encodes ids and queries', async () => {
    // Answers of the contract's shapes: the adapter refuses any other.
    const report = { total: 0, stages: [], exits: [], followUp: { handedOff: 0, touched: 0, rate: null }, timeToFirstTouch: { medianMs: null, p90Ms: null } };
    const feedback = { id: 'fb_1', leadId: 'a b/c', outcome: 'rejected', reason: 'spam', by: 'ana', at: '2026-03-01T10:00:00Z' };
    const { fetch, calls } = fakeFetch((call) => (call.url.includes('/summary') ? json(200, { groups: [] }) : call.url.includes('/funnel') ? json(200, report) : json(201, feedback)));
    let n = 0;
    const adapter = new RestAdapter({ baseUrl: 'https://api.example/api/v1/', token: () => `t${++n}`, headers: () => ({ 'X-Org': 'acme' }), fetch });
    await adapter.submitFeedback({ leadId: 'a b/c', outcome: 'rejected', reason: 'spam' }, { idempotencyKey: 'key-1' });
    await adapter.getFunnel({ source: 'Paid Search', from: '2026-01-01', campaign: undefined });
    await adapter.getFeedbackSummary({ groupBy: 'campaign' });
    const [submit, funnel, summary] = calls;
    assert.equal(submit!.url, 'https://api.example/api/v1/leads/a%20b%2Fc/feedback');
    assert.equal(submit!.init.method, 'POST');
    const headers = submit!.init.headers as Record<string, string>;
    assert.equal(headers.Authorization, 'Bearer t1');
    assert.equal(headers['Idempotency-Key'], 'key-1');
    assert.equal(headers['X-Org'], 'acme');
    assert.equal(headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(submit!.init.body as string), { leadId: 'a b/c', outcome: 'rejected', reason: 'spam' });
    assert.equal(funnel!.url, 'https://api.example/api/v1/funnel?source=Paid+Search&from=2026-01-01');
    assert.equal((funnel!.init.headers as Record<string, string>).Authorization, 'Bearer t2', 'the token function is asked per request');
    assert.equal(summary!.url, 'https://api.example/api/v1/feedback/summary?groupBy=campaign');
  });

  test('a missing idempotency key fails before any request', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, {}));
    const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch });
    const error = await failure(adapter.submitFeedback({ leadId: 'L-1', outcome: 'attempted' }, {} as never));
    assert.equal(error.code, 'invalid_input');
    assert.equal(calls.length, 0);
  });

  test('getDefinitionHistory and saveReasons: their routes, the body, and the answers unwrapped', async () => {
    const v1 = { id: 'default', version: 1, stages: {}, approvals: [] };
    const reasons = [{ id: 'spam', label: 'Spam', retired: true }, { id: 'student', label: 'Student' }];
    const { fetch, calls } = fakeFetch((call) => (call.url.endsWith('/definition/history') ? json(200, { versions: [v1] }) : json(200, { reasons })));
    const adapter = new RestAdapter({ baseUrl: 'https://api.example/api/v1', token: 't', fetch });
    assert.deepEqual(await adapter.getDefinitionHistory(), [v1]);
    assert.deepEqual(await adapter.saveReasons(reasons), reasons);
    const [history, save] = calls;
    assert.equal(history!.url, 'https://api.example/api/v1/definition/history');
    assert.equal(history!.init.method, 'GET');
    assert.equal(save!.url, 'https://api.example/api/v1/reasons');
    assert.equal(save!.init.method, 'PUT');
    assert.deepEqual(JSON.parse(save!.init.body as string), { reasons });
    assert.equal((save!.init.headers as Record<string, string>).Authorization, 'Bearer t');
  });

  test('saveReasons: a refused catalog names the fields of the array it was given; other errors map as everywhere', async () => {
    const refused = json(400, { error: { code: 'invalid_input', message: 'Invalid reason catalog', issues: [{ path: 'reasons.spam', message: 'cannot be removed' }, { path: 'reasons.3.label', message: 'too long' }, { path: 'reasons', message: 'expected an array' }] } });
    const invalid = await failure(new RestAdapter({ baseUrl: '/api/v1', fetch: fakeFetch(() => refused).fetch }).saveReasons([]));
    assert.equal(invalid.code, 'invalid_input');
    assert.deepEqual(invalid.issues.map((i) => i.path), ['spam', '3.label', '']);
    const forbidden = await failure(new RestAdapter({ baseUrl: '/api/v1', fetch: fakeFetch(() => json(403, { error: { code: 'forbidden', message: 'no' } })).fetch }).saveReasons([]));
    assert.equal(forbidden.code, 'forbidden');
    const down = await failure(new RestAdapter({ baseUrl: '/api/v1', fetch: fakeFetch(() => new Response('', { status: 503 })).fetch }).getDefinitionHistory());
    assert.equal(down.code, 'unavailable');
    assert.equal(down.retryable, true);
  });

  const cases: [string, () => Response, { code: string; retryable: boolean; retryAfterMs?: number; issues?: number }][] = [
    ['400 with issues', () => json(400, { error: { code: 'invalid_input', message: 'bad', issues: [{ path: 'reason', message: 'required' }] } }), { code: 'invalid_input', retryable: false, issues: 1 }],
    ['401', () => json(401, { error: { code: 'unauthorized', message: 'who?' } }), { code: 'unauthorized', retryable: false }],
    ['403', () => json(403, { error: { code: 'forbidden', message: 'no' } }), { code: 'forbidden', retryable: false }],
    ['404', () => json(404, { error: { code: 'not_found', message: 'gone' } }), { code: 'not_found', retryable: false }],
    ['409', () => json(409, { error: { code: 'conflict', message: 'other body' } }), { code: 'conflict', retryable: false }],
    ['413', () => json(413, { error: { code: 'payload_too_large', message: 'big' } }), { code: 'payload_too_large', retryable: false }],
    ['429 with Retry-After seconds', () => json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '7' }), { code: 'rate_limited', retryable: true, retryAfterMs: 7000 }],
    ['503 with Retry-After and no body', () => new Response('', { status: 503, headers: { 'Retry-After': '2' } }), { code: 'unavailable', retryable: true, retryAfterMs: 2000 }],
    ['502 HTML page from a proxy', () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }), { code: 'unavailable', retryable: true }],
    ['500', () => json(500, { error: { code: 'internal', message: 'oops' } }), { code: 'internal', retryable: false }],
    ['a 4xx with an unknown code in the body', () => json(418, { error: { code: 'teapot', message: 'short and stout' } }), { code: 'invalid_input', retryable: false }],
  ];
  for (const [name, response, expected] of cases) {
    test(`maps ${name} to ${expected.code}${expected.retryable ? ', retryable' : ''}`, async () => {
      const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch: fakeFetch(response).fetch });
      const error = await failure(adapter.getLead('L-1'));
      assert.equal(error.code, expected.code);
      assert.equal(error.retryable, expected.retryable);
      assert.equal(error.retryAfterMs, expected.retryAfterMs);
      if (expected.issues !== undefined) assert.equal(error.issues.length, expected.issues);
    });
  }

  test('a network failure is unavailable and retryable', async () => {
    const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch: async () => { throw new TypeError('fetch failed'); } });
    const error = await failure(adapter.getConfig());
    assert.equal(error.code, 'unavailable');
    assert.equal(error.retryable, true);
    assert.ok(error.cause instanceof TypeError);
  });

  test('a server that does not answer in time is unavailable and retryable', async () => {
    const never = (_url: string, init: RequestInit = {}) => new Promise<Response>((_, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch: never, timeoutMs: 5 });
    const error = await failure(adapter.getConfig());
    assert.equal(error.code, 'unavailable');
    assert.equal(error.retryable, true);
  });

  test('a 200 that is not JSON is an error, not garbage', async () => {
    const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch: async () => new Response('<html>login</html>', { status: 200 }) });
    assert.equal((await failure(adapter.getConfig())).code, 'internal');
  });

  test('Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(null, now), undefined);
  });

  test('subscribe reads change events from the stream and stops on unsubscribe', async () => {
    const encoder = new TextEncoder();
    let aborted = false;
    const fetch = async (_url: string, init: RequestInit = {}) => {
      init.signal?.addEventListener('abort', () => (aborted = true));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('event: ready\ndata: {}\n\n: keep-alive\n\nevent: change\r\ndata: {"type":"lead",'));
          controller.enqueue(encoder.encode('"leadId":"L-1"}\r\n\r\nevent: change\ndata: {"type":"definition","version":3}\n\n'));
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    };
    const adapter = new RestAdapter({ baseUrl: '/api/v1', fetch });
    const heard: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      const stop = adapter.subscribe((change) => {
        heard.push(change);
        if (heard.length === 2) {
          stop();
          resolve();
        }
      });
    });
    await adapter.whenSubscribed();
    await done;
    assert.deepEqual(heard, [{ type: 'lead', leadId: 'L-1' }, { type: 'definition', version: 3 }]);
    assert.equal(aborted, true);
  });
});
