import {
  expectIdempotencyKey, expectValid, feedbackFingerprint, invalidInput, LeadLoopError, Listeners, parseFeedbackInput, parseLead,
  type AdapterChange, type ChecklistInput, type Feedback, type FeedbackSummary, type FunnelQuery, type FunnelReport,
  type LeadDetail, type LeadLoopConfig, type QualificationDefinition, type QualificationResult, type Reason, type SummaryQuery,
} from '@leadloop/core';
import { SalesforceAdapter, type SalesforceAdapterOptions } from '@leadloop/adapters/salesforce-adapter';
import { parseLimitInfo, type ApiUsage, type FetchLike, type QueryResult } from '@leadloop/adapters/salesforce-adapter-client';
import {
  FEEDBACK_OBJECT, feedbackToRecord, isSalesforceId, LEAD_FIELDS, leadFinder, leadsQuery, leadToRecord, sha256Hex, soqlString, toSalesforceTime,
} from '@leadloop/adapters/salesforce-adapter-mapping';
import { FeedbackBatches, type FeedbackBatchOptions } from './salesforce-store-batches.js';
import { chunk, collectionWrites, IDS_PER_QUERY, queryAll, writeAll } from './salesforce-store-composite.js';
import type { Store, StoreApprovalInput, SubmitFeedbackOptions, SubmitFeedbackResult } from './store.js';

export { writeDelayMs } from './salesforce-store-limits.js';

export interface SalesforceStoreOptions extends Omit<SalesforceAdapterOptions, 'baseUrl' | 'accessToken' | 'user'>, FeedbackBatchOptions {
  /** The org's instance URL. */
  instanceUrl: string;
  /** The current access token (or a function that returns it). */
  accessToken: string | (() => string | Promise<string>);
  /** Gets a new access token after a 401 (a refresh token exists); without it a 401 fails with a clear message. */
  refresh?: () => Promise<string>;
  /** Waits; tests replace it. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The server's Store in a Salesforce org, through the REST API. Reads are the SalesforceAdapter's
 * (aggregates for the funnel and summaries). Feedback is accepted into a queue and written in
 * batches (salesforce-store-batches.ts): 1,000 feedback in 4 calls, exactly once however often a
 * batch is retried, slower near the daily API limit (Sforce-Limit-Info). A 401 refreshes the
 * token once when a refresh exists, else fails clearly.
 */
export class SalesforceStore implements Store {
  readonly kind = 'salesforce';
  readonly adapter: SalesforceAdapter;
  readonly #options: SalesforceStoreOptions;
  readonly #listeners = new Listeners<AdapterChange>();
  readonly #batches: FeedbackBatches;
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
    this.#batches = new FeedbackBatches(this.adapter, options, () => this.usage, (change) => this.#listeners.notify(change));
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
    this.#listeners.notify({ type: 'definition', version: saved.version });
    return saved;
  }

  async approveDefinition(input: StoreApprovalInput): Promise<QualificationDefinition> {
    const approved = await this.adapter.approveDefinition(input);
    this.#listeners.notify({ type: 'definition', version: approved.version });
    return approved;
  }

  async saveReasons(reasons: unknown): Promise<Reason[]> {
    const saved = await this.adapter.saveReasons(reasons as Reason[]);
    this.#listeners.notify({ type: 'reasons' });
    return saved;
  }

  async saveChecklist(leadId: string, input: ChecklistInput, by: string): Promise<QualificationResult> {
    const result = await this.adapter.saveChecklistAs(leadId, input, by);
    this.#listeners.notify({ type: 'checklist', leadId, stage: result.stage });
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
    await writeAll(this.#client, [
      ...collectionWrites(`/composite/sobjects/Lead/${LEAD_FIELDS.id}`, byKey, 'upsert'),
      ...collectionWrites('/composite/sobjects', byId.map(({ Id, ...rest }) => ({ ...rest, id: Id })), 'update'),
    ], 'leads.');
    for (const lead of latest.values()) this.#listeners.notify({ type: 'lead', leadId: lead.id });
    return parsed.length;
  }

  async putLeadBatches(batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<number> {
    let count = 0;
    for await (const batch of batches) count += await this.putLeads(batch);
    return count;
  }

  /** Stores feedback as given (imports): once per feedback id, through the same idempotent upsert. */
  async appendFeedback(records: readonly Feedback[]): Promise<number> {
    const soqls = chunk([...new Set(records.map((f) => f.leadId))], IDS_PER_QUERY).map((ids) => leadsQuery(ids, this.adapter.mapping));
    const findLead = leadFinder((await queryAll(this.#client, soqls)).flat(), this.adapter.mapping);
    const rows = records.map((f, i) => {
      const lead = findLead(f.leadId);
      if (!lead) throw invalidInput([{ path: `${i}.leadId`, message: `no lead ${f.leadId}` }], 'feedback');
      return { attributes: { type: FEEDBACK_OBJECT }, ...feedbackToRecord(f, lead.recordId, `import:${f.id}`.slice(0, 255), 'import') };
    });
    await writeAll(this.#client, collectionWrites(`/composite/sobjects/${FEEDBACK_OBJECT}/Idempotency_Key__c`, rows, 'f'), '');
    return records.length;
  }

  // ---- feedback ---------------------------------------------------------------------------

  async submitFeedback(input: unknown, options: SubmitFeedbackOptions): Promise<SubmitFeedbackResult> {
    const key = expectIdempotencyKey(options?.idempotencyKey);
    const valid = expectValid(parseFeedbackInput(input, { reasons: await this.adapter.reasonsFor(input) }));
    const fingerprint = await sha256Hex(feedbackFingerprint({ ...valid, by: options.by }));
    // Keys are scoped to the user; hashed to 32 hex so 400 fit in one query.
    const storeKey = `s:${(await sha256Hex(`${options.by}\n${key}`)).slice(0, 32)}`;
    const at = toSalesforceTime(valid.at ?? (this.#options.clock?.() ?? new Date()).toISOString());
    return this.#batches.submit({ storeKey, fingerprint, input: valid, by: options.by, at });
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

  /** Writes whatever feedback is queued now (tests and close use it). */
  flush(): Promise<void> {
    return this.#batches.flush();
  }

  subscribe(listener: (change: AdapterChange) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Writes the queued feedback (one try), then stops; feedback Salesforce still refuses is reported unavailable. */
  close(): Promise<void> {
    return this.#batches.close();
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
