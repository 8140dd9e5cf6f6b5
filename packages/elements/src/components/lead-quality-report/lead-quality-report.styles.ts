import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget.
// The group column (tbody th) stays in view while the figures scroll sideways on a phone.
export const styles = css`
  :host { --_spark: var(--ll-report-trend-color, color-mix(in srgb, var(--_accent) 35%, transparent)); --_spark-accepted: var(--ll-report-trend-accepted-color, var(--_accent)); display: block; box-sizing: border-box; padding: calc(var(--_space) * 2); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); min-width: 0; }
  .header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: var(--_space); margin-bottom: var(--_space); }
  h2 { margin: 0; font-size: 1.15em; font-weight: 600; }
  .controls { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_space); }
  label { color: var(--_muted); }
  select, button { font: inherit; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) / 2) var(--_space); }
  button.export { color: var(--_accent); cursor: pointer; }
  select:focus-visible, button:focus-visible, .scroll:focus-visible { outline: none; box-shadow: var(--_focus); }
  .totals { display: flex; flex-wrap: wrap; gap: var(--_space) calc(var(--_space) * 3); margin: 0 0 calc(var(--_space) * 1.5); padding: 0; }
  .totals div { display: flex; flex-direction: column-reverse; }
  .totals dt { color: var(--_muted); font-size: 0.86em; }
  .totals dd { margin: 0; font-size: 1.25em; font-weight: 600; font-variant-numeric: tabular-nums; }
  .scroll { overflow-x: auto; border-radius: var(--_radius); }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { padding: calc(var(--_space) * 0.75) var(--_space); border-bottom: 1px solid var(--_border); text-align: end; vertical-align: top; }
  thead th { color: var(--_muted); font-weight: 500; white-space: nowrap; vertical-align: bottom; }
  th.text, td.text { text-align: start; }
  tbody th { font-weight: 500; text-align: start; min-width: 9em; }
  tbody th, thead th:first-child { position: sticky; left: 0; background: var(--_surface); z-index: 1; }
  th button { all: unset; cursor: pointer; display: inline-flex; gap: 0.25em; align-items: baseline; border-radius: 3px; }
  th button:focus-visible { box-shadow: var(--_focus); }
  th[aria-sort] { color: var(--_text); }
  .arrow { font-size: 0.8em; opacity: 0.35; }
  th[aria-sort] .arrow { opacity: 1; }
  .reasons { color: var(--_muted); min-width: 12em; }
  .low { color: var(--_danger); font-weight: 600; }
  .spark { display: block; margin-inline-start: auto; }
  .spark .all { fill: var(--_spark); }
  .spark .accepted { fill: var(--_spark-accepted); }
  .sort { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_space); margin-bottom: var(--_space); }
  .direction[aria-pressed='true'] { background: color-mix(in srgb, var(--_accent) 12%, var(--_surface)); border-color: var(--_accent); }
  .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_space); }
  .cards li { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space) calc(var(--_space) * 1.5); }
  h3 { margin: 0 0 calc(var(--_space) / 2); font-size: 1em; font-weight: 600; }
  .cards dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(7.5em, 1fr)); gap: calc(var(--_space) / 2) var(--_space); margin: 0; }
  .cards dl div { display: flex; flex-direction: column-reverse; }
  .cards dt { color: var(--_muted); font-size: 0.86em; }
  .cards dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
  .cards .reasons { margin: var(--_space) 0 calc(var(--_space) / 2); min-width: 0; }
  .cards .term { color: var(--_text); }
  .cards .spark { margin-inline-start: 0; }
  .status, .error { padding: calc(var(--_space) * 2) 0; color: var(--_muted); }
  .error { color: var(--_danger); }
  .legend { color: var(--_muted); font-size: 0.86em; margin-top: var(--_space); }
`;
