// The provider upgrading after the elements inside it: this page defines <ll-provider> only in
// the test that says so, and each other test defines its own provider tags when it needs them.
import { expect, fixture, html } from '@open-wc/testing';
import { MemoryAdapter, type Lead, type LeadLoopConfig } from '@leadloop/core';
import { LlDataElement } from './data-element.js';
import { LlProvider } from '../components/provider/provider.component.js';
import '../components/lead-quality-report/lead-quality-report.js';

/** The adapter and config a data element uses, as the real elements read them. */
class Probe extends LlDataElement {
  get adapterInUse() {
    return this.activeAdapter;
  }
  get configInUse(): LeadLoopConfig | undefined {
    return this.activeConfig;
  }
}
customElements.define('ll-test-late-probe', Probe);

let tags = 0;
/** A fresh provider tag, defined only when the test calls the returned function. */
function laterProvider(): { tag: string; define: () => void } {
  const tag = `ll-test-late-provider-${++tags}`;
  return { tag, define: () => customElements.define(tag, class extends LlProvider {}) };
}

/** An element of a tag not defined yet, holding a probe; the adapter is set before the upgrade. */
function undefinedProvider(tag: string, adapter: MemoryAdapter, probe = document.createElement('ll-test-late-probe') as Probe) {
  const provider = document.createElement(tag) as LlProvider;
  provider.adapter = adapter;
  provider.append(probe);
  return { provider, probe };
}

/** Waits for the first update of every provider in `box`: a provider hands its adapter down when it updates. */
async function nextUpdates(box: Element): Promise<void> {
  await Promise.all([...box.children].map((p) => (p as LlProvider).updateComplete));
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (const start = Date.now(); !condition(); ) {
    if (Date.now() - start > 2000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('a provider defined after the elements inside it', () => {
  // First in the file: nothing has waited for a provider on this page yet.
  it('listens for late providers once, and only after an element found none', async () => {
    const added: string[] = [];
    const addEventListener = document.addEventListener;
    document.addEventListener = function (this: Document, type: string, ...rest: unknown[]) {
      added.push(type);
      return (addEventListener as (...args: unknown[]) => void).call(this, type, ...rest);
    } as typeof document.addEventListener;
    try {
      const early = laterProvider();
      early.define();
      const box = await fixture(html`<div></div>`);
      box.append(undefinedProvider(early.tag, new MemoryAdapter()).provider);
      await nextUpdates(box);
      expect(added.filter((t) => t === 'context-provider')).to.deep.equal([]);
      const late = laterProvider();
      for (let i = 0; i < 3; i++) box.append(undefinedProvider(late.tag, new MemoryAdapter()).provider);
      expect(added.filter((t) => t === 'context-provider')).to.deep.equal(['context-provider']);
      late.define();
      await nextUpdates(box);
      for (const probe of box.querySelectorAll<Probe>(`${late.tag} ll-test-late-probe`)) expect(probe.adapterInUse).to.be.instanceOf(MemoryAdapter);
      expect(added.filter((t) => t === 'context-provider')).to.have.length(1);
    } finally {
      document.addEventListener = addEventListener;
    }
  });

  it('hands the adapter and its config to an element connected before <ll-provider> was defined', async () => {
    const adapter = new MemoryAdapter({ leads: [{ id: 'L1', campaign: 'spring', createdAt: '2026-01-05T08:00:00Z', stage: 'inquiry' } as Lead] });
    const box = await fixture(html`<div>
      <ll-provider><ll-lead-quality-report lang="en"></ll-lead-quality-report></ll-provider>
    </div>`);
    const provider = box.querySelector('ll-provider')! as LlProvider;
    provider.adapter = adapter;
    const report = box.querySelector('ll-lead-quality-report')!;
    await report.updateComplete;
    expect(customElements.get('ll-provider')).to.equal(undefined);
    expect(report.shadowRoot!.textContent).to.contain('No feedback data to show');
    await import('../components/provider/provider.js');
    await waitFor(() => report.currentSummary !== undefined);
    await report.updateComplete;
    expect(report.currentSummary!.groups.map((g) => g.key)).to.deep.equal(['spring']);
    expect(report.shadowRoot!.textContent).to.contain('spring');
    await expect(report).to.be.accessible();
  });

  it('gets the config a late provider loads', async () => {
    const adapter = new MemoryAdapter({ reasons: [{ id: 'spam', label: 'Spam' }] });
    const { tag, define } = laterProvider();
    const { provider, probe } = undefinedProvider(tag, adapter);
    (await fixture(html`<div></div>`)).append(provider);
    expect(probe.adapterInUse).to.equal(undefined);
    define();
    await provider.updateComplete;
    expect(probe.adapterInUse).to.equal(adapter);
    await waitFor(() => probe.configInUse !== undefined);
    expect(probe.configInUse!.reasons.map((r) => r.id)).to.deep.equal(['spam']);
  });

  it('follows a provider that replaces the old one, defined after the swap', async () => {
    const [a, b] = [new MemoryAdapter(), new MemoryAdapter()];
    const first = laterProvider();
    first.define();
    const old = undefinedProvider(first.tag, a);
    (await fixture(html`<div></div>`)).append(old.provider);
    await old.provider.updateComplete;
    expect(old.probe.adapterInUse).to.equal(a);
    const second = laterProvider();
    const next = undefinedProvider(second.tag, b, old.probe);
    old.provider.replaceWith(next.provider);
    // Out of the old provider and not yet in a working one: no adapter, rather than a stale one.
    expect(old.probe.adapterInUse).to.equal(undefined);
    second.define();
    await next.provider.updateComplete;
    expect(old.probe.adapterInUse).to.equal(b);
    // The old provider's next adapter no longer reaches it; the new one's does.
    old.provider.adapter = new MemoryAdapter();
    await old.provider.updateComplete;
    expect(old.probe.adapterInUse).to.equal(b);
    const c = new MemoryAdapter();
    next.provider.adapter = c;
    await next.provider.updateComplete;
    expect(old.probe.adapterInUse).to.equal(c);
  });

  it('moves from a working provider into one defined later, and out of every provider', async () => {
    const [a, b] = [new MemoryAdapter(), new MemoryAdapter()];
    const first = laterProvider();
    first.define();
    const box = await fixture(html`<div></div>`);
    const { provider: home, probe } = undefinedProvider(first.tag, a);
    const second = laterProvider();
    const { provider: away } = undefinedProvider(second.tag, b);
    box.append(home, away);
    await home.updateComplete;
    expect(probe.adapterInUse).to.equal(a);
    away.append(probe);
    expect(probe.adapterInUse).to.equal(undefined);
    second.define();
    await away.updateComplete;
    expect(probe.adapterInUse).to.equal(b);
    box.append(probe);
    expect(probe.adapterInUse).to.equal(undefined);
    home.append(probe);
    expect(probe.adapterInUse).to.equal(a);
  });

  it('forgets an element that left the page while it waited', async () => {
    const { tag, define } = laterProvider();
    const { provider, probe } = undefinedProvider(tag, new MemoryAdapter());
    const box = await fixture(html`<div></div>`);
    box.append(provider);
    let requests = 0;
    probe.addEventListener('context-request', () => requests++);
    probe.remove();
    define();
    expect(requests).to.equal(0);
    expect(probe.adapterInUse).to.equal(undefined);
  });
});
