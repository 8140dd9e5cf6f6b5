import {
  expectValid, FeedbackTally, funnelReport, indexWaterfall, invalidInput, LeadLoopError, parseFunnelQuery,
  type FeedbackSummary, type FunnelQuery, type FunnelReport, type GroupKey, type SlaPolicy,
} from '@leadloop/core';
import type { SalesforceClient } from './salesforce-adapter-client.js';
import {
  decodeTouchKey, FEEDBACK_OBJECT, LEAD_FIELDS, soqlDateTime, soqlString, stageOf, touchBucket, touchKey, type ResolvedMapping,
} from './salesforce-adapter-mapping.js';

/**
 * The funnel and the feedback summary from SOQL aggregates, never by reading every lead.
 *
 * Funnel — call 1, one Composite of five aggregate queries over the filtered leads:
 *   1. COUNT(Id), COUNT(first touch) GROUP BY stage, Status, IsConverted, exit kind, exit reason
 *      → reached and current per stage, exits with reasons, handed off and touched (exact);
 *   2. COUNT(Id) of touched leads whose time-to-first-touch key ≤ the SLA, by stage → within SLA (exact);
 *   3. COUNT(Id) of untouched leads whose SLA clock started before now − SLA, by stage → breached
 *      untouched (exact); pending = untouched − that;
 *   4. COUNT(Id) GROUP BY time-to-first-touch bucket (log scale, 1 % wide) → which buckets hold the
 *      median's one or two ranks and the p90 rank.
 * Call 2, only when a lead was touched: COUNT(Id) GROUP BY exact time-to-first-touch key within
 *   those (at most three) buckets, LIMIT 2000 → the exact median and nearest-rank p90.
 *   Bounded by the distinct values in three 1 %-wide buckets, not by the number of leads; only if
 *   those buckets hold more than 2000 distinct values does it page on (one more call per 2000).
 */

const STAGE_GROUP = [LEAD_FIELDS.stage, 'Status', 'IsConverted'];
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const MAX_GROUPS = 2000;

function boundMs(value: string, end: boolean): number {
  if (DATE_ONLY.test(value)) return Date.parse(`${value}T00:00:00Z`) + (end ? DAY_MS : 0);
  return Date.parse(value);
}

/** WHERE conditions for a funnel query; `prefix` walks from a child object to the lead (`Lead__r.`). */
export function leadConditions(query: FunnelQuery, mapping: ResolvedMapping, prefix = ''): string[] {
  const valid = expectValid(parseFunnelQuery(query ?? {}));
  const conditions: string[] = [];
  if (valid.source !== undefined) conditions.push(`${prefix}LeadSource = ${soqlString(valid.source)}`);
  if (valid.campaign !== undefined) conditions.push(`${prefix}${LEAD_FIELDS.campaign} = ${soqlString(valid.campaign)}`);
  if (valid.owner !== undefined) conditions.push(`${prefix}${mapping.ownerField} = ${soqlString(valid.owner)}`);
  if (valid.from !== undefined) conditions.push(`${prefix}CreatedDate >= ${soqlDateTime(boundMs(valid.from, false))}`);
  if (valid.to !== undefined) conditions.push(`${prefix}CreatedDate < ${soqlDateTime(boundMs(valid.to, true))}`);
  return conditions;
}

const where = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '');
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

function checkGroups(rows: unknown[], what: string): void {
  if (rows.length >= MAX_GROUPS) {
    throw new LeadLoopError('internal', `Too many ${what} groups for one aggregate query (${MAX_GROUPS}): narrow the report with a filter.`);
  }
}

/** Nearest-rank position (1-based) as core computes it: integer arithmetic, no floating-point round-up. */
function nearestRankPosition(percent: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil((Math.round(percent * 1000) * n) / 100_000 - 1e-9)));
}

export async function salesforceFunnel(
  client: SalesforceClient, mapping: ResolvedMapping, query: FunnelQuery, sla: SlaPolicy | undefined, now: Date,
): Promise<FunnelReport> {
  const { waterfall, stageIndex, handoffIndex } = mapping;
  const { exitIndex } = indexWaterfall(waterfall);
  const conditions = leadConditions(query, mapping);
  const limitMs = sla?.firstTouchWithinMs;
  const group = STAGE_GROUP.join(', ');
  const soqls = [
    `SELECT ${group}, ${LEAD_FIELDS.exitKind}, ${LEAD_FIELDS.exitReason}, COUNT(Id) n, COUNT(${LEAD_FIELDS.firstTouchAt}) t FROM Lead${where(conditions)} GROUP BY ${group}, ${LEAD_FIELDS.exitKind}, ${LEAD_FIELDS.exitReason} LIMIT ${MAX_GROUPS}`,
    `SELECT ${LEAD_FIELDS.touchBucket} b, COUNT(Id) n FROM Lead${where([...conditions, `${LEAD_FIELDS.touchKey} != null`])} GROUP BY ${LEAD_FIELDS.touchBucket} ORDER BY ${LEAD_FIELDS.touchBucket} LIMIT ${MAX_GROUPS}`,
  ];
  if (limitMs !== undefined) {
    const cutoff = soqlDateTime(now.getTime() - limitMs);
    soqls.push(
      `SELECT ${group}, COUNT(Id) n FROM Lead${where([...conditions, `${LEAD_FIELDS.touchKey} != null`, `${LEAD_FIELDS.touchKey} <= ${soqlString(touchKey(limitMs))}`])} GROUP BY ${group} LIMIT ${MAX_GROUPS}`,
      `SELECT ${group}, COUNT(Id) n FROM Lead${where([...conditions, `${LEAD_FIELDS.firstTouchAt} = null`, `(${LEAD_FIELDS.clock} < ${cutoff} OR (${LEAD_FIELDS.clock} = null AND CreatedDate < ${cutoff}))`])} GROUP BY ${group} LIMIT ${MAX_GROUPS}`,
    );
  }
  const [stageRows = [], bucketRows = [], withinRows = [], lateRows = []] = await client.queries(soqls);
  checkGroups(stageRows, 'stage');

  const count = waterfall.stages.length;
  const atStage = new Array<number>(count).fill(0);
  const currentAt = new Array<number>(count).fill(0);
  const exitCounts = waterfall.exits.map(() => 0);
  const exitReasons = waterfall.exits.map(() => new Map<string, number>());
  let total = 0, handedOff = 0, touched = 0;
  const indexOf = (row: Record<string, unknown>) => stageIndex.get(stageOf(row, mapping)) ?? 0;
  for (const row of stageRows) {
    const s = indexOf(row);
    const n = num(row.n);
    total += n;
    atStage[s]! += n;
    const e = typeof row[LEAD_FIELDS.exitKind] === 'string' ? exitIndex.get(row[LEAD_FIELDS.exitKind] as string) : undefined;
    if (e !== undefined) {
      exitCounts[e]! += n;
      const reason = row[LEAD_FIELDS.exitReason];
      if (typeof reason === 'string' && reason) exitReasons[e]!.set(reason, (exitReasons[e]!.get(reason) ?? 0) + n);
    } else currentAt[s]! += n;
    if (s >= handoffIndex) {
      handedOff += n;
      touched += num(row.t);
    }
  }
  let slaCounts: { within: number; breached: number; pending: number } | undefined;
  if (limitMs !== undefined) {
    const handedOffRows = (rows: Record<string, unknown>[]) => rows.filter((r) => indexOf(r) >= handoffIndex).reduce((a, r) => a + num(r.n), 0);
    const within = handedOffRows(withinRows);
    const lateUntouched = handedOffRows(lateRows);
    slaCounts = { within, breached: touched - within + lateUntouched, pending: handedOff - touched - lateUntouched };
  }
  return funnelReport(waterfall, {
    total, atStage, currentAt, exitCounts, exitReasons, handedOff, touched,
    timeToFirstTouch: await touchPercentiles(client, conditions, bucketRows),
    ...(slaCounts ? { sla: slaCounts } : {}),
  });
}

/** Median and nearest-rank p90 of the time to first touch: buckets first, then exact values in the few that matter. */
async function touchPercentiles(client: SalesforceClient, conditions: string[], bucketRows: Record<string, unknown>[]): Promise<FunnelReport['timeToFirstTouch']> {
  checkGroups(bucketRows, 'time-to-first-touch bucket');
  const buckets = bucketRows.map((r) => ({ bucket: String(r.b), n: num(r.n) }));
  const n = buckets.reduce((a, b) => a + b.n, 0);
  if (n === 0) return { medianMs: null, p90Ms: null };
  const ranks = n % 2 === 1 ? [(n + 1) / 2] : [n / 2, n / 2 + 1];
  const p90Rank = nearestRankPosition(90, n);
  const before = new Map<string, number>();
  const wanted = new Set<string>();
  let seen = 0;
  for (const b of buckets) {
    before.set(b.bucket, seen);
    for (const rank of [...ranks, p90Rank]) if (rank > seen && rank <= seen + b.n) wanted.add(b.bucket);
    seen += b.n;
  }
  // The exact values in the wanted buckets, ascending, with counts; rank positions from the bucket prefix sums.
  const positions: { ms: number; from: number; to: number }[] = [];
  const inBuckets = `${LEAD_FIELDS.touchBucket} IN (${[...wanted].map(soqlString).join(', ')})`;
  let after: string | undefined;
  let within = new Map<string, number>();
  for (;;) {
    const page = await client.query(
      `SELECT ${LEAD_FIELDS.touchKey} k, COUNT(Id) n FROM Lead${where([...conditions, inBuckets, ...(after ? [`${LEAD_FIELDS.touchKey} > ${soqlString(after)}`] : [])])} GROUP BY ${LEAD_FIELDS.touchKey} ORDER BY ${LEAD_FIELDS.touchKey} LIMIT ${MAX_GROUPS}`,
    );
    for (const row of page) {
      const ms = decodeTouchKey(String(row.k));
      const bucket = touchBucket(ms);
      const start = (before.get(bucket) ?? 0) + (within.get(bucket) ?? 0);
      within.set(bucket, (within.get(bucket) ?? 0) + num(row.n));
      positions.push({ ms, from: start + 1, to: start + num(row.n) });
    }
    if (page.length < MAX_GROUPS) break;
    after = String(page[page.length - 1]!.k);
  }
  within = new Map();
  const at = (rank: number) => {
    const hit = positions.find((p) => rank >= p.from && rank <= p.to);
    if (!hit) throw new LeadLoopError('internal', 'The time-to-first-touch figures changed between two queries; try again.', { retryable: true });
    return hit.ms;
  };
  const medianMs = ranks.length === 1 ? at(ranks[0]!) : (at(ranks[0]!) + at(ranks[1]!)) / 2;
  return { medianMs, p90Ms: at(p90Rank) };
}

const GROUP_FIELDS: Record<Exclude<GroupKey, 'month'>, (mapping: ResolvedMapping) => string> = {
  source: () => 'LeadSource',
  campaign: () => LEAD_FIELDS.campaign,
  owner: (mapping) => mapping.ownerField,
};

const monthOf = (row: Record<string, unknown>) => `${String(row.y)}-${String(row.m).padStart(2, '0')}`;

/**
 * The feedback summary from three aggregate queries in one Composite call: leads per group and
 * month, handed off and touched per group (by stage), feedback per group, month, outcome and reason
 * with SUM and COUNT of ratings. Grouping in SOQL ignores case ("webinar" and "Webinar" are one group).
 */
export async function salesforceSummary(client: SalesforceClient, mapping: ResolvedMapping, query: { groupBy?: unknown; from?: string; to?: string }): Promise<FeedbackSummary> {
  const valid = expectValid(parseFunnelQuery(query ?? {}));
  if (!valid.groupBy) throw invalidInput([{ path: 'groupBy', message: 'is required: month, source, campaign or owner' }], 'query');
  const groupBy = valid.groupBy;
  const field = groupBy === 'month' ? undefined : GROUP_FIELDS[groupBy](mapping);
  const range = { ...(valid.from ? { from: valid.from } : {}), ...(valid.to ? { to: valid.to } : {}) };
  const leadWhere = where(leadConditions(range, mapping));
  const feedbackWhere = where(leadConditions(range, mapping, 'Lead__r.'));
  const g = field ? `${field} g, ` : '';
  const gBy = field ? `${field}, ` : '';
  const fg = field ? `Lead__r.${field} g, ` : '';
  const fgBy = field ? `Lead__r.${field}, ` : '';
  const [leadRows = [], stageRows = [], feedbackRows = []] = await client.queries([
    `SELECT ${g}CALENDAR_YEAR(CreatedDate) y, CALENDAR_MONTH(CreatedDate) m, COUNT(Id) n FROM Lead${leadWhere} GROUP BY ${gBy}CALENDAR_YEAR(CreatedDate), CALENDAR_MONTH(CreatedDate) LIMIT ${MAX_GROUPS}`,
    // By month, the month is the group: handed off and touched are counted per month too.
    field
      ? `SELECT ${g}${STAGE_GROUP.join(', ')}, COUNT(Id) n, COUNT(${LEAD_FIELDS.firstTouchAt}) t FROM Lead${leadWhere} GROUP BY ${gBy}${STAGE_GROUP.join(', ')} LIMIT ${MAX_GROUPS}`
      : `SELECT CALENDAR_YEAR(CreatedDate) y, CALENDAR_MONTH(CreatedDate) m, ${STAGE_GROUP.join(', ')}, COUNT(Id) n, COUNT(${LEAD_FIELDS.firstTouchAt}) t FROM Lead${leadWhere} GROUP BY CALENDAR_YEAR(CreatedDate), CALENDAR_MONTH(CreatedDate), ${STAGE_GROUP.join(', ')} LIMIT ${MAX_GROUPS}`,
    `SELECT ${fg}CALENDAR_YEAR(Lead__r.CreatedDate) y, CALENDAR_MONTH(Lead__r.CreatedDate) m, Outcome__c o, Reason__c r, COUNT(Id) n, SUM(Rating__c) rs, COUNT(Rating__c) rc FROM ${FEEDBACK_OBJECT}${feedbackWhere} GROUP BY ${fgBy}CALENDAR_YEAR(Lead__r.CreatedDate), CALENDAR_MONTH(Lead__r.CreatedDate), Outcome__c, Reason__c LIMIT ${MAX_GROUPS}`,
  ]);
  for (const [rows, what] of [[leadRows, 'lead'], [stageRows, 'stage'], [feedbackRows, 'feedback']] as const) checkGroups(rows, what);
  const keyOf = (row: Record<string, unknown>): string | null => (field ? (typeof row.g === 'string' && row.g !== '' ? row.g : null) : monthOf(row));
  const tally = new FeedbackTally();
  for (const row of leadRows) tally.addLeads(keyOf(row), monthOf(row), num(row.n));
  for (const row of stageRows) {
    if ((mapping.stageIndex.get(stageOf(row, mapping)) ?? -1) >= mapping.handoffIndex) tally.addHandoffs(keyOf(row), num(row.n), num(row.t));
  }
  for (const row of feedbackRows) {
    const key = keyOf(row);
    if (tally.has(key)) tally.addFeedback(key, monthOf(row), row.o, row.r, num(row.n), num(row.rs), num(row.rc));
  }
  return tally.summary();
}
