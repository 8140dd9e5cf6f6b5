import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ClockOptions {
  /**
   * Milliseconds until the next tick, asked again after every tick, so a countdown can tick each
   * second near zero and each minute otherwise. A number means a fixed interval. Default 1000.
   */
  interval?: number | ((nowMs: number) => number);
  /** The time source, epoch ms; default `Date.now`. */
  now?: () => number;
}

/** Shortest and longest wait between ticks: a bad interval must neither spin nor stop the clock. */
const MIN_MS = 250;
const MAX_MS = 60_000;

/**
 * A clock for live texts ("due in 4 min"): `now` is the time of the last tick, and each tick
 * asks the host to update. It runs only while the host is connected.
 */
export class ClockController implements ReactiveController {
  /** Epoch ms of the last tick. */
  now: number;
  readonly #host: ReactiveControllerHost;
  readonly #interval: number | ((nowMs: number) => number);
  readonly #clock: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: ClockOptions = {}) {
    this.#host = host;
    this.#interval = options.interval ?? 1000;
    this.#clock = options.now ?? Date.now;
    this.now = this.#clock();
    host.addController(this);
  }

  /** True while a tick is scheduled. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  hostConnected(): void {
    this.now = this.#clock();
    this.#schedule();
  }

  /**
   * Reads the time again between ticks, and counts the next tick from it: data that just arrived
   * (a save, a colleague's feedback) must not look as if it came from the future. Asks for no
   * update; call it before the host renders, e.g. when new data is set.
   */
  sync(): void {
    this.now = this.#clock();
    if (this.running) this.#schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    let wanted = MAX_MS;
    try {
      wanted = typeof this.#interval === 'number' ? this.#interval : this.#interval(this.now);
    } catch {
      // A host's interval function must never break its connectedCallback: tick slowly instead.
    }
    const ms = Number.isFinite(wanted) ? Math.min(MAX_MS, Math.max(MIN_MS, wanted)) : MAX_MS;
    this.#timer = setTimeout(() => {
      this.now = this.#clock();
      this.#host.requestUpdate();
      this.#schedule();
    }, ms);
  }
}
