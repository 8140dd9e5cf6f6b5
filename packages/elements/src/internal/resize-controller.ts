import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ResizeControllerOptions<T> {
  /** The element to watch; default the host. */
  target?: Element;
  /** Turns the target's size into the value the host renders from; default the content-box width, rounded. */
  measure?: (size: { width: number; height: number }) => T;
}

const contentWidth = ({ width }: { width: number; height: number }) => Math.round(width);

/**
 * Tracks an element's size through a ResizeObserver and updates the host only when the measured
 * value changes (a rounded width by default), so sub-pixel jitter costs no render. `value` is
 * read synchronously the first time it is asked for, so a host can lay out on its first render.
 */
export class ResizeController<T = number> implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  readonly #target: Element;
  readonly #measure: (size: { width: number; height: number }) => T;
  #observer: ResizeObserver | undefined;
  #value: T | undefined;
  #measured = false;

  constructor(host: ReactiveControllerHost & Element, options: ResizeControllerOptions<T> = {}) {
    this.#host = host;
    this.#target = options.target ?? host;
    this.#measure = options.measure ?? (contentWidth as unknown as (size: { width: number; height: number }) => T);
    host.addController(this);
  }

  /** The measured value; measured on the spot (one layout read) if no observation arrived yet. */
  get value(): T {
    if (!this.#measured) {
      const style = getComputedStyle(this.#target);
      const box = this.#target.getBoundingClientRect();
      const horizontal = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
      const vertical = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
      this.#value = this.#measure({ width: Math.max(0, box.width - (horizontal || 0)), height: Math.max(0, box.height - (vertical || 0)) });
      this.#measured = this.#observer !== undefined;
    }
    return this.#value as T;
  }

  hostConnected(): void {
    this.#observer ??= new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (!entry) return;
      const box = entry.contentBoxSize?.[0];
      const size = box ? { width: box.inlineSize, height: box.blockSize } : { width: entry.contentRect.width, height: entry.contentRect.height };
      const next = this.#measure(size);
      const changed = !this.#measured || !Object.is(next, this.#value);
      this.#value = next;
      this.#measured = true;
      // Update in the next frame, not inside the observer's callback: the host's re-render
      // changes its height, which inside the callback is a "ResizeObserver loop" error.
      if (changed) requestAnimationFrame(() => this.#host.requestUpdate());
    });
    this.#observer.observe(this.#target);
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    // Sizes may change while detached: measure afresh on return.
    this.#measured = false;
  }
}
