import { provide } from '@lit/context';
import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';
import { adapterContext, configContext } from '../../internal/context.js';
import { LlElement } from '../../internal/ll-element.js';

/**
 * @summary Hands an adapter, and the config loaded from it, to every LeadLoop element inside.
 * @slot - The elements that use the adapter.
 * @event llconfigerror - The config could not be loaded; `detail.error` is the LeadLoopError.
 */
export class LlProvider extends LlElement {
  /** The adapter descendants load from and save through. */
  @provide({ context: adapterContext })
  @property({ attribute: false })
  adapter: LeadLoopAdapter | undefined;

  /** Config for descendants; loaded from the adapter unless set. */
  @provide({ context: configContext })
  @state()
  config: LeadLoopConfig | undefined;

  #loadedFor: LeadLoopAdapter | undefined;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('adapter') && this.adapter !== this.#loadedFor) void this.#loadConfig();
  }

  async #loadConfig(): Promise<void> {
    const adapter = (this.#loadedFor = this.adapter);
    if (!adapter) return;
    try {
      const config = await adapter.getConfig();
      if (adapter === this.adapter) this.config = config;
    } catch (error) {
      this.emit('llconfigerror', { error });
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
