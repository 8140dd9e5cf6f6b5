// What the card offers follows where the lead stands: the primary button is its next step, and
// sales decisions wait for the hand-off.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { DeliveryTracking, FeedbackInput, LeadLoopAdapter, QueuedFeedback } from '@leadloop/core';
import './lead-feedback.js';
import type { FeedbackEventDetail, LlLeadFeedback } from './lead-feedback.component.js';
import { DAY, ago, lead, memory, root, $, button, settle, plain } from './lead-feedback.test.fixtures.js';

/** The outcomes shown as primary buttons. */
const primary = (el: LlLeadFeedback) => [...root(el).querySelectorAll('.outcomes .primary')].map((b) => b.getAttribute('data-outcome'));

describe('ll-lead-feedback', () => {
  describe('the primary button follows the lead\'s state', () => {
    it('is Accept on a lead handed to sales and not yet accepted', async () => {
      const el = await plain();
      await expect(el).to.be.accessible();
      expect(primary(el)).to.deep.equal(['accepted']);
    });

    it('is Qualify once the lead is accepted: at the accepting stage, or with accepting feedback the page has not applied', async () => {
      const accepted = await plain(lead({ stage: 'sal' }));
      expect(primary(accepted)).to.deep.equal(['qualified']);
      await expect(accepted).to.be.accessible();
      const given = await plain({ ...lead(), feedback: [{ id: 'f1', leadId: 'L-1', outcome: 'accepted', by: 'ana', at: ago(3 * DAY) }] } as never);
      expect(primary(given)).to.deep.equal(['qualified']);
    });

    it('is none once the lead is qualified, or has left the waterfall (exit), also when given as JSON', async () => {
      expect(primary(await plain(lead({ stage: 'sql' })))).to.deep.equal([]);
      expect(primary(await plain(lead({ stage: 'won' })))).to.deep.equal([]);
      const exited = await plain(JSON.stringify(lead({ exit: { kind: 'recycled', reason: 'bad-timing', at: ago(DAY) } })));
      expect(primary(exited)).to.deep.equal([]);
      // Reject keeps its warning colour, as on any lead.
      expect(button(exited, 'rejected').className).to.contain('danger');
      await expect(exited).to.be.accessible();
    });

    it('moves from Accept to Qualify to none as the rep decides, through an adapter (the demo\'s DEMO-3)', async () => {
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${await memory()}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, 'section')));
      expect(primary(el)).to.deep.equal(['accepted']);
      button(el, 'accepted').click();
      await settle(el, () => primary(el)[0] === 'qualified');
      await expect(el).to.be.accessible();
      button(el, 'qualified').click();
      await settle(el, () => primary(el).length === 0);
    });

    it('counts an accept the outbox still holds, but not one the server refused', async () => {
      const store = await memory();
      const queued: QueuedFeedback[] = [];
      const outbox: LeadLoopAdapter & DeliveryTracking = Object.assign(Object.create(null), {
        getConfig: () => store.getConfig(),
        getLead: (id: string) => store.getLead(id),
        // Offline: holds every submit.
        submitFeedback: (input: FeedbackInput, { idempotencyKey }: { idempotencyKey: string }) => {
          queued.push({ idempotencyKey, input, state: 'queued' });
          return new Promise(() => {});
        },
        deliveryState: (key: string) => queued.find((q) => q.idempotencyKey === key)?.state,
        queuedFeedback: () => queued,
        subscribeQueue: () => () => {},
      });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${outbox}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, 'section')));
      button(el, 'accepted').click();
      await el.updateComplete;
      el.requestUpdate();
      await el.updateComplete;
      expect(primary(el)).to.deep.equal(['qualified']);
      queued[0]!.state = 'failed';
      el.requestUpdate();
      await el.updateComplete;
      expect(primary(el)).to.deep.equal(['accepted']);
    });
  });

  describe('before marketing hands the lead to sales', () => {
    const SALES_DECISIONS = ['accepted', 'qualified', 'rejected', 'recycled'];

    it('says so, and holds the sales decisions with that note as their description, in the tab order', async () => {
      const el = await plain(lead({ stage: 'inquiry', handedOffAt: undefined }));
      await expect(el).to.be.accessible();
      const note = $(el, '#early');
      expect(note.textContent).to.equal('Marketing has not handed this lead to sales yet.');
      expect(root(el).textContent).to.contain('not yet');
      for (const outcome of SALES_DECISIONS) {
        const b = button(el, outcome);
        expect(b.getAttribute('aria-disabled'), outcome).to.equal('true');
        expect(root(el).getElementById(b.getAttribute('aria-describedby')!), outcome).to.equal(note);
        expect(b.disabled, outcome).to.equal(false);
      }
      for (const outcome of ['attempted', 'reached']) {
        expect(button(el, outcome).hasAttribute('aria-disabled'), outcome).to.equal(false);
        expect(button(el, outcome).hasAttribute('aria-describedby'), outcome).to.equal(false);
      }
      expect(primary(el)).to.deep.equal([]);
    });

    it('does nothing on a held button, by click or by keyboard, and logs a contact attempt', async () => {
      const el = await plain(lead({ stage: 'inquiry', handedOffAt: undefined }));
      const sent: FeedbackEventDetail[] = [];
      el.addEventListener('llfeedback', (e) => sent.push((e as CustomEvent<FeedbackEventDetail>).detail));
      button(el, 'accepted').click();
      button(el, 'rejected').click();
      await el.updateComplete;
      expect(sent).to.deep.equal([]);
      expect($(el, '#reason')).to.equal(null);
      expect(button(el, 'rejected').getAttribute('aria-expanded')).to.equal('false');
      button(el, 'accepted').focus();
      expect(root(el).activeElement).to.equal(button(el, 'accepted'));
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Tab' });
      expect(root(el).activeElement).to.equal(button(el, 'qualified'));
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      expect(sent).to.deep.equal([]);
      const event = oneEvent(el, 'llfeedback');
      button(el, 'attempted').click();
      expect(((await event) as CustomEvent<FeedbackEventDetail>).detail.input).to.deep.equal({ leadId: 'L-1', outcome: 'attempted' });
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('offers every outcome once the lead is handed off, by stage or by hand-off time', async () => {
      const el = await plain(lead({ stage: 'inquiry', handedOffAt: undefined }));
      el.lead = lead({ stage: 'mql', handedOffAt: undefined });
      await el.updateComplete;
      expect($(el, '#early')).to.equal(null);
      expect(root(el).querySelector('[aria-disabled]')).to.equal(null);
      expect(primary(el)).to.deep.equal(['accepted']);
      el.lead = lead({ stage: 'inquiry' });
      await el.updateComplete;
      expect($(el, '#early')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });
});
