// The report's data, apart from how it is shown: reading a summary that may be anything, sorting
// its groups, summing them up.
import type { FeedbackGroup, FeedbackSummary } from '@leadloop/core';
import { readJsonValue } from '../../internal/safe-json.js';

/** A column the report can be sorted by. */
export type QualitySortKey = 'key' | 'leads' | 'handedOff' | 'followUpRate' | 'accepted' | 'rejected' | 'recycled' | 'meanRating';
export type SortDirection = 'ascending' | 'descending';

export const GROUPINGS = ['campaign', 'source', 'owner', 'month'] as const;
/** The sortable columns, in the table's order. */
export const SORT_KEYS: readonly QualitySortKey[] = ['key', 'leads', 'handedOff', 'followUpRate', 'accepted', 'rejected', 'recycled', 'meanRating'];

/** Reads a summary given as an object or JSON; checks the shape the table relies on. Never throws. */
export function readSummary(input: unknown): { ok: true; value: FeedbackSummary } | { ok: false; message: string } {
  const json = readJsonValue(input, 'summary');
  if (!json.ok) return json;
  const groups = (json.value as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return { ok: false, message: 'summary.groups: expected an array' };
  const counts = ['leads', 'feedback', 'accepted', 'rejected', 'recycled'] as const;
  for (const [i, g] of groups.entries()) {
    const group = (g ?? {}) as Record<string, unknown>;
    if (group.key !== null && typeof group.key !== 'string') return { ok: false, message: `summary.groups.${i}.key: expected text or null` };
    for (const c of counts) {
      if (typeof group[c] !== 'number' || !Number.isFinite(group[c]) || (group[c] as number) < 0) return { ok: false, message: `summary.groups.${i}.${c}: expected a count ≥ 0` };
    }
  }
  // Older servers send only the counts of the REST contract: fill in what they leave out.
  const value: FeedbackSummary = {
    groups: (groups as Partial<FeedbackGroup>[]).map((g) => {
      const handedOff = typeof g.handedOff === 'number' ? g.handedOff : 0;
      const touched = typeof g.touched === 'number' ? g.touched : 0;
      return {
        key: g.key ?? null,
        leads: g.leads!,
        feedback: g.feedback!,
        accepted: g.accepted!,
        rejected: g.rejected!,
        recycled: g.recycled!,
        handedOff,
        touched,
        followUpRate: typeof g.followUpRate === 'number' ? g.followUpRate : handedOff > 0 ? touched / handedOff : null,
        reasons: Array.isArray(g.reasons) ? g.reasons.filter((r) => r && typeof r.reason === 'string' && typeof r.count === 'number') : [],
        meanRating: typeof g.meanRating === 'number' ? g.meanRating : null,
        trend: Array.isArray(g.trend) ? g.trend.filter((t) => t && typeof t.month === 'string' && typeof t.leads === 'number') : [],
      };
    }),
  };
  return { ok: true, value };
}

/** The groups in a sort order; groups without a value for the sort column go last, whichever the direction. */
export function sortGroups(groups: readonly FeedbackGroup[], key: QualitySortKey, direction: SortDirection, lang: string): FeedbackGroup[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
  return [...groups].sort((a, b) => {
    if (key === 'key') {
      if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
      return sign * collator.compare(a.key, b.key);
    }
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y) || collator.compare(a.key ?? '', b.key ?? '');
  });
}

/** Every group's counts added up, with the follow-up rate of the sum. */
export function totalOf(groups: readonly FeedbackGroup[]): Pick<FeedbackGroup, 'leads' | 'handedOff' | 'touched' | 'accepted' | 'rejected' | 'recycled' | 'followUpRate'> {
  const total = { leads: 0, handedOff: 0, touched: 0, accepted: 0, rejected: 0, recycled: 0, followUpRate: null as number | null };
  for (const g of groups) {
    total.leads += g.leads;
    total.handedOff += g.handedOff;
    total.touched += g.touched;
    total.accepted += g.accepted;
    total.rejected += g.rejected;
    total.recycled += g.recycled;
  }
  total.followUpRate = total.handedOff ? total.touched / total.handedOff : null;
  return total;
}
