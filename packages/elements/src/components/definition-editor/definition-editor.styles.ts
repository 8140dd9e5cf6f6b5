import { css } from 'lit';

// One rule per line: every byte here ships inside the element's 15 KB budget. Added to the
// portal widgets' shared rules (internal/portal-styles.ts).
export const styles = css`
  h3 { margin: calc(var(--_space) * 2) 0 var(--_space); }
  .badge { display: inline-block; padding: 0.1em 0.6em; border-radius: 999px; font-size: 0.86em; border: 1px solid var(--_border); color: var(--_muted); }
  .badge.approved { color: var(--_success); border-color: var(--_success); }
  .badge.waiting { color: var(--_warning); border-color: var(--_warning); }
  [role='tablist'] { display: flex; flex-wrap: wrap; gap: calc(var(--_space) / 2); border-bottom: 1px solid var(--_border); margin-bottom: var(--_space); }
  [role='tab'] { font: inherit; color: var(--_muted); background: none; border: none; border-bottom: 3px solid transparent; padding: calc(var(--_space) / 2) var(--_space); cursor: pointer; }
  [role='tab'][aria-selected='true'] { color: var(--_text); border-bottom-color: var(--_accent); font-weight: 600; }
  .count { color: var(--_muted); font-weight: 400; }
  input, textarea, button, select { box-sizing: border-box; }
  input[type='checkbox'] { width: 1.1em; height: 1.1em; accent-color: var(--_accent); }
  textarea { resize: vertical; min-height: 2.4em; field-sizing: content; }
  button.primary { background: var(--_accent); border-color: var(--_accent); color: var(--_on-accent); font-weight: 600; }
  button:is(:disabled, [aria-disabled]) { background: var(--_surface-alt); border-color: var(--_border); color: var(--_muted); font-weight: 400; cursor: not-allowed; }
  button.icon { padding: calc(var(--_space) / 4) calc(var(--_space) / 2); color: var(--_muted); }
  .criteria { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_space); }
  .criterion { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto auto auto; gap: var(--_space); align-items: start; padding: var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius); }
  @container (max-width: 900px) {
    .criterion { grid-template-columns: minmax(0, 1fr) auto auto; }
    .criterion .field:not(.weight) { grid-column: 1 / -1; }
  }
  @container (max-width: 420px) {
    .reasons li { flex-wrap: wrap; }
    .criterion .check { grid-column: 1 / -1; padding-top: 0; }
  }
  .editor { container-type: inline-size; }
  .field input, .field textarea { width: 100%; }
  .field label, .label { font-size: 0.86em; color: var(--_muted); }
  .check { display: flex; align-items: center; gap: calc(var(--_space) / 2); padding-top: 1.4em; }
  .check input { flex: none; }
  .weight input, .threshold input { width: 5em; }
  .moves { display: flex; gap: calc(var(--_space) / 4); padding-top: 1.3em; }
  .row { display: flex; flex-wrap: wrap; align-items: flex-end; gap: var(--_space); margin-top: var(--_space); }
  .reasons { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(21em, 100%), 1fr)); gap: calc(var(--_space) / 2) var(--_space); }
  .reasons li { display: flex; align-items: center; gap: calc(var(--_space) / 2); }
  .reasons li input[type='text'] { flex: 1 1 8em; }
  .reasons li.retired input[type='text'] { color: var(--_muted); text-decoration: line-through; }
  .actions { margin-top: calc(var(--_space) * 1.5); }
  .notice { margin: var(--_space) 0; padding: var(--_space) calc(var(--_space) * 1.5); border-radius: var(--_radius); border-inline-start: 4px solid var(--_accent); background: var(--_surface-alt); }
  .notice.error { border-color: var(--_danger); }
  .notice.ok { border-color: var(--_success); }
  .notice p { margin: 0 0 calc(var(--_space) / 2); }
  .signoff { display: grid; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); gap: var(--_space); }
  .role { border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space) calc(var(--_space) * 1.5); display: grid; gap: calc(var(--_space) / 2); align-content: start; }
  .role button { justify-self: start; }
  .role strong { font-weight: 600; }
  .done { color: var(--_success); }
  th, td { text-align: start; }
`;
