import { consume } from '@lit/context';
import { property, state } from 'lit/decorators.js';
import type { LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';
import { adapterContext, configContext } from './context.js';
import { LlElement } from './ll-element.js';

/**
 * Base of the elements that can load data: the adapter comes from the `adapter` property (an LWC
 * host sets it) or else from the nearest <ll-provider>; with neither, the element shows the plain
 * data properties it was given.
 */
export class LlDataElement extends LlElement {
  /** The adapter to load and save through; overrides the one from an enclosing <ll-provider>. */
  @property({ attribute: false }) adapter: LeadLoopAdapter | undefined;

  /** Config (waterfall, reasons, SLA, definition); loaded from the adapter when not set. */
  @property({ attribute: false }) config: LeadLoopConfig | undefined;

  @consume({ context: adapterContext, subscribe: true })
  @state()
  protected contextAdapter: LeadLoopAdapter | undefined;

  @consume({ context: configContext, subscribe: true })
  @state()
  protected contextConfig: LeadLoopConfig | undefined;

  /** The adapter in effect: the property first, then the provider's. */
  protected get activeAdapter(): LeadLoopAdapter | undefined {
    return this.adapter ?? this.contextAdapter;
  }

  /** The config in effect: the property first, then the provider's. */
  protected get activeConfig(): LeadLoopConfig | undefined {
    return this.config ?? this.contextConfig;
  }
}
