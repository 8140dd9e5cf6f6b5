import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget.
export const styles = css`
  :host { --_short: var(--ll-planner-short-color, var(--_danger)); --_ok: var(--ll-planner-ok-color, var(--_success)); display: block; box-sizing: border-box; padding: calc(var(--_space) * 2); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); min-width: 0; }
  h2 { margin: 0 0 var(--_space); font-size: 1.15em; font-weight: 600; }
  .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: var(--_space) calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 1.5); }
  .field { display: flex; flex-direction: column; gap: calc(var(--_space) / 4); }
  label { font-weight: 500; }
  input, select, button { font: inherit; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) / 2) var(--_space); min-width: 0; }
  input[aria-invalid='true'] { border-color: var(--_danger); box-shadow: inset 0 0 0 1px var(--_danger); }
  input:focus-visible, select:focus-visible, button:focus-visible, .scroll:focus-visible { outline: none; box-shadow: var(--_focus); }
  button { color: var(--_accent); cursor: pointer; }
  .hint { color: var(--_muted); font-size: 0.86em; }
  .issue { color: var(--_danger); font-size: 0.86em; margin: 0; }
  .verdict { margin: 0 0 var(--_space); padding: var(--_space) calc(var(--_space) * 1.5); border-radius: var(--_radius); border-inline-start: 4px solid var(--_ok); background: color-mix(in srgb, var(--_ok) 8%, var(--_surface)); }
  .verdict.short { border-color: var(--_short); background: color-mix(in srgb, var(--_short) 8%, var(--_surface)); }
  .verdict p { margin: 0; }
  .verdict p + p { margin-top: calc(var(--_space) / 2); }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { padding: calc(var(--_space) / 2) var(--_space); border-bottom: 1px solid var(--_border); text-align: end; vertical-align: top; }
  thead th { color: var(--_muted); font-weight: 500; vertical-align: bottom; }
  th:first-child { text-align: start; }
  tbody th { font-weight: 500; }
  .rate { display: inline-flex; align-items: center; gap: 0.25em; }
  .rate input { width: 4.5em; text-align: end; }
  td .issue { max-width: 12em; margin-inline-start: auto; text-align: end; }
  .gap.short { color: var(--_short); font-weight: 600; }
  .gap.ok { color: var(--_ok); }
  .actions { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: center; margin-top: var(--_space); }
  .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_space); }
  .cards li { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space) calc(var(--_space) * 1.5); }
  h3 { margin: 0 0 calc(var(--_space) / 2); font-size: 1em; font-weight: 600; }
  .card-rate { display: flex; flex-wrap: wrap; align-items: center; gap: calc(var(--_space) / 2) var(--_space); margin-bottom: calc(var(--_space) / 2); }
  .card-rate .hint { flex-basis: 100%; }
  .cards dl { display: grid; grid-template-columns: 1fr 1fr; gap: calc(var(--_space) / 2) var(--_space); margin: 0; }
  .cards dl div { display: flex; flex-direction: column-reverse; }
  .cards dt { color: var(--_muted); font-size: 0.86em; }
  .cards dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
  .status, .error { color: var(--_muted); }
  .error { color: var(--_danger); }
`;
