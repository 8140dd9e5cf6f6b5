import type { Lead } from '@leadloop/core';

const BASE = Date.parse('2026-03-01T00:00:00.000Z');
const MIN = 60_000;

/** ISO time `minutes` after 2026-03-01T00:00Z. */
export const at = (minutes: number): string => new Date(BASE + minutes * MIN).toISOString();

let n = 0;
/** A lead created at minute 0, with the given overrides. */
export function lead(overrides: Partial<Lead> = {}): Lead {
  return { id: `L${++n}`, createdAt: at(0), stage: 'inquiry', ...overrides };
}

/** A lead handed off at minute `handoff` and first touched `touchAfter` minutes later (null: untouched). */
export function handedOff(handoff: number, touchAfter: number | null, overrides: Partial<Lead> = {}): Lead {
  return lead({ stage: 'mql', handedOffAt: at(handoff), firstTouchAt: touchAfter === null ? null : at(handoff + touchAfter), ...overrides });
}
