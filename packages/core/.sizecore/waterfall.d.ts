import type { ParseResult } from './errors.js';
export interface WaterfallStage {
    id: string;
    label: string;
}
export interface WaterfallExit {
    /** `disqualified`, `recycled`, `lost` by default. */
    kind: string;
    label: string;
}
/** The ordered stages a lead moves through, the stage at which marketing hands it to sales, and the ways out. */
export interface Waterfall {
    stages: WaterfallStage[];
    handoffStage: string;
    exits: WaterfallExit[];
}
/** Inquiry → MQL → SAL → SQL → Opportunity → Won, handed off at MQL. */
export declare const DEFAULT_WATERFALL: Waterfall;
/** Validates a configured waterfall: unique ids, at least two stages, a hand-off stage that exists. */
export declare function parseWaterfall(input: unknown): ParseResult<Waterfall>;
/** A waterfall with its lookups prepared once, for code that runs per lead. */
export interface WaterfallIndex {
    waterfall: Waterfall;
    stageIndex: ReadonlyMap<string, number>;
    exitIndex: ReadonlyMap<string, number>;
    handoffIndex: number;
}
/** Validates (once per object) and indexes a waterfall; throws LeadLoopError on a bad one. */
export declare function indexWaterfall(waterfall?: Waterfall): WaterfallIndex;
/** The stage a lead moves to when sales accepts it (after the hand-off) or qualifies it (one further). */
export declare function stageAfterHandoff(waterfall: Waterfall, steps: 1 | 2): string;
//# sourceMappingURL=waterfall.d.ts.map