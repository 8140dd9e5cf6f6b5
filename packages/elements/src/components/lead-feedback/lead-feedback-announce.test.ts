// What a screen-reader user hears from ll-lead-feedback over time, and where the keyboard is after
// each action: the countdown stays quiet, each outcome is said once, and focus never drops to the
// page's top.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FeedbackInput, SubmitOptions } from '@leadloop/core';
import './lead-feedback.js';
import type { LlLeadFeedback } from './lead-feedback.component.js';
import { $, button, buttonByText, lead, memory, plain, root, settle, statusText } from './lead-feedback.test.fixtures.js';
import { holdGetLead } from '../../internal/hold-get-lead.test.fixtures.js';

const LIVE = '[role="status"], [role="alert"], [aria-live]';

/** Every text the card's live regions take, in order, while it runs. */
function listen(el: LlLeadFeedback): string[] {
  const heard: string[] = [];
  new MutationObserver(() => {
    for (const region of root(el).querySelectorAll(LIVE)) {
      const text = region.textContent!.trim();
      if (text && heard[heard.length - 1] !== text) heard.push(text);
    }
  }).observe(root(el), { subtree: true, childList: true, characterData: true });
  return heard;
}

describe('ll-lead-feedback: what a screen reader hears', () => {
  it('keeps the SLA countdown out of every live region, so its ticks are never announced', async () => {
    const el = await plain(lead({ handedOffAt: new Date(Date.now() - 119 * 60_000 - 5_000).toISOString() }));
    await expect(el).to.be.accessible();
    const badge = $(el, '[part="badge"]');
    expect(badge.textContent).to.contain('Due in');
    expect(badge.closest(LIVE)).to.equal(null);
    const heard = listen(el);
    // In the last minute the badge ticks every second.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(heard).to.deep.equal([]);
  });

  it('says that the lead is loading in a status region', async () => {
    const adapter = await memory();
    const open = holdGetLead(adapter);
    const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
    expect($(el, '[role="status"]').textContent).to.equal('Loading lead…');
    open();
    await settle(el, () => Boolean($(el, 'section')));
  });

  it('keeps the keyboard on the pressed button while it saves, ignores presses meanwhile, and says the outcome once', async () => {
    const adapter = await memory();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const submit = adapter.submitFeedback.bind(adapter);
    const sent: FeedbackInput[] = [];
    adapter.submitFeedback = async (input: FeedbackInput, options: SubmitOptions) => {
      sent.push(input);
      await gate;
      return submit(input, options);
    };
    const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
    await settle(el, () => Boolean($(el, 'section')));
    const heard = listen(el);
    button(el, 'accepted').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(statusText(el)).to.equal('Saving “Accepted”…');
    // Held, not disabled: a disabled button loses the focus, which falls to the top of the page.
    expect(button(el, 'accepted').disabled).to.equal(false);
    expect(button(el, 'accepted').getAttribute('aria-disabled')).to.equal('true');
    expect(root(el).activeElement).to.equal(button(el, 'accepted'));
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    button(el, 'qualified').click();
    expect(sent.length).to.equal(1);
    release();
    await settle(el, () => statusText(el) === 'Saved: Accepted.');
    expect(root(el).activeElement).to.equal(button(el, 'accepted'));
    expect(button(el, 'accepted').hasAttribute('aria-disabled')).to.equal(false);
    expect(heard).to.deep.equal(['Saving “Accepted”…', 'Saved: Accepted.']);
  });

  it('gives focus back to Reject… when the reason panel closes after a save', async () => {
    const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${await memory()}></ll-lead-feedback>`);
    await settle(el, () => Boolean($(el, 'section')));
    button(el, 'rejected').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(root(el).activeElement?.id).to.equal('reason');
    const select = $<HTMLSelectElement>(el, '#reason');
    select.value = select.options[1]!.value;
    select.dispatchEvent(new Event('change'));
    buttonByText(el, 'Reject lead').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el, () => statusText(el) === 'Saved: Rejected.');
    expect($(el, '.reason')).to.equal(null);
    expect(root(el).activeElement).to.equal(button(el, 'rejected'));
    expect(button(el, 'rejected').getAttribute('aria-expanded')).to.equal('false');
  });

  it('with no adapter, also gives focus back to Recycle… and says the feedback was sent', async () => {
    const el = await plain();
    button(el, 'recycled').click();
    await el.updateComplete;
    const select = $<HTMLSelectElement>(el, '#reason');
    select.value = select.options[1]!.value;
    select.dispatchEvent(new Event('change'));
    buttonByText(el, 'Recycle lead').focus();
    buttonByText(el, 'Recycle lead').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Sent: Recycled to nurture.');
    expect(root(el).activeElement).to.equal(button(el, 'recycled'));
  });
});
