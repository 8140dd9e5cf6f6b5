import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import {
  APPROVAL_ROLES, findHostileKeys, invalidInput, isLeadLoopError, LeadLoopError, planFunnel, timeMs,
  type ApprovalRole, type LeadLoopErrorCode, type PlanInput,
} from '@leadloop/core';
import { eventStreams } from './event-stream.js';
import { originPolicy, parseCorsOrigins } from './origin-policy.js';
import type { Store } from './store.js';
import { TokenTable, type Role, type TokenEntry } from './tokens.js';

export const API_BASE = '/api/v1';
/** 1 MiB: a batch of a few thousand leads; anything bigger is split by the client. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Leads in one `POST /leads/batch`. 1 MiB holds some 17,000 minimal leads; validating them all
 * holds the event loop for seconds (300,000 empty objects took 9 s), so a batch is refused first.
 */
export const MAX_BATCH_LEADS = 5000;

/**
 * How far a feedback's `at` may run ahead of the server's clock (a device's clock drifts). Later
 * than that is refused: a time still to come is no record of follow-up, and it would count.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

export interface AppOptions {
  store: Store;
  tokens: readonly TokenEntry[];
  /**
   * Origins allowed to call the API from a browser (`*` for any), each exactly as a browser sends
   * it (`https://crm.example.com`); none by default (same origin only). A request from any other
   * origin is refused with 403. A malformed entry, or `null`, makes createApp throw.
   */
  corsOrigins?: readonly string[];
  maxBodyBytes?: number;
  /** Where unexpected errors are reported (never to the client); default console.error. */
  onError?: (error: unknown) => void;
  /** Seconds between keep-alive comments on the event stream; default 25. */
  eventsKeepAliveSeconds?: number;
  /**
   * Changes held for an event-stream reader that stalls before its stream is closed; default
   * 10,000, twice the changes of the largest batch, so a burst never closes a reader that keeps up.
   */
  maxQueuedChanges?: number;
  /** Event streams open at once; one more is a 503; default 500. */
  maxEventStreams?: number;
}

type Env = { Variables: { caller: TokenEntry } };

const STATUS: Record<LeadLoopErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const ANY: readonly Role[] = ['rep', 'marketing', 'admin'];
const MARKETING: readonly Role[] = ['marketing', 'admin'];
const REP: readonly Role[] = ['rep', 'admin'];
/**
 * Whose signature each token may put on a definition: a marketing token signs for marketing only;
 * the sales leader signs with an admin token (tokens have no sales-leader role).
 */
const SIGNS_AS: Record<Role, readonly ApprovalRole[]> = { rep: [], marketing: ['marketing'], admin: ['sales', 'marketing'] };

function errorResponse(c: Context, error: LeadLoopError): Response {
  const headers: Record<string, string> = {};
  if (error.code === 'unauthorized') headers['WWW-Authenticate'] = 'Bearer realm="leadloop"';
  if (error.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.ceil(error.retryAfterMs / 1000));
  return c.json({ error: error.toJSON() }, STATUS[error.code] ?? 500, headers);
}

/** The JSON body as a plain object: unreadable JSON, a non-object, and `__proto__`-style keys are 400s. */
async function readObject(c: Context, what: string): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidInput([{ path: '', message: text.trim() === '' ? 'a JSON body is required' : 'is not valid JSON' }], what);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidInput([{ path: '', message: 'expected a JSON object' }], what);
  const hostile = findHostileKeys(body);
  if (hostile.length > 0) throw invalidInput(hostile, what);
  return body as Record<string, unknown>;
}

/** The same error with its issue paths under `prefix`, so they name the field of the request body. */
function underPath(error: unknown, prefix: string): unknown {
  if (!isLeadLoopError(error) || error.code !== 'invalid_input') return error;
  const issues = error.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));
  return new LeadLoopError('invalid_input', error.message, { issues, cause: error });
}

/** A path id that the body may repeat but not contradict. */
function sameId(body: Record<string, unknown>, key: string, id: string, what: string): void {
  if (body[key] !== undefined && body[key] !== id) throw invalidInput([{ path: key, message: `does not match the id in the path (${id})` }], what);
}

/**
 * The Hono app of REST contract v1: bearer tokens with roles, JSON bodies up to 1 MiB validated
 * with the core parsers, `{ error: { code, message, issues? } }` on every failure, and no stack
 * trace or SQL ever in a response.
 */
export function createApp(options: AppOptions): Hono<Env> {
  const { store } = options;
  const table = new TokenTable(options.tokens);
  const origins = parseCorsOrigins(options.corsOrigins ?? []);
  const report = options.onError ?? ((error: unknown) => console.error('leadloop: unexpected error', error));
  const keepAliveMs = (options.eventsKeepAliveSeconds ?? 25) * 1000;
  const app = new Hono<Env>();
  const api = new Hono<Env>();

  // Headers are set before the handler, so that every response is made with them: a header set
  // on a finished response (or touching c.res before it exists, as Hono's cors middleware does)
  // makes Hono rebuild the response around a body stream: about 1.6 times the server's CPU per
  // feedback write, measured.
  api.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    await next();
    // The event stream sets its own (no-cache): no answer of this API is to be stored.
    if (c.res.headers.get('Cache-Control') !== 'no-store') c.header('Cache-Control', 'no-store');
  });
  api.use('*', originPolicy(origins, errorResponse));
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const tooLarge = (c: Context) => {
    // The rest of the body is never read: ask the client not to reuse this connection.
    c.header('Connection', 'close');
    return errorResponse(c, new LeadLoopError('payload_too_large', `The body is larger than ${maxBodyBytes} bytes.`));
  };
  const countingLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });
  api.use('*', async (c, next) => {
    // A Content-Length says the size before anything is read. Only a chunked body needs Hono's
    // bodyLimit, which counts while it reads: it turns the request into a web Request with a
    // stream, a sixth of the server's time per feedback write in a profile.
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) return Number(length) > maxBodyBytes ? tooLarge(c) : next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return countingLimit(c, next);
  });

  /** Lets the request through only with a known token of one of `roles`. */
  const allow = (roles: readonly Role[]): MiddlewareHandler<Env> => async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer +(\S+) *$/i.exec(header);
    const caller = match ? table.find(match[1]!) : undefined;
    if (!caller) throw new LeadLoopError('unauthorized', match ? 'The bearer token is not known.' : 'An Authorization: Bearer token is required.');
    if (!roles.includes(caller.role)) throw new LeadLoopError('forbidden', `This needs the role ${roles.join(' or ')}; the token has ${caller.role}.`);
    c.set('caller', caller);
    await next();
  };

  api.get('/health', (c) => c.json({ status: 'ok', store: store.kind }));

  api.get('/config', allow(ANY), async (c) => c.json(await store.getConfig()));

  api.get('/leads/:id', allow(ANY), async (c) => c.json(await store.getLead(c.req.param('id'))));

  api.put('/leads/:id', allow(MARKETING), async (c) => {
    const id = c.req.param('id');
    const body = await readObject(c, 'lead');
    sameId(body, 'id', id, 'lead');
    await store.putLeads([{ ...body, id }]);
    return c.json(await store.getLead(id));
  });

  api.post('/leads/batch', allow(MARKETING), async (c) => {
    const body = await readObject(c, 'leads');
    if (!Array.isArray(body.leads)) throw invalidInput([{ path: 'leads', message: 'expected an array of leads' }], 'leads');
    if (body.leads.length > MAX_BATCH_LEADS) throw invalidInput([{ path: 'leads', message: `has ${body.leads.length} leads; send at most ${MAX_BATCH_LEADS} a request` }], 'leads');
    return c.json({ upserted: await store.putLeads(body.leads) });
  });

  api.post('/leads/:id/feedback', allow(REP), async (c) => {
    const id = c.req.param('id');
    const key = c.req.header('Idempotency-Key');
    if (key === undefined) throw invalidInput([{ path: 'Idempotency-Key', message: 'the header is required: a key unique to this piece of feedback' }], 'feedback');
    const body = await readObject(c, 'feedback');
    sameId(body, 'leadId', id, 'feedback');
    // `by` is whoever holds the token, whatever the body says.
    const { by: _ignored, ...input } = body;
    if (typeof input.at === 'string' && timeMs(input.at) - Date.now() > MAX_CLOCK_AHEAD_MS) {
      const minutes = Math.round((timeMs(input.at) - Date.now()) / 60_000);
      throw invalidInput([{ path: 'at', message: `is ${minutes} minutes later than the server's clock: check this device's date and time` }], 'feedback');
    }
    const result = await store.submitFeedback({ ...input, leadId: id }, { idempotencyKey: key, by: c.get('caller').user });
    if (result.replayed) c.header('Idempotency-Replayed', 'true');
    return c.json(result.feedback, result.replayed ? 200 : 201);
  });

  api.put('/leads/:id/checklist', allow(REP), async (c) => {
    const body = await readObject(c, 'checklist');
    return c.json(await store.saveChecklist(c.req.param('id'), body as never, c.get('caller').user));
  });

  api.get('/funnel', allow(ANY), async (c) => c.json(await store.getFunnel(c.req.query())));

  api.get('/feedback/summary', allow(ANY), async (c) => c.json(await store.getFeedbackSummary(c.req.query() as never)));

  api.post('/plan', allow(ANY), async (c) => {
    const body = await readObject(c, 'plan');
    const { waterfall } = await store.getConfig();
    return c.json(planFunnel({ revenueGoal: body.revenueGoal, averageDealSize: body.averageDealSize, rates: body.rates, waterfall } as PlanInput));
  });

  api.get('/definition', allow(ANY), async (c) => c.json(await store.getDefinition()));

  api.put('/definition', allow(MARKETING), async (c) => c.json(await store.saveDefinition(await readObject(c, 'definition'))));

  api.get('/definition/history', allow(ANY), async (c) => c.json({ versions: await store.getDefinitionHistory() }));

  api.post('/definition/approvals', allow(MARKETING), async (c) => {
    const body = await readObject(c, 'approval');
    const caller = c.get('caller');
    const role = body.role as ApprovalRole;
    if (APPROVAL_ROLES.includes(role) && !SIGNS_AS[caller.role].includes(role)) {
      throw new LeadLoopError('forbidden', `A ${caller.role} token cannot approve as ${role}: the sales leader signs with an admin token.`);
    }
    // `by` is whoever holds the token, whatever the body says.
    return c.json(await store.approveDefinition({ role, version: body.version as never, by: caller.user }));
  });

  api.put('/reasons', allow(MARKETING), async (c) => {
    const body = await readObject(c, 'reasons');
    if (!Array.isArray(body.reasons)) throw invalidInput([{ path: 'reasons', message: 'expected the whole reason catalog: an array of { id, label, retired? }' }], 'reasons');
    const reasons = await store.saveReasons(body.reasons).catch((error: unknown) => Promise.reject(underPath(error, 'reasons')));
    return c.json({ reasons });
  });

  // Not in the contract table: a server-sent event per change, so open pages refresh without polling.
  api.get('/events', allow(ANY), eventStreams(store, { keepAliveMs, maxQueued: options.maxQueuedChanges ?? 2 * MAX_BATCH_LEADS, maxStreams: options.maxEventStreams ?? 500 }));

  const notFound = (c: Context) => errorResponse(c, new LeadLoopError('not_found', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`));
  const onError = (error: Error, c: Context) => {
    if (isLeadLoopError(error)) return errorResponse(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      const code: LeadLoopErrorCode = error.status === 413 ? 'payload_too_large' : error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : 'invalid_input';
      return errorResponse(c, new LeadLoopError(code, error.message || 'Bad request.'));
    }
    report(error);
    return errorResponse(c, new LeadLoopError('internal', 'Something went wrong on the server; it has been logged.'));
  };
  api.notFound(notFound);
  api.onError(onError);
  // A mounted app's handlers keep its onError, but unmatched paths reach the parent: same answers there.
  app.notFound(notFound);
  app.onError(onError);

  app.route(API_BASE, api);
  return app;
}
