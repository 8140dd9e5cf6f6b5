import { LitElement, adoptStyles } from 'lit';

/**
 * Base class of every LeadLoop element: one `emit()` for events, and the closed-root switch the
 * Salesforce build needs (Lightning Web Security supports only closed shadow roots).
 */
export class LlElement extends LitElement {
  /** Set by the Salesforce build before any element is defined; open everywhere else. */
  static shadowMode: ShadowRootMode = 'open';

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const ctor = this.constructor as typeof LlElement;
    if (LlElement.shadowMode === 'open') return super.createRenderRoot();
    const root = this.attachShadow({ ...ctor.shadowRootOptions, mode: 'closed' });
    adoptStyles(root, ctor.elementStyles);
    return root;
  }

  /**
   * Dispatches a `CustomEvent` that bubbles and crosses shadow roots, with a typed detail.
   * Names are lowercase with no hyphen so an LWC template can bind them (`onllfeedback`).
   * Returns false when a listener called preventDefault().
   */
  emit<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail }));
  }
}
