import type { AdapterChange, LeadLoopAdapter, LeadLoopConfig } from '@leadloop/core';

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
    config.catch(() => loads.get(adapter)?.config === config && loads.delete(adapter));
    loads.set(adapter, (load = { config, after }));
  }
  return load.config;
}

/** The kinds of change after which an adapter's config is stale. */
export const changesConfig = (change: AdapterChange) => change.type === 'definition' || change.type === 'reasons';
