import type { Lead } from './lead.js';
import { type SlaPolicy } from './sla.js';
import { type Waterfall, type WaterfallIndex } from './waterfall.js';
export interface FunnelStage {
    id: string;
    label: string;
    /** Leads whose furthest stage is this one or later. */
    reached: number;
    /** Leads at this stage now (not exited). */
    current: number;
    /** reached / reached of the previous stage, 0..1; null for the first stage or a zero denominator. */
    fromPrevious: number | null;
    /** reached / reached of the first stage, 0..1; null when no lead reached the first. */
    fromFirst: number | null;
}
export interface FunnelExit {
    kind: string;
    count: number;
    /** Most frequent first. */
    reasons: {
        reason: string;
        count: number;
    }[];
}
export interface FunnelReport {
    total: number;
    stages: FunnelStage[];
    exits: FunnelExit[];
    followUp: {
        handedOff: number;
        touched: number;
        rate: number | null;
    };
    timeToFirstTouch: {
        medianMs: number | null;
        p90Ms: number | null;
    };
    /** Present when an SLA was given. */
    sla?: {
        withinSla: number;
        breached: number;
        pending: number;
        compliance: number | null;
    };
}
export interface FunnelOptions {
    waterfall?: Waterfall;
    sla?: SlaPolicy;
    /** The time SLA pending/breached is judged at; default the current time. */
    now?: Date;
}
/**
 * When a lead was handed off: `handedOffAt`, else its visit to the hand-off stage in
 * `stageHistory`, else `createdAt` (a lead created straight at or past the hand-off stage).
 */
export declare function handoffTime(lead: Lead, waterfall: Waterfall | WaterfallIndex): number;
/**
 * The funnel of a set of leads: reach and conversion per stage, exits with reasons, follow-up
 * of handed-off leads, time to first touch (median and nearest-rank p90) and SLA compliance.
 * One pass over the leads plus a selection for the percentiles: linear in time and memory.
 * Throws LeadLoopError (invalid_input) naming the first bad lead field.
 */
export declare function computeFunnel(leads: readonly Lead[], options?: FunnelOptions): FunnelReport;
//# sourceMappingURL=compute-funnel.d.ts.map