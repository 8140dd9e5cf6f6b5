import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AdapterChange, LeadLoopAdapter } from '@leadloop/core';

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
 * version). Follows the adapter in effect (set later, or from a provider above) and stops
 * listening when the host is disconnected. Changes come in bursts — an import, a batch of
 * feedback — so a burst triggers one reload, in the next task, not one per change.
 */
export class AdapterRefreshController implements ReactiveController {
  readonly #options: AdapterRefreshOptions;
  #adapter: LeadLoopAdapter | undefined;
  #stop: (() => void) | undefined;
  #connected = false;
  #queued = false;

  constructor(host: ReactiveControllerHost, options: AdapterRefreshOptions) {
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#follow();
  }

  hostUpdated(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#follow();
  }

  #follow(): void {
    const next = this.#connected ? this.#options.adapter() : undefined;
    if (next === this.#adapter) return;
    this.#stop?.();
    this.#stop = undefined;
    this.#adapter = next;
    this.#stop = next?.subscribe?.((change) => {
      if (this.#queued || !this.#options.types.includes(change.type)) return;
      this.#queued = true;
      setTimeout(() => {
        this.#queued = false;
        if (this.#connected) this.#options.refresh();
      }, 0);
    });
  }
}
