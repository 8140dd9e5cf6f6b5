import type {
  AdapterChange, ApprovalInput, ChecklistInput, ChecklistRecord, LeadDetail, LeadLoopAdapter, LeadLoopConfig, SubmitOptions,
} from './adapter.js';
import { leadMatcher, parseFunnelQuery, summarizeFeedback, type FeedbackSummary, type FunnelQuery, type SummaryQuery } from './breakdowns.js';
import { computeFunnel, type FunnelReport } from './compute-funnel.js';
import { invalidInput, LeadLoopError } from './errors.js';
import { expectIdempotencyKey, keyReusedError } from './idempotency-key.js';
import { applyFeedback, feedbackFingerprint, parseFeedbackInput, type Feedback, type FeedbackInput } from './feedback.js';
import { parseLead, type Lead } from './lead.js';
import { Listeners } from './listeners.js';
import { describeValue, expectValid } from './parse.js';
import {
  APPROVAL_ROLES, emptyDefinition, evaluateQualification, parseChecklistAnswers, parseDefinition,
  type QualificationDefinition, type QualificationResult,
} from './qualification.js';
import { DEFAULT_REASONS, parseCatalogChange, parseReasonCatalog, type Reason } from './reasons.js';
import { DEFAULT_SLA, parseSla, type SlaPolicy } from './sla.js';
import { DEFAULT_WATERFALL, parseWaterfall, type Waterfall } from './waterfall.js';

export interface MemoryAdapterOptions {
  leads?: Lead[];
  feedback?: Feedback[];
  waterfall?: Waterfall;
  reasons?: Reason[];
  sla?: SlaPolicy;
  definition?: QualificationDefinition;
  /** Who writes when an input does not say (`by`); default "demo". */
  user?: string;
  /** The clock, for tests and replays; default the current time. */
  clock?: () => Date;
}

/** Plain data in, plain data out: callers never hold a reference into the store. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let sequence = 0;
function newId(prefix: string): string {
  const uuid = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID?.();
  return `${prefix}_${uuid ?? `${Date.now().toString(36)}${(sequence++).toString(36)}${Math.random().toString(36).slice(2, 10)}`}`;
}

/**
 * A complete LeadLoopAdapter in memory: the reference implementation of the contract, the
 * store behind demos and tests, and the adapter of a page with no back end.
 */
export class MemoryAdapter implements LeadLoopAdapter {
  readonly #config: LeadLoopConfig;
  readonly #leads = new Map<string, Lead>();
  readonly #feedback = new Map<string, Feedback[]>();
  readonly #checklists = new Map<string, Record<string, ChecklistRecord>>();
  readonly #idempotency = new Map<string, { fingerprint: string; feedback: Feedback }>();
  readonly #history: QualificationDefinition[] = [];
  readonly #listeners = new Listeners<AdapterChange>();
  readonly #user: string;
  readonly #clock: () => Date;

  constructor(options: MemoryAdapterOptions = {}) {
    if (options === null || typeof options !== 'object') throw invalidInput([{ path: '', message: 'expected an options object' }], 'MemoryAdapter options');
    const waterfall = expectValid(parseWaterfall(options.waterfall ?? DEFAULT_WATERFALL));
    const definition = expectValid(parseDefinition(options.definition ?? emptyDefinition(), { waterfall }));
    this.#config = {
      waterfall,
      reasons: expectValid(parseReasonCatalog(options.reasons ?? DEFAULT_REASONS)),
      sla: expectValid(parseSla(options.sla ?? DEFAULT_SLA)),
      definition,
    };
    this.#history.push(copy(definition));
    this.#user = options.user ?? 'demo';
    this.#clock = options.clock ?? (() => new Date());
    this.putLeads(options.leads ?? []);
    for (const f of options.feedback ?? []) this.#feedbackOf(f.leadId).push(copy(f));
  }

  /** Adds or replaces leads, all or nothing: one bad lead and none is stored. */
  putLeads(leads: unknown[]): number {
    if (!Array.isArray(leads)) throw invalidInput([{ path: 'leads', message: 'expected an array' }], 'leads');
    const parsed = leads.map((input, i) => {
      const result = parseLead(input, { waterfall: this.#config.waterfall });
      if (result.ok) return result.value;
      throw invalidInput(result.error.issues.map((issue) => ({ path: `leads.${i}${issue.path ? `.${issue.path}` : ''}`, message: issue.message })), 'leads');
    });
    for (const lead of parsed) {
      this.#leads.set(lead.id, lead);
      this.#emit({ type: 'lead', leadId: lead.id });
    }
    return parsed.length;
  }

  /** Every lead, for exports and tests. */
  listLeads(): Lead[] {
    return copy([...this.#leads.values()]);
  }

  async getConfig(): Promise<LeadLoopConfig> {
    return copy(this.#config);
  }

  async getLead(id: string): Promise<LeadDetail> {
    const lead = this.#lead(id);
    return copy({ ...lead, feedback: this.#feedback.get(id) ?? [], checklist: this.#checklists.get(id) ?? {} });
  }

  async listFeedback(leadId: string): Promise<Feedback[]> {
    this.#lead(leadId);
    return copy(this.#feedback.get(leadId) ?? []);
  }

  async submitFeedback(input: FeedbackInput, options: SubmitOptions): Promise<Feedback> {
    const key = expectIdempotencyKey(options?.idempotencyKey);
    const valid = expectValid(parseFeedbackInput(input, { reasons: this.#config.reasons }));
    const fingerprint = feedbackFingerprint(valid);
    const seen = this.#idempotency.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint) throw keyReusedError();
      return copy(seen.feedback);
    }
    const lead = this.#lead(valid.leadId);
    const feedback: Feedback = { id: newId('fb'), ...valid, by: valid.by ?? this.#user, at: valid.at ?? this.#clock().toISOString() };
    this.#leads.set(lead.id, applyFeedback(lead, feedback, this.#config.waterfall));
    this.#feedbackOf(lead.id).push(feedback);
    this.#idempotency.set(key, { fingerprint, feedback });
    this.#emit({ type: 'feedback', leadId: lead.id, feedback: copy(feedback) });
    return copy(feedback);
  }

  async saveChecklist(leadId: string, input: ChecklistInput): Promise<QualificationResult> {
    this.#lead(leadId);
    const definition = this.#config.definition;
    const stage = input?.stage;
    const answers = expectValid(parseChecklistAnswers(definition, stage, input?.answers));
    const result = evaluateQualification(definition, stage, answers);
    const records = this.#checklists.get(leadId) ?? {};
    records[stage] = { answers, by: this.#user, at: this.#clock().toISOString(), definitionVersion: definition.version };
    this.#checklists.set(leadId, records);
    this.#emit({ type: 'checklist', leadId, stage });
    return result;
  }

  async getFunnel(query: FunnelQuery = {}): Promise<FunnelReport> {
    const matches = leadMatcher(expectValid(parseFunnelQuery(query)));
    const leads = [...this.#leads.values()].filter(matches);
    return computeFunnel(leads, { waterfall: this.#config.waterfall, sla: this.#config.sla, now: this.#clock() });
  }

  async getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    const valid = expectValid(parseFunnelQuery(query));
    if (!valid.groupBy) throw invalidInput([{ path: 'groupBy', message: 'is required: month, source, campaign or owner' }], 'query');
    const feedback = [...this.#feedback.values()].flat();
    return summarizeFeedback([...this.#leads.values()], feedback, { ...valid, groupBy: valid.groupBy }, { waterfall: this.#config.waterfall });
  }

  async getDefinition(): Promise<QualificationDefinition> {
    return copy(this.#config.definition);
  }

  /** Every saved version, oldest first, each with the approvals it had. */
  async getDefinitionHistory(): Promise<QualificationDefinition[]> {
    return copy(this.#history);
  }

  async saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition> {
    const valid = expectValid(parseDefinition(definition, { waterfall: this.#config.waterfall }));
    const current = this.#config.definition;
    if (valid.version !== current.version) {
      throw new LeadLoopError('conflict', `The definition changed since you opened it: you edited version ${valid.version}, the current one is ${current.version}.`);
    }
    // Approvals sign a version: the new version starts unapproved, the history keeps the old ones.
    const next: QualificationDefinition = { ...valid, id: current.id, version: current.version + 1, approvals: current.approvals };
    this.#config.definition = next;
    this.#history.push(copy(next));
    this.#emit({ type: 'definition', version: next.version });
    return copy(next);
  }

  async approveDefinition(input: ApprovalInput): Promise<QualificationDefinition> {
    const current = this.#config.definition;
    if (!input || !APPROVAL_ROLES.includes(input.role)) throw invalidInput([{ path: 'role', message: 'must be sales or marketing' }], 'approval');
    if (!Number.isInteger(input.version)) throw invalidInput([{ path: 'version', message: 'expected the version being approved' }], 'approval');
    if (input.version !== current.version) {
      throw new LeadLoopError('conflict', `Version ${input.version} is not the current definition (version ${current.version}).`);
    }
    const by = input.by ?? this.#user;
    const approvals = current.approvals.filter((a) => !(a.role === input.role && a.version === current.version));
    approvals.push({ role: input.role, by, at: this.#clock().toISOString(), version: current.version });
    const next = expectValid(parseDefinition({ ...current, approvals }, { waterfall: this.#config.waterfall }));
    this.#config.definition = next;
    this.#history[this.#history.length - 1] = copy(next);
    this.#emit({ type: 'definition', version: next.version });
    return copy(next);
  }

  async saveReasons(reasons: Reason[]): Promise<Reason[]> {
    this.#config.reasons = expectValid(parseCatalogChange(this.#config.reasons, reasons)).map((r) => ({ ...r }));
    this.#emit({ type: 'reasons' });
    return copy(this.#config.reasons);
  }

  subscribe(listener: (change: AdapterChange) => void): () => void {
    const remove = this.#listeners.add(listener);
    return () => void remove();
  }

  #lead(id: string): Lead {
    const lead = typeof id === 'string' ? this.#leads.get(id) : undefined;
    if (!lead) throw new LeadLoopError('not_found', `No lead with id ${describeValue(id)}.`);
    return lead;
  }

  #feedbackOf(leadId: string): Feedback[] {
    let list = this.#feedback.get(leadId);
    if (!list) this.#feedback.set(leadId, (list = []));
    return list;
  }

  #emit(change: AdapterChange): void {
    this.#listeners.notify(change);
  }
}
