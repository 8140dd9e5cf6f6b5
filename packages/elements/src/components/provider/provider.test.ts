import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LeadLoopError, MemoryAdapter, type LeadLoopAdapter } from '@leadloop/core';
import { ContextConsumer } from '@lit/context';
import { LitElement } from 'lit';
import { adapterContext, configContext } from '../../internal/context.js';
import './provider.js';
import type { LlProvider } from './provider.component.js';

class ProbeElement extends LitElement {
  adapter = new ContextConsumer(this, { context: adapterContext, subscribe: true });
  config = new ContextConsumer(this, { context: configContext, subscribe: true });
}
customElements.define('ll-test-probe', ProbeElement);

describe('ll-provider', () => {
  it('hands its adapter and the loaded config to descendants', async () => {
    const adapter = new MemoryAdapter();
    const el = await fixture<LlProvider>(html`<ll-provider .adapter=${adapter}><ll-test-probe></ll-test-probe></ll-provider>`);
    await expect(el).to.be.accessible();
    const probe = el.querySelector('ll-test-probe') as ProbeElement;
    expect(probe.adapter.value).to.equal(adapter);
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(probe.config.value?.waterfall.handoffStage).to.equal('mql');
  });

  it('reports a config that fails to load', async () => {
    const failing = { getConfig: () => Promise.reject(new LeadLoopError('unavailable', 'down')) } as unknown as LeadLoopAdapter;
    const el = document.createElement('ll-provider');
    const event = oneEvent(el, 'llconfigerror');
    el.adapter = failing;
    document.body.append(el);
    const { detail } = await event;
    expect(detail.error.code).to.equal('unavailable');
    el.remove();
  });

  it('loads the config again when the adapter reports a new definition version, and hands it down', async () => {
    const adapter = new MemoryAdapter();
    let loads = 0;
    const getConfig = adapter.getConfig.bind(adapter);
    adapter.getConfig = () => {
      loads++;
      return getConfig();
    };
    const el = await fixture<LlProvider>(html`<ll-provider .adapter=${adapter}><ll-test-probe></ll-test-probe></ll-provider>`);
    const probe = el.querySelector('ll-test-probe') as ProbeElement;
    await waitFor(() => probe.config.value !== undefined);
    const before = probe.config.value!.definition;
    expect(loads).to.equal(1);
    await adapter.saveDefinition({ ...before, stages: { ...before.stages, mql: { criteria: [{ id: 'fit', label: 'Fits' }] } } });
    await waitFor(() => probe.config.value!.definition.version === before.version + 1);
    expect(probe.config.value!.definition.stages.mql!.criteria[0]!.label).to.equal('Fits');
    expect(loads).to.equal(2);
  });

  it('stops listening to the adapter when it leaves the page', async () => {
    const adapter = new MemoryAdapter();
    let listening = 0;
    const subscribe = adapter.subscribe.bind(adapter);
    adapter.subscribe = (listener) => {
      listening++;
      const stop = subscribe(listener);
      return () => {
        listening--;
        stop();
      };
    };
    const el = await fixture<LlProvider>(html`<ll-provider .adapter=${adapter}></ll-provider>`);
    // It listens once the config is there (a failed load has nothing to keep fresh).
    await waitFor(() => listening === 1);
    el.remove();
    expect(listening).to.equal(0);
  });
});

/** Waits (a task at a time, up to 2 s) until `condition` holds. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (const start = Date.now(); !condition(); ) {
    if (Date.now() - start > 2000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
