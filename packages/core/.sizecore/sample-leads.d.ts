import type { Feedback } from './feedback.js';
import type { Lead } from './lead.js';
/** A small deterministic generator (mulberry32): the same seed gives the same data set everywhere. */
export declare function seededRandom(seed: number): () => number;
/**
 * Share of each stage that moves on to the next, from published B2B waterfall benchmarks:
 * inquiry→MQL 4–10%, MQL→SAL about half, SAL→SQL about half, SQL→opportunity 60%,
 * opportunity→won a quarter.
 */
export declare const BENCHMARK_RATES: readonly number[];
/** The same with four times the benchmark's inquiries qualifying, so a small demo has leads past the hand-off. */
export declare const DEMO_RATES: readonly number[];
export interface SampleOptions {
    count: number;
    seed?: number;
    /** Leads are created over the 180 days before this time. */
    now?: Date;
    /** Also write feedback records (slower; the demo wants them, the benchmark does not). */
    withFeedback?: boolean;
    /** Stage-to-next conversion, one per stage but the last; default DEMO_RATES. */
    rates?: readonly number[];
}
/**
 * Realistic leads for demos and benchmarks on the default waterfall: sources, campaigns, owners,
 * stage drop-off, hand-off and first-touch times (some within a 5-minute SLA, many later, some
 * never), exits with reasons, and — on request — the feedback that explains them.
 */
export declare function generateLeads(options: SampleOptions): {
    leads: Lead[];
    feedback: Feedback[];
};
//# sourceMappingURL=sample-leads.d.ts.map