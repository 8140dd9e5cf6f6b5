import { LlDefinitionEditor } from './definition-editor.component.js';

export { LlDefinitionEditor };
if (!customElements.get('ll-definition-editor')) customElements.define('ll-definition-editor', LlDefinitionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'll-definition-editor': LlDefinitionEditor;
  }
}
