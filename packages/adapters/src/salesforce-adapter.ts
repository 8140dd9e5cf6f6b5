import {
  applyFeedback, APPROVAL_ROLES, DEFAULT_REASONS, DEFAULT_SLA, emptyDefinition, evaluateQualification, expectIdempotencyKey,
  expectValid, feedbackFingerprint, invalidInput, keyReusedError, LeadLoopError, Listeners, parseCatalogChange,
  parseChecklistAnswers, parseDefinition, parseFeedbackInput, type AdapterChange, type ApprovalInput, type ChecklistInput,
  type ChecklistRecord, type Feedback, type FeedbackInput, type FeedbackSummary, type FunnelQuery, type FunnelReport,
  type LeadDetail, type LeadLoopAdapter, type LeadLoopConfig, type QualificationDefinition, type QualificationResult,
  type Reason, type SlaPolicy, type SubmitOptions, type SummaryQuery,
} from '@leadloop/core';
import { compositeFailure, SalesforceClient, subrequestBody, type QueryResult, type SalesforceClientOptions } from './salesforce-adapter-client.js';
import {
  CHECKLIST_OBJECT, CHECKLIST_SELECT, DEFINITION_OBJECT, DEFINITION_SELECT, definitionToRecord, FEEDBACK_OBJECT, FEEDBACK_SELECT,
  feedbackToRecord, leadFinder, leadLoopFields, leadNotFound, leadsQuery, recordToChecklist, recordToDefinition,
  recordToFeedback, resolveMapping, sha256Hex, soqlString, storedFeedback, toSalesforceTime,
  type LoadedLead, type ResolvedMapping, type SalesforceMappingOptions,
} from './salesforce-adapter-mapping.js';
import { accessRefused, type AccessAction } from './salesforce-adapter-errors.js';
import { catalogQuery, catalogToRecord, recordToCatalog, type StoredCatalog } from './salesforce-adapter-reasons.js';
import { salesforceFunnel, salesforceSummary } from './salesforce-adapter-reports.js';

export interface SalesforceAdapterOptions extends SalesforceClientOptions, SalesforceMappingOptions {
  /** The reason catalog until one is saved in the org (saveReasons); default the core catalog. */
  reasons?: Reason[];
  /** The follow-up SLA; default 5 minutes. */
  sla?: SlaPolicy;
  /** Which definition record set to use (LeadLoop_Definition__c.Definition_Id__c); default 'default'. */
  definitionId?: string;
  /** Who writes (By__c) when an input does not say: a user name or Id (an LWC host passes @salesforce/user/Id). */
  user?: string;
  /** The clock, for tests; default the current time. */
  clock?: () => Date;
}

/**
 * LeadLoopAdapter over the Salesforce REST API with fetch — no jsforce, so it runs in browsers and
 * LWC (through an Apex bridge or a same-origin proxy) as well as Node.
 *
 * Mapping: standard Lead (Status → stage through a status map when LeadLoop has not set
 * LeadLoop_Stage__c; LeadSource → source; IsConverted → at least `opportunity`; Owner → owner;
 * CreatedDate → createdAt) with LeadLoop fields on it; feedback, checklists and definitions in
 * LeadLoop_Feedback__c, LeadLoop_Checklist__c and LeadLoop_Definition__c.
 *
 * Calls: getConfig 1 (one Composite); getLead and listFeedback 1; submitFeedback 2 (read, then one
 * atomic Composite writing the feedback and the lead; 1 more when it cites a reason this object has
 * not seen in the org yet); saveChecklist 2; getFunnel 1–2 (see salesforce-adapter-reports.ts);
 * getFeedbackSummary 1; getDefinition and getDefinitionHistory 1; saveDefinition, approveDefinition
 * and saveReasons 2. The reason catalog lives in LeadLoop_Definition__c too (salesforce-adapter-reasons.ts). Errors are LeadLoopError: INVALID_SESSION_ID → unauthorized;
 * REQUEST_LIMIT_EXCEEDED → rate_limited (retryable); 503 → unavailable (retryable);
 * FIELD_CUSTOM_VALIDATION_EXCEPTION and other record errors → invalid_input naming the fields;
 * a write refused for access (INSUFFICIENT_ACCESS_OR_READONLY, …) → forbidden, saying which
 * permission set the action needs (saving or signing the definition: LeadLoop Leader).
 * `subscribe` hears the changes made through this adapter object (not other users' changes).
 */
export class SalesforceAdapter implements LeadLoopAdapter {
  readonly client: SalesforceClient;
  readonly mapping: ResolvedMapping;
  readonly #options: SalesforceAdapterOptions;
  readonly #initialReasons: readonly Reason[];
  /** The org's catalog as last read or saved through this object (the option's until then). */
  #reasons: Reason[];
  #readingReasons: Promise<Reason[]> | undefined;
  readonly #sla: SlaPolicy;
  readonly #listeners = new Listeners<AdapterChange>();
  readonly #clock: () => Date;

  constructor(options: SalesforceAdapterOptions) {
    this.client = new SalesforceClient(options);
    this.mapping = resolveMapping(options);
    this.#options = options;
    this.#initialReasons = options.reasons ?? DEFAULT_REASONS;
    this.#reasons = this.#initialReasons.map((r) => ({ ...r }));
    this.#sla = options.sla ?? DEFAULT_SLA;
    this.#clock = options.clock ?? (() => new Date());
  }

  get #definitionId(): string {
    return this.#options.definitionId ?? 'default';
  }

  get #user(): string {
    return this.#options.user ?? 'salesforce-user';
  }

  async getConfig(): Promise<LeadLoopConfig> {
    const [definitions = [], catalogs = []] = await this.client.queries([this.#definitionQuery(), catalogQuery(this.#definitionId)]);
    this.#reasons = recordToCatalog(catalogs, this.#initialReasons).reasons;
    return { waterfall: this.mapping.waterfall, reasons: structuredClone(this.#reasons), sla: { ...this.#sla }, definition: this.#definitionOf(definitions) };
  }

  /**
   * The catalog to check `input`'s reason against. The one kept here can only lag behind the org's
   * (ids are never removed): when the reason is not in it, the org's is read first — one read
   * shared by every caller waiting at that moment.
   */
  async reasonsFor(input: unknown): Promise<Reason[]> {
    const reason = (input as { reason?: unknown } | null)?.reason;
    if (typeof reason !== 'string' || this.#reasons.some((r) => r.id === reason)) return this.#reasons;
    this.#readingReasons ??= this.#storedCatalog()
      .then((stored) => (this.#reasons = stored.reasons))
      .finally(() => (this.#readingReasons = undefined));
    return this.#readingReasons;
  }

  async #storedCatalog(): Promise<StoredCatalog> {
    return recordToCatalog(await this.client.query(catalogQuery(this.#definitionId)), this.#initialReasons);
  }

  /** SOQL that finds a lead by core id: LeadLoop's id, or the Salesforce Id for leads created in Salesforce. */
  #leadQuery(id: string): string {
    return `${leadsQuery([id], this.mapping)} LIMIT 2`;
  }

  /** The one lead with this core id among the records #leadQuery found. */
  #pickLead(records: Record<string, unknown>[], id: string): LoadedLead {
    const found = leadFinder(records, this.mapping)(id);
    if (!found) throw leadNotFound(id);
    return found;
  }

  #checkLeadId(id: unknown): string {
    if (typeof id !== 'string' || id.length === 0 || id.length > 255) throw leadNotFound(id);
    return id;
  }

  async getLead(id: string): Promise<LeadDetail> {
    const leadId = this.#checkLeadId(id);
    const ref = `'@{lead.records[0].Id}'`;
    const results = await this.client.composite([
      { method: 'GET', url: this.client.queryPath(this.#leadQuery(leadId)), referenceId: 'lead' },
      { method: 'GET', url: this.client.queryPath(`SELECT ${FEEDBACK_SELECT.join(', ')} FROM ${FEEDBACK_OBJECT} WHERE Lead__c = ${ref} ORDER BY At__c ASC, Name ASC`), referenceId: 'feedback' },
      { method: 'GET', url: this.client.queryPath(`SELECT ${CHECKLIST_SELECT.join(', ')} FROM ${CHECKLIST_OBJECT} WHERE Lead__c = ${ref}`), referenceId: 'checklist' },
    ], false);
    const { lead } = this.#pickLead(subrequestBody<QueryResult>(results[0]).records, leadId);
    const feedback = (await this.client.drain(subrequestBody<QueryResult>(results[1]))).map(recordToFeedback);
    const checklist: Record<string, ChecklistRecord> = {};
    for (const record of await this.client.drain(subrequestBody<QueryResult>(results[2]))) {
      const entry = recordToChecklist(record);
      if (entry) checklist[entry[0]] = entry[1];
    }
    return { ...lead, feedback, checklist };
  }

  async listFeedback(leadId: string): Promise<Feedback[]> {
    return (await this.getLead(leadId)).feedback;
  }

  async submitFeedback(input: FeedbackInput, options: SubmitOptions): Promise<Feedback> {
    const key = expectIdempotencyKey(options?.idempotencyKey);
    const valid = expectValid(parseFeedbackInput(input, { reasons: await this.reasonsFor(input) }));
    const fingerprint = await sha256Hex(feedbackFingerprint(valid));
    const seen = async (records: Record<string, unknown>[]): Promise<Feedback | undefined> => {
      // SOQL compares text ignoring case; idempotency keys are case-sensitive.
      const record = records.find((r) => r.Idempotency_Key__c === key);
      if (!record) return undefined;
      if (record.Fingerprint__c !== fingerprint) throw keyReusedError();
      return recordToFeedback(record);
    };
    const keyQuery = `SELECT ${FEEDBACK_SELECT.join(', ')} FROM ${FEEDBACK_OBJECT} WHERE Idempotency_Key__c = ${soqlString(key)}`;
    const [existing = [], leads = []] = await this.client.queries([keyQuery, this.#leadQuery(valid.leadId)]);
    const replay = await seen(existing);
    if (replay) return replay;
    const { recordId, lead } = this.#pickLead(leads, valid.leadId);
    const feedback: Feedback = { id: '', ...valid, by: valid.by ?? this.#user, at: toSalesforceTime(valid.at ?? this.#clock().toISOString()) };
    const next = applyFeedback(lead, feedback, this.mapping.waterfall);
    const results = await this.client.composite([
      { method: 'POST', url: `/sobjects/${FEEDBACK_OBJECT}`, referenceId: 'feedback', body: feedbackToRecord(feedback, recordId, key, fingerprint) },
      { method: 'PATCH', url: `/sobjects/Lead/${recordId}`, referenceId: 'lead', body: leadLoopFields(next, this.mapping) },
    ], true);
    try {
      // All or none: when the lead is refused, the feedback answers PROCESSING_HALTED; report the cause.
      const failure = compositeFailure(results);
      if (failure) refusing(failure.referenceId === 'lead' ? 'lead' : 'feedback', () => subrequestBody(failure));
      feedback.id = subrequestBody<{ id: string }>(results[0]).id;
    } catch (error) {
      // Another submit with this key won the race: answer as a retry would.
      if (error instanceof LeadLoopError && error.code === 'conflict') {
        const again = await seen(await this.client.query(keyQuery));
        if (again) return again;
      }
      throw error;
    }
    const stored = storedFeedback(feedback, recordId, key, fingerprint);
    this.#listeners.notify({ type: 'feedback', leadId: valid.leadId, feedback: stored });
    return stored;
  }

  async saveChecklist(leadId: string, input: ChecklistInput): Promise<QualificationResult> {
    return this.saveChecklistAs(leadId, input, this.#user);
  }

  /** saveChecklist with the writer named (the server passes its token's user). */
  async saveChecklistAs(leadId: string, input: ChecklistInput, by: string): Promise<QualificationResult> {
    const id = this.#checkLeadId(leadId);
    const [leads = [], definitions = []] = await this.client.queries([this.#leadQuery(id), this.#definitionQuery()]);
    const { recordId } = this.#pickLead(leads, id);
    const definition = this.#definitionOf(definitions);
    const stage = input?.stage;
    const answers = expectValid(parseChecklistAnswers(definition, stage, input?.answers));
    const result = evaluateQualification(definition, stage, answers);
    await refusingAsync('checklist', () => this.client.request('PATCH', `/sobjects/${CHECKLIST_OBJECT}/Key__c/${encodeURIComponent(`${recordId}:${stage}`)}`, {
      Lead__c: recordId, Stage__c: stage, Answers__c: JSON.stringify(answers), By__c: by,
      At__c: toSalesforceTime(this.#clock().toISOString()), Definition_Version__c: definition.version,
    }));
    this.#listeners.notify({ type: 'checklist', leadId: id, stage });
    return result;
  }

  getFunnel(query: FunnelQuery = {}): Promise<FunnelReport> {
    return salesforceFunnel(this.client, this.mapping, query, this.#sla, this.#clock());
  }

  getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    return salesforceSummary(this.client, this.mapping, query);
  }

  #definitionQuery(): string {
    return `SELECT ${DEFINITION_SELECT.join(', ')} FROM ${DEFINITION_OBJECT} WHERE Definition_Id__c = ${soqlString(this.#definitionId)} ORDER BY Version__c DESC LIMIT 1`;
  }

  #definitionOf(records: Record<string, unknown>[]): QualificationDefinition & { recordId?: string } {
    const record = records[0];
    if (!record) return emptyDefinition(this.#definitionId);
    const parsed = parseDefinition(recordToDefinition(record), { waterfall: this.mapping.waterfall });
    if (!parsed.ok) throw new LeadLoopError('internal', `The stored definition is not valid: ${parsed.error.message}`);
    return Object.defineProperty(parsed.value, 'recordId', { value: String(record.Id), enumerable: false });
  }

  async getDefinition(): Promise<QualificationDefinition> {
    return this.#definitionOf(await this.client.query(this.#definitionQuery()));
  }

  /** Every version, oldest first, each with its approvals (one record per version). */
  async getDefinitionHistory(): Promise<QualificationDefinition[]> {
    const records = await this.client.query(`SELECT ${DEFINITION_SELECT.join(', ')} FROM ${DEFINITION_OBJECT} WHERE Definition_Id__c = ${soqlString(this.#definitionId)} ORDER BY Version__c ASC`);
    if (records.length === 0) return [emptyDefinition(this.#definitionId)];
    return records.map((r) => expectValid(parseDefinition(recordToDefinition(r), { waterfall: this.mapping.waterfall })));
  }

  async saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition> {
    const valid = expectValid(parseDefinition(definition, { waterfall: this.mapping.waterfall }));
    const current = await this.getDefinition();
    if (valid.version !== current.version) {
      throw new LeadLoopError('conflict', `The definition changed since you opened it: you edited version ${valid.version}, the current one is ${current.version}.`);
    }
    const next: QualificationDefinition = { ...valid, id: current.id, version: current.version + 1, approvals: current.approvals };
    try {
      // Key__c (id:version) is unique: of two editors saving the same version, one gets DUPLICATE_VALUE.
      await refusingAsync('definition', () => this.client.request('POST', `/sobjects/${DEFINITION_OBJECT}`, definitionToRecord(next)));
    } catch (error) {
      if (error instanceof LeadLoopError && error.code === 'conflict') {
        throw new LeadLoopError('conflict', `Someone saved version ${next.version} first: reload and edit again.`);
      }
      throw error;
    }
    this.#listeners.notify({ type: 'definition', version: next.version });
    return next;
  }

  async approveDefinition(input: ApprovalInput): Promise<QualificationDefinition> {
    if (!input || !APPROVAL_ROLES.includes(input.role)) throw invalidInput([{ path: 'role', message: 'must be sales or marketing' }], 'approval');
    if (!Number.isInteger(input.version)) throw invalidInput([{ path: 'version', message: 'expected the version being approved' }], 'approval');
    const current = this.#definitionOf(await this.client.query(this.#definitionQuery()));
    if (input.version !== current.version) {
      throw new LeadLoopError('conflict', `Version ${input.version} is not the current definition (version ${current.version}).`);
    }
    const approvals = current.approvals.filter((a) => !(a.role === input.role && a.version === current.version));
    approvals.push({ role: input.role, by: input.by ?? this.#user, at: toSalesforceTime(this.#clock().toISOString()), version: current.version });
    const next = expectValid(parseDefinition({ ...current, approvals }, { waterfall: this.mapping.waterfall }));
    const body = definitionToRecord(next);
    await refusingAsync('approval', () => (current.recordId
      ? this.client.request('PATCH', `/sobjects/${DEFINITION_OBJECT}/${current.recordId}`, body)
      : this.client.request('POST', `/sobjects/${DEFINITION_OBJECT}`, body)));
    this.#listeners.notify({ type: 'definition', version: next.version });
    return next;
  }

  /**
   * Saves the catalog as its next version, checked against the org's (every id kept: retire, do
   * not delete). Two saves at once: the loser re-reads and is checked again against the winner's.
   */
  async saveReasons(reasons: Reason[]): Promise<Reason[]> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.#storedCatalog();
      const next = expectValid(parseCatalogChange(stored.reasons, reasons));
      try {
        await refusingAsync('reasons', () => this.client.request('POST', `/sobjects/${DEFINITION_OBJECT}`, catalogToRecord(this.#definitionId, stored.version + 1, next)));
      } catch (error) {
        // Key__c is unique: DUPLICATE_VALUE means another save took this version first.
        if (error instanceof LeadLoopError && error.code === 'conflict' && attempt < 3) continue;
        throw error;
      }
      this.#reasons = next;
      this.#listeners.notify({ type: 'reasons' });
      return structuredClone(next);
    }
  }

  subscribe(listener: (change: AdapterChange) => void): () => void {
    return this.#listeners.add(listener);
  }
}

/** Runs a write; a refusal for lack of access is told as what the user was doing (accessRefused). */
function refusing<T>(action: AccessAction, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw accessRefused(error, action);
  }
}

async function refusingAsync<T>(action: AccessAction, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw accessRefused(error, action);
  }
}
