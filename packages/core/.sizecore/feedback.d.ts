import { type Lead } from './lead.js';
import { type Reason } from './reasons.js';
import { type Waterfall } from './waterfall.js';
import { type ParseResult } from './errors.js';
export declare const FEEDBACK_OUTCOMES: readonly ["accepted", "qualified", "rejected", "recycled", "attempted", "reached"];
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];
/** Outcomes that must say why. */
export declare const OUTCOMES_NEEDING_REASON: ReadonlySet<FeedbackOutcome>;
export declare const MAX_NOTE_LENGTH = 2000;
/** A rep's structured verdict on a lead. */
export interface Feedback {
    id: string;
    leadId: string;
    outcome: FeedbackOutcome;
    reason?: string;
    /** Lead quality, 1 (poor) to 5 (excellent). */
    rating?: number;
    note?: string;
    /** Who gave it (user name or id). */
    by: string;
    at: string;
}
/** What a client sends; the store fills `id`, and `by`/`at` when it knows better (the token's user, its clock). */
export interface FeedbackInput {
    leadId: string;
    outcome: FeedbackOutcome;
    reason?: string;
    rating?: number;
    note?: string;
    by?: string;
    at?: string;
}
/**
 * Parses a rep's feedback from an untrusted source. `reason` must be in the catalog (retired ones
 * are still accepted, for feedback queued before the admin retired them) and is required to
 * reject or recycle.
 */
export declare function parseFeedbackInput(input: unknown, options?: {
    reasons?: readonly Reason[];
}): ParseResult<FeedbackInput>;
/** A stable fingerprint of a feedback input, to tell "the same request again" from "another request". */
export declare function feedbackFingerprint(input: FeedbackInput): string;
/**
 * The lead after a piece of feedback: the first feedback of any kind sets `firstTouchAt`;
 * accepting moves it to the stage after the hand-off, qualifying one further (never backwards);
 * rejecting exits it as disqualified, recycling as recycled, with the reason.
 * Returns a new object; the input lead is not changed.
 */
export declare function applyFeedback(lead: Lead, feedback: Feedback, waterfall?: Waterfall): Lead;
//# sourceMappingURL=feedback.d.ts.map