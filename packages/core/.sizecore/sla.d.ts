import type { ParseResult } from './errors.js';
/** The follow-up promise sales makes: touch a handed-off lead within this many milliseconds. */
export interface SlaPolicy {
    firstTouchWithinMs: number;
}
/** Five minutes: a lead contacted within 5 minutes is far likelier to qualify than one reached after 30. */
export declare const DEFAULT_SLA: SlaPolicy;
export declare function parseSla(input: unknown): ParseResult<SlaPolicy>;
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
export declare function slaState(handoffMs: number, firstTouchMs: number | null, limitMs: number, nowMs: number): SlaState;
/** The SLA status of one lead, for a badge that counts down. */
export declare function slaStatus(handoffMs: number, firstTouchMs: number | null, sla: SlaPolicy, nowMs: number): SlaStatus;
//# sourceMappingURL=sla.d.ts.map