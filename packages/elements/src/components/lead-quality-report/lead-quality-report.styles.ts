import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget. Added to the
// portal widgets' shared rules (internal/portal-styles.ts).
// The group column (tbody th) stays in view while the figures scroll sideways on a phone.
export const styles = css`
  :host { --_spark: var(--ll-report-trend-color, color-mix(in srgb, var(--_accent) 35%, transparent)); --_spark-accepted: var(--ll-report-trend-accepted-color, var(--_accent)); }
  .header, .controls, .sort { display: flex; flex-wrap: wrap; align-items: center; gap: var(--_space); }
  label { color: var(--_muted); }
  .totals { display: flex; flex-wrap: wrap; gap: var(--_space) calc(var(--_space) * 3); margin: 0 0 calc(var(--_space) * 1.5); padding: 0; }
  .totals div { display: flex; flex-direction: column-reverse; }
  .totals dt { color: var(--_muted); font-size: 0.86em; }
  .totals dd { margin: 0; font-size: 1.25em; font-weight: 600; font-variant-numeric: tabular-nums; }
  .scroll { border-radius: var(--_radius); }
  th, td { padding: calc(var(--_space) * 0.75) var(--_space); text-align: end; }
  thead th { white-space: nowrap; }
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
  .sort { margin-bottom: var(--_space); }
  .sorted { flex-basis: 100%; margin: 0; color: var(--_muted); font-size: 0.86em; }
  .cards li { padding: var(--_space); }
  .cards dl { grid-template-columns: repeat(auto-fill, minmax(min(9.5em, 45%), 1fr)); gap: 2px var(--_space); }
  .cards dl div { flex-flow: row wrap; align-items: baseline; column-gap: 0.4em; }
  .cards dt { flex: 1 1 min-content; min-width: 0; overflow-wrap: break-word; line-height: 1.2; }
  .cards dd { margin-inline-start: auto; }
  .cards .reasons { margin: calc(var(--_space) / 2) 0; min-width: 0; font-size: 0.86em; line-height: 1.3; }
  .cards .term { color: var(--_text); }
  .cards .spark { margin-inline-start: 0; }
  .status, .error { padding: calc(var(--_space) * 2) 0; }
  .error { color: var(--_danger); }
  .legend { color: var(--_muted); font-size: 0.86em; margin-top: var(--_space); }
`;
