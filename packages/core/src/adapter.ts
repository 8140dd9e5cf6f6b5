import type { FunnelReport } from './compute-funnel.js';
import type { FeedbackSummary, FunnelQuery, SummaryQuery } from './breakdowns.js';
import type { Feedback, FeedbackInput } from './feedback.js';
import type { Lead } from './lead.js';
import type { ApprovalRole, ChecklistAnswers, QualificationDefinition, QualificationResult } from './qualification.js';
import type { Reason } from './reasons.js';
import type { SlaPolicy } from './sla.js';
import type { Waterfall } from './waterfall.js';

/** Everything a widget needs to know about how this organisation runs its funnel. */
export interface LeadLoopConfig {
  waterfall: Waterfall;
  reasons: Reason[];
  sla: SlaPolicy;
  definition: QualificationDefinition;
}

/** Checklist answers saved for one stage of one lead. */
export interface ChecklistRecord {
  answers: ChecklistAnswers;
  by: string;
  at: string;
  /** The definition version the answers were given against. */
  definitionVersion: number;
}

/** A lead with its feedback (oldest first) and its checklists by stage. */
export interface LeadDetail extends Lead {
  feedback: Feedback[];
  checklist: Record<string, ChecklistRecord>;
}

export interface ChecklistInput {
  stage: string;
  answers: ChecklistAnswers;
}

export interface ApprovalInput {
  role: ApprovalRole;
  /** The version being approved: approving a stale version is a conflict. */
  version: number;
  by?: string;
}

/** What changed in an adapter's data; widgets refresh on it. */
export type AdapterChange =
  | { type: 'feedback'; leadId: string; feedback: Feedback }
  | { type: 'checklist'; leadId: string; stage: string }
  | { type: 'lead'; leadId: string }
  | { type: 'definition'; version: number }
  | { type: 'reasons' };

export interface SubmitOptions {
  /** Same key and same input → the same feedback, never a second one; same key, other input → conflict. */
  idempotencyKey: string;
}

/**
 * The one interface every data source implements: memory, REST, Salesforce. All methods are
 * async and fail with LeadLoopError (`code`, `retryable`).
 */
export interface LeadLoopAdapter {
  getConfig(): Promise<LeadLoopConfig>;
  getLead(id: string): Promise<LeadDetail>;
  listFeedback(leadId: string): Promise<Feedback[]>;
  submitFeedback(input: FeedbackInput, options: SubmitOptions): Promise<Feedback>;
  saveChecklist(leadId: string, input: ChecklistInput): Promise<QualificationResult>;
  getFunnel(query?: FunnelQuery): Promise<FunnelReport>;
  getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary>;
  getDefinition(): Promise<QualificationDefinition>;
  /** Saves an edit as the next version; `definition.version` must be the current one (else conflict). */
  saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition>;
  approveDefinition(input: ApprovalInput): Promise<QualificationDefinition>;
  /** Every saved definition version, oldest first, each with its approvals. */
  getDefinitionHistory?(): Promise<QualificationDefinition[]>;
  /**
   * Replaces the reason catalog (admins add, relabel and retire reasons). Ids are never removed,
   * because old feedback cites them: a reason no longer offered is marked `retired`.
   */
  saveReasons?(reasons: Reason[]): Promise<Reason[]>;
  /** Listens for changes; returns the function that stops listening. */
  subscribe?(listener: (change: AdapterChange) => void): () => void;
}
