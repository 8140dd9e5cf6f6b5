import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    /* The compact layout follows the space the element gets (a record-page sidebar), not the window. */
    container-type: inline-size;
  }
  .base {
    box-sizing: border-box;
    display: grid;
    gap: calc(var(--_space) * 1.5);
    padding: var(--ll-feedback-padding, calc(var(--_space) * 1.5));
    background: var(--_surface);
    border: var(--ll-feedback-border, 1px solid var(--_border));
    border-radius: var(--_radius);
  }
  p {
    margin: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: var(--_space);
  }
  .who {
    min-width: 0;
  }
  .name {
    font-size: 1.15em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .company,
  .muted,
  .counter,
  .meta {
    color: var(--_muted);
  }
  .company {
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
    padding: 0.2em 0.7em;
    border: 1px solid transparent;
    border-radius: 999px;
    font-size: 0.9em;
    font-weight: 600;
    white-space: nowrap;
    --_tone: var(--_accent);
    color: var(--_tone);
    background: color-mix(in srgb, var(--_tone) 10%, var(--_surface));
  }
  .badge::before {
    content: '';
    flex: none;
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: currentColor;
  }
  .badge.warning {
    --_tone: var(--_warning);
  }
  .badge.danger {
    --_tone: var(--_danger);
  }
  .badge.success {
    --_tone: var(--_success);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2em 1.25em;
    margin: 0;
    font-size: 0.92em;
  }
  .facts div {
    display: flex;
    gap: 0.35em;
    min-width: 0;
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  button {
    font: inherit;
    min-height: 2.4em;
    padding: 0.35em 0.8em;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button:hover {
    background: var(--_surface-alt);
  }
  button.primary {
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  button.primary:hover {
    background: color-mix(in srgb, var(--_accent) 85%, #000);
  }
  button.danger {
    color: var(--_danger);
    border-color: color-mix(in srgb, var(--_danger) 45%, var(--_border));
  }
  button.danger.solid {
    color: var(--_on-accent);
    background: var(--_danger);
    border-color: var(--_danger);
  }
  button[aria-expanded='true'] {
    background: var(--_surface-alt);
    box-shadow: inset 0 0 0 1px currentColor;
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  :focus-visible,
  .star input:focus-visible + span {
    /* A transparent outline turns into a real one in forced-colors mode, where shadows vanish. */
    outline: 2px solid transparent;
    outline-offset: 1px;
    box-shadow: var(--_focus);
  }
  .act {
    display: grid;
    gap: var(--_space);
  }
  .outcomes {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: var(--_space);
  }
  .extras summary {
    width: fit-content;
    color: var(--_accent);
    font-weight: 500;
    cursor: pointer;
  }
  .extras[open] {
    display: grid;
    gap: 0.4em;
  }
  .field,
  legend {
    font-weight: 500;
  }
  select,
  textarea {
    box-sizing: border-box;
    width: 100%;
    padding: 0.4em 0.5em;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .counter {
    font-size: 0.85em;
    text-align: end;
  }
  .rating {
    display: flex;
    flex-wrap: wrap;
    margin: 0.4em 0 0;
    padding: 0;
    border: 0;
  }
  .rating legend {
    padding: 0;
    margin-bottom: 0.3em;
  }
  .star {
    position: relative;
  }
  .star input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .star span[aria-hidden] {
    display: inline-grid;
    place-items: center;
    min-width: 2.4em;
    height: 2.2em;
    margin-inline-start: -1px;
    background: var(--_surface);
    border: 1px solid var(--_border);
  }
  .star:first-of-type span[aria-hidden] {
    margin-inline-start: 0;
    border-radius: var(--_radius) 0 0 var(--_radius);
  }
  .star:last-of-type span[aria-hidden] {
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }
  .star input:checked + span {
    position: relative;
    color: var(--_on-accent);
    background: var(--_accent);
    border-color: var(--_accent);
  }
  .reason {
    display: grid;
    gap: 0.5em;
    padding: var(--_space);
    background: var(--_surface-alt);
    border-radius: var(--_radius);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  .status-row {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
  .status {
    flex: 1;
  }
  .status.saved,
  .status.sent {
    color: var(--_success);
  }
  .status.queued {
    color: var(--_warning);
  }
  .status.failed,
  .error {
    color: var(--_danger);
  }
  .history-title {
    font-size: 0.85em;
    font-weight: 600;
    letter-spacing: 0.03em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  .history ol {
    display: grid;
    gap: 0.4em;
    margin: 0.4em 0 0;
    padding: 0;
    list-style: none;
  }
  .history li {
    padding: 0.4em 0.65em;
    background: var(--_surface-alt);
    border-inline-start: 3px solid var(--_border);
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }
  .history li.queued {
    border-inline-start-color: var(--_warning);
  }
  .outcome {
    font-weight: 600;
  }
  .meta {
    display: block;
    font-size: 0.85em;
  }
  .note {
    margin-top: 0.2em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  @container (max-width: 320px) {
    .base {
      gap: var(--_space);
      padding: var(--ll-feedback-padding, var(--_space));
    }
    .header {
      flex-direction: column;
    }
    .facts {
      flex-direction: column;
    }
    .outcomes {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container (min-width: 720px) {
    .outcomes {
      grid-template-columns: repeat(6, minmax(0, 1fr));
    }
  }

  @media (forced-colors: active) {
    .badge,
    .history li {
      border-color: CanvasText;
    }
    .star input:checked + span {
      forced-color-adjust: none;
      color: HighlightText;
      background: Highlight;
    }
    button[aria-expanded='true'] {
      outline: 2px solid Highlight;
    }
  }
`;
