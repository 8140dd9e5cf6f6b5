import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget.
// A transparent focus outline turns into a real one in forced-colors mode, where shadows vanish.
export const styles = css`
  :host { display: block; }
  .base { box-sizing: border-box; display: grid; gap: calc(var(--_space) * 1.5); padding: var(--ll-checklist-padding, calc(var(--_space) * 1.5)); background: var(--_surface); border: var(--ll-checklist-border, 1px solid var(--_border)); border-radius: var(--_radius); }
  p { margin: 0; }
  .title { font-size: 1.15em; font-weight: 600; }
  .meta, .muted, .help { color: var(--_muted); }
  .meta { font-size: 0.9em; }
  .warning { padding: 0.6em 0.8em; background: color-mix(in srgb, var(--_warning) 12%, var(--_surface)); border-inline-start: 4px solid var(--_warning); border-radius: var(--_radius); }
  .criteria { margin: 0; padding: 0; border: 0; min-width: 0; }
  .criterion { display: grid; grid-template-columns: auto 1fr; gap: 0.15em 0.6em; align-items: start; padding: 0.5em 0; border-top: 1px solid var(--_border); }
  .criterion:first-of-type { border-top: 0; padding-top: 0; }
  input[type='checkbox'] { width: 1.15em; height: 1.15em; margin: 0.12em 0 0; accent-color: var(--_accent); }
  label { overflow-wrap: anywhere; cursor: pointer; }
  .help { grid-column: 2; font-size: 0.9em; overflow-wrap: anywhere; }
  .required { display: inline-block; padding: 0 0.45em; font-size: 0.78em; font-weight: 600; letter-spacing: 0.02em; color: var(--_muted); border: 1px solid var(--_border); border-radius: 999px; vertical-align: 0.1em; }
  .score { display: grid; gap: 0.35em; }
  .score-head { display: flex; justify-content: space-between; gap: var(--_space); font-size: 0.9em; }
  .score-head :first-child { font-weight: 500; }
  .bar { position: relative; height: var(--ll-checklist-bar-height, 8px); background: var(--_surface-alt); border: 1px solid var(--_border); border-radius: 999px; }
  .fill { position: absolute; inset: 0 auto 0 0; width: calc(var(--_score) * 100%); background: var(--_warning); border-radius: inherit; }
  .over .fill { background: var(--_success); }
  .mark { position: absolute; top: -4px; bottom: -4px; left: calc(var(--_threshold) * 100% - 1px); width: 2px; background: var(--_text); }
  .verdict { padding: 0.5em 0.75em; font-weight: 600; background: var(--_surface-alt); border-radius: var(--_radius); }
  .verdict.met { background: color-mix(in srgb, var(--_success) 12%, var(--_surface)); border-inline-start: 4px solid var(--_success); }
  .verdict.met::before { content: '✓ '; color: var(--_success); }
  .status-row { display: flex; align-items: center; gap: var(--_space); }
  .status { flex: 1; font-size: 0.9em; }
  .status.saved { color: var(--_success); }
  .status.failed, .error { color: var(--_danger); }
  button { font: inherit; min-height: 2.2em; padding: 0.3em 0.8em; color: var(--_text); background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); cursor: pointer; }
  :focus-visible { outline: 2px solid transparent; outline-offset: 1px; box-shadow: var(--_focus); }
  @media (forced-colors: active) {
    .bar, .warning, .verdict { border: 1px solid CanvasText; }
    .fill, .mark { forced-color-adjust: none; background: Highlight; }
    .mark { background: CanvasText; }
  }
`;
