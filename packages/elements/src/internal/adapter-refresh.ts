import type { ReactiveControllerHost } from 'lit';
import type { AdapterChange, LeadLoopAdapter } from '@leadloop/core';
import { SubscriptionController } from './subscription-controller.js';

export interface AdapterRefreshOptions {
  /** The adapter to listen to, read after every host update; undefined when the host shows plain data. */
  adapter: () => LeadLoopAdapter | undefined;
  /** The kinds of change that make the host's data stale. */
  types: readonly AdapterChange['type'][];
  /** Reloads the host's data. */
  refresh: () => void;
}

/**
 * Reloads a widget when its adapter reports a change it shows (new feedback, a new definition
 * version). Changes come in bursts — an import, a batch of feedback — so a burst triggers one
 * reload, in the next task, not one per change.
 */
export function refreshOnAdapterChange(host: ReactiveControllerHost, options: AdapterRefreshOptions): SubscriptionController<LeadLoopAdapter> {
  let queued = false;
  return new SubscriptionController<LeadLoopAdapter>(host, {
    source: options.adapter,
    subscribe: (adapter) =>
      adapter.subscribe?.((change) => {
        if (queued || !options.types.includes(change.type)) return;
        queued = true;
        setTimeout(() => {
          queued = false;
          options.refresh();
        }, 0);
      }),
  });
}
