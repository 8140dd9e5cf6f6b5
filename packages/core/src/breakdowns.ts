import { rankReasons } from './funnel-report.js';
import * as z from 'zod/mini';
import { invalidInput, type ParseResult } from './errors.js';
import type { Feedback } from './feedback.js';
import type { Lead } from './lead.js';
import { median, nearestRank } from './order-statistics.js';
import { once, parseWith, requireObject, requireObjects, shortText } from './parse.js';
import { computeFunnel, type FunnelOptions, type FunnelReport } from './compute-funnel.js';
import { isoToMs, timeMs } from './timestamps.js';
import { indexWaterfall, type Waterfall } from './waterfall.js';

export const GROUP_KEYS = ['month', 'source', 'campaign', 'owner'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** Which leads a report covers: created in [from, to), and optionally one source, campaign or owner. */
export interface FunnelQuery {
  /** ISO date (start of that day, UTC) or date-time; inclusive. */
  from?: string;
  /** ISO date (through the end of that day, UTC) or date-time; exclusive. */
  to?: string;
  source?: string;
  campaign?: string;
  owner?: string;
}

export interface SummaryQuery extends Pick<FunnelQuery, 'from' | 'to'> {
  groupBy: GroupKey;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Epoch ms of a query bound; a date-only `to` means the end of that day (UTC). NaN when unreadable. */
export function boundMs(value: string, end: boolean): number {
  if (DATE_ONLY.test(value)) {
    const start = isoToMs(`${value}T00:00:00Z`);
    return end ? start + DAY_MS : start;
  }
  return isoToMs(value);
}

const boundSchema = /* @__PURE__ */ once(() => z.string().check(
  z.maxLength(40),
  z.refine((v) => !Number.isNaN(boundMs(v, false)), { message: 'must be an ISO date (2026-01-31) or date-time with a zone' }),
));

const querySchema = /* @__PURE__ */ once(() => z.object({
  from: z.optional(boundSchema()),
  to: z.optional(boundSchema()),
  source: z.optional(shortText(100)),
  campaign: z.optional(shortText(255)),
  owner: z.optional(shortText(255)),
  groupBy: z.optional(z.enum(GROUP_KEYS)),
}));

/** Parses a query from untrusted input (URL search params as an object). */
export function parseFunnelQuery(input: unknown): ParseResult<FunnelQuery & { groupBy?: GroupKey }> {
  return parseWith(querySchema(), input, 'query', (q) =>
    q.from && q.to && boundMs(q.from, false) >= boundMs(q.to, true) ? [{ path: 'to', message: 'must be after from' }] : [],
  );
}

/** A predicate for the leads a query covers. */
export function leadMatcher(query: FunnelQuery = {}): (lead: Lead) => boolean {
  requireObject(query, 'query', 'query');
  const from = query.from ? boundMs(query.from, false) : -Infinity;
  const to = query.to ? boundMs(query.to, true) : Infinity;
  if (Number.isNaN(from) || Number.isNaN(to)) throw invalidInput([{ path: Number.isNaN(from) ? 'from' : 'to', message: 'must be an ISO date or date-time' }], 'query');
  const { source, campaign, owner } = query;
  const bounded = from !== -Infinity || to !== Infinity;
  return (lead) => {
    if (source !== undefined && lead.source !== source) return false;
    if (campaign !== undefined && lead.campaign !== campaign) return false;
    if (owner !== undefined && lead.owner !== owner) return false;
    if (!bounded) return true;
    const created = timeMs(lead.createdAt);
    return created >= from && created < to;
  };
}

/** The group a lead falls in: its creation month (YYYY-MM, UTC) or its source, campaign or owner; null when unset. */
export function groupOf(lead: Lead, key: GroupKey): string | null {
  if (key === 'month') {
    const ms = timeMs(lead.createdAt);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 7);
  }
  return lead[key] ?? null;
}

function groupLeads(leads: readonly Lead[], key: GroupKey): Map<string | null, Lead[]> {
  requireObjects<Lead>(leads, 'leads', 'leads');
  if (!(GROUP_KEYS as readonly string[]).includes(key)) {
    throw invalidInput([{ path: 'groupBy', message: `must be one of ${GROUP_KEYS.join(', ')}` }], 'query');
  }
  const groups = new Map<string | null, Lead[]>();
  for (const lead of leads) {
    const k = groupOf(lead, key);
    const list = groups.get(k);
    if (list) list.push(lead);
    else groups.set(k, [lead]);
  }
  return groups;
}

const byKey = (a: { key: string | null }, b: { key: string | null }) =>
  a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1;

/** The funnel, follow-up and SLA per cohort (creation month) or per source, campaign or owner. */
export function computeFunnelBy(leads: readonly Lead[], groupBy: GroupKey, options: FunnelOptions = {}): { key: string | null; report: FunnelReport }[] {
  return [...groupLeads(leads, groupBy)].map(([key, group]) => ({ key, report: computeFunnel(group, options) })).sort(byKey);
}

export interface FeedbackCounts {
  leads: number;
  feedback: number;
  accepted: number;
  rejected: number;
  recycled: number;
}

export interface FeedbackGroup extends FeedbackCounts {
  key: string | null;
  /** Leads that reached the hand-off stage, and of those, how many sales touched. */
  handedOff: number;
  touched: number;
  followUpRate: number | null;
  reasons: { reason: string; count: number }[];
  meanRating: number | null;
  /** The same counts by month of lead creation, oldest first. */
  trend: ({ month: string } & FeedbackCounts)[];
}

export interface FeedbackSummary {
  groups: FeedbackGroup[];
}

const emptyCounts = (): FeedbackCounts => ({ leads: 0, feedback: 0, accepted: 0, rejected: 0, recycled: 0 });

function countFeedback(counts: FeedbackCounts, f: Feedback): void {
  counts.feedback++;
  if (f.outcome === 'accepted' || f.outcome === 'rejected' || f.outcome === 'recycled') counts[f.outcome]++;
}

/**
 * Feedback summed up for the monthly review: per campaign, source, owner or month — leads,
 * follow-up, feedback by outcome, reasons by count and the mean rating, with a monthly trend.
 */
export function summarizeFeedback(
  leads: readonly Lead[],
  feedback: readonly Feedback[],
  query: SummaryQuery,
  options: { waterfall?: Waterfall } = {},
): FeedbackSummary {
  const { handoffIndex, stageIndex } = indexWaterfall(options.waterfall);
  const matches = leadMatcher(requireObject<SummaryQuery>(query, 'query', 'query'));
  const covered = requireObjects<Lead>(leads, 'leads', 'leads').filter(matches);
  const byLead = new Map<string, Feedback[]>();
  for (const f of requireObjects<Feedback>(feedback, 'feedback', 'feedback')) {
    const list = byLead.get(f.leadId);
    if (list) list.push(f);
    else byLead.set(f.leadId, [f]);
  }
  const groups = [...groupLeads(covered, query.groupBy)].map(([key, group]): FeedbackGroup => {
    const total = emptyCounts();
    const months = new Map<string, FeedbackCounts>();
    const reasons = new Map<string, number>();
    let handedOff = 0, touched = 0, ratingSum = 0, ratings = 0;
    for (const lead of group) {
      const month = groupOf(lead, 'month') ?? 'unknown';
      const perMonth = months.get(month) ?? emptyCounts();
      months.set(month, perMonth);
      total.leads++;
      perMonth.leads++;
      if ((stageIndex.get(lead.stage) ?? -1) >= handoffIndex) {
        handedOff++;
        if (lead.firstTouchAt) touched++;
      }
      for (const f of byLead.get(lead.id) ?? []) {
        countFeedback(total, f);
        countFeedback(perMonth, f);
        if (f.reason) reasons.set(f.reason, (reasons.get(f.reason) ?? 0) + 1);
        if (typeof f.rating === 'number') {
          ratingSum += f.rating;
          ratings++;
        }
      }
    }
    return {
      key,
      ...total,
      handedOff,
      touched,
      followUpRate: handedOff === 0 ? null : touched / handedOff,
      reasons: rankReasons(reasons),
      meanRating: ratings === 0 ? null : ratingSum / ratings,
      trend: [...months].map(([month, counts]) => ({ month, ...counts })).sort((a, b) => (a.month < b.month ? -1 : 1)),
    };
  });
  return { groups: groups.sort(byKey) };
}

export interface StageDwell {
  stage: string;
  label: string;
  /** Completed stays in the stage (entered and left, by moving on or exiting). */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

/** How long leads stay in each stage, from `stageHistory`: completed stays only, median and nearest-rank p90. */
export function timeInStage(leads: readonly Lead[], options: { waterfall?: Waterfall } = {}): StageDwell[] {
  const { waterfall, stageIndex } = indexWaterfall(options.waterfall);
  const stays: number[][] = waterfall.stages.map(() => []);
  for (const lead of requireObjects<Lead>(leads, 'leads', 'leads')) {
    const visits = (lead.stageHistory ?? [])
      .map((v) => ({ s: stageIndex.get(v.stage), at: timeMs(v.at) }))
      .filter((v): v is { s: number; at: number } => v.s !== undefined && !Number.isNaN(v.at))
      .sort((a, b) => a.at - b.at);
    visits.forEach((visit, i) => {
      const next = visits[i + 1];
      const leftAt = next ? next.at : lead.exit ? timeMs(lead.exit.at) : NaN;
      if (!Number.isNaN(leftAt) && leftAt >= visit.at) stays[visit.s]!.push(leftAt - visit.at);
    });
  }
  return waterfall.stages.map((stage, s) => {
    const values = Float64Array.from(stays[s]!);
    return { stage: stage.id, label: stage.label, count: values.length, medianMs: median(values), p90Ms: nearestRank(values, 90) };
  });
}

