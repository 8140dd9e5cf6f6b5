// Loaded on demand (import()) when a pointer or the keyboard first reaches a stage: a chart that
// is only looked at never needs its tooltip, so the tooltip stays out of the first download.
import { msg, str } from '@lit/localize';
import { css, html, nothing } from 'lit';
import type { FunnelReport } from '@leadloop/core';
import { formatNumber } from '../../internal/format.js';
import type { FunnelLayout } from './funnel-layout.js';
import { comparisonName, dropText, rateTexts, sameStage, type FunnelLabelMode } from './funnel-text.js';

const styles = css`
.tooltip{position:absolute;z-index:1;max-width:min(18em,100%);box-sizing:border-box;padding:calc(var(--_space)*.75) var(--_space);border-radius:var(--_radius);background:var(--_text);color:var(--_surface);font-size:.9em;pointer-events:none;box-shadow:0 2px 8px rgb(0 0 0/.2)}
.tooltip p{margin:0}
`;

/** Adds the tooltip's rules to a chart's shadow root: they load with this code, not with the chart. */
export function addTooltipStyles(root: ShadowRoot): void {
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
}

export interface TooltipInput {
  report: FunnelReport;
  /** The stage's index. */
  index: number;
  layout: FunnelLayout;
  lang: string;
  /** The conversions the stage's label shows. */
  mode: FunnelLabelMode;
  /** The comparison period's report, if any, with the name the page gave that period. */
  comparison: FunnelReport | undefined;
  comparisonLabel: string | undefined;
}

/** The tooltip of one stage: its counts and conversions, beside the comparison period's. Placed under its bar, inside the chart. */
export function renderTooltip({ report, index, layout, lang, mode, comparison, comparisonLabel }: TooltipInput) {
  const stage = report.stages[index];
  const row = layout.rows[index];
  if (!stage || !row) return nothing;
  const drop = dropText(lang, report, index);
  const before = sameStage(comparison, stage);
  const anchorX = row.bar.x + row.bar.width;
  const right = anchorX > layout.width / 2;
  const style = `top:${Math.round(row.bar.y + row.bar.height + 6)}px;${right ? `right:${Math.round(layout.width - anchorX)}px` : `left:${Math.round(Math.max(0, anchorX - 24))}px`}`;
  return html`<div part="tooltip" class="tooltip" role="tooltip" id="tooltip" style=${style}>
    <strong>${stage.label}</strong>
    <p>${msg(str`Reached: ${formatNumber(lang, stage.reached)}`)}</p>
    <p>${msg(str`At this stage now: ${formatNumber(lang, stage.current)}`)}</p>
    ${rateTexts(lang, mode, stage, index).map((t) => html`<p>${t}</p>`)}
    ${drop ? html`<p>${drop}</p>` : nothing}
    ${before
      ? html`<p>${comparisonName(comparisonLabel)}: ${formatNumber(lang, before.reached)}
          ${before.reached > 0 ? `(${formatNumber(lang, stage.reached / before.reached - 1, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' })})` : ''}</p>`
      : nothing}
  </div>`;
}
