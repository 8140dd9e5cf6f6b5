import { css } from 'lit';

// One rule per line and nothing decorative: every byte here ships inside the element's 15 KB budget.
// The compact layout follows the space the element gets (a record-page sidebar), not the window.
// A transparent outline becomes a real one in forced-colors mode, where box shadows vanish.
export const styles = css`
  :host { display: block; container-type: inline-size; }
  .base, .act, .extras, .reason { display: grid; gap: var(--_space); }
  .base { gap: calc(var(--_space) * 1.5); padding: var(--ll-feedback-padding, calc(var(--_space) * 1.5)); background: var(--_surface); border: var(--ll-feedback-border, 1px solid var(--_border)); border-radius: var(--_radius); overflow-wrap: anywhere; }
  p, dl, dd { margin: 0; }
  dd { margin-inline-start: 0.3em; }
  .header, .facts, .row, .status-row { display: flex; flex-wrap: wrap; gap: 0.2em var(--_space); align-items: center; justify-content: space-between; }
  .facts { justify-content: start; column-gap: 1.25em; }
  .name { font-size: 1.15em; font-weight: 600; }
  .company, .muted, .meta, dt, .counter, .title { color: var(--_muted); }
  dt, dd { display: inline; }
  .badge { padding: 0.2em 0.7em; border: 1px solid var(--_tone, var(--_accent)); border-radius: 1em; font-weight: 600; background: color-mix(in srgb, var(--_tone, var(--_accent)) 12%, var(--_surface)); }
  .warning, .queued { --_tone: var(--_warning); }
  .danger, .failed, .error { --_tone: var(--_danger); }
  .success, .saved, .sent { --_tone: var(--_success); }
  .status, .error, button.danger { color: var(--_tone); }
  .outcomes { display: grid; grid-template-columns: repeat(3, 1fr); gap: var(--_space); }
  button, select, textarea { padding: 0.4em 0.8em; font: inherit; color: inherit; background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); }
  button { min-height: 2.4em; cursor: pointer; }
  button:hover, [aria-expanded='true'], .reason, li { background: var(--_surface-alt); }
  button.primary { color: var(--_on-accent); background: var(--_tone, var(--_accent)); border-color: var(--_tone, var(--_accent)); }
  :disabled, [aria-disabled='true'] { opacity: 0.55; cursor: not-allowed; }
  :focus-visible { outline: 2px solid transparent; box-shadow: var(--_focus); }
  summary { color: var(--_accent); cursor: pointer; }
  .counter, .meta, .title { font-size: 0.85em; }
  .counter { text-align: end; }
  .reason { padding: var(--_space); border-radius: var(--_radius); }
  .status { flex: 1; }
  .title, .outcome { font-weight: 600; }
  ol { display: grid; gap: 0.4em; margin: 0.4em 0 0; padding: 0; list-style: none; }
  li { padding: 0.4em 0.65em; border-inline-start: 3px solid var(--_tone, var(--_border)); }
  .meta { display: block; }
  .note { white-space: pre-wrap; }
  @container (max-width: 320px) {
    .base { padding: var(--ll-feedback-padding, var(--_space)); }
    .outcomes { grid-template-columns: 1fr 1fr; }
  }
  @media (forced-colors: active) {
    [aria-expanded='true'] { outline: 2px solid; }
    [aria-disabled='true'] { color: GrayText; }
    .primary { forced-color-adjust: none; --_tone: Highlight; }
  }
`;
