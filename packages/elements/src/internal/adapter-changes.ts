import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AdapterChange, LeadLoopAdapter } from '@leadloop/core';

export interface AdapterChangesOptions {
  /** The adapter to listen to, read after every host update; undefined while the host has nothing that could go stale. */
  adapter: () => LeadLoopAdapter | undefined;
  /** Whether a change makes what the host shows stale (new feedback on its lead, a new definition version). */
  concerns: (change: AdapterChange) => boolean;
  /** Reloads what went stale; called once per burst of changes that concern the host, with the last of them. */
  refresh: (latest: AdapterChange) => void;
  /** Listens to something else the adapter offers for as long (an outbox's queue); returns the function that stops. */
  alsoListen?: (adapter: LeadLoopAdapter) => (() => void) | undefined;
}

/**
 * Keeps a widget's data fresh while its adapter changes underneath it: another tab, a colleague
 * or an import adds feedback or saves a definition. Follows the adapter in effect (set later, or
 * from a provider above) and stops listening when the host is disconnected. Changes come in
 * bursts — an import, a batch of feedback — so a burst triggers one reload, in the next task,
 * not one per change.
 */
export class AdapterChangesController implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  readonly #options: AdapterChangesOptions;
  #adapter: LeadLoopAdapter | undefined;
  #stop: (() => void) | undefined;
  /** The last change of the burst waiting for its reload. */
  #latest: AdapterChange | undefined;

  constructor(host: ReactiveControllerHost & Element, options: AdapterChangesOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.hostUpdated();
  }

  hostDisconnected(): void {
    this.hostUpdated();
  }

  /** Follows the adapter in effect while the host is on the page; none once it left. */
  hostUpdated(): void {
    const next = this.#host.isConnected ? this.#options.adapter() : undefined;
    if (next === this.#adapter) return;
    this.#stop?.();
    this.#stop = undefined;
    this.#adapter = next;
    if (!next) return;
    try {
      const stopChanges = next.subscribe?.((change) => this.#onChange(change));
      const stopOther = this.#options.alsoListen?.(next);
      this.#stop = () => {
        stopChanges?.();
        stopOther?.();
      };
    } catch (error) {
      // A broken adapter (one wrapped in a framework's proxy, say) must not throw out of a Lit
      // update: the element still shows what loading says, and the developer reads this.
      console.error('LeadLoop adapter:', error);
    }
  }

  #onChange(change: AdapterChange): void {
    if (!this.#options.concerns(change)) return;
    const queued = this.#latest !== undefined;
    this.#latest = change;
    if (queued) return;
    setTimeout(() => {
      const latest = this.#latest!;
      this.#latest = undefined;
      if (this.#host.isConnected) this.#options.refresh(latest);
    }, 0);
  }
}
