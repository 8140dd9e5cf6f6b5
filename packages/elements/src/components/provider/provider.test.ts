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
});
