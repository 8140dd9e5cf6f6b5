import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface SubscriptionOptions<S> {
  /** The thing to listen to, read after every host update (e.g. the adapter in effect). */
  source: () => S | undefined;
  /** Starts listening; returns the function that stops, or nothing when the source cannot be listened to. */
  subscribe: (source: S) => (() => void) | void;
}

/**
 * Keeps one subscription to whatever `source()` currently is: re-subscribes when it changes
 * (an adapter set later, a provider above) and stops when the host is disconnected.
 */
export class SubscriptionController<S> implements ReactiveController {
  readonly #options: SubscriptionOptions<S>;
  #current: S | undefined;
  #stop: (() => void) | void = undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, options: SubscriptionOptions<S>) {
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#sync();
  }

  #sync(): void {
    const next = this.#connected ? this.#options.source() : undefined;
    if (next === this.#current) return;
    this.#stop?.();
    this.#stop = undefined;
    this.#current = next;
    if (next !== undefined) this.#stop = this.#options.subscribe(next);
  }
}
