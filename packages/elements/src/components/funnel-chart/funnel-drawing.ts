// The SVG of a laid-out funnel. Few bindings on purpose: anchors and sizes come from classes, and
// the stages' events are handled once on the <svg> (see the component), so a first render
// creates little beyond the elements themselves.
import { html, nothing, svg } from 'lit';
import type { FunnelReport } from '@leadloop/core';
import type { FunnelLayout, TextBox } from './funnel-layout.js';

export interface DrawingInput {
  report: FunnelReport;
  layout: FunnelLayout;
  /** Draw the comparison's ghost bars. */
  ghosts: boolean;
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

/**
 * The chart: one focusable group per stage (a button named by its texts, described by the
 * drop-off above it), the ghost bar of the comparison under each bar, and the joins between
 * the funnel variant's bars.
 */
export function renderDrawing({ report, layout, ghosts, focusIndex, selected, on }: DrawingInput) {
  return html`<svg part="chart" role="group" tabindex="-1" aria-labelledby="title" aria-describedby="summary" width="100%" height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}" @click=${on.click} @keydown=${on.keydown} @focusin=${on.focusin} @focusout=${on.focusout} @pointerenter=${on.hover} @pointerleave=${on.hover}><g aria-hidden="true">${layout.connectors.map((points) => svg`<polygon class="connector" points=${points}></polygon>`)}${layout.rows.map((row, i) => (row.gapTexts.length ? svg`<g id="drop-${i}">${row.gapTexts.map(text)}</g>` : nothing))}</g>${layout.rows.map((row, i) => {
    const { hit, bar, ghost } = row;
    return svg`<g class="stage" role="button" data-index=${i} tabindex=${i === focusIndex ? 0 : -1} aria-pressed=${selected === report.stages[i]!.id ? 'true' : 'false'} aria-describedby=${i > 0 && row.gapTexts.length ? `drop-${i}` : nothing}><rect class="hit" y=${hit.y} width=${hit.width} height=${hit.height} rx="4"></rect>${ghost && ghosts ? svg`<rect part="ghost" class="ghost" x=${ghost.x} y=${ghost.y} width=${ghost.width} height=${ghost.height} rx="2"></rect>` : nothing}<rect part="bar" class="bar" x=${bar.x} y=${bar.y} width=${bar.width} height=${bar.height} rx="3"></rect>${row.texts.map(text)}</g>`;
  })}</svg>`;
}
