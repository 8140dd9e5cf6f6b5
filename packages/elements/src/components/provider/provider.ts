import { LlProvider } from './provider.component.js';

export { LlProvider };
if (!customElements.get('ll-provider')) customElements.define('ll-provider', LlProvider);

declare global {
  interface HTMLElementTagNameMap {
    'll-provider': LlProvider;
  }
}
