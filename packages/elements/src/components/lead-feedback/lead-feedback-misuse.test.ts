import { expect, fixture, html } from '@open-wc/testing';
import { LeadLoopError } from '@leadloop/core';
import { canRetry, errorMessage } from '../../internal/error-message.js';
import './lead-feedback.js';
import type { LlLeadFeedback } from './lead-feedback.component.js';
import { lead, memory, root } from './lead-feedback.test.fixtures.js';

// What a developer sees when they wire the card wrongly: words that point at the page, never
// "the server cannot be reached" for a fault that no retry can fix.
describe('ll-lead-feedback wired wrongly', () => {
  it('tells a fault in the page from a network failure, and offers no retry for it', () => {
    expect(canRetry(new LeadLoopError('unavailable', 'down', { retryable: true }))).to.equal(true);
    expect(canRetry(new LeadLoopError('invalid_input', 'bad'))).to.equal(false);
    expect(canRetry(new TypeError('Cannot read private member #leads from an object whose class did not declare it'))).to.equal(false);
    expect(errorMessage(new TypeError('x'))).to.match(/^Something went wrong in this page/);
    expect(errorMessage(new LeadLoopError('unavailable', 'down', { retryable: true }))).to.equal('The server cannot be reached right now.');
  });

  it('an adapter wrapped in a proxy (as a framework\'s reactive state does) says so, without an uncaught error', async () => {
    // Private fields do not work through a Proxy: every call throws a TypeError, subscribe too.
    const proxied = new Proxy(await memory([lead({ id: 'L-1' })]), {});
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lang="en" lead-id="L-1" .adapter=${proxied}></ll-lead-feedback>`);
      for (let i = 0; i < 50 && !root(el).querySelector('[role=alert]'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const alert = root(el).querySelector('[role=alert]')!;
      expect(alert.textContent).to.contain('The lead could not be loaded.');
      expect(alert.textContent).to.contain('Something went wrong in this page');
      expect(alert.textContent).not.to.contain('cannot be reached');
      // Primitives only: chai describing an element that holds the proxy never finishes.
      expect(root(el).querySelector('button') === null, 'no Try again').to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      console.error = original;
    }
    expect(errors.length, 'the developer reads why in the console').to.be.greaterThan(0);
  });

  it('a lead id without any adapter says the card has none, not "No lead selected"', async () => {
    const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lang="en" lead-id="L-7"></ll-lead-feedback>`);
    expect(root(el).textContent).to.contain('The lead “L-7” cannot be loaded: this card has no adapter');
    expect(root(el).textContent).not.to.contain('No lead selected');
    await expect(el).to.be.accessible();
  });
});
