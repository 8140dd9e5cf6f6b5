import type { FunnelReport, FunnelStage } from '@leadloop/core';
import { readJsonValue } from './safe-json.js';

/** A report after reading: usable, or why not (in words for the page's developer). */
export type ReadReport = { ok: true; value: FunnelReport } | { ok: false; message: string };

const count = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const fraction = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const text = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
const ratio = (n: number, d: number | undefined) => (d ? n / d : null);

/**
 * Reads a FunnelReport given as an object or a JSON string (an attribute, set by LWC or plain
 * HTML) without trusting it: counts must be finite and ≥ 0, labels bounded text; conversion
 * ratios missing from a hand-written report are derived from `reached`. Never throws.
 */
export function readFunnelReport(input: unknown): ReadReport {
  const json = readJsonValue(input, 'report');
  if (!json.ok) return json;
  const value = json.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'report: expected an object' };
  const raw = value as Record<string, unknown>;
  if (!Array.isArray(raw.stages) || raw.stages.length === 0 || raw.stages.length > 50) return { ok: false, message: 'report.stages: expected 1–50 stages' };
  const stages: FunnelStage[] = [];
  for (const [i, s] of (raw.stages as unknown[]).entries()) {
    const stage = (s ?? {}) as Record<string, unknown>;
    if (!text(stage.id, 100) || !stage.id) return { ok: false, message: `report.stages.${i}.id: expected an id` };
    if (!count(stage.reached)) return { ok: false, message: `report.stages.${i}.reached: expected a count ≥ 0` };
    if (stage.current !== undefined && !count(stage.current)) return { ok: false, message: `report.stages.${i}.current: expected a count ≥ 0` };
    for (const key of ['fromPrevious', 'fromFirst'] as const) {
      if (stage[key] !== undefined && !fraction(stage[key])) return { ok: false, message: `report.stages.${i}.${key}: expected a fraction or null` };
    }
    const reached = stage.reached;
    stages.push({
      id: stage.id,
      label: text(stage.label) && stage.label ? stage.label : stage.id,
      reached,
      current: (stage.current as number | undefined) ?? 0,
      fromPrevious: stage.fromPrevious !== undefined ? (stage.fromPrevious as number | null) : i === 0 ? null : ratio(reached, stages[i - 1]!.reached),
      fromFirst: stage.fromFirst !== undefined ? (stage.fromFirst as number | null) : ratio(reached, stages[0]?.reached ?? reached),
    });
  }
  const exits: FunnelReport['exits'] = [];
  if (raw.exits !== undefined) {
    if (!Array.isArray(raw.exits)) return { ok: false, message: 'report.exits: expected an array' };
    for (const [i, e] of (raw.exits as unknown[]).slice(0, 20).entries()) {
      const exit = (e ?? {}) as Record<string, unknown>;
      if (!text(exit.kind, 100) || !count(exit.count)) return { ok: false, message: `report.exits.${i}: expected { kind, count }` };
      const reasons = Array.isArray(exit.reasons) ? (exit.reasons as unknown[]) : [];
      exits.push({
        kind: exit.kind,
        count: exit.count,
        reasons: reasons
          .filter((r): r is { reason: string; count: number } => !!r && text((r as { reason: unknown }).reason) && count((r as { count: unknown }).count))
          .map((r) => ({ reason: r.reason, count: r.count })),
      });
    }
  }
  const f = (raw.followUp ?? {}) as Record<string, unknown>;
  const handedOff = count(f.handedOff) ? f.handedOff : 0;
  const touched = count(f.touched) ? f.touched : 0;
  const t = (raw.timeToFirstTouch ?? {}) as Record<string, unknown>;
  const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const report: FunnelReport = {
    total: count(raw.total) ? raw.total : stages[0]!.reached,
    stages,
    exits,
    followUp: { handedOff, touched, rate: fraction(f.rate) && f.rate !== undefined ? f.rate : ratio(touched, handedOff) },
    timeToFirstTouch: { medianMs: ms(t.medianMs), p90Ms: ms(t.p90Ms) },
  };
  const sla = raw.sla as Record<string, unknown> | undefined;
  if (sla && typeof sla === 'object') {
    const within = count(sla.withinSla) ? sla.withinSla : 0;
    const breached = count(sla.breached) ? sla.breached : 0;
    report.sla = {
      withinSla: within,
      breached,
      pending: count(sla.pending) ? sla.pending : 0,
      compliance: fraction(sla.compliance) && sla.compliance !== undefined ? sla.compliance : ratio(within, within + breached),
    };
  }
  return { ok: true, value: report };
}
