// Not in the render bench's table: a diagnostic for trace.mjs and A/B runs (issue 4). A
// hand-written Lit funnel that draws what ll-funnel-chart shows in its first frame (heading,
// table toggle, summary, key figures, bars with name, count and both rates, drop-offs, hand-off
// notes, exits with top reasons) at fixed positions, with no text measurement, no controllers and
// formatters made as its module loads, like bare-lit.mjs: what that content costs on its own,
// against the bare funnel's bars and one label each.
import { LitElement, html, svg, css } from 'lit';
import { installElementBench } from './measure.mjs';

const number = new Intl.NumberFormat('en');
const percent = new Intl.NumberFormat('en', { style: 'percent' });
const percent1 = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const pct = (f) => (f === null ? '—' : f < 0.01 ? percent1.format(f) : percent.format(f));
const REASONS = { 'poor-fit': 'Poor fit', spam: 'Spam', competitor: 'Competitor', 'bad-data': 'Bad data', 'no-budget': 'No budget', 'not-decision-maker': 'Not decision maker', 'bad-timing': 'Bad timing', unresponsive: 'Unresponsive', 'not-interested': 'Not interested' };
const EXITS = { disqualified: 'Disqualified', recycled: 'Recycled to nurture', lost: 'Lost' };

class BareFull extends LitElement {
  static properties = { report: { attribute: false } };
  static styles = css`
:host{display:block;padding:16px;border:1px solid #d5d9e0;border-radius:6px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;line-height:1.4;color:#1f2430}
.header{display:flex;justify-content:space-between;align-items:baseline}
h2,h3,dd{margin:0}
h2,dd{font-size:1.2em}
h2,h3,dd,.value,.count{font-weight:600}
h3{font-size:1em}
.summary,dt,.reasons,.small{color:#5b6170}
.stats{display:flex;gap:8px 24px;margin:0 0 12px}
.stats div{display:flex;flex-direction:column-reverse}
dt,.small,.note{font-size:.86em}
text{fill:#1f2430;dominant-baseline:central;font-variant-numeric:tabular-nums}
.small{fill:#5b6170}
.bar{fill:#2454c5}
.on-bar{fill:#fff}
.end{text-anchor:end}
.hit{fill:transparent}
.exits ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:max-content max-content 1fr;gap:6px 12px}
.exits li{display:contents}
.count{text-align:end}
button{font:inherit;color:#2454c5;background:none;border:1px solid #d5d9e0;border-radius:6px}
`;

  render() {
    const r = this.report;
    const stages = r.stages;
    const first = stages[0];
    const last = stages[stages.length - 1];
    const max = Math.max(1, ...stages.map((s) => s.reached));
    let y = 4;
    const rows = stages.map((s, i) => {
      const drop = i > 0 ? `↓ ${number.format(stages[i - 1].reached - s.reached)} dropped (${pct((stages[i - 1].reached - s.reached) / stages[i - 1].reached)})` : '';
      const dropY = y + 8;
      if (i > 0) y += 18;
      const top = y;
      const w = (s.reached / max) * 440;
      const rates = i > 0 ? `${pct(s.fromPrevious)} of previous · ${pct(s.fromFirst)} of first` : '';
      const inside = w > 60;
      const row = svg`${drop ? svg`<text class="small" x="150" y=${dropY}>${drop}</text>` : ''}<g class="stage" role="button" tabindex=${i ? -1 : 0} data-index=${i}><rect class="hit" y=${top} width="800" height="28"></rect><rect class="bar" x="150" y=${top} width=${w} height="28" rx="3"></rect>
<text x="0" y=${top + 14}>${s.label}</text><text class=${inside ? 'value on-bar end' : 'value'} x=${inside ? 150 + w - 8 : 150 + w + 8} y=${top + 14}>${number.format(s.reached)}</text><text class="small end" x="800" y=${top + 14}>${rates}</text>
${i === 1 ? svg`<text class="note" x="150" y=${top + 40}>Hand-off to sales: ${pct(r.followUp.rate)} followed up</text><text class="note" x="150" y=${top + 58}>${pct(r.sla.compliance)} within the follow-up SLA</text>` : ''}</g>`;
      y += 28 + (i === 1 ? 40 : 0);
      return row;
    });
    return html`<div class="header"><h2>Lead funnel</h2><button aria-expanded="false">Show table</button></div>
<p class="summary">${number.format(first.reached)} leads entered at ${first.label}; ${number.format(last.reached)} reached ${last.label} (${percent1.format(last.fromFirst)}). The biggest drop is from Opportunity to Won: ${pct(1 - last.fromPrevious)} did not continue. Sales followed up ${pct(r.followUp.rate)} of the ${number.format(r.followUp.handedOff)} leads handed over; ${pct(r.sla.compliance)} within the SLA.</p>
<dl class="stats">${[
      ['Leads', number.format(first.reached)],
      [last.label, `${number.format(last.reached)} (${percent1.format(last.fromFirst)})`],
      ['Followed up', pct(r.followUp.rate)],
      ['Within SLA', pct(r.sla.compliance)],
      ['Median first touch', '9 min'],
    ].map(([t, v]) => html`<div><dt>${t}</dt><dd>${v}</dd></div>`)}</dl>
<svg width="100%" height=${y + 4} viewBox="0 0 800 ${y + 4}" role="group">${rows}</svg>
<section class="exits"><h3>Exits and top reasons</h3><ul>${r.exits.map((e) => html`<li><span>${EXITS[e.kind]}</span> <span class="count">${number.format(e.count)}</span> <span class="reasons">${e.reasons.slice(0, 3).map((x) => `${REASONS[x.reason] ?? x.reason} ${number.format(x.count)}`).join(' · ')}</span></li>`)}</ul></section>`;
  }
}
customElements.define('bare-full', BareFull);

installElementBench('bare-full', 'rect.bar');
