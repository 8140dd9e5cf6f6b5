import {
  applyFeedback, expectValid, feedbackFingerprint, invalidInput, isLeadLoopError, LeadLoopError, parseFeedbackInput, parseLead,
  type AdapterChange, type ChecklistInput, type Feedback, type FeedbackInput, type FeedbackSummary, type FunnelQuery, type FunnelReport, type Lead, type LeadDetail,
  type LeadLoopConfig, type QualificationDefinition, type QualificationResult, type Reason, type SummaryQuery,
} from '@leadloop/core';
import { SalesforceAdapter, type SalesforceAdapterOptions } from '@leadloop/adapters/salesforce-adapter';
import { parseLimitInfo, subrequestBody, type ApiUsage, type CompositeSubrequest, type FetchLike, type QueryResult, type SaveResult } from '@leadloop/adapters/salesforce-adapter-client';
import {
  errorFromSalesforce, FEEDBACK_OBJECT, FEEDBACK_SELECT, feedbackToRecord, isSalesforceId, LEAD_FIELDS,
  leadIdOf, leadLoopFields, leadSelect, leadToRecord, recordToFeedback, recordToLead, sha256Hex, soqlString, toSalesforceTime,
} from '@leadloop/adapters/salesforce-adapter-mapping';
import type { Store, StoreApprovalInput, SubmitFeedbackOptions, SubmitFeedbackResult } from './store.js';

export interface SalesforceStoreOptions extends Omit<SalesforceAdapterOptions, 'baseUrl' | 'accessToken' | 'user'> {
  /** The org's instance URL. */
  instanceUrl: string;
  /** The current access token (or a function that returns it). */
  accessToken: string | (() => string | Promise<string>);
  /** Gets a new access token after a 401 (a refresh token exists); without it a 401 fails with a clear message. */
  refresh?: () => Promise<string>;
  /** How long submitFeedback gathers others into one batch; default 25 ms. */
  batchWindowMs?: number;
  /** Feedback records written per flush; default 1000. */
  maxBatch?: number;
  /** How long submitFeedback waits for its batch to reach the org before answering unavailable (it stays queued); default 15 s. */
  acceptTimeoutMs?: number;
  /** First wait before retrying a batch Salesforce refused for now (503, REQUEST_LIMIT_EXCEEDED), doubled to 5 min; default 1 s. */
  retryDelayMs?: number;
  /** Share of the daily API limit after which writes slow down (bigger, rarer batches); default 0.9. */
  slowDownAt?: number;
  /** Share of the daily limit kept for people working in Salesforce: writes wait past it; default 0.98. */
  reserveAt?: number;
  /** Waits; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  storeKey: string;
  fingerprint: string;
  input: FeedbackInput;
  by: string;
  at: string;
  promise: Promise<Feedback>;
  resolve: (feedback: Feedback) => void;
  reject: (error: unknown) => void;
  replayed?: boolean;
  /** Sent to Salesforce at least once (a key found later is then our own write, not a replay). */
  attempted?: boolean;
}

const KEY_RE = /^[\x21-\x7e]{1,255}$/;
const KEYS_PER_QUERY = 400;
const IDS_PER_QUERY = 500;
const COLLECTION = 200;
const MAX_RETRY_MS = 300_000;

/** How long to wait before the next write batch at this API usage: none below slowDownAt, rising to a minute at the reserve, then until the limit resets. */
export function writeDelayMs(usage: ApiUsage | undefined, slowDownAt = 0.9, reserveAt = 0.98): number {
  if (!usage || usage.max <= 0) return 0;
  const share = usage.used / usage.max;
  if (share < slowDownAt) return 0;
  if (share >= reserveAt) return MAX_RETRY_MS;
  return Math.round(60_000 * ((share - slowDownAt) / (reserveAt - slowDownAt)));
}

const chunk = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * The server's Store in a Salesforce org, through the REST API. Reads are the SalesforceAdapter's
 * (aggregates for the funnel and summaries). Feedback is accepted into a queue and written in
 * batches: one read call for keys and leads, then Composite calls of sObject Collections (≤ 200
 * records each, feedback upserted by its idempotency key together with the leads it changes,
 * all or nothing) — 1,000 feedback in 4 calls. A batch Salesforce refuses for now (503,
 * REQUEST_LIMIT_EXCEEDED, a lost response) stays queued and is retried with backoff; the key as
 * external id makes a retried write land once. Sforce-Limit-Info slows writes down near the daily
 * limit. A 401 refreshes the token once when a refresh exists, else fails clearly.
 */
export class SalesforceStore implements Store {
  readonly kind = 'salesforce';
  readonly adapter: SalesforceAdapter;
  readonly #options: SalesforceStoreOptions;
  readonly #listeners = new Set<(change: AdapterChange) => void>();
  readonly #pending = new Map<string, Pending>();
  #queue: Pending[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> | undefined;
  #failures = 0;
  #closed = false;
  #token: string | undefined;
  usage: ApiUsage | undefined;

  constructor(options: SalesforceStoreOptions) {
    this.#options = options;
    const base = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
    const fetchWithAuth: FetchLike = async (input, init = {}) => {
      const send = async (token: string) => base(input, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` } });
      let response = await send(await this.#currentToken());
      if (response.status === 401) {
        if (!options.refresh) {
          throw new LeadLoopError('unauthorized', 'Salesforce refused the access token (INVALID_SESSION_ID) and there is no refresh token: log in again (sf org login web) or set a new SF_ACCESS_TOKEN.', { retryable: false });
        }
        this.#token = await options.refresh();
        response = await send(this.#token);
      }
      const usage = parseLimitInfo(response.headers.get('Sforce-Limit-Info'));
      if (usage) this.usage = usage;
      return response;
    };
    this.adapter = new SalesforceAdapter({ ...options, baseUrl: options.instanceUrl, fetch: fetchWithAuth });
  }

  /** A store on an org the sf CLI is logged in to (`sf org login web --alias ALIAS`): token and refresh from its auth store. */
  static async fromOrg(aliasOrUsername: string, options: Omit<SalesforceStoreOptions, 'instanceUrl' | 'accessToken' | 'refresh'> = {}): Promise<SalesforceStore> {
    const { Org } = await import('@salesforce/core');
    const org = await Org.create({ aliasOrUsername });
    const connection = org.getConnection();
    return new SalesforceStore({
      ...options,
      apiVersion: options.apiVersion ?? connection.getApiVersion(),
      instanceUrl: connection.instanceUrl,
      accessToken: () => connection.accessToken ?? '',
      refresh: async () => {
        await connection.refreshAuth();
        return connection.accessToken ?? '';
      },
    });
  }

  async #currentToken(): Promise<string> {
    if (this.#token) return this.#token;
    const token = this.#options.accessToken;
    return typeof token === 'function' ? await token() : token;
  }

  get #client() {
    return this.adapter.client;
  }

  getConfig(): Promise<LeadLoopConfig> {
    return this.adapter.getConfig();
  }

  getLead(id: string): Promise<LeadDetail> {
    return this.adapter.getLead(id);
  }

  listFeedback(leadId: string): Promise<Feedback[]> {
    return this.adapter.listFeedback(leadId);
  }

  getFunnel(query?: FunnelQuery): Promise<FunnelReport> {
    return this.adapter.getFunnel(query);
  }

  getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    return this.adapter.getFeedbackSummary(query);
  }

  getDefinition(): Promise<QualificationDefinition> {
    return this.adapter.getDefinition();
  }

  getDefinitionHistory(): Promise<QualificationDefinition[]> {
    return this.adapter.getDefinitionHistory();
  }

  async saveDefinition(definition: unknown): Promise<QualificationDefinition> {
    const saved = await this.adapter.saveDefinition(definition as QualificationDefinition);
    this.#emit({ type: 'definition', version: saved.version });
    return saved;
  }

  async approveDefinition(input: StoreApprovalInput): Promise<QualificationDefinition> {
    const approved = await this.adapter.approveDefinition(input);
    this.#emit({ type: 'definition', version: approved.version });
    return approved;
  }

  async saveReasons(reasons: unknown): Promise<Reason[]> {
    const saved = await this.adapter.saveReasons(reasons as Reason[]);
    this.#emit({ type: 'reasons' });
    return saved;
  }

  async saveChecklist(leadId: string, input: ChecklistInput, by: string): Promise<QualificationResult> {
    const result = await this.adapter.saveChecklistAs(leadId, input, by);
    this.#emit({ type: 'checklist', leadId, stage: result.stage });
    return result;
  }

  async countLeads(): Promise<number> {
    return (await this.#client.request<QueryResult>('GET', this.#client.queryPath('SELECT COUNT() FROM Lead'))).totalSize;
  }

  // ---- leads ------------------------------------------------------------------------------

  /**
   * Upserts leads by LeadLoop_Id__c (or updates by Id for Salesforce Ids), owners resolved by user
   * name. All or nothing up to 1,000 leads (one Composite); larger imports go 1,000 at a time.
   * CreatedDate is Salesforce's: an imported lead's createdAt becomes the time it was inserted.
   */
  async putLeads(leads: readonly unknown[]): Promise<number> {
    if (!Array.isArray(leads)) throw invalidInput([{ path: 'leads', message: 'expected an array' }], 'leads');
    const parsed = leads.map((input, i) => {
      const result = parseLead(input, { waterfall: this.adapter.mapping.waterfall });
      if (result.ok) return result.value;
      throw invalidInput(result.error.issues.map((issue) => ({ path: `leads.${i}${issue.path ? `.${issue.path}` : ''}`, message: issue.message })), 'leads');
    });
    const owners = [...new Set(parsed.map((l) => l.owner).filter((o): o is string => Boolean(o)))];
    const users = new Map<string, string>();
    const ownerField = this.adapter.mapping.ownerField;
    if (owners.length > 0 && ownerField !== 'OwnerId') {
      const field = ownerField.slice('Owner.'.length);
      for (const names of chunk(owners, IDS_PER_QUERY)) {
        for (const user of await this.#client.query(`SELECT Id, ${field} FROM User WHERE ${field} IN (${names.map(soqlString).join(', ')})`)) users.set(String(user[field]), String(user.Id));
      }
      const missing = parsed.flatMap((l, i) => (l.owner && !users.has(l.owner) ? [{ path: `leads.${i}.owner`, message: `no Salesforce user with ${field} "${l.owner}"` }] : []));
      if (missing.length > 0) throw invalidInput(missing, 'leads');
    }
    const latest = new Map(parsed.map((lead) => [lead.id, lead]));
    const records = [...latest.values()].map((lead) => {
      const ownerId = lead.owner ? (ownerField === 'OwnerId' ? lead.owner : users.get(lead.owner)) : undefined;
      return { attributes: { type: 'Lead' }, ...leadToRecord(lead, this.adapter.mapping), ...(ownerId ? { OwnerId: ownerId } : {}), ...(isSalesforceId(lead.id) ? { Id: lead.id } : {}) };
    });
    const byKey = records.filter((r) => !('Id' in r));
    const byId = records.filter((r) => 'Id' in r);
    const subrequests: CompositeSubrequest[] = [
      ...chunk(byKey, COLLECTION).map((part, i): CompositeSubrequest => ({ method: 'PATCH', url: `/composite/sobjects/Lead/${LEAD_FIELDS.id}`, referenceId: `upsert${i}`, body: { allOrNone: true, records: part } })),
      ...chunk(byId, COLLECTION).map((part, i): CompositeSubrequest => ({ method: 'PATCH', url: '/composite/sobjects', referenceId: `update${i}`, body: { allOrNone: true, records: part.map(({ Id, ...rest }) => ({ ...rest, id: Id })) } })),
    ];
    for (const group of chunk(subrequests, 5)) await this.#writeComposite(group, 'leads.');
    for (const lead of latest.values()) this.#emit({ type: 'lead', leadId: lead.id });
    return parsed.length;
  }

  async putLeadBatches(batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<number> {
    let count = 0;
    for await (const batch of batches) count += await this.putLeads(batch);
    return count;
  }

  /** Stores feedback as given (imports): once per feedback id, through the same idempotent upsert. */
  async appendFeedback(records: readonly Feedback[]): Promise<number> {
    const ids = await this.#leadRecords([...new Set(records.map((f) => f.leadId))]);
    const rows = records.map((f, i) => {
      const lead = ids.get(f.leadId);
      if (!lead) throw invalidInput([{ path: `${i}.leadId`, message: `no lead ${f.leadId}` }], 'feedback');
      return { attributes: { type: FEEDBACK_OBJECT }, ...feedbackToRecord(f, lead.recordId, `import:${f.id}`.slice(0, 255), 'import') };
    });
    const subrequests = chunk(rows, COLLECTION).map((part, i): CompositeSubrequest => ({ method: 'PATCH', url: `/composite/sobjects/${FEEDBACK_OBJECT}/Idempotency_Key__c`, referenceId: `f${i}`, body: { allOrNone: true, records: part } }));
    for (const group of chunk(subrequests, 5)) await this.#writeComposite(group, '');
    return records.length;
  }

  async #writeComposite(group: CompositeSubrequest[], prefix: string): Promise<void> {
    const results = await this.#client.composite(group, true);
    for (const result of results) {
      const body = subrequestBody<SaveResult[] | unknown>(result, prefix);
      if (Array.isArray(body)) {
        const failed = (body as SaveResult[]).find((r) => !r.success && r.errors.some((e) => e.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK'));
        if (failed) throw errorFromSalesforce(400, failed.errors, prefix);
      }
    }
  }

  /** Leads by core id, as loaded records (record Id and core lead), in a few queries. */
  async #leadRecords(ids: string[]): Promise<Map<string, { recordId: string; lead: Lead }>> {
    const found = new Map<string, { recordId: string; lead: Lead }>();
    const soqls = chunk(ids, IDS_PER_QUERY).map((part) => {
      const sfIds = part.filter(isSalesforceId);
      const byId = sfIds.length > 0 ? ` OR Id IN (${sfIds.map(soqlString).join(', ')})` : '';
      return `SELECT ${leadSelect(this.adapter.mapping).join(', ')} FROM Lead WHERE ${LEAD_FIELDS.id} IN (${part.map(soqlString).join(', ')})${byId}`;
    });
    for (const group of chunk(soqls, 5)) {
      for (const rows of await this.#client.queries(group)) {
        for (const row of rows) {
          const lead = recordToLead(row, this.adapter.mapping);
          found.set(leadIdOf(row), { recordId: String(row.Id), lead });
          found.set(String(row.Id), { recordId: String(row.Id), lead });
        }
      }
    }
    return found;
  }

  // ---- feedback ---------------------------------------------------------------------------

  async submitFeedback(input: unknown, options: SubmitFeedbackOptions): Promise<SubmitFeedbackResult> {
    const key = options?.idempotencyKey;
    if (typeof key !== 'string' || !KEY_RE.test(key)) throw invalidInput([{ path: 'idempotencyKey', message: 'is required: 1–255 visible ASCII characters' }], 'feedback');
    const valid = expectValid(parseFeedbackInput(input, { reasons: await this.adapter.reasonsFor(input) }));
    const fingerprint = await sha256Hex(feedbackFingerprint({ ...valid, by: options.by }));
    // Keys are scoped to the user; hashed to 32 hex so 400 fit in one query.
    const storeKey = `s:${(await sha256Hex(`${options.by}\n${key}`)).slice(0, 32)}`;
    const queued = this.#pending.get(storeKey);
    if (queued) {
      if (queued.fingerprint !== fingerprint) throw new LeadLoopError('conflict', 'This idempotency key was already used for different feedback.');
      return { feedback: await this.#await(queued), replayed: true };
    }
    let resolve!: (f: Feedback) => void, reject!: (e: unknown) => void;
    const promise = new Promise<Feedback>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => {});
    const item: Pending = {
      storeKey, fingerprint, input: valid, by: options.by, at: toSalesforceTime(valid.at ?? (this.#options.clock?.() ?? new Date()).toISOString()),
      promise, resolve, reject,
    };
    this.#pending.set(storeKey, item);
    this.#queue.push(item);
    this.#gather();
    const feedback = await this.#await(item);
    return { feedback, replayed: item.replayed === true };
  }

  #config: Promise<LeadLoopConfig> | undefined;
  /** The configuration as first read (one call, then none: benchmarks warm up with it). Feedback is checked with adapter.reasonsFor, which follows the org's catalog. */
  getConfigCached(): Promise<LeadLoopConfig> {
    this.#config ??= this.adapter.getConfig().catch((error: unknown) => {
      this.#config = undefined;
      throw error;
    });
    return this.#config;
  }

  /** Waits for the item's batch; past acceptTimeoutMs answers unavailable while the item stays queued. */
  async #await(item: Pending): Promise<Feedback> {
    const timeoutMs = this.#options.acceptTimeoutMs ?? 15_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LeadLoopError('unavailable', 'Salesforce has not taken the feedback yet; it is queued and will be stored once. Retry with the same Idempotency-Key to get it.', { retryable: true })), timeoutMs);
    });
    try {
      return await Promise.race([item.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Writes whatever is queued now (tests and close use it). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#flushing) await this.#flushing;
    if (this.#queue.length === 0) return;
    this.#firstQueuedAt = undefined;
    this.#flushing = this.#flushOnce().finally(() => (this.#flushing = undefined));
    await this.#flushing;
  }

  #firstQueuedAt: number | undefined;

  /**
   * Batches what arrives together: the flush waits until no feedback came for batchWindowMs (at
   * most ten windows after the first), or runs at once when a full batch is queued.
   */
  #gather(): void {
    if (this.#closed || this.#flushing) return; // the running flush schedules the next one
    const window = this.#options.batchWindowMs ?? 25;
    const now = Date.now();
    this.#firstQueuedAt ??= now;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const full = this.#queue.length >= (this.#options.maxBatch ?? 1000);
    const waited = now - this.#firstQueuedAt;
    this.#schedule(full ? 0 : Math.max(0, Math.min(window, 10 * window - waited)));
  }

  #schedule(ms: number): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush().catch(() => {});
    }, ms);
  }

  async #flushOnce(): Promise<void> {
    const batch = this.#queue.slice(0, this.#options.maxBatch ?? 1000);
    try {
      await this.#writeBatch(batch);
      this.#failures = 0;
      this.#queue = this.#queue.filter((item) => !batch.includes(item));
      if (this.#queue.length > 0) this.#schedule(writeDelayMs(this.usage, this.#options.slowDownAt, this.#options.reserveAt));
    } catch (error) {
      if (isLeadLoopError(error) && error.retryable) {
        // Not stored, or stored with the answer lost: both are safe to retry (upsert by key, re-read first).
        this.#failures++;
        const delay = Math.min(MAX_RETRY_MS, (this.#options.retryDelayMs ?? 1000) * 2 ** (this.#failures - 1));
        if (!this.#closed) this.#schedule(Math.max(delay, writeDelayMs(this.usage, this.#options.slowDownAt, this.#options.reserveAt)));
        return;
      }
      for (const item of batch) this.#settle(item, error);
      this.#queue = this.#queue.filter((item) => !batch.includes(item));
    }
  }

  #settle(item: Pending, outcome: Feedback | unknown): void {
    this.#pending.delete(item.storeKey);
    if (outcome && typeof outcome === 'object' && 'outcome' in outcome && 'leadId' in outcome) item.resolve(outcome as Feedback);
    else item.reject(outcome);
  }

  /** One batch: a read (keys seen before, the leads), then atomic Composite writes of ≤ 400 feedback with their leads. */
  async #writeBatch(batch: Pending[]): Promise<void> {
    const existing = new Map<string, Record<string, unknown>>();
    const keyQueries = chunk(batch.map((item) => item.storeKey), KEYS_PER_QUERY)
      .map((keys) => `SELECT ${FEEDBACK_SELECT.join(', ')} FROM ${FEEDBACK_OBJECT} WHERE Idempotency_Key__c IN (${keys.map(soqlString).join(', ')})`);
    const leadIds = [...new Set(batch.map((item) => item.input.leadId))];
    const leadQueries = chunk(leadIds, IDS_PER_QUERY).map((part) => {
      const sfIds = part.filter(isSalesforceId);
      return `SELECT ${leadSelect(this.adapter.mapping).join(', ')} FROM Lead WHERE ${LEAD_FIELDS.id} IN (${part.map(soqlString).join(', ')})${sfIds.length ? ` OR Id IN (${sfIds.map(soqlString).join(', ')})` : ''}`;
    });
    const leads = new Map<string, { recordId: string; lead: Lead }>();
    const all = [...keyQueries, ...leadQueries];
    for (const [g, group] of chunk(all, 5).entries()) {
      const results = await this.#client.queries(group);
      results.forEach((rows, i) => {
        const isKeys = g * 5 + i < keyQueries.length;
        for (const row of rows) {
          if (isKeys) existing.set(String(row.Idempotency_Key__c), row);
          else {
            const loaded = { recordId: String(row.Id), lead: recordToLead(row, this.adapter.mapping) };
            leads.set(leadIdOf(row), loaded);
            if (isSalesforceId(String(row.Id))) leads.set(String(row.Id).slice(0, 15), loaded);
          }
        }
      });
    }
    const findLead = (id: string) => leads.get(id) ?? (isSalesforceId(id) ? leads.get(id.slice(0, 15)) : undefined);

    // Decide each item: replay, conflict, unknown lead, or write.
    const toWrite: { item: Pending; feedback: Feedback; recordId: string; after: Lead }[] = [];
    for (const item of batch) {
      const seen = existing.get(item.storeKey);
      if (seen) {
        if (seen.Fingerprint__c === item.fingerprint) {
          item.replayed = item.attempted !== true;
          this.#settle(item, recordToFeedback(seen));
        } else this.#settle(item, new LeadLoopError('conflict', 'This idempotency key was already used for different feedback.'));
        continue;
      }
      const loaded = findLead(item.input.leadId);
      if (!loaded) {
        this.#settle(item, new LeadLoopError('not_found', `No lead with id ${JSON.stringify(item.input.leadId)}.`));
        continue;
      }
      const feedback: Feedback = { id: '', ...item.input, by: item.by, at: item.at };
      loaded.lead = applyFeedback(loaded.lead, feedback, this.adapter.mapping.waterfall);
      toWrite.push({ item, feedback, recordId: loaded.recordId, after: loaded.lead });
    }

    // ≤ 400 feedback and the final state of their leads per Composite: 2 + 2 collections of 200, all or nothing.
    for (const group of chunk(toWrite, 2 * COLLECTION)) {
      // Each lead as it stands after the group's last feedback on it (and every earlier group's).
      const states = new Map<string, { recordId: string; lead: Lead }>();
      for (const entry of group) states.set(entry.recordId, { recordId: entry.recordId, lead: entry.after });
      for (const entry of group) entry.item.attempted = true;
      const feedbackRecords = group.map((w) => ({ attributes: { type: FEEDBACK_OBJECT }, ...feedbackToRecord(w.feedback, w.recordId, w.item.storeKey, w.item.fingerprint) }));
      const leadRecords = [...states.values()].map((s) => ({ attributes: { type: 'Lead' }, id: s.recordId, ...leadLoopFields(s.lead, this.adapter.mapping) }));
      const subrequests: CompositeSubrequest[] = [
        ...chunk(feedbackRecords, COLLECTION).map((part, i): CompositeSubrequest => ({ method: 'PATCH', url: `/composite/sobjects/${FEEDBACK_OBJECT}/Idempotency_Key__c`, referenceId: `feedback${i}`, body: { allOrNone: true, records: part } })),
        ...chunk(leadRecords, COLLECTION).map((part, i): CompositeSubrequest => ({ method: 'PATCH', url: '/composite/sobjects', referenceId: `leads${i}`, body: { allOrNone: true, records: part } })),
      ];
      const results = await this.#client.composite(subrequests, true);
      const rejected = this.#recordFailures(results, group);
      if (rejected.size > 0) {
        // One bad record rolled the group back: answer it, and write the others again (next flush, no delay).
        for (const [index, error] of rejected) this.#settle(group[index]!.item, error);
        this.#queue = this.#queue.filter((item) => ![...rejected.keys()].some((i) => group[i]!.item === item));
        throw new LeadLoopError('unavailable', 'A record in the batch was refused; the rest is written again.', { retryable: true });
      }
      const feedbackResults = results.filter((r) => r.referenceId.startsWith('feedback')).flatMap((r) => subrequestBody<SaveResult[]>(r));
      group.forEach((entry, i) => {
        const saved = { ...entry.feedback, id: String(feedbackResults[i]?.id) };
        this.#settle(entry.item, recordToFeedback({ Id: saved.id, Lead__c: entry.recordId, Lead__r: { [LEAD_FIELDS.id]: entry.feedback.leadId }, ...feedbackToRecord(saved, entry.recordId, entry.item.storeKey, entry.item.fingerprint) }));
        this.#emit({ type: 'feedback', leadId: entry.feedback.leadId, feedback: saved });
      });
      // Written: the next group must not write these again if a later group fails.
      this.#queue = this.#queue.filter((item) => !group.some((g) => g.item === item));
    }
  }

  /** Per-record errors that are the cause (not the rolled-back others), by index in the group. */
  #recordFailures(results: { referenceId: string; httpStatusCode: number; body: unknown }[], group: unknown[]): Map<number, LeadLoopError> {
    const failures = new Map<number, LeadLoopError>();
    for (const result of results) {
      if (!result.referenceId.startsWith('feedback')) continue;
      const offset = Number(result.referenceId.slice('feedback'.length)) * COLLECTION;
      if (result.httpStatusCode >= 400) {
        const body = result.body as { errorCode?: string }[] | undefined;
        if (body?.[0]?.errorCode === 'PROCESSING_HALTED') continue;
        throw errorFromSalesforce(result.httpStatusCode, (body ?? []) as never);
      }
      (result.body as SaveResult[]).forEach((r, i) => {
        if (!r.success && r.errors.some((e) => e.statusCode !== 'ALL_OR_NONE_OPERATION_ROLLED_BACK') && offset + i < group.length) {
          failures.set(offset + i, errorFromSalesforce(400, r.errors));
        }
      });
    }
    return failures;
  }

  subscribe(listener: (change: AdapterChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: AdapterChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch {
        // One failing listener must not stop the others.
      }
    }
  }

  /** Writes what is queued (one try), then stops; feedback Salesforce still refuses is reported unavailable. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    try {
      await this.flush();
    } catch {
      // Reported to each waiting caller below.
    }
    for (const item of this.#queue) this.#settle(item, new LeadLoopError('unavailable', 'The server stopped before Salesforce took this feedback; send it again with the same Idempotency-Key.', { retryable: true }));
    this.#queue = [];
  }
}

/**
 * `leadloop serve --store salesforce`: an org the sf CLI knows (`--target-org ALIAS`, token and
 * refresh from its auth store) or an instance URL with the access token in SF_ACCESS_TOKEN (no refresh).
 */
export async function openSalesforceStore(options: { targetOrg?: string | undefined; instanceUrl?: string | undefined; env?: NodeJS.ProcessEnv }): Promise<SalesforceStore> {
  if (options.targetOrg) return SalesforceStore.fromOrg(options.targetOrg);
  const token = (options.env ?? process.env).SF_ACCESS_TOKEN;
  if (!options.instanceUrl || !token) {
    throw new Error('--store salesforce needs --target-org ALIAS (an org logged in with "sf org login web"), or --instance-url URL with the access token in SF_ACCESS_TOKEN');
  }
  return new SalesforceStore({ instanceUrl: options.instanceUrl, accessToken: token });
}
