// What a screen-reader user hears from ll-funnel-planner: the verdict once per committed input,
// never at each keystroke, and a table with a name.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { computeFunnel, type Lead } from '@leadloop/core';
import './funnel-planner.js';
import type { LlFunnelPlanner } from './funnel-planner.component.js';

const LIVE = '[role="status"], [role="alert"], [aria-live]';
const STAGES = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'];
// Reached: 600, 300, 210, 105, 45, 15 over three months.
const leads: Lead[] = [300, 90, 105, 60, 30, 15].flatMap((n, s) =>
  Array.from({ length: n }, (_, k) => ({ id: `l-${s}-${k}`, createdAt: `2026-0${1 + (k % 3)}-10T10:00:00Z`, stage: STAGES[s]!, ...(s >= 1 ? { handedOffAt: '2026-01-10T10:00:00Z' } : {}) })),
);
const report = computeFunnel(leads);

const $ = <T extends HTMLElement = HTMLElement>(el: LlFunnelPlanner, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const verdictText = (el: LlFunnelPlanner) => $(el, '[part=verdict]').innerText.replace(/\s+/g, ' ').trim();

/** Every text the planner's live regions take, in order, while it runs. */
function listen(el: LlFunnelPlanner): string[] {
  const heard: string[] = [];
  new MutationObserver(() => {
    for (const region of el.shadowRoot!.querySelectorAll(LIVE)) {
      const text = region.textContent!.replace(/\s+/g, ' ').trim();
      if (text && heard[heard.length - 1] !== text) heard.push(text);
    }
  }).observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true });
  return heard;
}

async function typeInto(el: LlFunnelPlanner, id: string, text: string) {
  const field = $<HTMLInputElement>(el, `#${id}`);
  field.focus();
  field.select();
  for (const key of text) {
    await sendKeys({ type: key });
    await el.updateComplete;
  }
}

describe('ll-funnel-planner: what a screen reader hears', () => {
  it('says the verdict once when a field is committed, not at each keystroke', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" pace-months="3" .report=${report}></ll-funnel-planner>`);
    await expect(el).to.be.accessible();
    expect($(el, '[part=verdict]').closest(LIVE)).to.equal(null);
    const heard = listen(el);
    await typeInto(el, 'goal', '50');
    // Four plans went by on screen (5, 50 and the goal being replaced): none was read out.
    expect(verdictText(el)).to.contain('To win 50 per quarter');
    expect(heard).to.deep.equal([]);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(heard).to.deep.equal([verdictText(el)]);
    expect(heard[0]).to.contain('To win 50 per quarter').and.contain('The actual pace meets the plan at every stage.');
    await expect(el).to.be.accessible();
  });

  it('says the verdict when the period changes and when the actual rates come back', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" pace-months="3" .report=${report}></ll-funnel-planner>`);
    const heard = listen(el);
    const select = $<HTMLSelectElement>(el, '#period');
    select.value = 'year';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    await el.updateComplete;
    expect(heard).to.have.length(1);
    expect(heard[0]).to.equal(verdictText(el));
    expect(heard[0]).to.contain('per year');
    await typeInto(el, 'rate-inquiry', '90');
    expect(heard).to.have.length(1);
    // Leaving the rate commits it…
    const reset = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('actual rates'))!;
    reset.focus();
    await el.updateComplete;
    await el.updateComplete;
    expect(heard).to.have.length(2);
    // …and the actual rates coming back change the plan again.
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#rate-inquiry').value).to.equal('50');
    expect(heard).to.have.length(3);
    expect(heard[2]).to.equal(verdictText(el));
    expect(heard[2]).to.not.equal(heard[1]);
  });

  it('names its table', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<div style="width: 900px"><ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" .report=${report}></ll-funnel-planner></div>`).then((d) => d.querySelector('ll-funnel-planner')!);
    await el.updateComplete;
    expect($(el, 'table caption').textContent).to.equal('Leads needed per stage beside the actual pace');
  });
});
