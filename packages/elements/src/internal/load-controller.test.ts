import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LoadController } from './load-controller.js';

/** A host that counts update requests and keeps its controllers. */
function host(): ReactiveControllerHost & { controllers: ReactiveController[] } {
  return {
    controllers: [],
    addController(c) {
      this.controllers.push(c);
    },
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}

describe('LoadController', () => {
  it('loads again when the inputs change, in identity or in number', () => {
    let args: readonly unknown[] = ['a', 'b'];
    const loads: (readonly unknown[])[] = [];
    const loader = new LoadController(host(), { args: () => args, load: (a) => (loads.push(a), Promise.resolve(a.length)) });
    loader.hostUpdate();
    loader.hostUpdate();
    expect(loads).to.deep.equal([['a', 'b']]);
    args = ['a'];
    loader.hostUpdate();
    args = ['a', 'b'];
    loader.hostUpdate();
    args = ['a', 'c'];
    loader.hostUpdate();
    expect(loads).to.deep.equal([['a', 'b'], ['a'], ['a', 'b'], ['a', 'c']]);
  });
});
