import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadSchema, to18, ID_RE, type FieldDef, type ObjectDef, type Schema } from './schema.js';
import {
  aggregate, evalExpr, exprKey, matches, outputKeys, parseSoql, sortBy, SoqlError, valueAt,
  type Expr, type FieldPath, type Query,
} from './soql.js';

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

export type ValidationRule = (record: Record<string, unknown>) => { message: string; fields: string[] } | null;

export interface FakeSalesforceOptions {
  /** The sfdx project's objects folder; default packages/salesforce/force-app/main/default/objects. */
  objectsDir?: string;
  /** Records per query page before nextRecordsUrl (Salesforce: 2000 by default). */
  pageSize?: number;
  /** DailyApiRequests Max. */
  dailyLimit?: number;
  /** The clock for CreatedDate and friends. */
  clock?: () => Date;
}

class RecordError extends Error {
  constructor(readonly statusCode: string, message: string, readonly fields: string[] = []) {
    super(message);
  }
}

class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

const sfError = (status: number, errorCode: string, message: string, fields?: string[]) =>
  new HttpError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);

export const LATEST_VERSION = '64.0';
const OLDEST_VERSION = 31;
const VERSION_RE = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;
const ROLLED_BACK = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] as string[] };
const HALTED = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];

/** Salesforce's date-time output: `2026-01-05T09:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

type Row = Record<string, unknown>;

interface Response {
  status: number;
  body?: unknown;
}

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
  #data = new Map<string, Map<string, Row>>();
  #counters = new Map<string, number>();
  #cursors = new Map<string, { rows: Row[]; query: Query; version: string }>();
  #failures: { when: (call: { method: string; path: string }) => boolean; failure: Failure; times: number }[] = [];
  #rules = new Map<string, ValidationRule[]>();
  #server: Server | undefined;
  #clock: () => Date;
  url = '';

  private constructor(options: FakeSalesforceOptions) {
    const objectsDir = options.objectsDir ?? join(import.meta.dirname, '..', '..', '..', 'packages', 'salesforce', 'force-app', 'main', 'default', 'objects');
    this.schema = loadSchema(objectsDir);
    this.pageSize = options.pageSize ?? 2000;
    this.dailyLimit = options.dailyLimit ?? 100_000;
    this.#clock = options.clock ?? (() => new Date());
    this.userId = this.insert('User', { Name: 'Integration User', Alias: 'integ', Username: 'integration@leadloop.example' });
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
    const users = this.#data.get('user');
    this.#data = new Map(users ? [['user', new Map([...users].filter(([id]) => id === this.userId))]] : []);
    this.#cursors.clear();
    this.#failures = [];
    this.#rules.clear();
    this.apiUsage = 0;
    this.resetCalls();
  }

  /** Makes the next `times` matching calls fail (default: any call, once). */
  fail(failure: Failure, options: { times?: number; when?: (call: { method: string; path: string }) => boolean } = {}): void {
    this.#failures.push({ failure, times: options.times ?? 1, when: options.when ?? (() => true) });
  }

  /** The current access token stops working (INVALID_SESSION_ID) until refreshed through OAuth. */
  expireSession(): void {
    this.accessToken = `00D000000000001!${randomBytes(24).toString('base64url')}`;
  }

  /** A validation rule on an object: FIELD_CUSTOM_VALIDATION_EXCEPTION when it returns an error. */
  addValidationRule(objectName: string, rule: ValidationRule): void {
    const key = objectName.toLowerCase();
    this.#rules.set(key, [...(this.#rules.get(key) ?? []), rule]);
  }

  /** Inserts a record as a data load with audit fields would (CreatedDate, IsConverted settable); returns its Id. */
  insert(objectName: string, values: Record<string, unknown>): string {
    const object = this.#object(objectName);
    const record = this.#newRecord(object);
    this.#assign(object, record, values, { system: true });
    this.#finish(object, record);
    this.#check(object, record, undefined);
    this.#table(object).set(record.Id as string, record);
    return record.Id as string;
  }

  /** Every record of an object in API form (datetimes as Salesforce prints them). */
  records(objectName: string): Row[] {
    const object = this.#object(objectName);
    return [...this.#table(object).values()].map((r) => this.#output(object, r));
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
        const auth = req.headers.authorization ?? '';
        if (auth !== `Bearer ${this.accessToken}` && auth !== `OAuth ${this.accessToken}`) throw sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
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
        response = this.#route(method, m[1]!, m[2] ?? '/', url.searchParams, body, false);
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

  /** Routes one request (top level or a composite subrequest; `nested` ones are not counted again). */
  #route(method: string, version: string, path: string, params: URLSearchParams, body: unknown, nested: boolean): Response {
    const v = Number(version);
    if (!(v >= OLDEST_VERSION && v <= Number(LATEST_VERSION))) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const [head, ...rest] = parts;
    if (!head && method === 'GET') return { status: 200, body: { sobjects: `/services/data/v${version}/sobjects`, query: `/services/data/v${version}/query`, composite: `/services/data/v${version}/composite`, limits: `/services/data/v${version}/limits` } };
    if (head === 'limits' && method === 'GET') return { status: 200, body: { DailyApiRequests: { Max: this.dailyLimit, Remaining: Math.max(0, this.dailyLimit - this.apiUsage) } } };
    if (head === 'query' && method === 'GET') {
      if (rest.length === 1) return this.#queryMore(rest[0]!, version);
      const q = params.get('q');
      if (!q) throw sfError(400, 'MALFORMED_QUERY', 'query parameter q is required');
      return this.#query(q, version);
    }
    if (head === 'sobjects' && rest.length >= 1) return this.#sobject(method, version, rest, body, params);
    if (head === 'composite' && rest[0] === 'sobjects') return this.#collection(method, version, rest.slice(1), body);
    if (head === 'composite' && rest.length === 0 && method === 'POST' && !nested) return this.#composite(version, body);
    throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  // ---- query ------------------------------------------------------------------------------

  #lookup = (objectName: string, id: string): Row | undefined => this.#data.get(objectName.toLowerCase())?.get(to18(id.slice(0, 15)));

  #query(soql: string, version: string): Response {
    let query: Query;
    try {
      query = parseSoql(soql, this.schema);
    } catch (error) {
      if (error instanceof SoqlError) throw sfError(400, error.errorCode, `\n${soql}\n^\nERROR at Row:1:Column:1\n${error.message}`);
      throw error;
    }
    const all = [...this.#table(query.object).values()].filter((r) => matches(r, query.where, this.#lookup));
    if (query.countOnly) return { status: 200, body: { totalSize: Math.min(all.length, query.limit ?? Infinity), done: true, records: [] } };
    let rows: Row[];
    if (query.aggregate) {
      const groups = sortBy(aggregate(query, all, this.#lookup), query.orderBy, (row, expr) => row.byExpr.get(exprKey(expr)));
      const limited = groups.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
      if (limited.length > 2000) {
        throw sfError(400, 'EXCEEDED_ID_LIMIT', 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch');
      }
      rows = limited.map((g) => ({ attributes: { type: 'AggregateResult' }, ...this.#aggregateOutput(query, g.values) }));
      return { status: 200, body: { totalSize: rows.length, done: true, records: rows } };
    }
    const sorted = sortBy(all, query.orderBy, (row, expr: Expr) => evalExpr(row, expr, this.#lookup));
    const selected = sorted.slice(query.offset, query.limit === null ? undefined : query.offset + query.limit);
    rows = selected.map((r) => this.#project(query, r, version));
    return this.#page(rows, query, version, 0);
  }

  #page(rows: Row[], query: Query, version: string, start: number): Response {
    const page = rows.slice(start, start + this.pageSize);
    const done = start + page.length >= rows.length;
    const body: Row = { totalSize: rows.length, done, records: page };
    if (!done) {
      const cursor = `01g${randomBytes(6).toString('hex').toUpperCase()}`;
      this.#cursors.set(cursor, { rows, query, version });
      body.nextRecordsUrl = `/services/data/v${version}/query/${cursor}-${start + page.length}`;
    }
    return { status: 200, body };
  }

  #queryMore(locator: string, version: string): Response {
    const m = locator.match(/^(01g\w+)-(\d+)$/);
    const cursor = m ? this.#cursors.get(m[1]!) : undefined;
    if (!m || !cursor) throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return this.#page(cursor.rows, cursor.query, version, Number(m[2]));
  }

  #aggregateOutput(query: Query, values: Record<string, unknown>): Row {
    const out: Row = {};
    const keys = outputKeys(query);
    query.select.forEach((s, i) => {
      const key = keys[i]!;
      const v = values[key];
      out[key] = s.expr.kind === 'field' ? this.#format(s.expr.path.field, v) : s.expr.kind === 'agg' && s.expr.path && ['MIN', 'MAX'].includes(s.expr.fn) ? this.#format(s.expr.path.field, v) : v;
    });
    return out;
  }

  /** A record as a query returns it: attributes, the selected fields, nested parents for paths. */
  #project(query: Query, record: Row, version: string): Row {
    const out: Row = { attributes: this.#attributes(query.object, record, version) };
    for (const item of query.select) {
      if (item.expr.kind !== 'field') continue;
      this.#place(out, record, item.expr.path, version);
    }
    return out;
  }

  #place(out: Row, record: Row, path: FieldPath, version: string): void {
    let target = out;
    let current: Row | undefined = record;
    for (const step of path.steps) {
      const id: unknown = current?.[step.name];
      const parent: Row | undefined = typeof id === 'string' ? this.#lookup(step.referenceTo!, id) : undefined;
      if (!parent) {
        target[step.relationshipName!] = null;
        return;
      }
      const existing = target[step.relationshipName!];
      const next = (existing && typeof existing === 'object' ? existing : { attributes: this.#attributes(this.#object(step.referenceTo!), parent, version) }) as Row;
      target[step.relationshipName!] = next;
      target = next;
      current = parent;
    }
    target[path.field.name] = this.#format(path.field, current![path.field.name] ?? null);
  }

  #attributes(object: ObjectDef, record: Row, version: string): Row {
    return { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${String(record.Id)}` };
  }

  #format(field: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (field.type === 'datetime') return formatDateTime(value as number);
    return value;
  }

  #output(object: ObjectDef, record: Row): Row {
    const out: Row = { attributes: this.#attributes(object, record, LATEST_VERSION) };
    for (const field of object.fields.values()) out[field.name] = this.#format(field, record[field.name] ?? null);
    return out;
  }

  // ---- records ----------------------------------------------------------------------------

  #object(name: string): ObjectDef {
    const object = this.schema.get(name.toLowerCase());
    if (!object) throw sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
    return object;
  }

  #table(object: ObjectDef): Map<string, Row> {
    let table = this.#data.get(object.name.toLowerCase());
    if (!table) this.#data.set(object.name.toLowerCase(), (table = new Map()));
    return table;
  }

  #newRecord(object: ObjectDef): Row {
    const n = (this.#counters.get(object.name) ?? 0) + 1;
    this.#counters.set(object.name, n);
    const id = to18(`${object.keyPrefix}${'0'.repeat(12 - String(n).length)}${n}`.slice(0, 15).padEnd(15, '0'));
    const now = Math.floor(this.#clock().getTime() / 1000) * 1000;
    const record: Row = { Id: id, CreatedDate: now, LastModifiedDate: now, SystemModstamp: now, CreatedById: this.userId };
    for (const field of object.fields.values()) {
      if (field.defaultValue !== undefined && record[field.name] === undefined) record[field.name] = field.defaultValue;
    }
    if (object.name.endsWith('__c')) record.Name = `${object.keyPrefix}-${String(n).padStart(6, '0')}`;
    return record;
  }

  /** Copies API values into a record, converting and checking each as Salesforce does. */
  #assign(object: ObjectDef, record: Row, values: Record<string, unknown>, mode: { system?: boolean; create?: boolean }): void {
    const readOnly: string[] = [];
    for (const [key, value] of Object.entries(values)) {
      if (key === 'attributes') continue;
      const field = object.fields.get(key.toLowerCase());
      if (!field) throw new RecordError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
      if (field.name === 'Id') continue;
      if (field.readOnly && !mode.system) {
        readOnly.push(field.name);
        continue;
      }
      record[field.name] = this.#convert(field, value);
    }
    if (readOnly.length > 0) {
      throw new RecordError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    }
  }

  #convert(field: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined || value === '') {
      return field.type === 'boolean' ? false : null;
    }
    const bad = (): never => {
      throw new RecordError('JSON_PARSER_ERROR', `Cannot deserialize instance of ${field.type} from ${typeof value} value ${JSON.stringify(value)} or request may be missing a required field`, [field.name]);
    };
    switch (field.type) {
      case 'datetime': {
        if (typeof value !== 'string' && typeof value !== 'number') return bad();
        const ms = typeof value === 'number' ? value : Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (Number.isNaN(ms)) return bad();
        return Math.floor(ms / 1000) * 1000; // Salesforce keeps date-times to the second
      }
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return bad();
        return value.slice(0, 10);
      case 'double': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (!Number.isFinite(n)) return bad();
        const digits = Math.abs(Math.trunc(n)).toString().length;
        if (field.precision !== undefined && digits > field.precision) {
          throw new RecordError('NUMBER_OUTSIDE_VALID_RANGE', `${field.name}: value outside of valid range on numeric field: ${n}`, [field.name]);
        }
        const factor = 10 ** (field.scale ?? 0);
        return Math.round(n * factor) / factor;
      }
      case 'boolean':
        if (typeof value !== 'boolean') return bad();
        return value;
      case 'reference':
      case 'id': {
        if (typeof value !== 'string') return bad();
        if (!ID_RE.test(value)) throw new RecordError('MALFORMED_ID', `${field.name}: id value of incorrect type: ${value}`, [field.name]);
        return to18(value.slice(0, 15));
      }
      default: {
        if (typeof value !== 'string') return bad();
        if (field.length !== undefined && value.length > field.length) {
          throw new RecordError('STRING_TOO_LONG', `${field.name.replace(/__c$/, '')}: data value too large: ${value.slice(0, 40)}… (max length=${field.length})`, [field.name]);
        }
        return value;
      }
    }
  }

  /** Platform-computed fields. */
  #finish(object: ObjectDef, record: Row): void {
    if (object.name === 'Lead') record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ') || null;
    if (object.name === 'Lead' && !record.OwnerId) record.OwnerId = this.userId;
    record.LastModifiedDate = record.SystemModstamp = Math.floor(this.#clock().getTime() / 1000) * 1000;
  }

  /** Required fields, references, unique values and validation rules, against the table as it is. */
  #check(object: ObjectDef, record: Row, table: Map<string, Row> | undefined): void {
    const missing = [...object.fields.values()].filter((f) => f.required && (record[f.name] === null || record[f.name] === undefined)).map((f) => f.name);
    if (missing.length > 0) throw new RecordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    for (const field of object.fields.values()) {
      const value = record[field.name];
      if (field.type === 'reference' && typeof value === 'string' && !this.#lookup(field.referenceTo!, value)) {
        throw new RecordError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
      }
      if (field.unique && typeof value === 'string' && table) {
        const same = (other: unknown) => typeof other === 'string' && (field.caseSensitive ? other === value : other.toLowerCase() === value.toLowerCase());
        for (const other of table.values()) {
          if (other.Id !== record.Id && same(other[field.name])) {
            throw new RecordError('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${String(other.Id)}`, []);
          }
        }
      }
    }
    for (const rule of this.#rules.get(object.name.toLowerCase()) ?? []) {
      const problem = rule(this.#output(object, record));
      if (problem) throw new RecordError('FIELD_CUSTOM_VALIDATION_EXCEPTION', problem.message, problem.fields);
    }
  }

  #create(object: ObjectDef, values: Record<string, unknown>): string {
    if (values.Id !== undefined || values.id !== undefined) throw new RecordError('INVALID_FIELD', 'Cannot specify Id in an insert call', ['Id']);
    const record = this.#newRecord(object);
    this.#assign(object, record, values, { create: true });
    this.#finish(object, record);
    const table = this.#table(object);
    this.#check(object, record, table);
    table.set(record.Id as string, record);
    return record.Id as string;
  }

  #update(object: ObjectDef, id: string, values: Record<string, unknown>): string {
    if (!ID_RE.test(id)) throw new RecordError('MALFORMED_ID', `Record ID: id value of incorrect type: ${id}`, ['Id']);
    const table = this.#table(object);
    const existing = table.get(to18(id.slice(0, 15)));
    if (!existing) throw new RecordError('ENTITY_IS_DELETED', 'entity is deleted', []);
    const record = { ...existing };
    this.#assign(object, record, values, {});
    this.#finish(object, record);
    this.#check(object, record, table);
    table.set(record.Id as string, record);
    return record.Id as string;
  }

  #upsert(object: ObjectDef, fieldName: string, value: string, values: Record<string, unknown>): { id: string; created: boolean } {
    const field = object.fields.get(fieldName.toLowerCase());
    if (!field || (!field.externalId && field.name !== 'Id')) {
      throw new RecordError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`, []);
    }
    const same = (other: unknown) => typeof other === 'string' && (field.caseSensitive ? other === value : other.toLowerCase() === value.toLowerCase());
    const found = [...this.#table(object).values()].filter((r) => same(r[field.name]));
    if (found.length > 1) throw new RecordError('DUPLICATE_EXTERNAL_ID', `${fieldName}: more than one record found for external id field: ${found.map((r) => r.Id).join(', ')}`, [field.name]);
    if (found[0]) return { id: this.#update(object, found[0].Id as string, values), created: false };
    return { id: this.#create(object, { ...values, [field.name]: value }), created: true };
  }

  #snapshot(): Map<string, Map<string, Row>> {
    return new Map([...this.#data].map(([k, table]) => [k, new Map([...table].map(([id, r]) => [id, { ...r }]))]));
  }

  #sobject(method: string, version: string, parts: string[], body: unknown, params: URLSearchParams): Response {
    const object = this.#object(parts[0]!);
    const asBody = (): Record<string, unknown> => {
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw sfError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object');
      return body as Record<string, unknown>;
    };
    const single = <T>(work: () => T): T => {
      try {
        return work();
      } catch (error) {
        if (error instanceof RecordError) {
          const status = error.statusCode === 'ENTITY_IS_DELETED' || error.statusCode === 'NOT_FOUND' ? 404 : error.statusCode === 'DUPLICATE_EXTERNAL_ID' ? 300 : 400;
          throw sfError(status, error.statusCode, error.message, error.fields);
        }
        throw error;
      }
    };
    if (parts.length === 1 && method === 'POST') {
      const id = single(() => this.#create(object, asBody()));
      return { status: 201, body: { id, success: true, errors: [] } };
    }
    if (parts.length === 2 && method === 'GET') {
      const record = ID_RE.test(parts[1]!) ? this.#lookup(object.name, parts[1]!) : undefined;
      if (!record) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const full = this.#output(object, record);
      const wanted = params.get('fields');
      if (!wanted) return { status: 200, body: full };
      const out: Row = { attributes: full.attributes };
      for (const name of wanted.split(',')) {
        const field = object.fields.get(name.trim().toLowerCase());
        if (!field) throw sfError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
        out[field.name] = full[field.name];
      }
      return { status: 200, body: out };
    }
    if (parts.length === 2 && method === 'PATCH') {
      const snapshot = this.#snapshot();
      try {
        single(() => this.#update(object, parts[1]!, asBody()));
      } catch (error) {
        this.#data = snapshot;
        throw error;
      }
      return { status: 204 };
    }
    if (parts.length === 3 && method === 'PATCH') {
      const result = single(() => this.#upsert(object, parts[1]!, parts[2]!, asBody()));
      return { status: result.created ? 201 : 200, body: { id: result.id, success: true, errors: [], created: result.created } };
    }
    throw sfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,POST`);
  }

  /** sObject Collections: POST creates, PATCH updates, PATCH …/Type/ExternalIdField upserts; ≤ 200 records. */
  #collection(method: string, version: string, parts: string[], body: unknown): Response {
    const input = body as { allOrNone?: unknown; records?: unknown } | undefined;
    if (!input || !Array.isArray(input.records)) throw sfError(400, 'JSON_PARSER_ERROR', 'records is required');
    const records = input.records as Record<string, unknown>[];
    if (records.length > 200) throw sfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    const allOrNone = input.allOrNone === true;
    const upsertField = method === 'PATCH' && parts.length === 2 ? parts[1]! : undefined;
    if (!(method === 'POST' && parts.length === 0) && !(method === 'PATCH' && (parts.length === 0 || parts.length === 2))) {
      throw sfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed.`);
    }
    const snapshot = this.#snapshot();
    let failed = false;
    const results = records.map((values) => {
      try {
        const typeName = (values?.attributes as { type?: string } | undefined)?.type ?? parts[0];
        if (!typeName) throw new RecordError('INVALID_TYPE', 'Must send a concrete entity type.');
        const object = this.schema.get(typeName.toLowerCase());
        if (!object) throw new RecordError('INVALID_TYPE', `sObject type '${typeName}' is not supported.`);
        const { attributes: _attributes, ...rest } = values;
        if (upsertField) {
          const key = rest[upsertField] ?? Object.entries(rest).find(([k]) => k.toLowerCase() === upsertField.toLowerCase())?.[1];
          if (typeof key !== 'string' || key === '') throw new RecordError('MISSING_ARGUMENT', `${upsertField} not specified`, [upsertField]);
          const result = this.#upsert(object, upsertField, key, rest);
          return { id: result.id, success: true, errors: [], created: result.created };
        }
        if (method === 'PATCH') {
          const id = rest.id ?? rest.Id;
          if (typeof id !== 'string') throw new RecordError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
          const { id: _a, Id: _b, ...fields } = rest;
          return { id: this.#update(object, id, fields), success: true, errors: [] };
        }
        return { id: this.#create(object, rest), success: true, errors: [] };
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        failed = true;
        return { success: false, errors: [{ statusCode: error.statusCode, message: error.message, fields: error.fields }] };
      }
    });
    if (failed && allOrNone) {
      this.#data = snapshot;
      return { status: 200, body: results.map((r) => (r.success ? { success: false, errors: [ROLLED_BACK] } : r)) };
    }
    return { status: 200, body: results };
  }

  /** Composite: ≤ 25 subrequests, ≤ 5 of them queries or collections, one API call; allOrNone rolls all back. */
  #composite(version: string, body: unknown): Response {
    const input = body as { allOrNone?: unknown; compositeRequest?: unknown } | undefined;
    if (!input || !Array.isArray(input.compositeRequest)) throw sfError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
    const subrequests = input.compositeRequest as { method?: string; url?: string; referenceId?: string; body?: unknown }[];
    if (subrequests.length > 25) throw sfError(400, 'LIMIT_EXCEEDED', 'Composite request can contain up to 25 subrequests');
    const heavy = subrequests.filter((s) => /\/(query|queryAll|composite\/sobjects)\b/.test(s.url ?? '')).length;
    if (heavy > 5) throw sfError(400, 'LIMIT_EXCEEDED', 'Composite request can contain up to 5 sObject Collection or query subrequests');
    const allOrNone = input.allOrNone === true;
    const snapshot = this.#snapshot();
    const results: { referenceId: string; httpStatusCode: number; body: unknown; httpHeaders: Record<string, string> }[] = [];
    const byRef = new Map<string, unknown>();
    let failedAt = -1;
    for (const [i, sub] of subrequests.entries()) {
      const referenceId = sub.referenceId ?? `ref${i}`;
      let response: Response;
      try {
        const url = substitute(sub.url ?? '', byRef);
        const subBody = sub.body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(sub.body), byRef));
        const parsed = new URL(url, 'http://fake');
        const m = parsed.pathname.match(VERSION_RE);
        if (!m || m[1] !== version) throw sfError(400, 'INVALID_API_INPUT', `Invalid subrequest URL: ${url}`);
        response = this.#route((sub.method ?? 'GET').toUpperCase(), m[1]!, m[2] ?? '/', parsed.searchParams, subBody, true);
      } catch (error) {
        response = toResponse(error);
      }
      results.push({ referenceId, httpStatusCode: response.status, body: response.body ?? null, httpHeaders: {} });
      // Under an all-or-none Composite, a collection with a failed record fails the whole request.
      const collectionFailed = allOrNone && Array.isArray(response.body) && response.body.some((r) => (r as { success?: unknown })?.success === false);
      if (response.status < 400 && !collectionFailed) byRef.set(referenceId, response.body);
      else if (failedAt < 0) {
        failedAt = i;
        if (allOrNone) break;
      }
    }
    if (allOrNone && failedAt >= 0) {
      this.#data = snapshot;
      const out = subrequests.map((sub, i) => (i === failedAt ? results[i]! : { referenceId: sub.referenceId ?? `ref${i}`, httpStatusCode: 400, body: HALTED, httpHeaders: {} }));
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

function toResponse(error: unknown): Response {
  if (error instanceof HttpError) return { status: error.status, body: error.body };
  if (error instanceof RecordError) return { status: 400, body: [{ message: error.message, errorCode: error.statusCode, fields: error.fields }] };
  return { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: error instanceof Error ? error.message : String(error) }] };
}

export { valueAt };
