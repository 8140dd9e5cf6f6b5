import * as z from 'zod/mini';
import { type Waterfall } from './waterfall.js';
import { type Issue, type ParseResult } from './errors.js';
export interface StageVisit {
    stage: string;
    /** ISO-8601 time the lead entered the stage. */
    at: string;
}
export interface LeadExit {
    /** One of the waterfall's exit kinds: `disqualified`, `recycled`, `lost` by default. */
    kind: string;
    reason?: string;
    at: string;
}
/** A lead as LeadLoop sees it; times are ISO-8601 strings. */
export interface Lead {
    id: string;
    name?: string;
    company?: string;
    email?: string;
    source?: string;
    campaign?: string;
    owner?: string;
    createdAt: string;
    /** The furthest stage the lead reached; an exited lead keeps the stage it left from. */
    stage: string;
    stageHistory?: StageVisit[];
    /** When marketing handed the lead to sales (it reached the hand-off stage). */
    handedOffAt?: string;
    /** When sales first touched the lead: any feedback sets it. */
    firstTouchAt?: string | null;
    exit?: LeadExit | null;
}
/** Lead ids come from CRMs (Salesforce 18-char ids, UUIDs, numbers as text): any visible text without slashes. */
export declare const leadIdSchema: z.ZodMiniString<string>;
export declare const leadSchema: z.ZodMiniObject<{
    id: z.ZodMiniString<string>;
    name: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    company: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    email: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    source: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    campaign: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    owner: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    createdAt: z.ZodMiniString<string>;
    stage: z.ZodMiniString<string>;
    stageHistory: z.ZodMiniOptional<z.ZodMiniArray<z.ZodMiniObject<{
        stage: z.ZodMiniString<string>;
        at: z.ZodMiniString<string>;
    }, z.core.$strip>>>;
    handedOffAt: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    firstTouchAt: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
    exit: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniObject<{
        kind: z.ZodMiniString<string>;
        reason: z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniString<string>>>;
        at: z.ZodMiniString<string>;
    }, z.core.$strip>>>;
}, z.core.$strip>;
/** Checks that need the waterfall: known stage and exit ids, and times that do not run backwards. */
export declare function leadIssues(lead: Lead, waterfall: Waterfall, prefix?: string): Issue[];
/** Parses an untrusted lead (JSON from a form, a CSV row, an API) against a waterfall. */
export declare function parseLead(input: unknown, options?: {
    waterfall?: Waterfall;
}): ParseResult<Lead>;
//# sourceMappingURL=lead.d.ts.map