import type { AdapterChange, ApprovalInput, ChecklistInput, LeadDetail, LeadLoopAdapter, LeadLoopConfig, SubmitOptions } from './adapter.js';
import { type FeedbackSummary, type FunnelQuery, type SummaryQuery } from './breakdowns.js';
import { type FunnelReport } from './compute-funnel.js';
import { type Feedback, type FeedbackInput } from './feedback.js';
import { type Lead } from './lead.js';
import { type QualificationDefinition, type QualificationResult } from './qualification.js';
import { type Reason } from './reasons.js';
import { type SlaPolicy } from './sla.js';
import { type Waterfall } from './waterfall.js';
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
/**
 * A complete LeadLoopAdapter in memory: the reference implementation of the contract, the
 * store behind demos and tests, and the adapter of a page with no back end.
 */
export declare class MemoryAdapter implements LeadLoopAdapter {
    #private;
    constructor(options?: MemoryAdapterOptions);
    /** Adds or replaces leads, all or nothing: one bad lead and none is stored. */
    putLeads(leads: unknown[]): number;
    /** Every lead, for exports and tests. */
    listLeads(): Lead[];
    getConfig(): Promise<LeadLoopConfig>;
    getLead(id: string): Promise<LeadDetail>;
    listFeedback(leadId: string): Promise<Feedback[]>;
    submitFeedback(input: FeedbackInput, options: SubmitOptions): Promise<Feedback>;
    saveChecklist(leadId: string, input: ChecklistInput): Promise<QualificationResult>;
    getFunnel(query?: FunnelQuery): Promise<FunnelReport>;
    getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary>;
    getDefinition(): Promise<QualificationDefinition>;
    /** Every saved version, oldest first, each with the approvals it had. */
    getDefinitionHistory(): Promise<QualificationDefinition[]>;
    saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition>;
    approveDefinition(input: ApprovalInput): Promise<QualificationDefinition>;
    subscribe(listener: (change: AdapterChange) => void): () => void;
}
//# sourceMappingURL=memory-adapter.d.ts.map