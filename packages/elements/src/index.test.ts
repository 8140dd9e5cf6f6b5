import { expect, fixture, html } from '@open-wc/testing';
import { getLocale, setLocale } from './index.js';

describe('@leadloop/elements', () => {
  it('exports setLocale and getLocale, as the docs promise', async () => {
    expect(getLocale()).to.equal('en');
    await setLocale('de-AT');
    try {
      expect(getLocale()).to.equal('de');
      const el = await fixture(html`<ll-funnel-chart lang="de" report='{"stages":[{"id":"inquiry","reached":10}]}'></ll-funnel-chart>`);
      expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Lead-Trichter');
      await expect(el).to.be.accessible();
    } finally {
      await setLocale('en');
    }
    expect(getLocale()).to.equal('en');
    // A language LeadLoop has no strings for falls back to English.
    await setLocale('fr');
    expect(getLocale()).to.equal('en');
  });
});
