import { css } from 'lit';

// What the portal widgets (quality report, planner, definition editor) share, so a page with
// several of them ships it once: the panel, its heading, form controls, hints and problems, the
// table and the cards a narrow table turns into. One rule per line; each widget adds its own.
export const portalStyles = css`
  :host { display: block; box-sizing: border-box; padding: calc(var(--_space) * 2); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); min-width: 0; }
  h2 { margin: 0; font-size: 1.15em; font-weight: 600; }
  h3 { font-size: 1em; font-weight: 600; }
  .header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: var(--_space); margin-bottom: var(--_space); }
  .field { display: flex; flex-direction: column; gap: calc(var(--_space) / 4); min-width: 0; }
  input, textarea, button, select { font: inherit; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: calc(var(--_space) / 2) var(--_space); min-width: 0; }
  [aria-invalid='true'] { border-color: var(--_danger); box-shadow: inset 0 0 0 1px var(--_danger); }
  button { cursor: pointer; color: var(--_accent); }
  :is(input, textarea, button, select, .scroll, [role='tab']):focus-visible { outline: none; box-shadow: var(--_focus); }
  .hint { color: var(--_muted); font-size: 0.86em; }
  .issue { color: var(--_danger); font-size: 0.86em; margin: 0; }
  .status { color: var(--_muted); }
  .actions { display: flex; flex-wrap: wrap; gap: var(--_space); align-items: center; margin-top: var(--_space); }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { padding: calc(var(--_space) / 2) var(--_space); border-bottom: 1px solid var(--_border); vertical-align: top; }
  thead th { color: var(--_muted); font-weight: 500; vertical-align: bottom; }
  .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_space); }
  .cards li { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space) calc(var(--_space) * 1.5); }
  .cards h3 { margin: 0 0 calc(var(--_space) / 2); }
  .cards dl { display: grid; gap: calc(var(--_space) / 2) var(--_space); margin: 0; }
  .cards dl div { display: flex; flex-direction: column-reverse; }
  .cards dt { color: var(--_muted); font-size: 0.86em; }
  .cards dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
`;
