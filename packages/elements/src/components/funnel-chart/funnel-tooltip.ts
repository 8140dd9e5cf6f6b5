// Loaded on demand (import()) when a pointer or the keyboard first reaches a stage: a chart that
// is only looked at never needs its tooltip, so the tooltip stays out of the first download.
import { msg, str } from '@lit/localize';
import { css, html, nothing } from 'lit';
import type { FunnelStage } from '@leadloop/core';
import { formatNumber } from '../../internal/format.js';
import type { FunnelLayout } from './funnel-layout.js';

const styles = css`
.tooltip{position:absolute;z-index:1;max-width:min(18em,100%);box-sizing:border-box;padding:calc(var(--_space)*.75) var(--_space);border-radius:var(--_radius);background:var(--_text);color:var(--_surface);font-size:.9em;pointer-events:none;box-shadow:0 2px 8px rgb(0 0 0/.2)}
.tooltip p{margin:0}
`;

/** Adds the tooltip's rules to a chart's shadow root: they load with this code, not with the chart. */
export function addTooltipStyles(root: ShadowRoot): void {
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
}

export interface TooltipInput {
  stage: FunnelStage;
  index: number;
  layout: FunnelLayout;
  lang: string;
  /** The stage's conversion texts, as its label shows them. */
  rates: string[];
  /** The drop-off from the previous stage, if any. */
  drop: string | undefined;
  /** The same stage in the comparison period, with the name of that period. */
  before: FunnelStage | undefined;
  comparisonLabel: string;
}

/** The tooltip of one stage: its counts and conversions, beside the comparison period's. Placed under its bar, inside the chart. */
export function renderTooltip({ stage, index, layout, lang, rates, drop, before, comparisonLabel }: TooltipInput) {
  const row = layout.rows[index];
  if (!row) return nothing;
  const anchorX = row.bar.x + row.bar.width;
  const right = anchorX > layout.width / 2;
  const style = `top:${Math.round(row.bar.y + row.bar.height + 6)}px;${right ? `right:${Math.round(layout.width - anchorX)}px` : `left:${Math.round(Math.max(0, anchorX - 24))}px`}`;
  return html`<div part="tooltip" class="tooltip" role="tooltip" id="tooltip" style=${style}>
    <strong>${stage.label}</strong>
    <p>${msg(str`Reached: ${formatNumber(lang, stage.reached)}`)}</p>
    <p>${msg(str`At this stage now: ${formatNumber(lang, stage.current)}`)}</p>
    ${rates.map((t) => html`<p>${t}</p>`)}
    ${drop ? html`<p>${drop}</p>` : nothing}
    ${before
      ? html`<p>${comparisonLabel}: ${formatNumber(lang, before.reached)}
          ${before.reached > 0 ? `(${formatNumber(lang, stage.reached / before.reached - 1, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' })})` : ''}</p>`
      : nothing}
  </div>`;
}
