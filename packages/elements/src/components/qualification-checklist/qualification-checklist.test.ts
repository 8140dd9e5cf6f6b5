import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { setLocale } from '../../internal/localization.js';
import './qualification-checklist.js';
import { LlQualificationChecklist, type ChecklistEventDetail } from './qualification-checklist.component.js';
import { $, checkbox, definition, root, text } from './qualification-checklist.test.fixtures.js';

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
