import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LeadLoopError, MemoryAdapter, type ChecklistAnswers, type QualificationDefinition } from '@leadloop/core';
import { setLocale } from '../../internal/localization.js';
import '../provider/provider.js';
import '../lead-feedback/lead-feedback.js';
import './qualification-checklist.js';
import { LlQualificationChecklist, type ChecklistEventDetail } from './qualification-checklist.component.js';
import { holdGetLead } from '../../internal/hold-get-lead.test.fixtures.js';

const definition = (approvedBy: ('sales' | 'marketing')[] = ['sales', 'marketing']): QualificationDefinition => ({
  id: 'acme', version: 3,
  stages: {
    sal: {
      threshold: 0.6,
      criteria: [
        { id: 'fit', label: 'Matches the ideal customer profile', help: 'Industry, size, region.', required: true, weight: 2 },
        { id: 'contact', label: 'Reached a real person', required: true },
        { id: 'need', label: 'Confirmed a problem we solve', weight: 2 },
      ],
    },
    sql: { criteria: [{ id: 'budget', label: 'Budget confirmed', required: true }] },
  },
  approvals: [
    { role: 'sales', by: 'Dana Whitfield', at: '2026-01-10T09:00:00Z', version: 3 },
    { role: 'marketing', by: 'Lee Okoro', at: '2026-01-11T09:00:00Z', version: 3 },
    { role: 'marketing', by: 'Old Approver', at: '2025-12-01T09:00:00Z', version: 2 },
  ].filter((a) => a.version !== 3 || approvedBy.includes(a.role as 'sales' | 'marketing')) as QualificationDefinition['approvals'],
});

function root(el: Element): ShadowRoot {
  return el.shadowRoot!;
}
function $<T extends Element = HTMLElement>(el: Element, selector: string): T {
  return root(el).querySelector(selector) as T;
}
function checkbox(el: Element, label: string): HTMLInputElement {
  const row = [...root(el).querySelectorAll('.criterion')].find((r) => r.textContent!.includes(label))!;
  return row.querySelector('input')!;
}
function text(el: Element, selector: string): string {
  return $(el, selector)?.textContent!.replace(/\s+/g, ' ').trim();
}
async function settle(el: LlQualificationChecklist, condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

function withLead(answers?: ChecklistAnswers): MemoryAdapter {
  const adapter = new MemoryAdapter({
    definition: definition(), user: 'sam',
    leads: [{ id: 'L-1', createdAt: '2026-01-05T08:00:00Z', stage: 'mql', handedOffAt: '2026-01-05T09:00:00Z' }],
  });
  if (answers) void adapter.saveChecklist('L-1', { stage: 'sal', answers });
  return adapter;
}

describe('ll-qualification-checklist', () => {
  describe('from data', () => {
    it('shows criteria with help and required marks, a labelled score meter and what is missing', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist
        .definition=${definition()} stage="sal" .answers=${{ fit: true }}></ll-qualification-checklist>`);
      await expect(el).to.be.accessible();
      expect(text(el, '[part="label"]')).to.equal('Sales Accepted checklist');
      const fit = checkbox(el, 'ideal customer');
      expect(fit.checked).to.equal(true);
      expect(root(el).getElementById(fit.getAttribute('aria-describedby')!)!.textContent).to.equal('Industry, size, region.');
      expect(root(el).querySelectorAll('.required')).to.have.length(2);
      const meter = $(el, '[role="meter"]');
      expect(meter.getAttribute('aria-valuenow')).to.equal('40');
      expect(meter.getAttribute('aria-valuetext')).to.equal('40%, 60% needed');
      // The fill and the threshold mark are drawn at those shares of the bar.
      const bar = meter.getBoundingClientRect();
      const share = (selector: string) => Math.round(((meter.querySelector(selector)!.getBoundingClientRect().right - bar.left) / bar.width) * 100);
      expect(share('.fill')).to.be.within(39, 41);
      expect(share('.mark')).to.be.within(59, 61);
      expect(text(el, '[part="verdict"]')).to.equal('Does not meet Sales Accepted yet: still required: Reached a real person; score 40% is below 60%.');
    });

    it('says who approved this version and when, with no warning when both leaders signed', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${definition()} stage="sal"></ll-qualification-checklist>`);
      expect(text(el, '.meta')).to.equal('Definition version 3 · approved by Dana Whitfield (sales, Jan 10, 2026) and Lee Okoro (marketing, Jan 11, 2026)');
      expect($(el, '[part="warning"]')).to.equal(null);
    });

    it('warns clearly when sales and marketing have not both approved the current version', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${definition(['sales'])} stage="sal"></ll-qualification-checklist>`);
      expect(text(el, '[part="warning"]')).to.equal('Not signed off: version 3 still needs approval from marketing; until then, the verdict is provisional.');
      await expect(el).to.be.accessible();
      const none = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${definition([])} stage="sal"></ll-qualification-checklist>`);
      // Who is missing is said once, not again in the advice.
      expect(text(none, '[part="warning"]')).to.equal('Not signed off: version 3 still needs approval from sales and marketing; until then, the verdict is provisional.');
    });

    it('emits llanswerschange on every tick and llverdictchange when the verdict flips', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist
        .definition=${definition()} stage="sal" .answers=${{ fit: true, need: true }}></ll-qualification-checklist>`);
      const verdicts: boolean[] = [];
      el.addEventListener('llverdictchange', (e) => verdicts.push((e as CustomEvent<ChecklistEventDetail>).detail.result.met));
      const changed = oneEvent(el, 'llanswerschange');
      checkbox(el, 'real person').click();
      const { detail } = (await changed) as CustomEvent<ChecklistEventDetail>;
      expect(detail).to.deep.include({ stage: 'sal', answers: { fit: true, need: true, contact: true } });
      expect(detail.result.met).to.equal(true);
      expect(verdicts).to.deep.equal([true]);
      await el.updateComplete;
      // The tick mark is drawn by CSS, not read out.
      expect(text(el, '[part="verdict"]')).to.equal('Meets Sales Accepted');
      await expect(el).to.be.accessible();
      checkbox(el, 'problem we solve').click();
      await el.updateComplete;
      // 60% is still enough: no flip.
      expect(verdicts).to.deep.equal([true]);
      checkbox(el, 'ideal customer').click();
      await el.updateComplete;
      expect(verdicts).to.deep.equal([true, false]);
      expect(text(el, '[part="verdict"]')).to.equal('Does not meet Sales Accepted yet: still required: Matches the ideal customer profile; score 20% is below 60%.');
    });

    it('says in its status when the rep\'s change flips the verdict, and only then', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${definition()} stage="sal"></ll-qualification-checklist>`);
      const status = $(el, '[role="status"]');
      const heard: string[] = [];
      new MutationObserver(() => heard.push(status.textContent!.trim())).observe(status, { subtree: true, childList: true, characterData: true });
      checkbox(el, 'ideal customer').click();
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('');
      checkbox(el, 'real person').click();
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('Meets Sales Accepted');
      checkbox(el, 'Confirmed a problem').click();
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('');
      checkbox(el, 'real person').click();
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('Does not meet Sales Accepted yet: still required: Reached a real person.');
      // Answers the page sets are not the rep's doing: nothing to announce.
      el.answers = { fit: true, contact: true };
      await el.updateComplete;
      expect(status.textContent!.trim()).to.equal('');
      expect(heard.filter(Boolean)).to.deep.equal(['Meets Sales Accepted', 'Does not meet Sales Accepted yet: still required: Reached a real person.']);
      await expect(el).to.be.accessible();
    });

    it('ticks criteria with the keyboard alone', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${definition()} stage="sal"></ll-qualification-checklist>`);
      checkbox(el, 'ideal customer').focus();
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(checkbox(el, 'ideal customer').checked).to.equal(true);
      expect(checkbox(el, 'real person').checked).to.equal(true);
      expect($(el, '[role="meter"]').getAttribute('aria-valuenow')).to.equal('60');
    });

    it('says so when the definition has no criteria for the stage, or there is nothing to show', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${definition()} stage="opportunity"></ll-qualification-checklist>`);
      expect(root(el).textContent).to.contain('The definition has no criteria for Opportunity.');
      await expect(el).to.be.accessible();
      const empty = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist></ll-qualification-checklist>`);
      expect(root(empty).textContent).to.contain('No checklist to show.');
      await expect(empty).to.be.accessible();
    });
  });

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

  describe('inputs', () => {
    it('takes properties set before the element was defined', async () => {
      const el = document.createElement('ll-qualification-checklist-late') as LlQualificationChecklist;
      el.definition = definition();
      el.stage = 'sql';
      el.answers = { budget: true };
      document.body.append(el);
      customElements.define('ll-qualification-checklist-late', class extends LlQualificationChecklist {});
      await el.updateComplete;
      expect(text(el, '[part="verdict"]')).to.equal('Meets Sales Qualified');
      el.remove();
    });

    it('takes definition and answers as JSON attributes, and shows bad JSON as an error', async () => {
      const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist stage="sal"
        definition=${JSON.stringify(definition())} answers='{"fit": true, "contact": true}'></ll-qualification-checklist>`);
      expect($(el, '[role="meter"]').getAttribute('aria-valuenow')).to.equal('60');
      el.setAttribute('answers', '{"fit": tru');
      await el.updateComplete;
      expect(text(el, '[role="alert"]')).to.contain('The answers cannot be read');
      await expect(el).to.be.accessible();
      el.setAttribute('answers', '{"fit": "yes"}');
      await el.updateComplete;
      expect(text(el, '[role="alert"]')).to.contain('The checklist cannot be scored');
      el.setAttribute('answers', '[true]');
      await el.updateComplete;
      expect(text(el, '[role="alert"]')).to.contain('The answers cannot be read');
      el.removeAttribute('answers');
      el.setAttribute('definition', '{"version": "x"}');
      await el.updateComplete;
      expect(text(el, '[role="alert"]')).to.contain('The definition cannot be read');
      el.setAttribute('definition', 'not json');
      await el.updateComplete;
      expect(text(el, '[role="alert"]')).to.contain('The definition cannot be read');
    });

    it('renders OWASP XSS vectors in criteria, help and approver names as inert text', async () => {
      const vectors = ['<script>window.__xss = 1</script>', '<img src=x onerror="window.__xss = 1">', '"><svg onload="window.__xss=1">'];
      for (const v of vectors) {
        const def = definition();
        def.stages.sal!.criteria[0] = { id: 'fit', label: v, help: v, required: true };
        def.approvals[0]!.by = v;
        const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist .definition=${def} stage="sal"></ll-qualification-checklist>`);
        expect(root(el).querySelectorAll('script, img, svg').length).to.equal(0);
        expect(root(el).textContent).to.contain(v);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    });

    it('speaks German', async () => {
      await setLocale('de');
      try {
        const el = await fixture<LlQualificationChecklist>(html`<ll-qualification-checklist lang="de" .definition=${definition(['sales'])} stage="sal" .answers=${{ fit: true }}></ll-qualification-checklist>`);
        expect(text(el, '[part="label"]')).to.equal('Checkliste Sales Accepted');
        expect(text(el, '[part="warning"]')).to.equal('Nicht freigegeben: Version 3 braucht noch die Freigabe von Marketing; bis dahin gilt das Ergebnis nur vorläufig.');
        expect($(el, '[role="meter"]').getAttribute('aria-valuetext')).to.match(/^40\s%, 60\s% nötig$/);
        await expect(el).to.be.accessible();
      } finally {
        await setLocale('en');
      }
    });
  });
});
