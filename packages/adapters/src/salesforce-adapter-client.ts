import { invalidInput, LeadLoopError } from '@leadloop/core';
import { errorFromSalesforce, salesforceErrors } from './salesforce-adapter-errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface SalesforceClientOptions {
  /**
   * Where the REST API is: the org's instance URL (`https://acme.my.salesforce.com`), or the base of a
   * same-origin proxy that forwards `/services/data/…` to it (`/salesforce`), which needs no token here.
   */
  baseUrl: string;
  /** The OAuth access token (or a function returning the current one); none behind a proxy that adds it. */
  accessToken?: string | (() => string | Promise<string>);
  /** REST API version, default '64.0'. */
  apiVersion?: string;
  /** The fetch to use; default the global one. */
  fetch?: FetchLike;
  /** Give up on a call after this many ms (unavailable, retryable); default 30 000, 0 for never. */
  timeoutMs?: number;
  /**
   * Retries of a write Salesforce refused with UNABLE_TO_LOCK_ROW (another transaction held the
   * record for more than 10 s; the whole write was rolled back): `attempts` more tries, the first
   * after `delayMs` (doubling, with jitter). Default { attempts: 2, delayMs: 1000 }; attempts 0 for none.
   */
  lockRetry?: { attempts?: number; delayMs?: number };
}

/** API usage from the Sforce-Limit-Info header of the last response. */
export interface ApiUsage {
  used: number;
  max: number;
}

export interface CompositeSubrequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the version: `/query?q=…`, `/sobjects/Lead/00Q…`, `/composite/sobjects`. */
  url: string;
  referenceId: string;
  body?: unknown;
}

export interface CompositeResult {
  referenceId: string;
  httpStatusCode: number;
  body: unknown;
}

export interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/** Per-record result of an sObject Collections call. */
export interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: { statusCode: string; message: string; fields?: string[] }[];
}

export const DEFAULT_API_VERSION = '64.0';

/** Parses `api-usage=18/15000` (other limits may follow, comma-separated). */
export function parseLimitInfo(header: string | null): ApiUsage | undefined {
  const m = header?.match(/api-usage=(\d+)\/(\d+)/);
  return m ? { used: Number(m[1]), max: Number(m[2]) } : undefined;
}

/**
 * A small Salesforce REST API client over fetch (browsers, LWC, Node): queries with paging,
 * Composite, and error bodies mapped to LeadLoopError. It counts the calls it makes and keeps the
 * last Sforce-Limit-Info, so callers can budget and slow down.
 */
export class SalesforceClient {
  readonly version: string;
  readonly #base: string;
  readonly #options: SalesforceClientOptions;
  readonly #fetch: FetchLike;
  /** Requests sent (each one an API call against the org's daily limit). */
  calls = 0;
  usage: ApiUsage | undefined;

  constructor(options: SalesforceClientOptions) {
    if (!options || typeof options.baseUrl !== 'string' || options.baseUrl.length === 0) {
      throw invalidInput([{ path: 'baseUrl', message: 'is required: the instance URL or a same-origin proxy base' }], 'Salesforce options');
    }
    const version = options.apiVersion ?? DEFAULT_API_VERSION;
    if (!/^\d{2,3}\.\d$/.test(version)) throw invalidInput([{ path: 'apiVersion', message: 'must look like 64.0' }], 'Salesforce options');
    this.version = version;
    this.#options = options;
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The full path of a resource under this API version. */
  path(resource: string): string {
    return `/services/data/v${this.version}${resource}`;
  }

  /** The query resource for SOQL; Composite references (`@{ref.records[0].Id}`) stay unencoded so Salesforce resolves them. */
  queryPath(soql: string): string {
    return `/query?q=${soql.split(/(@\{[\w.[\]]+\})/).map((part, i) => (i % 2 === 1 ? part : encodeURIComponent(part))).join('')}`;
  }

  /**
   * One call; fails with LeadLoopError on an error status, network failure or timeout. A write
   * refused with UNABLE_TO_LOCK_ROW is tried again (lockRetry); a 401 is tried once more when the
   * accessToken function then gives another token (the caller refreshed it).
   */
  async request<T = unknown>(method: string, resource: string, body?: unknown): Promise<T> {
    return this.#result<T>(await this.#retryingLocks(() => this.#exchange(method, resource, body), lockedAnswer));
  }

  /** One request with the current token, and once more if a 401 came and the token function now gives another. */
  async #exchange(method: string, resource: string, body: unknown): Promise<Answer> {
    const first = await this.#token();
    const answer = await this.#send(method, resource, body, first);
    if (answer.status === 401 && typeof this.#options.accessToken === 'function') {
      const next = await this.#token();
      if (next && next !== first) return this.#send(method, resource, body, next);
    }
    return answer;
  }

  async #token(): Promise<string | undefined> {
    return typeof this.#options.accessToken === 'function' ? await this.#options.accessToken() : this.#options.accessToken;
  }

  async #send(method: string, resource: string, body: unknown, token: string | undefined): Promise<Answer> {
    const url = `${this.#base}${resource.startsWith('/services/') ? resource : this.path(resource)}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const timeoutMs = this.#options.timeoutMs ?? 30_000;
    const controller = new AbortController();
    const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
    this.calls++;
    let response: Response;
    try {
      response = await this.#fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: controller.signal });
    } catch (cause) {
      clearTimeout(timer);
      // A fetch wrapper (the server's auth refresh) may fail with its own, better error.
      if (cause instanceof LeadLoopError) throw cause;
      throw new LeadLoopError('unavailable', controller.signal.aborted ? `Salesforce did not answer within ${timeoutMs} ms.` : 'Cannot reach Salesforce.', { retryable: true, cause });
    }
    try {
      const usage = parseLimitInfo(response.headers.get('Sforce-Limit-Info'));
      if (usage) this.usage = usage;
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, ok: response.ok, parsed };
    } finally {
      clearTimeout(timer);
    }
  }

  #result<T>(answer: Answer): T {
    if (answer.ok) return answer.parsed as T;
    const errors = salesforceErrors(answer.parsed);
    throw errorFromSalesforce(answer.status, errors.length > 0 ? errors : [{ message: `HTTP ${answer.status}` }]);
  }

  /** Runs `call` again, after a growing pause, while `locked` says a locked record refused it (lockRetry). */
  async #retryingLocks(call: () => Promise<Answer>, locked: (answer: Answer) => boolean): Promise<Answer> {
    const attempts = this.#options.lockRetry?.attempts ?? 2;
    const delayMs = this.#options.lockRetry?.delayMs ?? 1000;
    for (let attempt = 0; ; attempt++) {
      const answer = await call();
      if (attempt >= attempts || !locked(answer)) return answer;
      await wait(delayMs * 2 ** attempt);
    }
  }

  /** Every record of a query, following nextRecordsUrl (one call per page). */
  async query(soql: string): Promise<Record<string, unknown>[]> {
    return this.drain(await this.request<QueryResult>('GET', this.queryPath(soql)));
  }

  /** The remaining pages of a query result. */
  async drain(first: QueryResult): Promise<Record<string, unknown>[]> {
    const records = [...first.records];
    let next = first.nextRecordsUrl;
    while (next) {
      const page: QueryResult = await this.request<QueryResult>('GET', next);
      records.push(...page.records);
      next = page.nextRecordsUrl;
    }
    return records;
  }

  /**
   * One Composite call (≤ 25 subrequests, ≤ 5 queries or collections): one API call. An all-or-none
   * one that a locked record failed was rolled back whole, so it is sent again (lockRetry).
   */
  async composite(subrequests: CompositeSubrequest[], allOrNone: boolean): Promise<CompositeResult[]> {
    const body = {
      allOrNone,
      collateSubrequests: false,
      compositeRequest: subrequests.map((s) => ({ method: s.method, url: this.path(s.url), referenceId: s.referenceId, ...(s.body === undefined ? {} : { body: s.body }) })),
    };
    const answer = await this.#retryingLocks(
      () => this.#exchange('POST', '/composite', body),
      (a) => lockedAnswer(a) || (allOrNone && a.ok && ((a.parsed as { compositeResponse?: CompositeResult[] })?.compositeResponse ?? []).some((r) => lockedErrors(r.body))),
    );
    const result = this.#result<{ compositeResponse: CompositeResult[] }>(answer);
    return result.compositeResponse;
  }

  /** Several queries in one Composite call; each result drained (more calls only past a page). */
  async queries(soqls: string[]): Promise<Record<string, unknown>[][]> {
    const results = await this.composite(soqls.map((q, i) => ({ method: 'GET', url: this.queryPath(q), referenceId: `q${i}` })), false);
    return Promise.all(results.map((r) => this.drain(subrequestBody<QueryResult>(r))));
  }
}

/** A response as received: status and parsed body. */
interface Answer {
  status: number;
  ok: boolean;
  parsed: unknown;
}

/**
 * UNABLE_TO_LOCK_ROW: another transaction held a record longer than the 10 s Salesforce waits, and
 * the write was rolled back, so sending it again is safe.
 * https://help.salesforce.com/s/articleView?id=000229525 (Unable to lock row - Record currently unavailable errors)
 */
const LOCKED = 'UNABLE_TO_LOCK_ROW';

const wait = (baseMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, baseMs * (1 + Math.random() / 2)));

/** An error body (`[{ errorCode }]`) or save results (`[{ errors: [{ statusCode }] }]`) naming a locked record. */
function lockedErrors(body: unknown): boolean {
  if (!Array.isArray(body)) return false;
  return body.some((item) => {
    const entry = item as { errorCode?: unknown; errors?: { statusCode?: unknown }[] } | null;
    return entry?.errorCode === LOCKED || (Array.isArray(entry?.errors) && entry.errors.some((e) => e?.statusCode === LOCKED));
  });
}

const lockedAnswer = (answer: Answer): boolean => !answer.ok && lockedErrors(answer.parsed);

/**
 * The subrequest that made an all-or-none Composite fail: the one with its own error, not those that
 * answer 400 PROCESSING_HALTED because of it (they come first when the failure is later), nor the
 * records of a collection marked ALL_OR_NONE_OPERATION_ROLLED_BACK. Read it before any other result.
 * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_responses_composite_composite.htm
 */
export function compositeFailure(results: CompositeResult[]): CompositeResult | undefined {
  const errors = (body: unknown) => salesforceErrors(body);
  return results.find((r) => r.httpStatusCode >= 400 && !errors(r.body).every((e) => e.errorCode === 'PROCESSING_HALTED'))
    ?? results.find((r) => Array.isArray(r.body) && (r.body as SaveResult[]).some((x) => x?.success === false && x.errors?.some((e) => e.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK')));
}

/** The body of a successful subrequest, or its error as a LeadLoopError. */
export function subrequestBody<T>(result: CompositeResult | undefined, prefix = ''): T {
  if (!result) throw new LeadLoopError('internal', 'Salesforce sent fewer composite results than requests.');
  if (result.httpStatusCode >= 400) {
    const errors = salesforceErrors(result.body);
    throw errorFromSalesforce(result.httpStatusCode, errors.length > 0 ? errors : [{ message: `HTTP ${result.httpStatusCode}` }], prefix);
  }
  return result.body as T;
}
