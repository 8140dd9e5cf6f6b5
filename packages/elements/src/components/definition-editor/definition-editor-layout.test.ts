import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { DEFAULT_REASONS, LeadLoopError, MemoryAdapter } from '@leadloop/core';
import './definition-editor.js';
import type { LlDefinitionEditor } from './definition-editor.component.js';
import { $, $$, button, definition, settle, typeInto } from './definition-editor.test.fixtures.js';

// How the editor looks and sits on the page: a phone's width, where a refusal shows, disabled buttons.
describe('ll-definition-editor layout', () => {
  describe('on a 360 px phone', () => {
    let viewport: { width: number; height: number };
    before(async () => {
      viewport = { width: window.innerWidth, height: window.innerHeight };
      await setViewport({ width: 360, height: 740 });
    });
    after(() => setViewport(viewport));

    it('shows each Required checkbox and toggles it with a click', async () => {
      // Laid out as in the demo: the page's and the card's padding leave the editor 274 px.
      const page = await fixture(html`<main style="margin: -8px; padding: 20px 24px"><section style="padding: 16px 18px; border: 1px solid">
        <ll-definition-editor lang="en" .adapter=${new MemoryAdapter({ definition })}></ll-definition-editor>
      </section></main>`);
      const el = page.querySelector('ll-definition-editor')!;
      await settle(el);
      expect(el.getBoundingClientRect().width).to.be.closeTo(274, 1);
      await expect(el).to.be.accessible();
      for (const box of $$(el, '.criterion input[type=checkbox]')) {
        const { width, height } = box.getBoundingClientRect();
        expect(width, box.id).to.be.greaterThan(10);
        expect(height, box.id).to.be.greaterThan(10);
        // …and inside its criterion, its label beside it, not over the weight field.
        const label = box.nextElementSibling!.getBoundingClientRect();
        const card = box.closest('.criterion')!.getBoundingClientRect();
        expect(label.right, box.id).to.be.at.most(card.right);
        expect(label.left, box.id).to.be.at.least(box.getBoundingClientRect().right);
      }
      const box = $<HTMLInputElement>(el, '#c-1-required');
      expect(box.checked).to.equal(false);
      box.scrollIntoView({ block: 'center' });
      const rect = box.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
      await el.updateComplete;
      expect(box.checked).to.equal(true);
      expect(el.dirty).to.equal(true);
    });

    it('says why an approval was refused beside its button, and keeps the keyboard there', async () => {
      const adapter = new MemoryAdapter({ definition });
      const approve = adapter.approveDefinition.bind(adapter);
      let refuse = true;
      adapter.approveDefinition = async (input) => {
        if (refuse) throw new LeadLoopError('forbidden', `A marketing token cannot approve as ${input.role}: the sales leader signs with an admin token.`);
        return approve(input);
      };
      const page = await fixture(html`<main style="margin: -8px; padding: 20px 24px"><section style="padding: 16px 18px; border: 1px solid">
        <ll-definition-editor lang="en" user="Sam" .adapter=${adapter}></ll-definition-editor>
      </section></main>`);
      const el = page.querySelector('ll-definition-editor')!;
      await settle(el);
      const sales = button(el, 'Approve as sales leader');
      sales.focus();
      await sendKeys({ press: 'Enter' });
      await settle(el);
      const alerts = $$(el, '[role=alert]');
      expect(alerts).to.have.length(1);
      const alert = alerts[0]!;
      expect(alert.textContent).to.contain('A marketing token cannot approve as sales');
      // In the sales leader's sign-off, right under the button, not at the top of the editor.
      expect(alert.closest('.role')).to.equal(sales.closest('.role'));
      expect(alert.getBoundingClientRect().top - sales.getBoundingClientRect().bottom).to.be.within(0, 40);
      expect(el.shadowRoot!.activeElement).to.equal(sales);
      expect(sales.getAttribute('aria-describedby')).to.equal(alert.id);
      await expect(el).to.be.accessible();
      // Approved on a second try: said in the same place, which takes the keyboard from the button that is gone.
      refuse = false;
      await sendKeys({ press: 'Enter' });
      await settle(el);
      const status = $(el, '[part=signoff] [role=status]');
      expect(status.textContent).to.contain('The sales leader approved version 1.');
      expect(el.shadowRoot!.activeElement).to.equal(status);
      expect($$(el, '[role=alert]')).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  it('makes a disabled button look disabled, not like a pale primary one', async () => {
    const el = await fixture<LlDefinitionEditor>(html`<ll-definition-editor lang="en" .definition=${definition} .reasons=${[...DEFAULT_REASONS]}></ll-definition-editor>`);
    await settle(el);
    const look = (b: HTMLButtonElement) => {
      const style = getComputedStyle(b);
      return { background: style.backgroundColor, color: style.color, cursor: style.cursor, opacity: style.opacity };
    };
    // The default tokens: surface-alt, muted text; accent and on-accent.
    const disabled = { background: 'rgb(244, 246, 249)', color: 'rgb(91, 97, 112)', cursor: 'not-allowed', opacity: '1' };
    const save = button(el, 'Save as version 2');
    expect(save.getAttribute('aria-disabled')).to.equal('true');
    expect(look(save)).to.deep.equal(disabled);
    expect(look(button(el, 'Save reasons'))).to.deep.equal(disabled);
    await typeInto(el, '#c-0-weight', '2');
    expect(save.hasAttribute('aria-disabled')).to.equal(false);
    expect(look(save)).to.deep.equal({ background: 'rgb(36, 84, 197)', color: 'rgb(255, 255, 255)', cursor: 'pointer', opacity: '1' });
  });

});
