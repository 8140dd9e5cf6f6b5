// What each column of the report is called and shows, on screen and in the CSV: every label is
// written once here.
import { msg } from '@lit/localize';
import type { FeedbackGroup, GroupKey, Reason } from '@leadloop/core';
import { csvFromRows } from '../../internal/csv.js';
import { formatNumber, formatPercent } from '../../internal/format.js';
import { reasonName } from '../../internal/reason-labels.js';
import type { QualitySortKey } from './quality-summary.js';

/** The figures a group or the total shows, by column. */
export type FigureKey = Exclude<QualitySortKey, 'key'>;

export function groupingLabel(key: GroupKey): string {
  switch (key) {
    case 'source':
      return msg('Source');
    case 'owner':
      return msg('Owner');
    case 'month':
      return msg('Month');
    default:
      return msg('Campaign');
  }
}

/** The default heading, whole per grouping: languages do not all put it together the same way. */
export function titleFor(key: GroupKey): string {
  switch (key) {
    case 'source':
      return msg('Lead quality by source');
    case 'owner':
      return msg('Lead quality by owner');
    case 'month':
      return msg('Lead quality by month');
    default:
      return msg('Lead quality by campaign');
  }
}

/** Every column heading, the first one named after the grouping. */
export function columnLabels(groupBy: GroupKey) {
  return {
    key: groupingLabel(groupBy),
    leads: msg('Leads'),
    handedOff: msg('Handed over'),
    touched: msg('Followed up'),
    followUpRate: msg('Follow-up rate'),
    accepted: msg('Accepted'),
    rejected: msg('Rejected'),
    recycled: msg('Recycled'),
    meanRating: msg('Mean rating'),
    reasons: msg('Top reasons'),
    trend: msg('Leads by month'),
    trendShort: msg('Trend'),
  };
}

/** One figure as shown: counts as numbers, the follow-up rate as a percentage, the rating to one decimal. */
export function figure(group: Partial<Pick<FeedbackGroup, FigureKey>>, key: FigureKey, lang: string): string {
  const value = group[key] ?? null;
  if (key === 'followUpRate') return formatPercent(lang, value);
  if (value === null) return '—';
  return key === 'meanRating' ? formatNumber(lang, value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : formatNumber(lang, value);
}

/** The groups, in the order given, as CSV: raw numbers, rates to four decimals, every reason and month. */
export function summaryCsv(groups: readonly FeedbackGroup[], groupBy: GroupKey, catalog: readonly Reason[] | undefined): string {
  const l = columnLabels(groupBy);
  const header = [l.key, l.leads, l.handedOff, l.touched, l.followUpRate, l.accepted, l.rejected, l.recycled, l.meanRating, l.reasons, l.trend];
  const rows = groups.map((g) => [
    g.key ?? '',
    g.leads,
    g.handedOff,
    g.touched,
    g.followUpRate === null ? '' : Math.round(g.followUpRate * 10_000) / 10_000,
    g.accepted,
    g.rejected,
    g.recycled,
    g.meanRating === null ? '' : Math.round(g.meanRating * 100) / 100,
    g.reasons.map((r) => `${reasonName(catalog, r.reason)}: ${r.count}`).join('; '),
    g.trend.map((t) => `${t.month}: ${t.leads}`).join('; '),
  ]);
  return csvFromRows([header, ...rows]);
}
