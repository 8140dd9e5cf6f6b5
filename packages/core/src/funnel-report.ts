import type { FunnelReport } from './compute-funnel.js';
import type { Waterfall } from './waterfall.js';

/**
 * What a funnel report is made of, however it was counted: computeFunnel's pass over the leads, a
 * database's GROUP BY, or Salesforce's aggregate queries. Per-stage and per-exit arrays follow the
 * waterfall's order.
 */
export interface FunnelCounts {
  total: number;
  /** Per stage: the leads whose furthest stage it is. */
  atStage: ArrayLike<number>;
  /** Per stage: those of them not exited. */
  currentAt: ArrayLike<number>;
  /** Per exit kind: how many left that way, and how many of them gave each reason. */
  exitCounts: ArrayLike<number>;
  exitReasons: readonly Iterable<readonly [string, number]>[];
  handedOff: number;
  touched: number;
  timeToFirstTouch: FunnelReport['timeToFirstTouch'];
  /** With an SLA: hand-offs first touched within it, breached, and still pending. */
  sla?: { within: number; breached: number; pending: number };
}

/** n / d, or null when there is nothing to divide by. */
export const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Reasons with their counts, the most frequent first, ties in id order. */
export function rankReasons(counts: Iterable<readonly [string, number]>): { reason: string; count: number }[] {
  return Array.from(counts, ([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/** The report of a funnel's counts: reach and conversion per stage, exits with ranked reasons, follow-up and SLA. */
export function funnelReport(waterfall: Waterfall, counts: FunnelCounts): FunnelReport {
  const { stages, exits } = waterfall;
  const reachedAt = new Array<number>(stages.length);
  for (let s = stages.length - 1, reached = 0; s >= 0; s--) reachedAt[s] = reached += counts.atStage[s]!;
  const { handedOff, touched, sla } = counts;
  const report: FunnelReport = {
    total: counts.total,
    stages: stages.map((stage, s) => ({
      id: stage.id,
      label: stage.label,
      reached: reachedAt[s]!,
      current: counts.currentAt[s]!,
      fromPrevious: s === 0 ? null : ratio(reachedAt[s]!, reachedAt[s - 1]!),
      fromFirst: ratio(reachedAt[s]!, reachedAt[0]!),
    })),
    exits: exits.map((exit, e) => ({ kind: exit.kind, count: counts.exitCounts[e]!, reasons: rankReasons(counts.exitReasons[e]!) })),
    followUp: { handedOff, touched, rate: ratio(touched, handedOff) },
    timeToFirstTouch: counts.timeToFirstTouch,
  };
  if (sla) report.sla = { withinSla: sla.within, breached: sla.breached, pending: sla.pending, compliance: ratio(sla.within, sla.within + sla.breached) };
  return report;
}
