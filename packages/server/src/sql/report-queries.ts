import {
  FeedbackTally, funnelReport, type FeedbackSummary, type FunnelQuery, type FunnelReport, type GroupKey,
  type SlaPolicy, type SummaryQuery, type WaterfallIndex,
} from '@leadloop/core';
import type { SqlExecutor } from './database.js';
import { leadFilter } from './lead-rows.js';

/**
 * The report queries: funnel and summary figures aggregated by the database (GROUP BY, FILTER,
 * percentiles), so a report never pulls the leads into memory.
 */

/** Columns a summary may group by: a fixed map, never a name taken from a request. */
const GROUP_COLUMNS: Record<GroupKey, string> = { month: 'created_month', source: 'source', campaign: 'campaign', owner: 'owner' };


/**
 * The funnel of the leads matching `valid`, aggregated by the database in one statement; equal to
 * core's computeFunnel over the same leads.
 */
export async function queryFunnel(db: SqlExecutor, index: WaterfallIndex, sla: SlaPolicy, nowMs: number, valid: FunnelQuery): Promise<FunnelReport> {
  const { waterfall, stageIndex, exitIndex, handoffIndex } = index;
  const params: unknown[] = [];
  const where = leadFilter(valid, params);
  const p = params.length;
  params.push(waterfall.stages.slice(handoffIndex).map((s) => s.id), sla.firstTouchWithinMs, nowMs);
  const [handed, limit, now] = [`$${p + 1}::text[]`, `$${p + 2}::bigint`, `$${p + 3}::bigint`];
  // One statement, so one snapshot: the counts and the percentiles agree under concurrent writes.
  // Part g counts by stage, exit and reason in one scan; whether a group was handed off follows
  // from its stage, so no row tests the stage list (that test, four times a row, was a third of
  // the time). Part p ranks the times to first touch of the handed-off leads and returns only
  // the rows the median and the nearest-rank p90 need: positions (n + 1) / 2, (n + 2) / 2 and
  // ceil(0.9·n) = (9n + 9) / 10, in integers.
  const rows = await db.query<{
    part: 'g' | 'p'; stage: string | null; exit_kind: string | null; exit_reason: string | null; n: number | null;
    touched: number | null; within: number | null; breached: number | null; d: number | null; rn: number | null; total: number | null;
  }>(
    `SELECT 'g' AS part, stage, exit_kind, exit_reason, count(*)::float8 AS n,
       count(first_touch_ms)::float8 AS touched,
       count(*) FILTER (WHERE first_touch_ms - handoff_ms <= ${limit})::float8 AS within,
       count(*) FILTER (WHERE first_touch_ms - handoff_ms > ${limit} OR (first_touch_ms IS NULL AND ${now} - handoff_ms > ${limit}))::float8 AS breached,
       NULL::float8 AS d, NULL::float8 AS rn, NULL::float8 AS total
     FROM leads WHERE ${where} GROUP BY stage, exit_kind, exit_reason
     UNION ALL
     SELECT 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL, d::float8, rn::float8, total::float8 FROM (
       SELECT d, row_number() OVER (ORDER BY d) AS rn, count(*) OVER () AS total FROM (
         SELECT first_touch_ms - handoff_ms AS d FROM leads WHERE ${where} AND stage = ANY(${handed}) AND first_touch_ms IS NOT NULL) t) ranked
     WHERE rn IN ((total + 1) / 2, (total + 2) / 2, (9 * total + 9) / 10)`,
    params,
  );

  const handedStages = new Set(waterfall.stages.slice(handoffIndex).map((s) => s.id));
  const atStage = new Array<number>(waterfall.stages.length).fill(0);
  const currentAt = new Array<number>(waterfall.stages.length).fill(0);
  const exitCounts = new Array<number>(waterfall.exits.length).fill(0);
  const exitReasons = waterfall.exits.map(() => new Map<string, number>());
  let total = 0, handedOff = 0, touched = 0, within = 0, breached = 0;
  const ranked = new Map<number, number>();
  let rankedCount = 0;
  for (const g of rows) {
    if (g.part === 'p') {
      ranked.set(Number(g.rn), Number(g.d));
      rankedCount = Number(g.total);
      continue;
    }
    const n = Number(g.n);
    total += n;
    if (handedStages.has(g.stage!)) {
      handedOff += n;
      touched += Number(g.touched);
      within += Number(g.within);
      breached += Number(g.breached);
    }
    const s = stageIndex.get(g.stage!);
    if (s === undefined) continue; // written under another waterfall; validated leads never get here
    atStage[s]! += n;
    if (g.exit_kind === null) currentAt[s]! += n;
    else {
      const e = exitIndex.get(g.exit_kind);
      if (e === undefined) continue;
      exitCounts[e]! += n;
      if (g.exit_reason) exitReasons[e]!.set(g.exit_reason, (exitReasons[e]!.get(g.exit_reason) ?? 0) + n);
    }
  }
  const at = (rank: number) => ranked.get(rank) ?? null;
  const lower = at(Math.floor((rankedCount + 1) / 2)), upper = at(Math.floor((rankedCount + 2) / 2));
  const medianMs = lower === null || upper === null ? null : (lower + upper) / 2;
  const p90Ms = at(Math.floor((9 * rankedCount + 9) / 10));
  return funnelReport(waterfall, {
    total, atStage, currentAt, exitCounts, exitReasons, handedOff, touched,
    timeToFirstTouch: { medianMs: touched === 0 ? null : medianMs, p90Ms: touched === 0 ? null : p90Ms },
    sla: { within, breached, pending: handedOff - within - breached },
  });
}


/** Leads and feedback grouped by `valid.groupBy`, from one statement; equal to core's summarizeFeedback. */
export async function querySummary(db: SqlExecutor, index: WaterfallIndex, valid: SummaryQuery): Promise<FeedbackSummary> {
  const column = GROUP_COLUMNS[valid.groupBy];
  const filter: FunnelQuery = {};
  if (valid.from !== undefined) filter.from = valid.from;
  if (valid.to !== undefined) filter.to = valid.to;
  const handedOff = new Set(index.waterfall.stages.slice(index.handoffIndex).map((s) => s.id));
  const params: unknown[] = [];
  const where = leadFilter(filter, params, 'l.');
  // Lead counts and feedback counts in one statement, so both come from the same snapshot. Lead
  // counts come by stage too: whether they were handed off follows from it, in JS, instead of a
  // stage-list test on every row.
  const rows = await db.query<{
    part: 'l' | 'f'; key: string | null; month: string; stage: string | null; outcome: string | null; reason: string | null;
    n: number; touched: number; rating_sum: number; ratings: number;
  }>(
    `SELECT 'l' AS part, l.${column} AS key, l.created_month AS month, l.stage, NULL::text AS outcome, NULL::text AS reason, count(*)::float8 AS n,
       count(l.first_touch_ms)::float8 AS touched, 0::float8 AS rating_sum, 0::float8 AS ratings
     FROM leads l WHERE ${where} GROUP BY 2, 3, 4
     UNION ALL
     SELECT 'f', l.${column}, l.created_month, NULL, f.outcome, f.reason, count(*)::float8, 0,
       coalesce(sum(f.rating), 0)::float8, count(f.rating)::float8
     FROM feedback f JOIN leads l ON l.id = f.lead_id WHERE ${where} GROUP BY 2, 3, 5, 6`,
    params,
  );
  const tally = new FeedbackTally();
  for (const r of rows) {
    if (r.part === 'l') {
      tally.addLeads(r.key, r.month, Number(r.n));
      if (handedOff.has(r.stage!)) tally.addHandoffs(r.key, Number(r.n), Number(r.touched));
    } else tally.addFeedback(r.key, r.month, r.outcome, r.reason, Number(r.n), Number(r.rating_sum), Number(r.ratings));
  }
  return tally.summary();
}
