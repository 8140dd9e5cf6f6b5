import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget.
export const styles = css`
  :host { --_bar: var(--ll-funnel-bar-color, var(--_accent)); --_on-bar: var(--ll-funnel-on-bar-color, var(--_on-accent)); --_selected: var(--ll-funnel-selected-color, color-mix(in srgb, var(--_bar) 72%, var(--_text))); --_ghost: var(--ll-funnel-ghost-color, color-mix(in srgb, var(--_muted) 55%, transparent)); --_connector: var(--ll-funnel-connector-color, color-mix(in srgb, var(--_bar) 14%, transparent)); display: block; box-sizing: border-box; padding: calc(var(--_space) * 2); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); min-width: 0; }
  .base { container-type: inline-size; }
  .header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: var(--_space); }
  h2 { margin: 0; font-size: 1.15em; font-weight: 600; }
  h3 { font-size: 1em; font-weight: 600; margin: 0 0 calc(var(--_space) / 2); }
  .summary { margin: calc(var(--_space) / 2) 0 var(--_space); color: var(--_muted); }
  .stats { display: flex; flex-wrap: wrap; gap: var(--_space) calc(var(--_space) * 3); margin: 0 0 calc(var(--_space) * 1.5); }
  .stats div { display: flex; flex-direction: column-reverse; }
  .stats dt, .legend, .reasons, .status { color: var(--_muted); }
  .stats dt, .legend { font-size: 0.86em; }
  .stats dd { margin: 0; font-size: 1.25em; font-weight: 600; }
  .legend { display: flex; gap: calc(var(--_space) * 2); margin-bottom: calc(var(--_space) / 2); }
  .swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; margin-inline-end: 0.35em; border-radius: 2px; background: var(--_bar); }
  .swatch.ghost { background: var(--_ghost); height: 0.4em; vertical-align: 0.15em; }
  .chart { position: relative; }
  svg { display: block; width: 100%; overflow: visible; }
  text { fill: var(--_text); dominant-baseline: central; }
  .name, .note { font-weight: 500; }
  .value { font-weight: 600; }
  .value.on-bar { fill: var(--_on-bar); }
  .small { fill: var(--_muted); }
  .bar { fill: var(--_bar); }
  .ghost { fill: var(--_ghost); }
  .connector { fill: var(--_connector); }
  .stage { cursor: pointer; outline: none; }
  .hit { fill: transparent; }
  .stage:hover .hit, .stage:focus-visible .hit { fill: color-mix(in srgb, var(--_bar) 6%, transparent); }
  .stage:focus-visible .hit { stroke: var(--_accent); stroke-width: 2px; }
  .stage[aria-pressed='true'] .bar { fill: var(--_selected); }
  .stage[aria-pressed='true'] .hit { fill: color-mix(in srgb, var(--_bar) 9%, transparent); }
  .tooltip { position: absolute; z-index: 1; max-width: min(18em, 100%); box-sizing: border-box; padding: calc(var(--_space) * 0.75) var(--_space); border-radius: var(--_radius); background: var(--_text); color: var(--_surface); font-size: 0.9em; pointer-events: none; box-shadow: 0 2px 8px rgb(0 0 0 / 0.2); }
  .tooltip p { margin: 0; }
  .exits { margin-top: calc(var(--_space) * 1.5); }
  .exits ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: max-content max-content 1fr; gap: calc(var(--_space) * 0.75) calc(var(--_space) * 1.5); align-items: baseline; }
  .exits li { display: contents; }
  .count { font-weight: 600; text-align: end; }
  @container (max-width: 480px) { .exits ul { grid-template-columns: 1fr max-content; row-gap: calc(var(--_space) / 4); } .reasons { grid-column: 1 / -1; margin-bottom: calc(var(--_space) / 2); } }
  .status, .error { padding: calc(var(--_space) * 2) 0; }
  .error { color: var(--_danger); }
  button { font: inherit; color: var(--_accent); background: none; border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) / 4) var(--_space); cursor: pointer; }
  :focus-visible { outline: 2px solid transparent; box-shadow: var(--_focus); }
  .table-wrap.shown { margin-top: calc(var(--_space) * 1.5); overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: start; font-weight: 600; padding-bottom: calc(var(--_space) / 2); }
  th, td { padding: calc(var(--_space) / 2) var(--_space); border-bottom: 1px solid var(--_border); text-align: end; }
  th:first-child, td:first-child { text-align: start; }
  thead th { color: var(--_muted); font-weight: 500; }
  dd, td, text { font-variant-numeric: tabular-nums; }
`;
