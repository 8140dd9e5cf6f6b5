import { ContextProvider } from '@lit/context';
import { html, type PropertyValues } from 'lit';
import type { AdapterChange, LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { changesConfig, sharedConfig } from '../../internal/adapter-config.js';
import { adapterContext, configContext } from '../../internal/context.js';
import { LlElement } from '../../internal/ll-element.js';
import { LoadController } from '../../internal/load-controller.js';

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

  /** The change that made the loaded config stale. */
  #change: AdapterChange | undefined;

  // Until the next adapter's config arrives, descendants keep the last one.
  readonly #load = new LoadController(this, {
    args: () => [this.adapter] as const,
    load: ([adapter]) => adapter && sharedConfig(adapter, this.#change),
    onValue: (config) => (this.config = config),
    onError: (error) => this.emit('llconfigerror', { error }),
  });

  constructor() {
    super();
    new AdapterChangesController(this, {
      adapter: () => this.adapter,
      concerns: changesConfig,
      refresh: (change) => {
        this.#change = change;
        void this.#load.run();
      },
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
