// The HTML around the drawing: the key figures above it, the exits below it, and the table of
// the same numbers (always there for screen readers, on screen with the toggle).
import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import type { FunnelReport, LeadLoopConfig } from '@leadloop/core';
import { formatDuration, formatNumber, formatPercent } from '../../internal/format.js';
import { topReasons } from '../../internal/reason-labels.js';
import { exitedAt, exitLabel, sameStage } from './funnel-text.js';

/** Leads, the last stage, follow-up, SLA and the median time to first touch, as a description list. */
export function renderStats(lang: string, report: FunnelReport) {
  const last = report.stages.at(-1)!;
  const items: [string, string][] = [
    [msg('Leads'), formatNumber(lang, report.stages[0]!.reached)],
    [last.label, `${formatNumber(lang, last.reached)} (${formatPercent(lang, last.fromFirst, 1)})`],
    [msg('Followed up'), formatPercent(lang, report.followUp.rate)],
  ];
  if (report.sla) items.push([msg('Within SLA'), formatPercent(lang, report.sla.compliance)]);
  if (report.timeToFirstTouch.medianMs !== null) items.push([msg('Median first touch'), formatDuration(lang, report.timeToFirstTouch.medianMs)]);
  return html`<dl part="stats" class="stats">${items.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}

/** Each exit kind with its count and top three reasons; nothing when no lead left the funnel. */
export function renderExits(lang: string, report: FunnelReport, config: LeadLoopConfig | undefined) {
  const exits = report.exits.filter((e) => e.count > 0);
  if (exits.length === 0) return nothing;
  return html`<section part="exits" class="exits" aria-labelledby="exits-title">
<h3 id="exits-title">${msg('Exits and top reasons')}</h3>
<ul>${exits.map((exit) => html`<li><span>${exitLabel(config, exit.kind)}</span> <span class="count">${formatNumber(lang, exit.count)}</span> <span class="reasons">${topReasons(lang, config?.reasons, exit.reasons) || msg('no reason given')}</span></li>`)}</ul>
</section>`;
}

/** The table alternative: every stage's counts and conversions, and the comparison period's count. */
export function renderTable(lang: string, report: FunnelReport, comparison: FunnelReport | undefined, caption: string, comparisonName: string, handoff: number) {
  const head = [
    msg('Stage'),
    msg('Reached'),
    msg('At this stage now'),
    msg('% of previous'),
    msg('% of first'),
    msg('Exited here'),
  ];
  if (comparison) head.push(comparisonName);
  return html`<table part="table"><caption id="caption">${caption}</caption>
<thead><tr>${head.map((name) => html`<th scope="col">${name}</th>`)}</tr></thead>
<tbody>${report.stages.map((stage, i) => {
    const before = sameStage(comparison, stage);
    return html`<tr><th scope="row">${stage.label}${i === handoff ? html` <span class="visually-hidden">(${msg('hand-off to sales')})</span>` : nothing}</th><td>${formatNumber(lang, stage.reached)}</td><td>${formatNumber(lang, stage.current)}</td><td>${formatPercent(lang, stage.fromPrevious)}</td><td>${formatPercent(lang, stage.fromFirst)}</td><td>${formatNumber(lang, exitedAt(report, i))}</td>${comparison ? html`<td>${before ? formatNumber(lang, before.reached) : '—'}</td>` : nothing}</tr>`;
  })}</tbody></table>`;
}
