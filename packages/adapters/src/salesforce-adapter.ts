import {
  APPROVAL_ROLES, applyFeedback, DEFAULT_REASONS, DEFAULT_SLA, emptyDefinition, evaluateQualification, expectValid,
  feedbackFingerprint, invalidInput, LeadLoopError, parseChecklistAnswers, parseDefinition, parseFeedbackInput,
  type AdapterChange, type ApprovalInput, type ChecklistInput, type ChecklistRecord, type Feedback, type FeedbackInput,
  type FeedbackSummary, type FunnelQuery, type FunnelReport, type Lead, type LeadDetail, type LeadLoopAdapter, type LeadLoopConfig,
  type QualificationDefinition, type QualificationResult, type Reason, type SlaPolicy, type SubmitOptions, type SummaryQuery,
} from '@leadloop/core';
import { SalesforceClient, subrequestBody, type QueryResult, type SalesforceClientOptions } from './salesforce-adapter-client.js';
import {
  CHECKLIST_OBJECT, CHECKLIST_SELECT, DEFINITION_OBJECT, DEFINITION_SELECT, definitionToRecord, FEEDBACK_OBJECT, FEEDBACK_SELECT,
  feedbackToRecord, isSalesforceId, LEAD_FIELDS, leadIdOf, leadLoopFields, leadSelect, recordToChecklist, recordToDefinition,
  recordToFeedback, recordToLead, resolveMapping, sha256Hex, soqlString, toSalesforceTime,
  type ResolvedMapping, type SalesforceMappingOptions,
} from './salesforce-adapter-mapping.js';
import { salesforceFunnel, salesforceSummary } from './salesforce-adapter-reports.js';

export interface SalesforceAdapterOptions extends SalesforceClientOptions, SalesforceMappingOptions {
  /** The reason catalog reps pick from; default the core catalog. */
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

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** The lead record, the record Id LeadLoop writes against, and the core lead. */
interface LoadedLead {
  recordId: string;
  lead: Lead;
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
 * Calls: getLead and listFeedback 1 (one Composite); submitFeedback 2 (read, then one atomic
 * Composite writing the feedback and the lead); saveChecklist 2; getFunnel 1–2 (see
 * salesforce-adapter-reports.ts); getFeedbackSummary 1; getDefinition 1; saveDefinition and
 * approveDefinition 2. Errors are LeadLoopError: INVALID_SESSION_ID → unauthorized;
 * REQUEST_LIMIT_EXCEEDED → rate_limited (retryable); 503 → unavailable (retryable);
 * FIELD_CUSTOM_VALIDATION_EXCEPTION and other record errors → invalid_input naming the fields.
 * `subscribe` hears the changes made through this adapter object (not other users' changes).
 */
export class SalesforceAdapter implements LeadLoopAdapter {
  readonly client: SalesforceClient;
  readonly mapping: ResolvedMapping;
  readonly #options: SalesforceAdapterOptions;
  readonly #reasons: Reason[];
  readonly #sla: SlaPolicy;
  readonly #listeners = new Set<(change: AdapterChange) => void>();
  readonly #clock: () => Date;

  constructor(options: SalesforceAdapterOptions) {
    this.client = new SalesforceClient(options);
    this.mapping = resolveMapping(options);
    this.#options = options;
    this.#reasons = options.reasons ?? [...DEFAULT_REASONS];
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
    return { waterfall: this.mapping.waterfall, reasons: structuredClone(this.#reasons), sla: { ...this.#sla }, definition: await this.getDefinition() };
  }

  /** SOQL that finds a lead by core id: LeadLoop's id, or the Salesforce Id for leads created in Salesforce. */
  #leadQuery(id: string): string {
    const byId = isSalesforceId(id) ? ` OR Id = ${soqlString(id)}` : '';
    return `SELECT ${leadSelect(this.mapping).join(', ')} FROM Lead WHERE ${LEAD_FIELDS.id} = ${soqlString(id)}${byId} LIMIT 2`;
  }

  /** The one lead with this core id (SOQL ignores case; ids do not). */
  #pickLead(records: Record<string, unknown>[], id: string): LoadedLead {
    const record = records.find((r) => leadIdOf(r) === id || (isSalesforceId(id) && String(r.Id).slice(0, 15) === id.slice(0, 15)));
    if (!record) throw new LeadLoopError('not_found', `No lead with id ${JSON.stringify(id)}.`);
    return { recordId: String(record.Id), lead: recordToLead(record, this.mapping) };
  }

  #checkLeadId(id: unknown): string {
    if (typeof id !== 'string' || id.length === 0 || id.length > 255) throw new LeadLoopError('not_found', `No lead with id ${JSON.stringify(id)}.`);
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
    const key = options?.idempotencyKey;
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw invalidInput([{ path: 'idempotencyKey', message: 'is required: 1–255 visible ASCII characters' }], 'feedback');
    }
    const valid = expectValid(parseFeedbackInput(input, { reasons: this.#reasons }));
    const fingerprint = await sha256Hex(feedbackFingerprint(valid));
    const seen = async (records: Record<string, unknown>[]): Promise<Feedback | undefined> => {
      // SOQL compares text ignoring case; idempotency keys are case-sensitive.
      const record = records.find((r) => r.Idempotency_Key__c === key);
      if (!record) return undefined;
      if (record.Fingerprint__c !== fingerprint) throw new LeadLoopError('conflict', 'This idempotency key was already used for different feedback.');
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
      feedback.id = subrequestBody<{ id: string }>(results[0]).id;
      if (results[1] && results[1].httpStatusCode >= 400) subrequestBody(results[1]);
    } catch (error) {
      // Another submit with this key won the race: answer as a retry would.
      if (error instanceof LeadLoopError && error.code === 'conflict') {
        const again = await seen(await this.client.query(keyQuery));
        if (again) return again;
      }
      throw error;
    }
    const stored = recordToFeedback({ Id: feedback.id, Lead__c: recordId, Lead__r: { [LEAD_FIELDS.id]: valid.leadId }, ...feedbackToRecord(feedback, recordId, key, fingerprint) });
    this.#emit({ type: 'feedback', leadId: valid.leadId, feedback: stored });
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
    await this.client.request('PATCH', `/sobjects/${CHECKLIST_OBJECT}/Key__c/${encodeURIComponent(`${recordId}:${stage}`)}`, {
      Lead__c: recordId, Stage__c: stage, Answers__c: JSON.stringify(answers), By__c: by,
      At__c: toSalesforceTime(this.#clock().toISOString()), Definition_Version__c: definition.version,
    });
    this.#emit({ type: 'checklist', leadId: id, stage });
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

  async saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition> {
    const valid = expectValid(parseDefinition(definition, { waterfall: this.mapping.waterfall }));
    const current = await this.getDefinition();
    if (valid.version !== current.version) {
      throw new LeadLoopError('conflict', `The definition changed since you opened it: you edited version ${valid.version}, the current one is ${current.version}.`);
    }
    const next: QualificationDefinition = { ...valid, id: current.id, version: current.version + 1, approvals: current.approvals };
    try {
      // Key__c (id:version) is unique: of two editors saving the same version, one gets DUPLICATE_VALUE.
      await this.client.request('POST', `/sobjects/${DEFINITION_OBJECT}`, definitionToRecord(next));
    } catch (error) {
      if (error instanceof LeadLoopError && error.code === 'conflict') {
        throw new LeadLoopError('conflict', `Someone saved version ${next.version} first: reload and edit again.`);
      }
      throw error;
    }
    this.#emit({ type: 'definition', version: next.version });
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
    if (current.recordId) await this.client.request('PATCH', `/sobjects/${DEFINITION_OBJECT}/${current.recordId}`, body);
    else await this.client.request('POST', `/sobjects/${DEFINITION_OBJECT}`, body);
    this.#emit({ type: 'definition', version: next.version });
    return next;
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
        // One failing listener must not stop the others or the write that caused the change.
      }
    }
  }
}
