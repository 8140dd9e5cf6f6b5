import { type ParseResult } from './errors.js';
import type { Feedback } from './feedback.js';
import type { Lead } from './lead.js';
import { type FunnelOptions, type FunnelReport } from './compute-funnel.js';
import { type Waterfall } from './waterfall.js';
export declare const GROUP_KEYS: readonly ["month", "source", "campaign", "owner"];
export type GroupKey = (typeof GROUP_KEYS)[number];
/** Which leads a report covers: created in [from, to), and optionally one source, campaign or owner. */
export interface FunnelQuery {
    /** ISO date (start of that day, UTC) or date-time; inclusive. */
    from?: string;
    /** ISO date (through the end of that day, UTC) or date-time; exclusive. */
    to?: string;
    source?: string;
    campaign?: string;
    owner?: string;
}
export interface SummaryQuery extends Pick<FunnelQuery, 'from' | 'to'> {
    groupBy: GroupKey;
}
/** Parses a query from untrusted input (URL search params as an object). */
export declare function parseFunnelQuery(input: unknown): ParseResult<FunnelQuery & {
    groupBy?: GroupKey;
}>;
/** A predicate for the leads a query covers. */
export declare function leadMatcher(query?: FunnelQuery): (lead: Lead) => boolean;
/** The group a lead falls in: its creation month (YYYY-MM, UTC) or its source, campaign or owner; null when unset. */
export declare function groupOf(lead: Lead, key: GroupKey): string | null;
/** The funnel, follow-up and SLA per cohort (creation month) or per source, campaign or owner. */
export declare function computeFunnelBy(leads: readonly Lead[], groupBy: GroupKey, options?: FunnelOptions): {
    key: string | null;
    report: FunnelReport;
}[];
export interface FeedbackCounts {
    leads: number;
    feedback: number;
    accepted: number;
    rejected: number;
    recycled: number;
}
export interface FeedbackGroup extends FeedbackCounts {
    key: string | null;
    /** Leads that reached the hand-off stage, and of those, how many sales touched. */
    handedOff: number;
    touched: number;
    followUpRate: number | null;
    reasons: {
        reason: string;
        count: number;
    }[];
    meanRating: number | null;
    /** The same counts by month of lead creation, oldest first. */
    trend: ({
        month: string;
    } & FeedbackCounts)[];
}
export interface FeedbackSummary {
    groups: FeedbackGroup[];
}
/**
 * Feedback summed up for the monthly review: per campaign, source, owner or month — leads,
 * follow-up, feedback by outcome, reasons by count and the mean rating, with a monthly trend.
 */
export declare function summarizeFeedback(leads: readonly Lead[], feedback: readonly Feedback[], query: SummaryQuery, options?: {
    waterfall?: Waterfall;
}): FeedbackSummary;
export interface StageDwell {
    stage: string;
    label: string;
    /** Completed stays in the stage (entered and left, by moving on or exiting). */
    count: number;
    medianMs: number | null;
    p90Ms: number | null;
}
/** How long leads stay in each stage, from `stageHistory`: completed stays only, median and nearest-rank p90. */
export declare function timeInStage(leads: readonly Lead[], options?: {
    waterfall?: Waterfall;
}): StageDwell[];
//# sourceMappingURL=breakdowns.d.ts.map