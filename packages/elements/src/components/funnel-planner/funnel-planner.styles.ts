import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget. Added to the
// portal widgets' shared rules (internal/portal-styles.ts).
export const styles = css`
  :host { --_short: var(--ll-planner-short-color, var(--_danger)); --_ok: var(--ll-planner-ok-color, var(--_success)); }
  h2 { margin: 0 0 var(--_space); }
  .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: var(--_space) calc(var(--_space) * 2); margin-bottom: calc(var(--_space) * 1.5); }
  label { font-weight: 500; }
  .verdict { margin: 0 0 var(--_space); padding: var(--_space) calc(var(--_space) * 1.5); border-radius: var(--_radius); border-inline-start: 4px solid var(--_ok); background: color-mix(in srgb, var(--_ok) 8%, var(--_surface)); }
  .verdict.short { border-color: var(--_short); background: color-mix(in srgb, var(--_short) 8%, var(--_surface)); }
  .verdict.plain { border-color: var(--_border); background: var(--_surface-alt); }
  .verdict p { margin: 0; }
  .verdict p + p { margin-top: calc(var(--_space) / 2); }
  th, td { text-align: end; }
  th:first-child { text-align: start; }
  tbody th { font-weight: 500; }
  .rate { display: inline-flex; align-items: center; gap: 0.25em; }
  .rate input { width: 4.5em; text-align: end; }
  td .issue { max-width: 12em; margin-inline-start: auto; text-align: end; }
  .gap.short { color: var(--_short); font-weight: 600; }
  .gap.ok { color: var(--_ok); }
  .card-rate { display: flex; flex-wrap: wrap; align-items: center; gap: calc(var(--_space) / 2) var(--_space); margin-bottom: calc(var(--_space) / 2); }
  .card-rate .hint { flex-basis: 100%; }
  .cards dl { grid-template-columns: 1fr 1fr; }
  .error { color: var(--_danger); }
`;
