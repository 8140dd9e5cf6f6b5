import { rankReasons, ratio } from './funnel-report.js';
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

interface GroupTally {
  total: FeedbackCounts;
  months: Map<string, FeedbackCounts>;
  reasons: Map<string, number>;
  handedOff: number;
  touched: number;
  ratingSum: number;
  ratings: number;
}

/**
 * A feedback summary built up from counts, however they were counted: summarizeFeedback lead by
 * lead, a database's GROUP BY, or Salesforce's aggregate queries.
 */
export class FeedbackTally {
  readonly #groups = new Map<string | null, GroupTally>();

  /** Whether any lead or feedback was counted in the group. */
  has(key: string | null): boolean {
    return this.#groups.has(key);
  }

  /** `n` leads of the group, created in `month`. */
  addLeads(key: string | null, month: string, n = 1): void {
    this.#group(key).total.leads += n;
    this.#month(key, month).leads += n;
  }

  /** Leads of the group at or past the hand-off stage, and how many of them were touched. */
  addHandoffs(key: string | null, handedOff: number, touched: number): void {
    const group = this.#group(key);
    group.handedOff += handedOff;
    group.touched += touched;
  }

  /** `n` feedback with this outcome and reason on leads created in `month`; `ratings` of them rated, summing to `ratingSum`. */
  addFeedback(key: string | null, month: string, outcome: unknown, reason: unknown, n = 1, ratingSum = 0, ratings = 0): void {
    const group = this.#group(key);
    for (const counts of [group.total, this.#month(key, month)]) {
      counts.feedback += n;
      if (outcome === 'accepted' || outcome === 'rejected' || outcome === 'recycled') counts[outcome] += n;
    }
    if (typeof reason === 'string' && reason) group.reasons.set(reason, (group.reasons.get(reason) ?? 0) + n);
    group.ratingSum += ratingSum;
    group.ratings += ratings;
  }

  /** The groups in key order (no key last), each with its ranked reasons and its trend oldest month first. */
  summary(): FeedbackSummary {
    const groups = [...this.#groups].map(([key, g]): FeedbackGroup => ({
      key,
      ...g.total,
      handedOff: g.handedOff,
      touched: g.touched,
      followUpRate: ratio(g.touched, g.handedOff),
      reasons: rankReasons(g.reasons),
      meanRating: g.ratings === 0 ? null : g.ratingSum / g.ratings,
      trend: [...g.months].map(([month, counts]) => ({ month, ...counts })).sort((a, b) => (a.month < b.month ? -1 : 1)),
    }));
    return { groups: groups.sort(byKey) };
  }

  #group(key: string | null): GroupTally {
    let group = this.#groups.get(key);
    if (!group) this.#groups.set(key, (group = { total: emptyCounts(), months: new Map(), reasons: new Map(), handedOff: 0, touched: 0, ratingSum: 0, ratings: 0 }));
    return group;
  }

  #month(key: string | null, month: string): FeedbackCounts {
    const months = this.#group(key).months;
    let counts = months.get(month);
    if (!counts) months.set(month, (counts = emptyCounts()));
    return counts;
  }
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
  const tally = new FeedbackTally();
  for (const [key, group] of groupLeads(covered, query.groupBy)) {
    for (const lead of group) {
      const month = groupOf(lead, 'month') ?? 'unknown';
      tally.addLeads(key, month);
      if ((stageIndex.get(lead.stage) ?? -1) >= handoffIndex) tally.addHandoffs(key, 1, lead.firstTouchAt ? 1 : 0);
      for (const f of byLead.get(lead.id) ?? []) {
        const rated = typeof f.rating === 'number';
        tally.addFeedback(key, month, f.outcome, f.reason, 1, rated ? f.rating! : 0, rated ? 1 : 0);
      }
    }
  }
  return tally.summary();
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

