import { type Waterfall } from './waterfall.js';
export interface PlanInput {
    revenueGoal: number;
    averageDealSize: number;
    /** Share of each stage that converts to the next, in (0, 1]; every stage but the last. */
    rates: Record<string, number>;
    waterfall?: Waterfall;
}
export interface PlanResult {
    stages: {
        id: string;
        label: string;
        required: number;
    }[];
}
/**
 * Ceiling of a quotient that forgives floating-point noise: 57 / 0.57 is 100.00000000000001 in
 * binary, yet the plan needs exactly 100 leads, not 101.
 */
export declare function ceilQuotient(numerator: number, denominator: number): number;
/**
 * How many leads each stage needs for a revenue goal: the last stage needs
 * ceil(goal / deal size) wins, each earlier stage ceil(next / its conversion rate).
 */
export declare function planFunnel(input: PlanInput): PlanResult;
/**
 * Conversion rates observed in a funnel report (reached[i+1] / reached[i]), to prefill a plan;
 * stages with no leads to judge by are left out.
 */
export declare function observedRates(report: {
    stages: {
        id: string;
        fromPrevious: number | null;
    }[];
}): Record<string, number>;
//# sourceMappingURL=plan-funnel.d.ts.map