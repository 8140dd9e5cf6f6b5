import type { Context } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';

/**
 * The requests no provider has answered yet. A provider that upgrades after its descendants (its
 * tag defined later, its script loaded late) announces itself with a `context-provider` event,
 * as @lit/context's ContextProvider does on connect; every waiting request then asks again, and
 * one the new provider does not cover keeps waiting. This is the part of @lit/context's
 * ContextRoot our elements need, without its WeakRefs: a request leaves the set when its element
 * leaves the page.
 */
const waiting = new Set<() => void>();
let listening = false;

/**
 * Follows a value an enclosing provider hands down, for as long as the host is connected: the
 * subscribing case of @lit/context's ContextConsumer, on the same protocol. Whatever the order
 * the elements are defined in, the host gets the value: a provider defined later is waited for.
 * With no provider above it (moved out of one), the host gets `undefined`.
 */
export function consumeContext<T>(host: ReactiveControllerHost & HTMLElement, context: Context<unknown, T>, set: (value: T | undefined) => void): void {
  let unsubscribe: (() => void) | undefined;
  let answered = false;
  // One callback for the host's life: a provider tells its subscribers apart by the callback.
  const callback = (value: T, stop?: () => void) => {
    answered = true;
    // Another provider took over (one was put between this element and the old): leave the old one.
    if (unsubscribe !== stop) unsubscribe?.();
    unsubscribe = stop;
    set(value);
  };
  const ask = () => {
    answered = false;
    // @lit/context's ContextEvent, as a plain event: an element without a provider in its bundle
    // need not carry the class.
    host.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), { context, contextTarget: host, callback, subscribe: true }));
    if (answered) return void waiting.delete(ask);
    set(undefined);
    waiting.add(ask);
    // Attached once, and only when an element found no provider: a page whose providers are
    // defined first never listens.
    if (!listening) {
      listening = true;
      document.addEventListener('context-provider', () => waiting.forEach((again) => again()));
    }
  };
  host.addController({
    hostConnected: ask,
    hostDisconnected() {
      waiting.delete(ask);
      unsubscribe?.();
      unsubscribe = undefined;
    },
  });
}
