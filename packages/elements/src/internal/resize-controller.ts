import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The sides of the border box that are not content. */
const EDGES = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'] as const;

/**
 * The host's content width in whole pixels, kept current by a ResizeObserver; the host updates
 * only when the rounded width changes, so sub-pixel jitter costs no render. `value` is read
 * synchronously the first time it is asked for, so a host can lay out on its first render.
 */
export class ResizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #observer: ResizeObserver | undefined;
  #width = 0;
  #measured = false;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** The content width; measured on the spot (one layout read) if no observation arrived yet. */
  get value(): number {
    if (!this.#measured) {
      const style = getComputedStyle(this.#host);
      const edges = EDGES.reduce((sum, edge) => sum + (parseFloat(style[edge]) || 0), 0);
      this.#width = Math.round(Math.max(0, this.#host.getBoundingClientRect().width - edges));
      this.#measured = this.#observer !== undefined;
    }
    return this.#width;
  }

  hostConnected(): void {
    this.#observer ??= new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      const next = Math.round(entry.contentBoxSize?.[0]?.inlineSize ?? entry.contentRect.width);
      const changed = !this.#measured || next !== this.#width;
      this.#width = next;
      this.#measured = true;
      // Update in the next frame, not inside the observer's callback: the host's re-render
      // changes its height, which inside the callback is a "ResizeObserver loop" error.
      if (changed) requestAnimationFrame(() => this.#host.requestUpdate());
    });
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    // Sizes may change while detached: measure afresh on return.
    this.#measured = false;
  }
}
