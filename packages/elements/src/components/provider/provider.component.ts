import { provide } from '@lit/context';
import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
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
  /** The adapter descendants load from and save through. */
  @provide({ context: adapterContext })
  @property({ attribute: false })
  adapter: LeadLoopAdapter | undefined;

  /** Config for descendants, loaded from the adapter. */
  @provide({ context: configContext })
  @state()
  config: LeadLoopConfig | undefined;

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

  protected override render() {
    return html`<slot></slot>`;
  }
}
