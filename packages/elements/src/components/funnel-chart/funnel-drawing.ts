// The SVG of a laid-out funnel. Few bindings on purpose: anchors and sizes come from classes, and
// the stages' events are handled once on the <svg> (see the component), so a first render
// creates little beyond the elements themselves.
import { html, nothing, svg } from 'lit';
import type { FunnelReport } from '@leadloop/core';
import type { Box, FunnelLayout, TextBox } from './funnel-layout.js';

export interface DrawingInput {
  report: FunnelReport;
  layout: FunnelLayout;
  /** The stage holding the roving tab stop. */
  focusIndex: number;
  /** Id of the selected stage. */
  selected: string | undefined;
  /** The <svg>'s event listeners, keyed by event name. */
  on: {
    click: (e: Event) => void;
    keydown: (e: KeyboardEvent) => void;
    focusin: (e: Event) => void;
    focusout: (e: Event) => void;
    /** pointerenter and pointerleave, which do not bubble: listened to while capturing. */
    hover: { handleEvent: (e: Event) => void; capture: true };
  };
}

const PARTS = { name: 'label', value: 'value' } as Record<string, string | undefined>;

/** One text; the trailing space keeps words apart in the stage button's accessible name. */
const text = (t: TextBox) =>
  svg`<text part=${PARTS[t.kind] ?? nothing} class="${t.kind}${t.onBar ? ' on-bar' : ''} ${t.anchor}" x=${t.x} y=${t.y}>${t.text} </text>`;

/** A stage's bar, the comparison's ghost bar under it (each its own part), or the stage's whole area (`hit`). */
const rect = (box: Box, kind: 'hit' | 'ghost' | 'bar', rx: number) =>
  svg`<rect part=${kind === 'hit' ? nothing : kind} class=${kind} x=${box.x} y=${box.y} width=${box.width} height=${box.height} rx=${rx}></rect>`;

/**
 * The chart: one focusable group per stage (a button named by its texts, described by the
 * drop-off above it), the ghost bar of the comparison under each bar, and the joins between
 * the funnel variant's bars.
 */
export function renderDrawing({ report, layout, focusIndex, selected, on }: DrawingInput) {
  return html`<svg part="chart" role="group" tabindex="-1" aria-labelledby="title" aria-describedby="summary" width="100%" height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}" @click=${on.click} @keydown=${on.keydown} @focusin=${on.focusin} @focusout=${on.focusout} @pointerenter=${on.hover} @pointerleave=${on.hover}><g aria-hidden="true">${layout.connectors.map((points) => svg`<polygon class="connector" points=${points}></polygon>`)}${layout.rows.map((row, i) => (row.gapTexts.length ? svg`<g id="drop-${i}">${row.gapTexts.map(text)}</g>` : nothing))}</g>${layout.rows.map((row, i) => {
    const { hit, bar, ghost } = row;
    return svg`<g class="stage" role="button" data-index=${i} tabindex=${i === focusIndex ? 0 : -1} aria-pressed=${String(selected === report.stages[i]!.id)} aria-describedby=${row.gapTexts.length ? `drop-${i}` : nothing}>${rect(hit, 'hit', 4)}${ghost ? rect(ghost, 'ghost', 2) : nothing}${rect(bar, 'bar', 3)}${row.texts.map(text)}</g>`;
  })}</svg>`;
}
