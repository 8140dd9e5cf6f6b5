import type { PropertyDeclarations } from 'lit';
import type { LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';
import { loadConfig } from './adapter-config.js';
import { consumeContext } from './consume-context.js';
import { adapterContext, configContext } from './context.js';
import { LlElement } from './ll-element.js';

/**
 * Base of the elements that can load data: the adapter comes from the `adapter` property (an LWC
 * host sets it) or else from the nearest <ll-provider>, also one whose tag is defined after the
 * element's; with neither, the element shows the plain data properties it was given. The config
 * comes from the `config` property, else the provider, else it is loaded from an adapter set
 * directly: once per adapter, however many elements use it, and again when the adapter reports a
 * new definition version or reason catalog.
 */
export class LlDataElement extends LlElement {
  static override properties: PropertyDeclarations = {
    adapter: { attribute: false },
    config: { attribute: false },
    contextAdapter: { state: true, attribute: false },
    contextConfig: { state: true, attribute: false },
  };

  /** The adapter to load and save through; overrides the one from an enclosing <ll-provider>. */
  adapter: LeadLoopAdapter | undefined;

  /** Config (waterfall, reasons, SLA, definition); default the provider's, else loaded from `adapter`. */
  config: LeadLoopConfig | undefined;

  /** The adapter an enclosing <ll-provider> hands down. */
  protected contextAdapter: LeadLoopAdapter | undefined;

  /** The config an enclosing <ll-provider> loaded. */
  protected contextConfig: LeadLoopConfig | undefined;

  /** Only an adapter set directly needs its config loaded here: a provider loads its own for its descendants. */
  readonly #configLoad = loadConfig(this, {
    adapter: () => (this.config || this.contextConfig ? undefined : this.adapter),
    onError: (error) => this.configFailed?.(error),
  });

  constructor() {
    super();
    consumeContext(this, adapterContext, (adapter) => (this.contextAdapter = adapter));
    consumeContext(this, configContext, (config) => (this.contextConfig = config));
  }

  /** The adapter in effect: the property first, then the provider's. */
  protected get activeAdapter(): LeadLoopAdapter | undefined {
    return this.adapter ?? this.contextAdapter;
  }

  /** The config in effect: the property first, then the provider's, then the one loaded from `adapter`. */
  protected get activeConfig(): LeadLoopConfig | undefined {
    return this.config ?? this.contextConfig ?? this.#configLoad.value;
  }

  /** True while the config of an adapter set directly is on its way. */
  protected get configPending(): boolean {
    return this.#configLoad.pending && !this.#configLoad.value;
  }

  /** Called when the config could not be loaded from `adapter`; the element carries on with the defaults. */
  protected configFailed?(error: unknown): void;
}
