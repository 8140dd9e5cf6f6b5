import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemoryAdapter } from '@leadloop/core';
import type { ReactiveController } from 'lit';
import { ClockController } from '../../internal/clock-controller.js';
import { LlElement } from '../../internal/ll-element.js';
import { setLocale } from '../../internal/localization.js';
import '../provider/provider.js';
import './lead-feedback.js';
import { LlLeadFeedback, type FeedbackEventDetail } from './lead-feedback.component.js';
import { HOUR, ago, lead, memory, root, $, button, settle, plain } from './lead-feedback.test.fixtures.js';

describe('ll-lead-feedback', () => {
  describe('keyboard', () => {
    it('recycles a lead with the keyboard alone, and Escape backs out of the reason', async () => {
      const el = await plain();
      button(el, 'recycled').focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(root(el).activeElement?.id).to.equal('reason');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect($(el, '#reason')).to.equal(null);
      expect(root(el).activeElement).to.equal(button(el, 'recycled'));
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      // Pick the first reason with the arrow key, then Tab to "Recycle lead" and press it.
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      const event = oneEvent(el, 'llfeedback');
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement?.textContent?.trim()).to.equal('Recycle lead');
      await sendKeys({ press: 'Enter' });
      const { detail } = (await event) as CustomEvent<FeedbackEventDetail>;
      expect(detail.input).to.deep.equal({ leadId: 'L-1', outcome: 'recycled', reason: 'unresponsive' });
    });
  });

  describe('inputs', () => {
    it('takes a lead set as a property before the element was defined', async () => {
      const el = document.createElement('ll-lead-feedback-late') as LlLeadFeedback;
      el.lead = lead({ name: 'Set early' });
      document.body.append(el);
      customElements.define('ll-lead-feedback-late', class extends LlLeadFeedback {});
      await el.updateComplete;
      expect($(el, '[part="label"]').textContent).to.equal('Set early');
      el.remove();
    });

    it('takes the lead as a JSON attribute (as LWC renders it), and shows bad JSON as an error', async () => {
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead=${JSON.stringify(lead({ name: 'From JSON' }))}></ll-lead-feedback>`);
      expect($(el, '[part="label"]').textContent).to.equal('From JSON');
      el.setAttribute('lead', '{"id": "L-1", "name": ');
      await el.updateComplete;
      expect($(el, '[role="alert"]').textContent).to.contain('This lead cannot be shown');
      await expect(el).to.be.accessible();
      for (const bad of ['[]', '42', '"text"', '{"id":"L-2"}', '{"id":"L-2","stage":"mql","createdAt":null,"stageHistory":"x"}']) {
        el.setAttribute('lead', bad);
        await el.updateComplete;
        expect($(el, '[role="alert"]').textContent, bad).to.contain('This lead cannot be shown');
      }
      el.setAttribute('lead', 'null');
      await el.updateComplete;
      expect(root(el).textContent).to.contain('No lead selected.');
      await expect(el).to.be.accessible();
      el.setAttribute('lead', '{"id":"L-2","stage":"mql","createdAt":"2026-01-01T00:00:00Z","stageHistory":[{"stage":"mql","at":null}]}');
      await el.updateComplete;
      expect($(el, '[part="label"]').textContent).to.equal('Unnamed lead');
    });

    it('takes lead-id as an attribute with the adapter as a property (an LWC host)', async () => {
      const adapter = await memory();
      const el = document.createElement('ll-lead-feedback');
      el.setAttribute('lead-id', 'L-1');
      el.adapter = adapter;
      document.body.append(el);
      await settle(el, () => Boolean($(el, 'section')));
      expect($(el, '[part="label"]').textContent).to.equal('Priya Raman');
      el.remove();
    });

    it('renders OWASP XSS vectors in every text field as inert text', async () => {
      const vectors = [
        '<script>window.__xss = 1</script>',
        '<img src=x onerror="window.__xss = 1">',
        '"><svg onload="window.__xss = 1">',
        "javascript:window.__xss=1//'\"><iframe src=javascript:alert(1)>",
        '<a href="javascript:window.__xss=1">x</a>',
      ];
      const w = window as unknown as { __xss?: number };
      for (const v of vectors) {
        const cfg = await new MemoryAdapter({ reasons: [{ id: 'r1', label: v }] }).getConfig();
        const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback .config=${cfg} .lead=${{
          ...lead({ name: v, company: v, source: v, campaign: v }),
          feedback: [{ id: 'f', leadId: 'L-1', outcome: 'rejected', reason: 'r1', note: v, by: v, at: ago(HOUR) }],
        }}></ll-lead-feedback>`);
        button(el, 'rejected').click();
        await el.updateComplete;
        expect(root(el).querySelectorAll('script, img, svg, iframe, a').length).to.equal(0);
        expect($(el, '[part="label"]').textContent).to.equal(v);
        expect(root(el).textContent).to.contain(v);
        expect([...$<HTMLSelectElement>(el, '#reason').options].map((o) => o.textContent)).to.include(v);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(w.__xss).to.equal(undefined);
    });
  });

  describe('closed shadow roots (the Salesforce build)', () => {
    it('renders into a closed root, and its events still reach the page', async () => {
      LlElement.shadowMode = 'closed';
      try {
        customElements.define('ll-lead-feedback-closed', class extends LlLeadFeedback {});
        const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback-closed .lead=${lead()}></ll-lead-feedback-closed>`);
        expect(el.shadowRoot).to.equal(null);
        const inner = (el as unknown as { renderRoot: ShadowRoot }).renderRoot;
        const event = oneEvent(el, 'llfeedback');
        (inner.querySelector('button[data-outcome="recycled"]') as HTMLButtonElement).click();
        await el.updateComplete;
        expect(inner.activeElement?.id).to.equal('reason');
        const select = inner.querySelector('#reason') as HTMLSelectElement;
        select.value = 'bad-timing';
        select.dispatchEvent(new Event('change'));
        [...inner.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Recycle lead')!.click();
        expect(((await event) as CustomEvent<FeedbackEventDetail>).detail.input.reason).to.equal('bad-timing');
      } finally {
        LlElement.shadowMode = 'open';
      }
    });
  });

  describe('layout, clock and language', () => {
    it('lays the outcomes out in two columns at 320 px and three in a wider card', async () => {
      const wrap = await fixture<HTMLDivElement>(html`<div style="width: 320px"><ll-lead-feedback .lead=${lead()}></ll-lead-feedback></div>`);
      const el = wrap.querySelector('ll-lead-feedback')!;
      await el.updateComplete;
      const columns = () => getComputedStyle($(el, '.outcomes')).gridTemplateColumns.split(' ').length;
      expect(columns()).to.equal(2);
      await expect(el).to.be.accessible();
      wrap.style.width = '600px';
      await new Promise((resolve) => requestAnimationFrame(resolve));
      expect(columns()).to.equal(3);
    });

    it('stops its clock when it leaves the page', async () => {
      // A subclass that sees the controllers its element adds, to find the clock.
      const added: ReactiveController[] = [];
      customElements.define('ll-lead-feedback-probe', class extends LlLeadFeedback {
        override addController(controller: ReactiveController): void {
          added.push(controller);
          super.addController(controller);
        }
      });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback-probe .lead=${lead()}></ll-lead-feedback-probe>`);
      const clock = added.find((c): c is ClockController => c instanceof ClockController)!;
      expect(clock.running).to.equal(true);
      el.remove();
      expect(clock.running).to.equal(false);
    });

    it('speaks German, with numbers and durations in the element\'s language', async () => {
      await setLocale('de');
      try {
        const adapterConfig = await new MemoryAdapter({ sla: { firstTouchWithinMs: 2 * HOUR } }).getConfig();
        const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lang="de" .lead=${lead()} .config=${adapterConfig}></ll-lead-feedback>`);
        expect(button(el, 'accepted').textContent).to.equal('Annehmen');
        expect(button(el, 'reached').textContent).to.equal('Kontakt erfassen');
        expect($(el, '[part="badge"]').textContent).to.match(/Fällig in 1 Std\.,? 20 Min\./);
        expect($(el, '#count').textContent).to.equal('0 von 2.000 Zeichen');
        expect($(el, 'label[for="rating"]').textContent).to.equal('Bewertung');
        await expect(el).to.be.accessible();
      } finally {
        await setLocale('en');
      }
    });
  });
});
