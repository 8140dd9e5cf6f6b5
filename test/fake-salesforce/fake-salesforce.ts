import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadPermissionSets } from './access.js';
import { FakeOrg, LATEST_VERSION, type Row, type ValidationRule } from './org.js';
import { FakeQueries } from './queries.js';
import { sfError, toResponse, type HttpError, type Response } from './responses.js';
import { loadSchema, type Schema } from './schema.js';
import { collectionResource, sobjectResource } from './sobjects.js';

/** One error as Salesforce sends it at the top level of a response: `[{ message, errorCode, fields? }]`. */
export interface SfError {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** A failure to inject: an HTTP status with Salesforce's error body, or a response lost after the work was done. */
export interface Failure {
  status?: number;
  errorCode?: string;
  message?: string;
  /** Do the work, then drop the connection before answering (a lost response). */
  dropResponse?: boolean;
}

export interface CallRecord {
  method: string;
  path: string;
  /** Counted against the daily API limit (every authenticated /services/data call). */
  counted: boolean;
  status: number;
}

/** A user of the fake org other than the integration user, limited to the Standard User profile and permission sets. */
export interface FakeUserOptions {
  name: string;
  /** Permission sets of the package (`LeadLoop_User`, `LeadLoop_Leader`), read from its metadata. */
  permissionSets: string[];
  /** The user whose role is directly above this one's (they and those above them may edit this user's records). */
  managerId?: string;
}

export interface FakeSalesforceOptions {
  /** The sfdx project's objects folder; default packages/salesforce/force-app/main/default/objects. */
  objectsDir?: string;
  /** Its permission sets folder; default the `permissionsets` folder beside objectsDir. */
  permissionSetsDir?: string;
  /** Records per query page before nextRecordsUrl (Salesforce: 2000 by default). */
  pageSize?: number;
  /** DailyApiRequests Max. */
  dailyLimit?: number;
  /** The clock for CreatedDate and friends. */
  clock?: () => Date;
}

const OLDEST_VERSION = 31;
const VERSION_RE = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;
const HALTED = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];

/**
 * A faithful fake of the Salesforce REST API on loopback, for tests and benchmarks: versions,
 * query with nextRecordsUrl paging, sObject create/get/update/upsert by external id, sObject
 * Collections (≤ 200 records, allOrNone, per-record results), Composite (≤ 25 subrequests, ≤ 5 of them
 * queries or collections, one API call), Sforce-Limit-Info, OAuth refresh, and Salesforce's error
 * bodies. Field metadata comes from the sfdx project, so the fake knows exactly the fields an org with
 * the package deployed has. Failures can be injected; every call is recorded and counted.
 */
export class FakeSalesforce {
  readonly schema: Schema;
  readonly calls: CallRecord[] = [];
  pageSize: number;
  dailyLimit: number;
  apiUsage = 0;
  accessToken = `00D000000000001!${randomBytes(24).toString('base64url')}`;
  refreshToken = `5Aep861${randomBytes(24).toString('base64url')}`;
  /** The user the session belongs to (CreatedById of what the API writes). */
  readonly userId: string;
  readonly #org: FakeOrg;
  readonly #queries: FakeQueries;
  /** Access tokens of the users addUser made, to the user each belongs to. */
  readonly #sessions = new Map<string, string>();
  #failures: { when: (call: { method: string; path: string }) => boolean; failure: Failure; times: number }[] = [];
  #server: Server | undefined;
  url = '';

  private constructor(options: FakeSalesforceOptions) {
    const objectsDir = options.objectsDir ?? join(import.meta.dirname, '..', '..', '..', 'packages', 'salesforce', 'force-app', 'main', 'default', 'objects');
    this.schema = loadSchema(objectsDir);
    this.pageSize = options.pageSize ?? 2000;
    this.dailyLimit = options.dailyLimit ?? 100_000;
    const permissionSets = loadPermissionSets(options.permissionSetsDir ?? join(objectsDir, '..', 'permissionsets'));
    this.#org = new FakeOrg(this.schema, options.clock ?? (() => new Date()), permissionSets);
    this.#queries = new FakeQueries(this.#org, () => this.pageSize);
    this.userId = this.#org.userId;
  }

  /** Starts a fake org on 127.0.0.1 with a free port. */
  static async start(options: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
    const fake = new FakeSalesforce(options);
    const server = createServer((req, res) => void fake.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.#server = server;
    fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- test controls ----------------------------------------------------------------------

  /** API calls counted since the last resetCalls (what the daily limit sees). */
  get apiCalls(): number {
    return this.calls.filter((c) => c.counted).length;
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** Deletes every record except the integration user, clears failures, rules and usage. */
  reset(): void {
    this.#org.reset();
    this.#sessions.clear();
    this.#queries.clear();
    this.#failures = [];
    this.apiUsage = 0;
    this.resetCalls();
  }

  /** Makes the next `times` matching calls fail (default: any call, once). */
  fail(failure: Failure, options: { times?: number; when?: (call: { method: string; path: string }) => boolean } = {}): void {
    this.#failures.push({ failure, times: options.times ?? 1, when: options.when ?? (() => true) });
  }

  /**
   * Makes the next `times` writes of records matching `when` fail on that record alone: a per-record
   * error in sObject Collections, a 400 with the error body for a one-record write (what a record
   * locked by another transaction gives: UNABLE_TO_LOCK_ROW after Salesforce's 10-second wait).
   */
  failRecords(errorCode: string, options: { times?: number; message?: string; when?: (objectName: string, record: Row) => boolean } = {}): void {
    this.#org.failRecords({ errorCode, times: options.times ?? 1, when: options.when ?? (() => true), ...(options.message ? { message: options.message } : {}) });
  }

  /**
   * A user limited to the Standard User profile and the package's permission sets, with a session of
   * their own: requests with `accessToken` run as them (their object permissions, field-level
   * security and the objects' sharing apply; they own what they create). reset() removes them.
   */
  addUser(options: FakeUserOptions): { id: string; accessToken: string } {
    const id = this.#org.insert('User', { Name: options.name, Alias: options.name.replace(/\W/g, '').slice(0, 8), ...(options.managerId ? { ManagerId: options.managerId } : {}) });
    this.#org.access.restrict(id, options.permissionSets);
    const accessToken = `00D000000000001!${randomBytes(24).toString('base64url')}`;
    this.#sessions.set(accessToken, id);
    return { id, accessToken };
  }

  /** The current access token stops working (INVALID_SESSION_ID) until refreshed through OAuth. */
  expireSession(): void {
    this.accessToken = `00D000000000001!${randomBytes(24).toString('base64url')}`;
  }

  /** A validation rule on an object: FIELD_CUSTOM_VALIDATION_EXCEPTION when it returns an error. */
  addValidationRule(objectName: string, rule: ValidationRule): void {
    this.#org.addValidationRule(objectName, rule);
  }

  /** Inserts a record as a data load with audit fields would (CreatedDate, IsConverted settable); returns its Id. */
  insert(objectName: string, values: Record<string, unknown>): string {
    return this.#org.insert(objectName, values);
  }

  /** Every record of an object in API form (datetimes as Salesforce prints them). */
  records(objectName: string): Row[] {
    return this.#org.records(objectName);
  }

  // ---- HTTP -------------------------------------------------------------------------------

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const call: CallRecord = { method, path: url.pathname + url.search, counted: false, status: 0 };
    let response: Response;
    let drop = false;
    try {
      if (url.pathname === '/services/oauth2/token' && method === 'POST') response = this.#oauth(raw);
      else if (url.pathname === '/services/data' || url.pathname === '/services/data/') response = { status: 200, body: this.#versions() };
      else {
        const m = url.pathname.match(VERSION_RE);
        if (!m) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
        const token = (req.headers.authorization ?? '').replace(/^(Bearer|OAuth) /, '');
        const user = token === this.accessToken ? this.userId : this.#sessions.get(token);
        if (!user) throw sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        if (this.apiUsage >= this.dailyLimit) throw sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        const injected = this.#takeFailure({ method, path: call.path });
        if (injected && !injected.dropResponse) throw this.#failureError(injected);
        drop = injected?.dropResponse === true;
        call.counted = true;
        this.apiUsage++;
        let body: unknown;
        if (raw) {
          try {
            body = JSON.parse(raw);
          } catch {
            throw sfError(400, 'JSON_PARSER_ERROR', 'Unexpected character: was expecting a JSON value');
          }
        }
        response = this.#org.as(user, () => this.#route(method, m[1]!, m[2] ?? '/', url.searchParams, body, false));
      }
    } catch (error) {
      response = toResponse(error);
    }
    call.status = response.status;
    this.calls.push(call);
    if (drop) {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8' };
    if (call.counted || response.status === 403) headers['Sforce-Limit-Info'] = `api-usage=${this.apiUsage}/${this.dailyLimit}`;
    res.writeHead(response.status, headers);
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  }

  #takeFailure(call: { method: string; path: string }): Failure | undefined {
    const entry = this.#failures.find((f) => f.times > 0 && f.when(call));
    if (!entry) return undefined;
    entry.times--;
    this.#failures = this.#failures.filter((f) => f.times > 0);
    return entry.failure;
  }

  #failureError(failure: Failure): HttpError {
    const status = failure.status ?? (failure.errorCode === 'REQUEST_LIMIT_EXCEEDED' ? 403 : failure.errorCode === 'INVALID_SESSION_ID' ? 401 : 503);
    const errorCode = failure.errorCode ?? (status === 503 ? 'SERVER_UNAVAILABLE' : status === 401 ? 'INVALID_SESSION_ID' : status === 403 ? 'REQUEST_LIMIT_EXCEEDED' : 'UNKNOWN_EXCEPTION');
    const message = failure.message ?? ({
      SERVER_UNAVAILABLE: 'Service temporarily unavailable, please try again later.',
      INVALID_SESSION_ID: 'Session expired or invalid',
      REQUEST_LIMIT_EXCEEDED: 'TotalRequests Limit exceeded.',
    } as Record<string, string>)[errorCode] ?? 'An unexpected error occurred.';
    return sfError(status, errorCode, message);
  }

  #oauth(raw: string): Response {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== this.refreshToken) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
    }
    this.accessToken = `00D000000000001!${randomBytes(24).toString('base64url')}`;
    return {
      status: 200,
      body: {
        access_token: this.accessToken, instance_url: this.url, id: `${this.url}/id/00D000000000001AAA/${this.userId}`,
        token_type: 'Bearer', issued_at: String(Date.now()), signature: randomBytes(32).toString('base64'), scope: 'api refresh_token',
      },
    };
  }

  #versions(): { label: string; url: string; version: string }[] {
    const out = [];
    for (let v = OLDEST_VERSION; v <= Number(LATEST_VERSION); v++) out.push({ label: `v${v}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    return out;
  }

  /**
   * Routes one request (top level or a composite subrequest; `nested` ones are not counted again;
   * `allOrNone`: the subrequest runs inside an all-or-none Composite, which overrides a collection's flag).
   */
  #route(method: string, version: string, path: string, params: URLSearchParams, body: unknown, nested: boolean, allOrNone = false): Response {
    const v = Number(version);
    if (!(v >= OLDEST_VERSION && v <= Number(LATEST_VERSION))) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [head, ...rest] = parts;
    if (!head && method === 'GET') return { status: 200, body: { sobjects: `/services/data/v${version}/sobjects`, query: `/services/data/v${version}/query`, composite: `/services/data/v${version}/composite`, limits: `/services/data/v${version}/limits` } };
    if (head === 'limits' && method === 'GET') return { status: 200, body: { DailyApiRequests: { Max: this.dailyLimit, Remaining: Math.max(0, this.dailyLimit - this.apiUsage) } } };
    if (head === 'query' && method === 'GET') {
      if (rest.length === 1) return this.#queries.more(rest[0]!, version);
      const q = params.get('q');
      if (!q) throw sfError(400, 'MALFORMED_QUERY', 'query parameter q is required');
      return this.#queries.run(q, version);
    }
    if (head === 'sobjects' && rest.length >= 1) return sobjectResource(this.#org, method, rest, body, params);
    if (head === 'composite' && rest[0] === 'sobjects') return collectionResource(this.#org, method, rest.slice(1), body, allOrNone);
    if (head === 'composite' && rest.length === 0 && method === 'POST' && !nested) return this.#composite(version, body);
    throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  // ---- composite ----------------------------------------------------------------------------

  /**
   * Composite: ≤ 25 subrequests, ≤ 5 of them queries or collections, one API call. Each subrequest
   * names its method in capitals and a unique referenceId, and sets no Accept, Authorization or
   * Content-Type header (those fail the whole request with a 400). allOrNone rolls all back: the
   * failed subrequest keeps its error, every other one answers 400 PROCESSING_HALTED.
   * https://developer.salesforce.com/docs/platform/api-rest/guide/requests-composite.html
   * https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling/tooling_responses_composite_composite.htm
   */
  #composite(version: string, body: unknown): Response {
    const input = body as { allOrNone?: unknown; compositeRequest?: unknown } | undefined;
    if (!input || !Array.isArray(input.compositeRequest)) throw sfError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
    const subrequests = input.compositeRequest as { method?: string; url?: string; referenceId?: string; body?: unknown; httpHeaders?: Record<string, string> }[];
    if (subrequests.length > 25) throw sfError(400, 'LIMIT_EXCEEDED', 'Composite request can contain up to 25 subrequests');
    const heavy = subrequests.filter((s) => /\/(query|queryAll|composite\/sobjects)\b/.test(s.url ?? '')).length;
    if (heavy > 5) throw sfError(400, 'LIMIT_EXCEEDED', 'Composite request can contain up to 5 sObject Collection or query subrequests');
    const seen = new Set<string>();
    for (const sub of subrequests) {
      if (typeof sub.referenceId !== 'string' || !/^[A-Za-z0-9_]+$/.test(sub.referenceId)) throw sfError(400, 'JSON_PARSER_ERROR', 'Each subrequest needs a referenceId of letters, digits and underscores');
      if (seen.has(sub.referenceId)) throw sfError(400, 'JSON_PARSER_ERROR', `Duplicate referenceId: ${sub.referenceId}`);
      seen.add(sub.referenceId);
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(sub.method ?? '')) throw sfError(400, 'JSON_PARSER_ERROR', `Invalid method '${String(sub.method)}': use GET, POST, PUT, PATCH or DELETE (case sensitive)`);
      const inherited = Object.keys(sub.httpHeaders ?? {}).find((h) => ['accept', 'authorization', 'content-type'].includes(h.toLowerCase()));
      if (inherited) throw sfError(400, 'INVALID_API_INPUT', `Subrequests inherit the ${inherited} header from the composite request: do not set it`);
    }
    const allOrNone = input.allOrNone === true;
    const snapshot = this.#org.snapshot();
    const results: { referenceId: string; httpStatusCode: number; body: unknown; httpHeaders: Record<string, string> }[] = [];
    const byRef = new Map<string, unknown>();
    let failedAt = -1;
    for (const [i, sub] of subrequests.entries()) {
      const referenceId = sub.referenceId!;
      let response: Response;
      const httpHeaders: Record<string, string> = {};
      try {
        const url = substitute(sub.url ?? '', byRef);
        const subBody = sub.body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(sub.body), byRef));
        const parsed = new URL(url, 'http://fake');
        const m = parsed.pathname.match(VERSION_RE);
        if (!m || m[1] !== version) throw sfError(400, 'INVALID_API_INPUT', `Invalid subrequest URL: ${url}`);
        response = this.#route(sub.method!, m[1]!, m[2] ?? '/', parsed.searchParams, subBody, true, allOrNone);
        const created = response.body as { id?: unknown } | undefined;
        if (response.status === 201 && sub.method === 'POST' && typeof created?.id === 'string') httpHeaders.Location = `${parsed.pathname}/${created.id}`;
      } catch (error) {
        response = toResponse(error);
      }
      results.push({ referenceId, httpStatusCode: response.status, body: response.body ?? null, httpHeaders });
      // Under an all-or-none Composite, a collection with a failed record fails the whole request.
      const collectionFailed = allOrNone && Array.isArray(response.body) && response.body.some((r) => (r as { success?: unknown })?.success === false);
      if (response.status < 400 && !collectionFailed) byRef.set(referenceId, response.body);
      else if (failedAt < 0) {
        failedAt = i;
        if (allOrNone) break;
      }
    }
    if (allOrNone && failedAt >= 0) {
      this.#org.restore(snapshot);
      const out = subrequests.map((sub, i) => (i === failedAt ? results[i]! : { referenceId: sub.referenceId!, httpStatusCode: 400, body: HALTED, httpHeaders: {} }));
      return { status: 200, body: { compositeResponse: out } };
    }
    return { status: 200, body: { compositeResponse: results } };
  }
}

/** Replaces `@{ref.path}` references to earlier subrequest results. */
function substitute(text: string, byRef: Map<string, unknown>): string {
  return text.replace(/@\{([\w]+)((?:\.[\w]+|\[\d+\])*)\}/g, (_, ref: string, path: string) => {
    if (!byRef.has(ref)) throw sfError(400, 'PROCESSING_HALTED', `Invalid reference specified. No value for ${ref} found in ${ref}.`);
    let value: unknown = byRef.get(ref);
    for (const step of path.match(/\.[\w]+|\[\d+\]/g) ?? []) {
      const key = step.startsWith('.') ? step.slice(1) : Number(step.slice(1, -1));
      value = (value as Record<string | number, unknown> | undefined)?.[key];
    }
    return String(value);
  });
}
