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

  /** One call; fails with LeadLoopError on an error status, network failure or timeout. */
  async request<T = unknown>(method: string, resource: string, body?: unknown): Promise<T> {
    const url = `${this.#base}${resource.startsWith('/services/') ? resource : this.path(resource)}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = typeof this.#options.accessToken === 'function' ? await this.#options.accessToken() : this.#options.accessToken;
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
      if (!response.ok) {
        const errors = salesforceErrors(parsed);
        throw errorFromSalesforce(response.status, errors.length > 0 ? errors : [{ message: `HTTP ${response.status}` }]);
      }
      return parsed as T;
    } finally {
      clearTimeout(timer);
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

  /** One Composite call (≤ 25 subrequests, ≤ 5 queries or collections): one API call. */
  async composite(subrequests: CompositeSubrequest[], allOrNone: boolean): Promise<CompositeResult[]> {
    const body = {
      allOrNone,
      collateSubrequests: false,
      compositeRequest: subrequests.map((s) => ({ method: s.method, url: this.path(s.url), referenceId: s.referenceId, ...(s.body === undefined ? {} : { body: s.body }) })),
    };
    const result = await this.request<{ compositeResponse: CompositeResult[] }>('POST', '/composite', body);
    return result.compositeResponse;
  }

  /** Several queries in one Composite call; each result drained (more calls only past a page). */
  async queries(soqls: string[]): Promise<Record<string, unknown>[][]> {
    const results = await this.composite(soqls.map((q, i) => ({ method: 'GET', url: this.queryPath(q), referenceId: `q${i}` })), false);
    return Promise.all(results.map((r) => this.drain(subrequestBody<QueryResult>(r))));
  }
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
