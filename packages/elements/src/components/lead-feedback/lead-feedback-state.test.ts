// What the card offers follows where the lead stands: the primary button is its next step, and
// sales decisions wait for the hand-off.
import { expect, fixture, html } from '@open-wc/testing';
import type { DeliveryTracking, FeedbackInput, LeadLoopAdapter, QueuedFeedback } from '@leadloop/core';
import './lead-feedback.js';
import type { LlLeadFeedback } from './lead-feedback.component.js';
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
});
