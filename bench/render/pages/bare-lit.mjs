// The floor: a hand-written Lit SVG funnel with nothing but bars and one label each (name, count,
// % of the previous stage), at a fixed width. ll-funnel-chart is measured against this.
import { LitElement, html, svg } from 'lit';
import { installElementBench } from './measure.mjs';

const number = new Intl.NumberFormat('en');
const percent = new Intl.NumberFormat('en', { style: 'percent' });

class BareFunnel extends LitElement {
  static properties = { report: { attribute: false } };

  render() {
    const stages = this.report?.stages ?? [];
    const max = Math.max(1, ...stages.map((s) => s.reached));
    return html`<svg viewBox="0 0 800 ${stages.length * 40}" width="100%" role="img" aria-label="Lead funnel">
      ${stages.map((s, i) => {
        const w = (s.reached / max) * 560;
        return svg`<rect x=${120 + (560 - w) / 2} y=${i * 40} width=${w} height="32" fill="#2454c5"></rect>
          <text x="0" y=${i * 40 + 20} font-size="13">${s.label}</text>
          <text x="790" y=${i * 40 + 20} font-size="13" text-anchor="end">${number.format(s.reached)} · ${s.fromPrevious === null ? '' : percent.format(s.fromPrevious)}</text>`;
      })}
    </svg>`;
  }
}
customElements.define('bare-funnel', BareFunnel);

installElementBench('bare-funnel', 'rect');
