import * as z from 'zod/mini';
import { parseWith } from './parse.js';
import type { ParseResult } from './errors.js';

/** The follow-up promise sales makes: touch a handed-off lead within this many milliseconds. */
export interface SlaPolicy {
  firstTouchWithinMs: number;
}

/** Five minutes: a lead contacted within 5 minutes is far likelier to qualify than one reached after 30. */
export const DEFAULT_SLA: SlaPolicy = Object.freeze({ firstTouchWithinMs: 5 * 60_000 });

const YEAR_MS = 366 * 24 * 3600_000;

export function parseSla(input: unknown): ParseResult<SlaPolicy> {
  return parseWith(z.object({ firstTouchWithinMs: z.number().check(z.int(), z.minimum(1), z.maximum(YEAR_MS)) }), input, 'sla');
}

export type SlaState = 'within' | 'breached' | 'pending';

export interface SlaStatus {
  state: SlaState;
  /** When the first touch is (or was) due, epoch ms. */
  dueAtMs: number;
  /** Milliseconds left until due (negative once breached); for a touched lead, the margin it was touched with. */
  remainingMs: number;
}

/**
 * Where one handed-off lead stands against the SLA at `nowMs`: touched in time (within),
 * touched late or untouched past the limit (breached), or untouched and still inside it (pending).
 */
export function slaState(handoffMs: number, firstTouchMs: number | null, limitMs: number, nowMs: number): SlaState {
  if (firstTouchMs !== null) return firstTouchMs - handoffMs <= limitMs ? 'within' : 'breached';
  return nowMs - handoffMs > limitMs ? 'breached' : 'pending';
}

/** The SLA status of one lead, for a badge that counts down. */
export function slaStatus(handoffMs: number, firstTouchMs: number | null, sla: SlaPolicy, nowMs: number): SlaStatus {
  const dueAtMs = handoffMs + sla.firstTouchWithinMs;
  return {
    state: slaState(handoffMs, firstTouchMs, sla.firstTouchWithinMs, nowMs),
    dueAtMs,
    remainingMs: dueAtMs - (firstTouchMs ?? nowMs),
  };
}
