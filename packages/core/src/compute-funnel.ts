import { invalidInput, type Issue } from './errors.js';
import { describeValue } from './parse.js';
import { funnelReport } from './funnel-report.js';
import { handoffAt } from './handoff.js';
import type { Lead } from './lead.js';
import { median, nearestRank } from './order-statistics.js';
import type { SlaPolicy } from './sla.js';
import { timeMs, timeMsInto } from './timestamps.js';
import { indexWaterfall, type Waterfall, type WaterfallIndex } from './waterfall.js';

export interface FunnelStage {
  id: string;
  label: string;
  /** Leads whose furthest stage is this one or later. */
  reached: number;
  /** Leads at this stage now (not exited). */
  current: number;
  /** reached / reached of the previous stage, 0..1; null for the first stage or a zero denominator. */
  fromPrevious: number | null;
  /** reached / reached of the first stage, 0..1; null when no lead reached the first. */
  fromFirst: number | null;
}

export interface FunnelExit {
  kind: string;
  count: number;
  /** Most frequent first. */
  reasons: { reason: string; count: number }[];
}

export interface FunnelReport {
  total: number;
  stages: FunnelStage[];
  exits: FunnelExit[];
  followUp: { handedOff: number; touched: number; rate: number | null };
  timeToFirstTouch: { medianMs: number | null; p90Ms: number | null };
  /** Present when an SLA was given. */
  sla?: { withinSla: number; breached: number; pending: number; compliance: number | null };
}

export interface FunnelOptions {
  waterfall?: Waterfall;
  sla?: SlaPolicy;
  /** The time SLA pending/breached is judged at; default the current time. */
  now?: Date;
}

/**
 * Scratch space for the time-to-first-touch values, kept between calls: allocating megabytes per
 * call makes the collector walk the whole heap (which holds the caller's million leads) again
 * and again. `inUse` guards the odd re-entrant call (a getter on a lead calling computeFunnel).
 */
let scratch = new Float64Array(1024);
let inUse = false;

function takeScratch(leadCount: number): Float64Array {
  if (inUse) return new Float64Array(Math.min(leadCount, 1024));
  inUse = true;
  return scratch;
}

function growScratch(current: Float64Array, leadCount: number): Float64Array {
  const grown = new Float64Array(Math.min(Math.max(leadCount, 1), current.length * 2));
  grown.set(current);
  if (current === scratch) scratch = grown;
  return grown;
}

function fail(i: number, field: string, message: string): never {
  throw invalidInput([{ path: field ? `leads.${i}.${field}` : `leads.${i}`, message }], 'leads');
}

/** When a lead was handed off, epoch ms (see handoffAt). */
export function handoffTime(lead: Lead, waterfall: Waterfall | WaterfallIndex): number {
  return timeMs(handoffAt(lead, 'stageIndex' in waterfall ? waterfall.waterfall.handoffStage : waterfall.handoffStage));
}

function validateOptions(options: FunnelOptions): { index: WaterfallIndex; limitMs: number | null; nowMs: number } {
  const issues: Issue[] = [];
  const { sla, now } = options;
  let limitMs: number | null = null;
  if (sla !== undefined && sla !== null) {
    const ms = (sla as SlaPolicy).firstTouchWithinMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) issues.push({ path: 'sla.firstTouchWithinMs', message: 'must be a finite number of milliseconds ≥ 0' });
    else limitMs = ms;
  }
  const nowMs = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : NaN;
  if (Number.isNaN(nowMs)) issues.push({ path: 'now', message: 'must be a valid Date' });
  if (issues.length > 0) throw invalidInput(issues, 'funnel options');
  return { index: indexWaterfall(options.waterfall), limitMs, nowMs };
}

/**
 * The funnel of a set of leads: reach and conversion per stage, exits with reasons, follow-up
 * of handed-off leads, time to first touch (median and nearest-rank p90) and SLA compliance.
 * One pass over the leads plus a selection for the percentiles: linear in time and memory.
 * Throws LeadLoopError (invalid_input) naming the first bad lead field.
 */
export function computeFunnel(leads: readonly Lead[], options: FunnelOptions = {}): FunnelReport {
  if (!Array.isArray(leads)) throw invalidInput([{ path: 'leads', message: 'expected an array of leads' }], 'leads');
  const { index, limitMs, nowMs } = validateOptions(options ?? {});
  const { waterfall, stageIndex, exitIndex, handoffIndex } = index;
  const stageCount = waterfall.stages.length;
  const atStage = new Float64Array(stageCount);
  const currentAt = new Float64Array(stageCount);
  const exitCounts = new Float64Array(waterfall.exits.length);
  // Per exit kind, a counter per reason: one map lookup per exited lead instead of a get and a set.
  const exitReasons = waterfall.exits.map(() => new Map<string, { n: number }>());
  let handedOff = 0, touched = 0, within = 0, breached = 0, pending = 0;
  const hasSla = limitMs !== null;
  const limit = limitMs ?? 0;
  let touchDurations = takeScratch(leads.length);
  // Hand-off and first-touch times of the lead at hand, read without boxing (see timeMsInto).
  const times = new Float64Array(2);
  let lastStage: unknown = times; // no stage is this object
  let lastIndex = 0;
  let timeToFirstTouch: FunnelReport['timeToFirstTouch'];
  try {

    // The hot loop: one pass, no allocation per lead, timestamps read only for handed-off leads.
    for (let i = 0; i < leads.length; i++) {
      const lead = leads[i]!;
      if (lead === null || typeof lead !== 'object') fail(i, '', 'expected a lead object');
      // Most leads sit at the same stage as the one before (nine in ten at inquiry): compare
      // with the last stage seen before asking the map.
      const stage = lead.stage;
      let s = lastIndex;
      if (stage !== lastStage) {
        const found = stageIndex.get(stage);
        if (found === undefined) fail(i, 'stage', `unknown stage ${describeValue(stage)}`);
        lastStage = stage;
        lastIndex = s = found;
      }
      atStage[s] = atStage[s]! + 1;
      const exit = lead.exit;
      if (exit) {
        const e = exitIndex.get(exit.kind);
        if (e === undefined) fail(i, 'exit.kind', `unknown exit ${describeValue(exit.kind)}`);
        exitCounts[e] = exitCounts[e]! + 1;
        const reason = exit.reason;
        if (reason) {
          const counter = exitReasons[e]!.get(reason);
          if (counter === undefined) exitReasons[e]!.set(reason, { n: 1 });
          else counter.n++;
        }
      } else {
        currentAt[s] = currentAt[s]! + 1;
      }
      if (s < handoffIndex) continue;
      handedOff++;
      const handedOffAt = lead.handedOffAt;
      if (handedOffAt) {
        if (!timeMsInto(handedOffAt, times, 0)) fail(i, 'handedOffAt', 'must be an ISO-8601 date-time with a zone');
      } else if (!timeMsInto(handoffAt(lead, waterfall.handoffStage), times, 0)) {
        fail(i, 'createdAt', 'must be an ISO-8601 date-time with a zone');
      }
      const handoffMs = times[0]!;
      const firstTouchAt = lead.firstTouchAt;
      if (firstTouchAt) {
        if (!timeMsInto(firstTouchAt, times, 1)) fail(i, 'firstTouchAt', 'must be an ISO-8601 date-time with a zone');
        const waited = times[1]! - handoffMs;
        if (touched === touchDurations.length) touchDurations = growScratch(touchDurations, leads.length);
        touchDurations[touched++] = waited;
        if (hasSla) {
          if (waited <= limit) within++;
          else breached++;
        }
      } else if (hasSla) {
        if (nowMs - handoffMs > limit) breached++;
        else pending++;
      }
    }

    timeToFirstTouch = { medianMs: median(touchDurations, touched), p90Ms: nearestRank(touchDurations, 90, touched) };
  } finally {
    if (touchDurations === scratch) inUse = false;
  }

  return funnelReport(waterfall, {
    total: leads.length, atStage, currentAt, exitCounts, handedOff,
    exitReasons: exitReasons.map((counters) => Array.from(counters, ([reason, counter]) => [reason, counter.n] as const)), touched, timeToFirstTouch,
    ...(hasSla ? { sla: { within, breached, pending } } : {}),
  });
}
