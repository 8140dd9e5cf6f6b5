import { msg } from '@lit/localize';
import { html } from 'lit';

/** The button that loads again after a failure, worded the same in every widget. */
export const tryAgain = () => msg('Try again');

/**
 * What a widget shows in place of its data while it loads (a status line), or after loading
 * failed: an alert with the error's own words and a button that tries again.
 */
export function loadState(error: unknown, loading: string, failed: string, retry: () => void) {
  return error === undefined
    ? html`<p class="status" role="status">${loading}</p>`
    : html`<div class="error" role="alert">
        <p>${failed} ${(error as Error)?.message ?? ''}</p>
        <button @click=${retry}>${tryAgain()}</button>
      </div>`;
}
