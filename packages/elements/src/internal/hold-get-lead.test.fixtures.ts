// Shared by element tests that look at a loading state: the adapter's getLead waits until released.
import type { LeadLoopAdapter } from '@leadloop/core';

/** Holds `adapter.getLead` until the returned function is called. */
export function holdGetLead(adapter: LeadLoopAdapter): () => void {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const getLead = adapter.getLead.bind(adapter);
  adapter.getLead = async (id) => {
    await gate;
    return getLead(id);
  };
  return open;
}
