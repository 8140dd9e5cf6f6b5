import {
  expectIdempotencyKey, invalidInput, LeadLoopError, Listeners, type AdapterChange, type ApprovalInput, type ChecklistInput,
  type Feedback, type FeedbackInput, type FeedbackSummary, type FunnelQuery, type FunnelReport, type Issue, type LeadDetail,
  type LeadLoopAdapter, type LeadLoopConfig, type LeadLoopErrorCode, type QualificationDefinition, type QualificationResult,
  type Reason, type SubmitOptions, type SummaryQuery,
} from '@leadloop/core';

import {
  asChange, configShape, definitionShape, expectShape, feedbackShape, funnelShape, historyShape, leadDetailShape, qualificationShape,
  reasonListShape, summaryShape,
} from './rest-adapter-responses.js';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
type Shape = Parameters<typeof expectShape>[1];

/** The longest run of event-stream text without an event boundary that is kept; past it the stream is dropped and reopened. */
const MAX_EVENT_BYTES = 1024 * 1024;
/** A server's Retry-After is honoured up to a day: a hostile one cannot park the outbox for years. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RestAdapterOptions {
  /** The API root: `https://leadloop.example.com/api/v1`, or `/api/v1` on the same origin. */
  baseUrl: string;
  /** The bearer token, or a function that returns the current one (refreshed tokens). */
  token?: string | (() => string | Promise<string>);
  /** Extra headers for every request (a CRM session header, say); called per request, may replace Authorization. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** The fetch to use; default the global one. Tests and proxies inject their own. */
  fetch?: FetchLike;
  /** Give up on a request after this many ms (an `unavailable`, retryable error); default 30 000, 0 for never. */
  timeoutMs?: number;
  /** First wait before reconnecting the change stream, doubled up to 30 s; default 1 000 ms. */
  reconnectDelayMs?: number;
}

const CODES: ReadonlySet<string> = new Set<LeadLoopErrorCode>([
  'invalid_input', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'rate_limited', 'unavailable', 'internal',
]);

/** The error code of an HTTP status, when the body does not carry one of the contract's codes. */
function codeOfStatus(status: number): LeadLoopErrorCode {
  switch (status) {
    case 400: case 422: return 'invalid_input';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: case 410: return 'not_found';
    case 409: case 412: return 'conflict';
    case 413: return 'payload_too_large';
    case 429: return 'rate_limited';
    case 408: case 502: case 503: case 504: return 'unavailable';
    default: return status >= 500 ? 'internal' : 'invalid_input';
  }
}

/** Statuses a retry can fix: too many requests, a timeout, a gateway or a server that is briefly down. */
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Milliseconds to wait from a Retry-After header: delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

function issuesOf(value: unknown): Issue[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .slice(0, 100)
    .filter((i): i is Issue => typeof i?.path === 'string' && typeof i?.message === 'string')
    .map((i) => ({ path: i.path.slice(0, 500), message: i.message.slice(0, 1000) }));
}

/** A LeadLoopError from an HTTP error response, with the server's code, message and issues when it sent them. */
export async function errorFromResponse(response: Response): Promise<LeadLoopError> {
  let body: { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  const code = typeof error?.code === 'string' && CODES.has(error.code) ? (error.code as LeadLoopErrorCode) : codeOfStatus(response.status);
  const message = typeof error?.message === 'string' ? error.message.slice(0, 1000) : `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
  const issues = issuesOf(error?.issues);
  const wait = retryAfterMs(response.headers.get('Retry-After'));
  return new LeadLoopError(code, message, {
    ...(issues ? { issues } : {}),
    retryable: RETRYABLE_STATUS.has(response.status) || code === 'rate_limited' || code === 'unavailable',
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  });
}

/**
 * The API never redirects. Followed, a redirect would send the Authorization header and the
 * `headers` hook's headers to its target; browsers drop only Authorization, and only across
 * origins. Retryable: a proxy's redirect (http to https, a login page) is a setup to fix, and
 * the outbox keeps the feedback until it is.
 */
function refuseRedirect(response: Response): void {
  if (response.type !== 'opaqueredirect' && (response.status < 300 || response.status > 399)) return;
  const to = response.headers.get('Location');
  throw new LeadLoopError('unavailable', `The server answered with a redirect${to ? ` to ${to.slice(0, 200)}` : ''}, which is not followed: the token would go with it. Set baseUrl to the API's final address.`, { retryable: true });
}

function leadPath(leadId: unknown, what: string): string {
  if (typeof leadId !== 'string' || leadId.length === 0) throw invalidInput([{ path: 'leadId', message: 'is required' }], what);
  return `/leads/${encodeURIComponent(leadId)}`;
}

function queryString(query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * LeadLoopAdapter over REST contract v1 with fetch: runs in browsers, LWC, Node. HTTP failures
 * become LeadLoopError with the server's code; 429, 503 and network failures are retryable (with
 * `retryAfterMs` from Retry-After), which is what the outbox needs to queue and retry.
 * `subscribe` listens to the server's event stream and reconnects on its own.
 */
export class RestAdapter implements LeadLoopAdapter {
  readonly #base: string;
  readonly #options: RestAdapterOptions;
  readonly #fetch: FetchLike;
  readonly #listeners = new Listeners<AdapterChange>();
  #stream: AbortController | undefined;
  #connected: Promise<void> | undefined;
  #markConnected: (() => void) | undefined;

  constructor(options: RestAdapterOptions) {
    if (!options || typeof options.baseUrl !== 'string' || options.baseUrl.length === 0) {
      throw invalidInput([{ path: 'baseUrl', message: 'is required: the API root, e.g. https://host/api/v1' }], 'RestAdapter options');
    }
    this.#options = options;
    this.#base = options.baseUrl.replace(/\/+$/, '');
    // Never call a detached window.fetch: browsers throw "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async #headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    const token = typeof this.#options.token === 'function' ? await this.#options.token() : this.#options.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    return { ...headers, ...(await this.#options.headers?.()) };
  }

  /**
   * One call: `shape` is what a success must look like. Redirects are not followed: a redirect
   * would carry the token (and the `headers` hook's headers) to wherever it points.
   */
  async #request<T>(method: string, path: string, shape: Shape, what: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    const headers = await this.#headers(body === undefined ? extraHeaders : { 'Content-Type': 'application/json', ...extraHeaders });
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    const controller = new AbortController();
    const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
        redirect: 'manual',
      });
    } catch (cause) {
      clearTimeout(timer);
      const timedOut = controller.signal.aborted;
      throw new LeadLoopError('unavailable', timedOut ? `The LeadLoop server did not answer within ${timeoutMs} ms.` : `Cannot reach the LeadLoop server at ${this.#base}: it may be down, or not allow this page's origin (its --cors-origin).`, { retryable: true, cause });
    }
    try {
      refuseRedirect(response);
      if (!response.ok) throw await errorFromResponse(response);
      let json: unknown;
      try {
        json = await response.json();
      } catch (cause) {
        throw new LeadLoopError(controller.signal.aborted ? 'unavailable' : 'internal', 'The server sent a response that is not JSON.', { cause, retryable: controller.signal.aborted });
      }
      return expectShape<T>(json, shape, what);
    } finally {
      clearTimeout(timer);
    }
  }

  getConfig(): Promise<LeadLoopConfig> {
    return this.#request('GET', '/config', configShape, 'configuration');
  }

  async getLead(id: string): Promise<LeadDetail> {
    return this.#request('GET', leadPath(id, 'lead'), leadDetailShape, 'lead');
  }

  async listFeedback(leadId: string): Promise<Feedback[]> {
    return (await this.getLead(leadId)).feedback;
  }

  async submitFeedback(input: FeedbackInput, options: SubmitOptions): Promise<Feedback> {
    const key = expectIdempotencyKey(options?.idempotencyKey);
    return this.#request('POST', `${leadPath(input?.leadId, 'feedback')}/feedback`, feedbackShape, 'feedback', input, { 'Idempotency-Key': key });
  }

  async saveChecklist(leadId: string, input: ChecklistInput): Promise<QualificationResult> {
    return this.#request('PUT', `${leadPath(leadId, 'checklist')}/checklist`, qualificationShape, 'checklist evaluation', input);
  }

  getFunnel(query: FunnelQuery = {}): Promise<FunnelReport> {
    return this.#request('GET', `/funnel${queryString(query)}`, funnelShape, 'funnel report');
  }

  getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    return this.#request('GET', `/feedback/summary${queryString(query)}`, summaryShape, 'feedback summary');
  }

  getDefinition(): Promise<QualificationDefinition> {
    return this.#request('GET', '/definition', definitionShape, 'definition');
  }

  saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition> {
    return this.#request('PUT', '/definition', definitionShape, 'definition', definition);
  }

  approveDefinition(input: ApprovalInput): Promise<QualificationDefinition> {
    // The server signs with the token's user; `by` is not sent.
    return this.#request('POST', '/definition/approvals', definitionShape, 'definition', { role: input?.role, version: input?.version });
  }

  async getDefinitionHistory(): Promise<QualificationDefinition[]> {
    return (await this.#request<{ versions: QualificationDefinition[] }>('GET', '/definition/history', historyShape, 'definition history')).versions;
  }

  async saveReasons(reasons: Reason[]): Promise<Reason[]> {
    try {
      return (await this.#request<{ reasons: Reason[] }>('PUT', '/reasons', reasonListShape, 'reason catalog', { reasons })).reasons;
    } catch (error) {
      // The server names fields of its body (`reasons.3.label`); the caller passed the array itself.
      if (!(error instanceof LeadLoopError) || error.code !== 'invalid_input') throw error;
      const issues = error.issues.map((i) => ({ path: i.path === 'reasons' ? '' : i.path.replace(/^reasons\./, ''), message: i.message }));
      throw new LeadLoopError('invalid_input', error.message, { issues, cause: error });
    }
  }

  /** Listens for changes through the server's event stream (one stream shared by every listener). */
  subscribe(listener: (change: AdapterChange) => void): () => void {
    const remove = this.#listeners.add(listener);
    if (!this.#stream) this.#openStream();
    return () => {
      remove();
      if (this.#listeners.size === 0) this.#closeStream();
    };
  }

  /** Resolves once the change stream is open, so a caller knows later changes will be heard (tests use it). */
  whenSubscribed(): Promise<void> {
    return this.#connected ?? Promise.resolve();
  }

  #openStream(): void {
    const controller = (this.#stream = new AbortController());
    this.#connected = new Promise((resolve) => (this.#markConnected = resolve));
    void this.#runStream(controller);
  }

  #closeStream(): void {
    this.#stream?.abort();
    this.#stream = undefined;
    this.#markConnected?.();
    this.#connected = undefined;
  }

  async #runStream(controller: AbortController): Promise<void> {
    const first = this.#options.reconnectDelayMs ?? 1000;
    let delay = first;
    while (!controller.signal.aborted) {
      try {
        const response = await this.#fetch(`${this.#base}/events`, {
          headers: await this.#headers({ Accept: 'text/event-stream' }),
          signal: controller.signal,
          redirect: 'manual',
        });
        refuseRedirect(response);
        if (!response.ok || !response.body) throw await errorFromResponse(response);
        delay = first;
        await this.#readEvents(response.body, controller.signal);
      } catch (error) {
        // A token the server refuses will not start working by retrying: stop.
        if (error instanceof LeadLoopError && (error.code === 'unauthorized' || error.code === 'forbidden')) return;
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }

  async #readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const stop = () => void reader.cancel().catch(() => {});
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          this.#dispatch(block);
        }
        // No event is this long: a server that never ends one must not fill the page's memory.
        if (buffer.length > MAX_EVENT_BYTES) throw new LeadLoopError('internal', 'The event stream sent an event longer than 1 MiB.');
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  #dispatch(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (event === 'ready') this.#markConnected?.();
    if (event !== 'change') return;
    let change: AdapterChange | undefined;
    try {
      change = asChange(JSON.parse(data.join('\n')));
    } catch {
      return;
    }
    // Anything but a change the contract defines is dropped: listeners only ever see well-formed ones.
    if (change) this.#listeners.notify(change);
  }
}
