import type { ReactiveControllerHost } from 'lit';
import type { AdapterChange, LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';
import { AdapterChangesController } from './adapter-changes.js';
import { LoadController } from './load-controller.js';

/** Each adapter's config load, and the change (if any) it was made after. */
const loads = new WeakMap<LeadLoopAdapter, { config: Promise<LeadLoopConfig>; after: AdapterChange | undefined }>();

/**
 * The adapter's config (waterfall, reasons, SLA, definition), loaded once however many providers
 * and elements use the adapter. `after` is the change that made the last load stale (a new
 * definition version or reason catalog): the first to ask after it loads again, the rest share
 * that load. A failed load is forgotten, so the next to ask tries again.
 */
export function sharedConfig(adapter: LeadLoopAdapter, after?: AdapterChange): Promise<LeadLoopConfig> {
  let load = loads.get(adapter);
  if (!load || (after && load.after !== after)) {
    const config = adapter.getConfig();
    config.catch(() => {
      if (loads.get(adapter)?.config === config) loads.delete(adapter);
    });
    loads.set(adapter, (load = { config, after }));
  }
  return load.config;
}

export interface ConfigLoaderOptions {
  /** The adapter whose config the host needs, read before every host update; undefined when it needs none. */
  adapter: () => LeadLoopAdapter | undefined;
  onValue?: (config: LeadLoopConfig) => void;
  onError?: (error: unknown) => void;
}

/**
 * Loads the config of the host's adapter through the shared load, and again once the adapter
 * reports a new definition version or reason catalog; the provider and every data element use
 * it. The loader's `value` is the config.
 */
export function loadConfig(host: ReactiveControllerHost & Element, options: ConfigLoaderOptions): LoadController<readonly [LeadLoopAdapter | undefined], LeadLoopConfig> {
  let after: AdapterChange | undefined;
  const loader = new LoadController(host, {
    ...options,
    args: () => [options.adapter()] as const,
    // Hand-made adapters (a page's own, tests) may leave getConfig out: the defaults stand in.
    load: ([adapter]) => (typeof adapter?.getConfig === 'function' ? sharedConfig(adapter, after) : undefined),
  });
  new AdapterChangesController(host, {
    adapter: () => (loader.value ? options.adapter() : undefined),
    concerns: (change) => change.type === 'definition' || change.type === 'reasons',
    refresh: (change) => {
      after = change;
      void loader.run();
    },
  });
  return loader;
}
