import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { RestAdapter } from '@leadloop/adapters';
import { LeadLoopError, type AdapterChange } from '@leadloop/core';

// The REST adapter against a broken or hostile server on loopback: whatever it answers, the
// adapter yields a LeadLoopError (never a TypeError or a polluted object), does not carry the
// token through a redirect, gives up on a stalled body, and keeps an endless event bounded.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let route: Handler = (_req, res) => res.end();
let hostile: { server: Server; url: string };
/** Another origin (another port): what reaches it through a redirect. */
let elsewhere: { server: Server; url: string };
const reachedElsewhere: IncomingMessage['headers'][] = [];

before(async () => {
  hostile = await listen((req, res) => route(req, res));
  elsewhere = await listen((req, res) => {
    reachedElsewhere.push(req.headers);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ id: 'L-1', createdAt: '2026-03-01T10:00:00Z', stage: 'mql', feedback: [], checklist: {} }));
  });
});

after(async () => {
  hostile.server.closeAllConnections();
  elsewhere.server.closeAllConnections();
  await Promise.all([hostile.server, elsewhere.server].map((s) => new Promise((r) => s.close(r))));
});

const adapter = (options: Partial<ConstructorParameters<typeof RestAdapter>[0]> = {}) =>
  new RestAdapter({ baseUrl: `${hostile.url}/api/v1`, token: 'secret-token-0123456789', headers: () => ({ 'X-Crm-Session': 'crm-session-secret' }), ...options });

async function failure(promise: Promise<unknown>): Promise<LeadLoopError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LeadLoopError, `expected a LeadLoopError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected the call to fail');
}

const answer = (status: number, body: string, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
};

describe('RestAdapter against a hostile server', () => {
  const malformed: [string, string, (a: RestAdapter) => Promise<unknown>][] = [
    ['null for a lead', 'null', (a) => a.getLead('L-1')],
    ['null where the feedback list is read', 'null', (a) => a.listFeedback('L-1')],
    ['a lead without its feedback array', '{"id":"L-1","createdAt":"2026-03-01T10:00:00Z","stage":"mql","checklist":{}}', (a) => a.listFeedback('L-1')],
    ['an array for the history', '[]', (a) => a.getDefinitionHistory()],
    ['a string for the reasons', '"reasons"', (a) => a.saveReasons([])],
    ['a funnel whose stages are a string', '{"total":1,"stages":"all","exits":[],"followUp":{"handedOff":0,"touched":0,"rate":null},"timeToFirstTouch":{"medianMs":null,"p90Ms":null}}', (a) => a.getFunnel()],
    ['a config with __proto__ inside', '{"__proto__":{"polluted":true},"waterfall":{}}', (a) => a.getConfig()],
    ['feedback with a constructor key', '{"id":"f","leadId":"L-1","outcome":"attempted","by":"a","at":"x","constructor":{"prototype":{"polluted":true}}}', (a) => a.submitFeedback({ leadId: 'L-1', outcome: 'attempted' }, { idempotencyKey: 'k-1' })],
    ['a summary nested 10,000 deep', `{"groups":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, (a) => a.getFeedbackSummary({ groupBy: 'source' })],
  ];
  for (const [name, body, call] of malformed) {
    test(`200 with ${name} → LeadLoopError internal, not a TypeError`, async () => {
      route = answer(200, body);
      const error = await failure(call(adapter()));
      assert.equal(error.code, 'internal');
      assert.equal(error.retryable, false);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  test('a redirect to another origin is not followed: neither the token nor the header hook\'s headers reach it', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      route = (_req, res) => {
        res.writeHead(status, { Location: `${elsewhere.url}/api/v1/leads/L-1` });
        res.end();
      };
      const error = await failure(adapter().getLead('L-1'));
      assert.equal(error.code, 'unavailable');
      assert.match(error.message, /redirect/);
    }
    assert.deepEqual(reachedElsewhere, [], 'nothing was sent to the other origin');
  });

  test('a body that stalls after the headers times out as unavailable and retryable', async () => {
    route = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":');
    };
    const error = await failure(adapter({ timeoutMs: 200 }).getConfig());
    assert.equal(error.code, 'unavailable');
    assert.equal(error.retryable, true);
  });

  test('an error body is kept to a sane size', async () => {
    route = answer(400, JSON.stringify({ error: { code: 'invalid_input', message: 'm'.repeat(100_000), issues: Array.from({ length: 10_000 }, () => ({ path: 'p', message: 'x' })) } }), { 'Retry-After': '999999999' });
    const error = await failure(adapter().getConfig());
    assert.equal(error.code, 'invalid_input');
    assert.ok(error.message.length <= 1000);
    assert.ok(error.issues.length <= 100);
  });

  test('events: malformed changes are dropped, an endless event is cut off and the stream reopened', { timeout: 20_000 }, async () => {
    let connections = 0;
    route = (_req, res) => {
      connections++;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: ready\ndata: {}\n\n');
      for (const data of ['null', '{"type":"lead"}', '{"type":"__proto__"}', '{"type":"feedback","leadId":"L-1","feedback":null}', '{"type":"lead","leadId":"L-1","__proto__":{"x":1}}', '{"type":"lead","leadId":"L-2"}']) {
        res.write(`event: change\ndata: ${data}\n\n`);
      }
      if (connections === 1) {
        // Never ends an event: the adapter must not buffer it for ever.
        const chunk = `data: ${'x'.repeat(64 * 1024)}\n`;
        const push = () => {
          while (res.write(chunk)) if (res.writableLength > 4 * 1024 * 1024) break;
        };
        push();
        res.on('drain', push);
      }
    };
    const heard: AdapterChange[] = [];
    const a = adapter({ reconnectDelayMs: 10 });
    const stop = a.subscribe((change) => heard.push(change));
    const deadline = Date.now() + 15_000;
    while (connections < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    while (heard.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stop();
    assert.ok(connections >= 2, 'the stream was reopened after the endless event');
    assert.deepEqual(heard.slice(0, 2), [{ type: 'lead', leadId: 'L-2' }, { type: 'lead', leadId: 'L-2' }]);
  });
});
