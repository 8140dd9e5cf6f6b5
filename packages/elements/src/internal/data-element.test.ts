import { expect, fixture, html } from '@open-wc/testing';
import { MemoryAdapter, type LeadLoopConfig } from '@leadloop/core';
import { LlDataElement } from './data-element.js';
import '../components/provider/provider.js';
import type { LlProvider } from '../components/provider/provider.component.js';

/** Shows the config in effect, as the real elements read it. */
class ConfigProbe extends LlDataElement {
  failures: unknown[] = [];
  get shown(): LeadLoopConfig | undefined {
    return this.activeConfig;
  }
  get adapterInUse() {
    return this.activeAdapter;
  }
  protected override configFailed(error: unknown): void {
    this.failures.push(error);
  }
  protected override render() {
    return html`${this.activeConfig?.reasons.length ?? 'none'}`;
  }
}
customElements.define('ll-test-config-probe', ConfigProbe);

/** A MemoryAdapter that counts its getConfig calls. */
function countingAdapter(): MemoryAdapter & { loads: number } {
  const adapter = Object.assign(new MemoryAdapter(), { loads: 0 });
  const getConfig = adapter.getConfig.bind(adapter);
  adapter.getConfig = () => {
    adapter.loads++;
    return getConfig();
  };
  return adapter;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (const start = Date.now(); !condition(); ) {
    if (Date.now() - start > 2000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('LlDataElement config', () => {
  it('loads the config of an adapter set directly once, for every element that uses it', async () => {
    const adapter = countingAdapter();
    const box = await fixture(html`<div>
      <ll-test-config-probe .adapter=${adapter}></ll-test-config-probe>
      <ll-test-config-probe .adapter=${adapter}></ll-test-config-probe>
      <ll-test-config-probe .adapter=${adapter}></ll-test-config-probe>
    </div>`);
    const probes = [...box.querySelectorAll<ConfigProbe>('ll-test-config-probe')];
    await waitFor(() => probes.every((p) => p.shown !== undefined));
    expect(adapter.loads).to.equal(1);
    await Promise.all(probes.map((p) => p.updateComplete));
    expect(probes.map((p) => p.shadowRoot!.textContent)).to.deep.equal(['12', '12', '12']);
    // An element added later uses the same config without loading it again.
    const late = document.createElement('ll-test-config-probe') as ConfigProbe;
    late.adapter = adapter;
    box.append(late);
    await late.updateComplete;
    expect(late.shown).to.equal(probes[0]!.shown);
    expect(adapter.loads).to.equal(1);
  });

  it('loads it again when the adapter reports a new reason catalog or definition', async () => {
    const adapter = countingAdapter();
    const el = await fixture<ConfigProbe>(html`<ll-test-config-probe .adapter=${adapter}></ll-test-config-probe>`);
    await waitFor(() => el.shown !== undefined);
    await adapter.saveReasons([...el.shown!.reasons, { id: 'moved-away', label: 'Moved away' }]);
    await waitFor(() => el.shown!.reasons.length === 13);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('13');
    expect(adapter.loads).to.equal(2);
  });

  it('loads nothing when a config is given or a provider hands one down', async () => {
    const adapter = countingAdapter();
    const config = await new MemoryAdapter().getConfig();
    const given = await fixture<ConfigProbe>(html`<ll-test-config-probe .adapter=${adapter} .config=${config}></ll-test-config-probe>`);
    expect(given.shown).to.equal(config);
    const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-test-config-probe></ll-test-config-probe></ll-provider>`);
    const inside = provider.querySelector<ConfigProbe>('ll-test-config-probe')!;
    await waitFor(() => inside.shown !== undefined);
    // The provider's own load, not one for the element.
    expect(adapter.loads).to.equal(1);
  });

  it('tells the element when the config cannot be loaded, and carries on without it', async () => {
    const adapter = new MemoryAdapter();
    adapter.getConfig = () => Promise.reject(new Error('down'));
    const el = await fixture<ConfigProbe>(html`<ll-test-config-probe .adapter=${adapter}></ll-test-config-probe>`);
    await waitFor(() => el.failures.length > 0);
    expect((el.failures[0] as Error).message).to.equal('down');
    expect(el.shadowRoot!.textContent).to.equal('none');
  });

  it('follows the provider it sits in, also after moving to another one', async () => {
    const [a, b] = [new MemoryAdapter(), new MemoryAdapter()];
    const page = await fixture(html`<div>
      <ll-provider id="a" .adapter=${a}><ll-test-config-probe></ll-test-config-probe></ll-provider>
      <ll-provider id="b" .adapter=${b}></ll-provider>
    </div>`);
    const probe = page.querySelector<ConfigProbe>('ll-test-config-probe')!;
    expect(probe.adapterInUse).to.equal(a);
    page.querySelector('#b')!.append(probe);
    expect(probe.adapterInUse).to.equal(b);
    // The second provider's next adapter reaches it; the first one's no longer does.
    const [first, second] = [page.querySelector<LlProvider>('#a')!, page.querySelector<LlProvider>('#b')!];
    const d = new MemoryAdapter();
    second.adapter = d;
    await second.updateComplete;
    expect(probe.adapterInUse).to.equal(d);
    first.adapter = new MemoryAdapter();
    await first.updateComplete;
    expect(probe.adapterInUse).to.equal(d);
  });
});
