import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LeadLoopError, type ChecklistAnswers } from '@leadloop/core';
import '../provider/provider.js';
import '../lead-feedback/lead-feedback.js';
import './qualification-checklist.js';
import type { LlQualificationChecklist } from './qualification-checklist.component.js';
import { holdGetLead } from '../../internal/hold-get-lead.test.fixtures.js';
import { $, checkbox, definition, root, settle, text, withLead } from './qualification-checklist.test.fixtures.js';

describe('ll-qualification-checklist', () => {
  describe('through an adapter', () => {
    it('loads the lead, works towards its next stage, shows saved answers and saves each change', async () => {
      const adapter = withLead({ fit: true });
      const open = holdGetLead(adapter);
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      expect(root(el).textContent).to.contain('Loading checklist…');
      await expect(el).to.be.accessible();
      open();
      await settle(el, () => Boolean($(el, 'section')));
      expect(text(el, '[part="label"]')).to.equal('Sales Accepted checklist');
      expect(checkbox(el, 'ideal customer').checked).to.equal(true);
      await expect(el).to.be.accessible();
      checkbox(el, 'real person').click();
      await el.updateComplete;
      expect(text(el, '[part="status"]')).to.equal('Saving…');
      await expect(el).to.be.accessible();
      // The change met the definition: the status says so once the save is over.
      await settle(el, () => text(el, '[part="status"]') === 'Saved. Meets Sales Accepted');
      expect((await adapter.getLead('L-1')).checklist.sal!.answers).to.deep.equal({ fit: true, contact: true });
      await expect(el).to.be.accessible();
    });

    it('shows the saved answers when the provider\'s config arrives after the lead', async () => {
      const adapter = withLead({ fit: true, contact: true });
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const getConfig = adapter.getConfig.bind(adapter);
      adapter.getConfig = async () => {
        await gate;
        return getConfig();
      };
      const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-qualification-checklist lead-id="L-1"></ll-qualification-checklist></ll-provider>`);
      const el = provider.querySelector('ll-qualification-checklist')!;
      await new Promise((resolve) => setTimeout(resolve, 0));
      open();
      await settle(el, () => Boolean($(el, 'section')));
      expect(checkbox(el, 'ideal customer').checked).to.equal(true);
      expect(checkbox(el, 'real person').checked).to.equal(true);
    });

    it('shows a newly saved definition version without a reload, with the adapter set directly (an LWC host)', async () => {
      const adapter = withLead();
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, 'section')));
      expect(text(el, '.meta')).to.contain('Definition version 3');
      const current = await adapter.getDefinition();
      const sal = current.stages.sal!;
      await adapter.saveDefinition({ ...current, stages: { ...current.stages, sal: { ...sal, criteria: [...sal.criteria, { id: 'timing', label: 'Buying this year' }] } } });
      await settle(el, () => text(el, '.meta').includes('Definition version 4'));
      expect(checkbox(el, 'Buying this year').checked).to.equal(false);
      // Not signed off yet: the verdict is provisional.
      expect($(el, '[part="warning"]')).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('moves on to the next stage\'s checklist when feedback moves the lead', async () => {
      const adapter = withLead({ fit: true });
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, 'section')));
      expect(text(el, '[part="label"]')).to.equal('Sales Accepted checklist');
      // A colleague accepts the lead: it is now Sales Accepted, working towards Sales Qualified.
      await adapter.submitFeedback({ leadId: 'L-1', outcome: 'accepted', by: 'ana' }, { idempotencyKey: 'accept-1' });
      await settle(el, () => text(el, '[part="label"]') === 'Sales Qualified checklist');
      expect(checkbox(el, 'Budget confirmed').checked).to.equal(false);
      // The same checkboxes now ask other questions: a screen reader hears which checklist this is.
      expect(text(el, '[part="status"]')).to.match(/^Sales Qualified checklist\. Does not meet Sales Qualified yet/);
      await expect(el).to.be.accessible();
      checkbox(el, 'Budget confirmed').click();
      await el.updateComplete;
      expect(text(el, '[part="status"]')).not.to.contain('Sales Qualified checklist.');
    });

    it('loads the moved lead once a save in flight is done, not before', async () => {
      const adapter = withLead();
      let release!: () => void;
      // A server that stores the answers without a change event of its own: only the move can reload the lead.
      adapter.saveChecklist = () => new Promise((resolve) => (release = () => resolve(undefined as never)));
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, 'section')));
      checkbox(el, 'real person').click();
      await settle(el, () => text(el, '[part="status"]') === 'Saving…');
      await adapter.submitFeedback({ leadId: 'L-1', outcome: 'accepted', by: 'ana' }, { idempotencyKey: 'accept-1' });
      await new Promise((resolve) => setTimeout(resolve, 10));
      // Reloading now could put the answers from before the tick back on screen.
      expect(text(el, '[part="label"]')).to.equal('Sales Accepted checklist');
      expect(checkbox(el, 'real person').checked).to.equal(true);
      release();
      await settle(el, () => text(el, '[part="label"]') === 'Sales Qualified checklist');
    });

    it('on a record page, follows the rep\'s Accept in ll-lead-feedback without a reload', async () => {
      const adapter = withLead();
      const provider = await fixture(html`<ll-provider .adapter=${adapter}>
        <ll-lead-feedback lead-id="L-1"></ll-lead-feedback>
        <ll-qualification-checklist lead-id="L-1"></ll-qualification-checklist>
      </ll-provider>`);
      const card = provider.querySelector('ll-lead-feedback')!;
      const el = provider.querySelector('ll-qualification-checklist')!;
      await settle(el, () => Boolean($(el, 'section')) && Boolean($(card, 'section')));
      expect(text(el, '[part="label"]')).to.equal('Sales Accepted checklist');
      ($(card, 'button[data-outcome="accepted"]') as HTMLButtonElement).click();
      await settle(el, () => text(el, '[part="label"]') === 'Sales Qualified checklist');
      expect(text(el, '.criteria')).to.contain('Budget confirmed');
      await settle(el, () => root(card).querySelectorAll('li').length === 1);
      expect(text(card, 'li time')).to.equal('now');
    });

    it('saves the last answers when the rep ticks faster than the server answers', async () => {
      const adapter = withLead();
      const saves: ChecklistAnswers[] = [];
      const save = adapter.saveChecklist.bind(adapter);
      adapter.saveChecklist = async (id, input) => {
        saves.push(input.answers);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return save(id, input);
      };
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, 'section')));
      checkbox(el, 'ideal customer').click();
      checkbox(el, 'real person').click();
      checkbox(el, 'problem we solve').click();
      await settle(el, () => saves.length === 2 && text(el, '[part="status"]') === 'Saved.');
      expect(saves.at(-1)).to.deep.equal({ fit: true, contact: true, need: true });
      expect((await adapter.getLead('L-1')).checklist.sal!.answers).to.deep.equal({ fit: true, contact: true, need: true });
    });

    it('reports a failed save with a retry', async () => {
      const adapter = withLead();
      let fail = true;
      const save = adapter.saveChecklist.bind(adapter);
      adapter.saveChecklist = async (id, input) => {
        if (fail) {
          fail = false;
          throw new LeadLoopError('unavailable', 'down');
        }
        return save(id, input);
      };
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, 'section')));
      const failed = oneEvent(el, 'llchecklisterror');
      checkbox(el, 'ideal customer').click();
      await failed;
      await el.updateComplete;
      expect(text(el, '[part="status"]')).to.equal('Not saved. The server cannot be reached right now.');
      await expect(el).to.be.accessible();
      ([...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Retry') as HTMLButtonElement).click();
      await settle(el, () => text(el, '[part="status"]') === 'Saved.');
      expect((await adapter.getLead('L-1')).checklist.sal!.answers).to.deep.equal({ fit: true });
    });

    it('shows a load failure with a way to try again, and uses an ll-provider\'s adapter', async () => {
      const adapter = withLead();
      const getLead = adapter.getLead.bind(adapter);
      let down = true;
      adapter.getLead = (id) => (down ? Promise.reject(new LeadLoopError('unavailable', 'down')) : getLead(id));
      const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-qualification-checklist lead-id="L-1"></ll-qualification-checklist></ll-provider>`);
      const el = provider.querySelector('ll-qualification-checklist')!;
      await settle(el, () => Boolean($(el, '[role="alert"]')));
      expect(text(el, '[role="alert"]')).to.contain('The checklist could not be loaded. The server cannot be reached right now.');
      await expect(el).to.be.accessible();
      down = false;
      ($(el, 'button') as HTMLButtonElement).click();
      await settle(el, () => Boolean($(el, 'section')));
    });

    it('says plainly that a lead id is unknown, and offers no retry that cannot help', async () => {
      const adapter = withLead();
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-404" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, '[role="alert"]')));
      expect(text(el, '[role="alert"]')).to.equal('The checklist could not be loaded. No lead has the id “L-404”.');
      expect(root(el).textContent).not.to.contain('Loading');
      expect($(el, 'button')).to.equal(null);
      await expect(el).to.be.accessible();
      el.leadId = 'L-1';
      await settle(el, () => Boolean($(el, 'section')));
    });

    it('marks answers given against an older version of the definition', async () => {
      const adapter = withLead({ fit: true });
      const current = await adapter.getDefinition();
      await adapter.saveDefinition({ ...current, stages: { ...current.stages } });
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lead-id="L-1" .adapter=${adapter}></ll-qualification-checklist>`);
      await settle(el, () => Boolean($(el, 'section')));
      expect(root(el).textContent).to.contain('These answers were given against version 3.');
      expect(text(el, '[part="warning"]')).to.contain('version 4 still needs approval from sales and marketing');
    });
  });
});
