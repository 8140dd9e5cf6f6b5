import type {
  AdapterChange, ApprovalRole, ChecklistInput, Feedback, FeedbackSummary, FunnelQuery, FunnelReport, LeadDetail,
  LeadLoopConfig, QualificationDefinition, QualificationResult, Reason, SummaryQuery,
} from '@leadloop/core';

export interface SubmitFeedbackOptions {
  /** The client's key: the same key and input again returns the first feedback, another input is a conflict. */
  idempotencyKey: string;
  /** Who gives the feedback (the token's user); overrides any `by` in the input. Keys are scoped to it. */
  by: string;
}

export interface SubmitFeedbackResult {
  feedback: Feedback;
  /** True when the key was seen before and the stored feedback is returned again. */
  replayed: boolean;
}

export interface StoreApprovalInput {
  role: ApprovalRole;
  version: number;
  by: string;
}

/**
 * Where the server keeps leads, feedback, checklists and the definition. Every method validates
 * its input with the core parsers (it may be called with untrusted data), fails with
 * LeadLoopError, and changes nothing when it fails.
 */
export interface Store {
  /** What backs it, for `GET /health`: `pglite`, `postgres`, ... */
  readonly kind: string;
  getConfig(): Promise<LeadLoopConfig>;
  getLead(id: string): Promise<LeadDetail>;
  listFeedback(leadId: string): Promise<Feedback[]>;
  /** Adds or replaces leads, all or nothing; returns how many. */
  putLeads(leads: readonly unknown[]): Promise<number>;
  /** Like putLeads for input that comes in batches (a CSV import): one transaction over all of them. */
  putLeadBatches(batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<number>;
  /** Stores feedback records as given (seeding, imports): the leads must exist and already reflect them. */
  appendFeedback(records: readonly Feedback[]): Promise<number>;
  submitFeedback(input: unknown, options: SubmitFeedbackOptions): Promise<SubmitFeedbackResult>;
  saveChecklist(leadId: string, input: ChecklistInput, by: string): Promise<QualificationResult>;
  getFunnel(query?: FunnelQuery): Promise<FunnelReport>;
  getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary>;
  getDefinition(): Promise<QualificationDefinition>;
  /** Every saved version, oldest first, each with its approvals. */
  getDefinitionHistory(): Promise<QualificationDefinition[]>;
  saveDefinition(definition: unknown): Promise<QualificationDefinition>;
  approveDefinition(input: StoreApprovalInput): Promise<QualificationDefinition>;
  /**
   * Replaces the reason catalog, checked with core's parseCatalogChange against the stored one
   * (every stored id kept: retire, do not delete); announces `{ type: 'reasons' }`. Feedback is
   * checked against the saved catalog from then on, and getConfig returns it.
   */
  saveReasons(reasons: unknown): Promise<Reason[]>;
  /** How many leads are stored. */
  countLeads(): Promise<number>;
  /** Listens for changes made through this store object. */
  subscribe(listener: (change: AdapterChange) => void): () => void;
  close(): Promise<void>;
}
