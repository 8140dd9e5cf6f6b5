import { css } from 'lit';

// One rule per line, without spaces a browser does not need: every byte here ships inside the
// element's 15 KB budget. Text comes in four fonts only (regular and semibold, at 1em and 0.86em,
// and the 1.2em heading and key figures): each more font is one more lookup on a first render.
// The tooltip's rules load with its code (funnel-tooltip.ts).
export const styles = css`
:host{--_bar:var(--ll-funnel-bar-color,var(--_accent));--_ghost:var(--ll-funnel-ghost-color,color-mix(in srgb,var(--_muted) 55%,transparent));display:block;box-sizing:border-box;padding:calc(var(--_space)*2);background:var(--_surface);border:1px solid var(--_border);border-radius:var(--_radius);min-width:0}
.base{container-type:inline-size}
.header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:var(--_space)}
h2,h3,dd{margin:0}
h2,.stats dd{font-size:1.2em}
h2,h3,dd,th,caption,.value,.count{font-weight:600}
h3{font-size:1em;margin-bottom:calc(var(--_space)/2)}
.summary{margin:calc(var(--_space)/2) 0 var(--_space)}
.summary,.stats dt,.legend,.reasons,.status,thead th{color:var(--_muted)}
.stats{display:flex;flex-wrap:wrap;gap:var(--_space) calc(var(--_space)*3);margin:0 0 calc(var(--_space)*1.5)}
.stats div{display:flex;flex-flow:column-reverse}
.stats dt,.legend,.small,.note{font-size:.86em}
.legend{display:flex;gap:calc(var(--_space)*2);margin-bottom:calc(var(--_space)/2)}
.swatch{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-inline-end:.35em;border-radius:2px;background:var(--_bar)}
.swatch.ghost{background:var(--_ghost);height:.4em;vertical-align:.15em}
.chart{position:relative}
svg{display:block;overflow:visible}
text{fill:var(--_text);dominant-baseline:central}
.middle{text-anchor:middle}
.end{text-anchor:end}
.on-bar{fill:var(--ll-funnel-on-bar-color,var(--_on-accent))}
.small{fill:var(--_muted)}
.bar{fill:var(--_bar)}
.ghost{fill:var(--_ghost)}
.connector{fill:var(--ll-funnel-connector-color,color-mix(in srgb,var(--_bar) 14%,transparent))}
.stage{cursor:pointer;outline:none}
.hit{fill:transparent}
.stage:is(:hover,:focus-visible) .hit{fill:color-mix(in srgb,var(--_bar) 6%,transparent)}
.stage:focus-visible .hit{stroke:var(--_accent);stroke-width:2px}
.stage[aria-pressed=true] .bar{fill:var(--ll-funnel-selected-color,color-mix(in srgb,var(--_bar) 72%,var(--_text)))}
.stage[aria-pressed=true] .hit{fill:color-mix(in srgb,var(--_bar) 9%,transparent)}
.exits{margin-top:calc(var(--_space)*1.5)}
.exits ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:max-content max-content 1fr;gap:calc(var(--_space)*.75) calc(var(--_space)*1.5);align-items:baseline}
.exits li{display:contents}
.count{text-align:end}
@container (max-width:480px){.exits ul{grid-template-columns:1fr max-content;row-gap:calc(var(--_space)/4)}.reasons{grid-column:1/-1;margin-bottom:calc(var(--_space)/2)}}
.status,.error{padding:calc(var(--_space)*2) 0}
.error{color:var(--_danger)}
button{font:inherit;color:var(--_accent);background:none;border:1px solid var(--_border);border-radius:var(--_radius);padding:calc(var(--_space)/4) var(--_space);cursor:pointer}
:focus-visible{outline:2px solid transparent;box-shadow:var(--_focus)}
.shown{margin-top:calc(var(--_space)*1.5);overflow-x:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:start;padding-bottom:calc(var(--_space)/2)}
th,td{padding:calc(var(--_space)/2) var(--_space);border-bottom:1px solid var(--_border);text-align:end}
tr>:first-child{text-align:start}
thead th{font-weight:400}
dd,td,text{font-variant-numeric:tabular-nums}
`;
