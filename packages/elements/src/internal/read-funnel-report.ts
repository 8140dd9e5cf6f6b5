import type { FunnelReport } from '@leadloop/core';
import { readJsonValue } from './safe-json.js';

/** A report after reading: usable, or why not (in words for the page's developer). */
export type ReadReport = { ok: true; value: FunnelReport } | { ok: false; message: string };

const isCount = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < Infinity;
/** A count where one is needed; else 0 (hand-written reports leave out what they do not know). */
const count = (v: unknown) => (isCount(v) ? v : 0);
/** A count where one may be unknown; else null. */
const countOrNull = (v: unknown) => (isCount(v) ? v : null);
/** A 0..1 fraction, or the one derived from counts when the report has none. */
const fraction = (v: unknown, n: number, d: number | undefined) => (isCount(v) ? v : v === null ? null : d ? n / d : null);
const text = (v: unknown, fallback: string) => (typeof v === 'string' && v && v.length <= 200 ? v : fallback);

/**
 * Reads a FunnelReport given as an object or a JSON string (an attribute, set by LWC or plain
 * HTML) without trusting it: stage ids and counts are required, the rest is bounded or derived
 * (conversion from `reached`, totals from the first stage). Never throws.
 */
export function readFunnelReport(input: unknown): ReadReport {
  const json = readJsonValue(input, 'report');
  if (!json.ok) return json;
  const raw = (json.value ?? {}) as Record<string, any>;
  const stages = raw.stages;
  if (!Array.isArray(stages) || !stages.length || stages.length > 50) return { ok: false, message: 'report.stages: expected 1–50 stages' };
  const bad = stages.findIndex((s) => typeof s?.id !== 'string' || !s.id || !isCount(s.reached));
  if (bad >= 0) return { ok: false, message: `report.stages.${bad}: expected { id, reached: a count ≥ 0 }` };
  const first = stages[0].reached as number;
  const report: FunnelReport = {
    total: isCount(raw.total) ? raw.total : first,
    stages: stages.map((s, i) => ({
      id: String(s.id).slice(0, 100),
      label: text(s.label, s.id),
      reached: s.reached,
      current: count(s.current),
      fromPrevious: i ? fraction(s.fromPrevious, s.reached, stages[i - 1].reached) : null,
      fromFirst: fraction(s.fromFirst, s.reached, first),
    })),
    exits: (Array.isArray(raw.exits) ? raw.exits.slice(0, 20) : [])
      .filter((e: any) => typeof e?.kind === 'string' && isCount(e.count))
      .map((e: any) => ({
        kind: e.kind,
        count: e.count,
        reasons: (Array.isArray(e.reasons) ? e.reasons : []).filter((r: any) => typeof r?.reason === 'string' && isCount(r.count)).map((r: any) => ({ reason: r.reason, count: r.count })),
      })),
    followUp: { handedOff: count(raw.followUp?.handedOff), touched: count(raw.followUp?.touched), rate: fraction(raw.followUp?.rate, count(raw.followUp?.touched), raw.followUp?.handedOff) },
    timeToFirstTouch: { medianMs: countOrNull(raw.timeToFirstTouch?.medianMs), p90Ms: countOrNull(raw.timeToFirstTouch?.p90Ms) },
  };
  const sla = raw.sla;
  if (sla && typeof sla === 'object') {
    const within = count(sla.withinSla);
    report.sla = { withinSla: within, breached: count(sla.breached), pending: count(sla.pending), compliance: fraction(sla.compliance, within, within + count(sla.breached)) };
  }
  return { ok: true, value: report };
}
