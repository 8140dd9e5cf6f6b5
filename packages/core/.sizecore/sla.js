import * as z from 'zod/mini';
import { parseWith } from './parse.js';
/** Five minutes: a lead contacted within 5 minutes is far likelier to qualify than one reached after 30. */
export const DEFAULT_SLA = Object.freeze({ firstTouchWithinMs: 5 * 60_000 });
const YEAR_MS = 366 * 24 * 3600_000;
export function parseSla(input) {
    return parseWith(z.object({ firstTouchWithinMs: z.number().check(z.int(), z.minimum(1), z.maximum(YEAR_MS)) }), input, 'sla');
}
/**
 * Where one handed-off lead stands against the SLA at `nowMs`: touched in time (within),
 * touched late or untouched past the limit (breached), or untouched and still inside it (pending).
 */
export function slaState(handoffMs, firstTouchMs, limitMs, nowMs) {
    if (firstTouchMs !== null)
        return firstTouchMs - handoffMs <= limitMs ? 'within' : 'breached';
    return nowMs - handoffMs > limitMs ? 'breached' : 'pending';
}
/** The SLA status of one lead, for a badge that counts down. */
export function slaStatus(handoffMs, firstTouchMs, sla, nowMs) {
    const dueAtMs = handoffMs + sla.firstTouchWithinMs;
    return {
        state: slaState(handoffMs, firstTouchMs, sla.firstTouchWithinMs, nowMs),
        dueAtMs,
        remainingMs: dueAtMs - (firstTouchMs ?? nowMs),
    };
}
//# sourceMappingURL=sla.js.map