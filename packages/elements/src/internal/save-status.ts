import { html, nothing } from 'lit';
import { canRetry } from './error-message.js';

/**
 * The live region that says where the rep's last save stands (its `state` as a class, for the
 * colour), with a button that tries again after a failure that trying again can fix.
 */
export function saveStatus(state: string | undefined, text: string, error: unknown, retryLabel: string, retry: () => void) {
  return html`<div class="status-row">
    <p part="status" class="status ${state ?? ''}" role="status">${text}</p>
    ${state === 'failed' && canRetry(error) ? html`<button part="control" type="button" @click=${retry}>${retryLabel}</button>` : nothing}
  </div>`;
}
