// The words and figures the funnel shows, in the reader's language: one place for each, so the
// chart, the table, the tooltip and the summary always say the same thing.
import { msg, str } from '@lit/localize';
import type { FunnelReport, FunnelStage, LeadLoopConfig } from '@leadloop/core';
import { formatNumber, formatPercent } from '../../internal/format.js';
import type { LayoutRow } from './funnel-layout.js';

export type FunnelLabelMode = 'previous' | 'first' | 'both';

/** "Comparison", unless the page named the other period. */
export const comparisonName = (label: string | undefined) => label || msg('Comparison');

/** "Lead funnel", unless the page gave a heading. */
export const headingText = (heading: string | undefined) => heading || msg('Lead funnel');

/** The same stage in another period's report. */
export const sameStage = (report: FunnelReport | undefined, stage: FunnelStage) => report?.stages.find((s) => s.id === stage.id);

/** A stage's conversion as its label shows it: "62% of previous", "31% of first", or both. */
export function rateTexts(lang: string, mode: FunnelLabelMode, stage: FunnelStage, i: number): string[] {
  const parts: string[] = [];
  if (mode !== 'first' && i > 0) parts.push(msg(str`${formatPercent(lang, stage.fromPrevious)} of previous`));
  if (mode !== 'previous' && (i > 0 || mode === 'first')) parts.push(msg(str`${formatPercent(lang, stage.fromFirst)} of first`));
  return parts;
}

/**
 * The leads that went no further than stage i - 1, above stage i. Not all of them are lost: those
 * still at that stage (its `current`) may yet move on, so the line tells them from the exited ones:
 * "↓ 285 not further (71%): 259 still open, 26 exited", or "↓ 40 exited (32%)" when none is open.
 */
export function dropText(lang: string, report: FunnelReport, i: number): string | undefined {
  if (i === 0) return undefined;
  const previous = report.stages[i - 1]!;
  // Never negative: a hand-made report may grow.
  const dropped = Math.max(0, previous.reached - report.stages[i]!.reached);
  const open = Math.min(previous.current, dropped);
  const share = formatPercent(lang, previous.reached === 0 ? null : dropped / previous.reached);
  return open > 0
    ? msg(str`↓ ${formatNumber(lang, dropped)} not further (${share}): ${formatNumber(lang, open)} still open, ${formatNumber(lang, dropped - open)} exited`)
    : msg(str`↓ ${formatNumber(lang, dropped)} exited (${share})`);
}

/** Leads that left the funnel at stage i (disqualified, recycled, lost): it never counts the ones still there. */
export const exitedAt = (report: FunnelReport, i: number) =>
  Math.max(0, report.stages[i]!.reached - (report.stages[i + 1]?.reached ?? 0) - report.stages[i]!.current);

/** Follow-up and SLA compliance, shown under the hand-off stage. */
export function handoffNotes(lang: string, report: FunnelReport): string[] {
  const notes = [msg(str`Hand-off to sales: ${formatPercent(lang, report.followUp.rate)} followed up`)];
  if (report.sla) notes.push(msg(str`${formatPercent(lang, report.sla.compliance)} within the follow-up SLA`));
  return notes;
}

/** Index of the stage where marketing hands leads to sales: the configured one, else `mql`, else the second. */
export function handoffIndex(report: FunnelReport, config: LeadLoopConfig | undefined): number {
  const id = config?.waterfall.handoffStage ?? 'mql';
  const i = report.stages.findIndex((s) => s.id === id);
  return i >= 0 ? i : Math.min(1, report.stages.length - 1);
}

/** Each stage's texts and bar lengths as the layout takes them; bars are shares of the longest in either period. */
export function layoutRows(lang: string, mode: FunnelLabelMode, report: FunnelReport, comparison: FunnelReport | undefined, handoff: number): LayoutRow[] {
  const scale = Math.max(1, ...report.stages.map((s) => s.reached), ...(comparison?.stages.map((s) => s.reached) ?? []));
  return report.stages.map((stage, i) => {
    const ghost = sameStage(comparison, stage);
    return {
      name: stage.label,
      value: formatNumber(lang, stage.reached),
      rates: rateTexts(lang, mode, stage, i),
      fraction: stage.reached / scale,
      ghost: ghost && ghost.reached / scale,
      drop: dropText(lang, report, i),
      notes: i === handoff ? handoffNotes(lang, report) : undefined,
    };
  });
}

/** An exit kind's label: the configured waterfall's, else the default kinds' in the reader's language. */
export function exitLabel(config: LeadLoopConfig | undefined, kind: string): string {
  const defaults: Record<string, string> = {
    disqualified: msg('Disqualified'),
    recycled: msg('Recycled to nurture'),
    lost: msg('Lost'),
  };
  return config?.waterfall.exits.find((e) => e.kind === kind)?.label || defaults[kind] || kind;
}

/** The funnel in a few sentences: reach, the biggest loss, follow-up, and the change against a comparison. */
export function summaryText(lang: string, report: FunnelReport, comparison: FunnelReport | undefined, comparisonLabel: string | undefined): string {
  const first = report.stages[0]!;
  const last = report.stages.at(-1)!;
  const sentences = [
    msg(str`${formatNumber(lang, first.reached)} leads entered at ${first.label}; ${formatNumber(lang, last.reached)} reached ${last.label} (${formatPercent(lang, last.fromFirst, 1)}).`),
  ];
  // The biggest loss is where the largest share of the leads that reached a stage left the funnel
  // there; leads still at a stage are not lost, so they do not count.
  let worst = -1;
  let worstShare = 0;
  report.stages.forEach((s, i) => {
    const share = s.reached > 0 ? exitedAt(report, i) / s.reached : 0;
    if (share > worstShare) {
      worstShare = share;
      worst = i;
    }
  });
  if (worst >= 0) {
    const stage = report.stages[worst]!;
    sentences.push(msg(str`Most leads are lost at ${stage.label}: ${formatNumber(lang, exitedAt(report, worst))} exited there (${formatPercent(lang, worstShare)} of those that reached it).`));
  }
  if (report.followUp.handedOff > 0) {
    const followed = msg(str`Sales followed up ${formatPercent(lang, report.followUp.rate)} of the ${formatNumber(lang, report.followUp.handedOff)} leads handed over`);
    sentences.push(report.sla && report.sla.compliance !== null ? `${followed}; ${msg(str`${formatPercent(lang, report.sla.compliance)} within the SLA.`)}` : `${followed}.`);
  }
  const before = sameStage(comparison, first);
  if (before && before.reached > 0) {
    const change = first.reached / before.reached - 1;
    const other = comparisonLabel || msg('the comparison period');
    const pct = formatPercent(lang, Math.abs(change));
    sentences.push(change >= 0
      ? msg(str`${pct} more leads at ${first.label} than ${other}.`)
      : msg(str`${pct} fewer leads at ${first.label} than ${other}.`));
  }
  return sentences.join(' ');
}
