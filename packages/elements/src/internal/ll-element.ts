import { LitElement } from 'lit';

/**
 * Base class of every LeadLoop element: one `emit()` for events, and the closed-root switch the
 * Salesforce build needs (Lightning Web Security supports only closed shadow roots).
 */
export class LlElement extends LitElement {
  /** Set by the Salesforce build before any element is created; open everywhere else. */
  static shadowMode: ShadowRootMode = 'open';

  /** Lit's shadow-root options, in the mode in force when an element first renders. */
  static override get shadowRootOptions(): ShadowRootInit {
    return { ...LitElement.shadowRootOptions, mode: LlElement.shadowMode };
  }

  /**
   * Dispatches a `CustomEvent` that bubbles and crosses shadow roots, with a typed detail.
   * Names are lowercase with no hyphen so an LWC template can bind them (`onllfeedback`).
   * Returns false when a listener called preventDefault().
   */
  emit<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { bubbles: true, composed: true, ...options, detail }));
  }
}
