import * as z from 'zod/mini';
import { isoDateTime, once, parseWith, requireObject, requireObjects, shortText } from './parse.js';
import { isoToMs } from './timestamps.js';
import { leadIdSchema, type Lead } from './lead.js';
import { DEFAULT_REASONS, type Reason } from './reasons.js';
import { DEFAULT_WATERFALL, indexWaterfall, stageAfterHandoff, type Waterfall } from './waterfall.js';
import { invalidInput, type Issue, type ParseResult } from './errors.js';

export const FEEDBACK_OUTCOMES = ['accepted', 'qualified', 'rejected', 'recycled', 'attempted', 'reached'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/** Outcomes that must say why. */
export const OUTCOMES_NEEDING_REASON: ReadonlySet<FeedbackOutcome> = new Set(['rejected', 'recycled']);

export const MAX_NOTE_LENGTH = 2000;

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

const feedbackInputSchema = /* @__PURE__ */ once(() => z.object({
  leadId: leadIdSchema(),
  outcome: z.enum(FEEDBACK_OUTCOMES),
  reason: z.optional(z.nullable(shortText(100))),
  rating: z.optional(z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(5)))),
  note: z.optional(z.nullable(z.string().check(z.maxLength(MAX_NOTE_LENGTH)))),
  by: z.optional(shortText(255).check(z.minLength(1))),
  at: z.optional(isoDateTime()),
}));

function reasonIssues(input: FeedbackInput, reasons: readonly Reason[]): Issue[] {
  if (input.reason === undefined) {
    return OUTCOMES_NEEDING_REASON.has(input.outcome)
      ? [{ path: 'reason', message: `is required when the outcome is ${input.outcome}` }]
      : [];
  }
  return reasons.some((r) => r.id === input.reason)
    ? []
    : [{ path: 'reason', message: `unknown reason "${input.reason}": must be one of the reason catalog's ids` }];
}

/**
 * Parses a rep's feedback from an untrusted source. `reason` must be in the catalog (retired ones
 * are still accepted, for feedback queued before the admin retired them) and is required to
 * reject or recycle.
 */
export function parseFeedbackInput(input: unknown, options: { reasons?: readonly Reason[] } = {}): ParseResult<FeedbackInput> {
  const parsed = parseWith(feedbackInputSchema(), input, 'feedback');
  if (!parsed.ok) return parsed;
  const raw = parsed.value;
  const value: FeedbackInput = { leadId: raw.leadId, outcome: raw.outcome };
  if (raw.reason) value.reason = raw.reason;
  if (raw.rating != null) value.rating = raw.rating;
  if (raw.note) value.note = raw.note;
  if (raw.by !== undefined) value.by = raw.by;
  if (raw.at !== undefined) value.at = raw.at;
  const issues = reasonIssues(value, requireObjects<Reason>(options?.reasons ?? DEFAULT_REASONS, 'reasons', 'feedback options'));
  return issues.length > 0 ? { ok: false, error: invalidInput(issues, 'feedback') } : { ok: true, value };
}

/** A stable fingerprint of a feedback input, to tell "the same request again" from "another request". */
export function feedbackFingerprint(input: FeedbackInput): string {
  return JSON.stringify([input.leadId, input.outcome, input.reason ?? null, input.rating ?? null, input.note ?? null, input.by ?? null, input.at ?? null]);
}

function advance(lead: Lead, stage: string, at: string, waterfall: Waterfall): void {
  const { stageIndex } = indexWaterfall(waterfall);
  if ((stageIndex.get(stage) ?? -1) <= (stageIndex.get(lead.stage) ?? -1)) return;
  lead.stage = stage;
  lead.stageHistory = [...(lead.stageHistory ?? []), { stage, at }];
}

/**
 * The lead after a piece of feedback: the first feedback of any kind sets `firstTouchAt`;
 * accepting moves it to the stage after the hand-off, qualifying one further (never backwards);
 * rejecting exits it as disqualified, recycling as recycled, with the reason.
 * Returns a new object; the input lead is not changed.
 */
export function applyFeedback(lead: Lead, feedback: Feedback, waterfall: Waterfall = DEFAULT_WATERFALL): Lead {
  requireObject(lead, 'lead', 'feedback');
  requireObject(feedback, 'feedback', 'feedback');
  if (!FEEDBACK_OUTCOMES.includes(feedback.outcome) || Number.isNaN(isoToMs(feedback.at))) {
    throw invalidInput([{ path: Number.isNaN(isoToMs(feedback.at)) ? 'feedback.at' : 'feedback.outcome', message: 'is not valid feedback' }], 'feedback');
  }
  const next: Lead = { ...lead };
  if (next.stageHistory) next.stageHistory = [...next.stageHistory];
  if (!next.firstTouchAt || isoToMs(feedback.at) < isoToMs(next.firstTouchAt)) next.firstTouchAt = feedback.at;
  switch (feedback.outcome) {
    case 'accepted':
    case 'qualified':
      advance(next, stageAfterHandoff(waterfall, feedback.outcome === 'accepted' ? 1 : 2), feedback.at, waterfall);
      next.exit = null;
      break;
    case 'rejected':
    case 'recycled': {
      const kind = feedback.outcome === 'rejected' ? 'disqualified' : 'recycled';
      if (indexWaterfall(waterfall).exitIndex.has(kind)) {
        next.exit = feedback.reason ? { kind, reason: feedback.reason, at: feedback.at } : { kind, at: feedback.at };
      }
      break;
    }
    default:
      break;
  }
  return next;
}
