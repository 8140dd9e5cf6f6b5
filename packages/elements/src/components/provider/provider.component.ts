import { ContextProvider } from '@lit/context';
import { html, type PropertyValues } from 'lit';
import type { LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';
import { loadConfig } from '../../internal/adapter-config.js';
import { adapterContext, configContext } from '../../internal/context.js';
import { LlElement } from '../../internal/ll-element.js';

/**
 * @summary Hands an adapter, and the config loaded from it, to every LeadLoop element inside.
 *
 * The config is loaded again when the adapter reports a new definition version or reason catalog,
 * so a newly approved definition shows without a page reload.
 *
 * @slot - The elements that use the adapter.
 * @event llconfigerror - The config could not be loaded; `detail.error` is the LeadLoopError.
 */
export class LlProvider extends LlElement {
  // As in the other elements: declared here rather than with decorators.
  static override properties = {
    adapter: { attribute: false },
    config: { state: true, attribute: false },
  };

  /** The adapter descendants load from and save through. */
  adapter: LeadLoopAdapter | undefined;

  /** Config for descendants, loaded from the adapter. */
  private config: LeadLoopConfig | undefined;

  readonly #adapterContext = new ContextProvider(this, { context: adapterContext });
  readonly #configContext = new ContextProvider(this, { context: configContext });

  constructor() {
    super();
    // Until the next adapter's config arrives, descendants keep the last one.
    loadConfig(this, {
      adapter: () => this.adapter,
      onValue: (config) => (this.config = config),
      onError: (error) => this.emit('llconfigerror', { error }),
    });
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('adapter')) this.#adapterContext.setValue(this.adapter);
    if (changed.has('config')) this.#configContext.setValue(this.config);
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
