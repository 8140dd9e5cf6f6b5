import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { LeadLoopError, MemoryAdapter, type FeedbackInput, type Lead, type LeadLoopAdapter, type SubmitOptions } from '@leadloop/core';
import type { DeliveryState, DeliveryTracking, QueuedFeedback } from '@leadloop/core';
import '../provider/provider.js';
import './lead-feedback.js';
import { LlLeadFeedback, type FeedbackEventDetail } from './lead-feedback.component.js';
import { MIN, HOUR, DAY, ago, lead, memory, root, $, button, buttonByText, statusText, settle, plain } from './lead-feedback.test.fixtures.js';
import { holdGetLead } from '../../internal/hold-get-lead.test.fixtures.js';

describe('ll-lead-feedback', () => {
  describe('showing a lead given as data', () => {
    it('shows who the lead is, the hand-off and the SLA counting down', async () => {
      const el = await plain();
      await expect(el).to.be.accessible();
      const text = root(el).textContent!.replace(/\s+/g, ' ');
      expect($(el, '[part="label"]').textContent).to.equal('Priya Raman');
      expect(text).to.contain('Northwind').and.contain('webinar').and.contain('Spring launch');
      expect(text).to.match(/Handed off\s*40 minutes ago|Handed off\s*39 minutes ago/);
      expect($(el, '[part="badge"]').textContent!.replace(/\s+/g, ' ')).to.match(/Due in 1 hr,? 20 min/);
      expect($(el, '[part="badge"]').className).not.to.contain('danger');
    });

    it('warns when a quarter of the window is left and says since when the SLA is breached', async () => {
      const soon = await plain(lead({ handedOffAt: ago(100 * MIN) }));
      expect($(soon, '[part="badge"]').className).to.contain('warning');
      await expect(soon).to.be.accessible();
      const late = await plain(lead({ handedOffAt: ago(2 * DAY + 2 * HOUR) }));
      expect($(late, '[part="badge"]').textContent).to.match(/Breached 2 days ago/);
      expect($(late, '[part="badge"]').className).to.contain('danger');
      await expect(late).to.be.accessible();
    });

    it('says whether a touched lead was followed up in time or late, and shows no SLA before hand-off', async () => {
      const inTime = await plain(lead({ handedOffAt: ago(3 * HOUR), firstTouchAt: ago(2 * HOUR) }));
      expect($(inTime, '[part="badge"]').textContent).to.contain('Followed up in time');
      const late = await plain(lead({ handedOffAt: ago(5 * HOUR), firstTouchAt: ago(2 * HOUR) }));
      expect($(late, '[part="badge"]').textContent).to.match(/Followed up 1 hr late/);
      const early = await plain(lead({ stage: 'inquiry', handedOffAt: undefined }));
      expect($(early, '[part="badge"]')).to.equal(null);
      expect(root(early).textContent).to.contain('not yet');
      await expect(early).to.be.accessible();
    });

    it('with no adapter, hands the input to the page in llfeedback and says it was sent', async () => {
      const el = await plain();
      const event = oneEvent(el, 'llfeedback');
      button(el, 'accepted').click();
      const { detail } = (await event) as CustomEvent<FeedbackEventDetail>;
      expect(detail.input).to.deep.equal({ leadId: 'L-1', outcome: 'accepted' });
      expect(detail.idempotencyKey).to.be.a('string').with.length.greaterThan(15);
      expect(detail.feedback).to.equal(undefined);
      await el.updateComplete;
      expect(statusText(el)).to.equal('Sent: Accepted.');
      await expect(el).to.be.accessible();
    });

    it('asks for a reason from the catalog before rejecting, and offers no retired reason', async () => {
      const cfg = await new MemoryAdapter({
        reasons: [{ id: 'no-budget', label: 'No budget' }, { id: 'old', label: 'Old reason', retired: true }, { id: 'spam', label: 'Spam' }],
      }).getConfig();
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback .lead=${lead()} .config=${cfg}></ll-lead-feedback>`);
      let sent = 0;
      el.addEventListener('llfeedback', () => sent++);
      button(el, 'rejected').click();
      await el.updateComplete;
      expect(button(el, 'rejected').getAttribute('aria-expanded')).to.equal('true');
      const select = $<HTMLSelectElement>(el, '#reason');
      expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'no-budget', 'spam']);
      await el.updateComplete;
      expect(root(el).activeElement).to.equal(select);
      await expect(el).to.be.accessible();
      buttonByText(el, 'Reject lead').click();
      await el.updateComplete;
      expect(sent).to.equal(0);
      expect(select.getAttribute('aria-invalid')).to.equal('true');
      expect(root(el).textContent).to.contain('Choose a reason first.');
      await expect(el).to.be.accessible();
      select.value = 'spam';
      select.dispatchEvent(new Event('change'));
      const event = oneEvent(el, 'llfeedback');
      buttonByText(el, 'Reject lead').click();
      const { detail } = (await event) as CustomEvent<FeedbackEventDetail>;
      expect(detail.input).to.deep.equal({ leadId: 'L-1', outcome: 'rejected', reason: 'spam' });
      await el.updateComplete;
      expect($(el, '#reason')).to.equal(null);
    });

    it('sends the optional rating and note (trimmed), counts characters and caps the note', async () => {
      const el = await plain();
      $(el, 'summary').click();
      const rating = $<HTMLSelectElement>(el, '#rating');
      // Named as the quality report names it ("Mean rating"), not "quality".
      expect($(el, 'label[for="rating"]').textContent).to.equal('Rating');
      rating.value = '4';
      rating.dispatchEvent(new Event('change'));
      const note = $<HTMLTextAreaElement>(el, '#note');
      note.value = '  Asked for a demo  ';
      note.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(note.maxLength).to.equal(2000);
      expect($(el, '#count').textContent).to.equal('20 of 2,000 characters');
      await expect(el).to.be.accessible();
      const event = oneEvent(el, 'llfeedback');
      // The outcome id stays `reached`; the button says what the rep does, next to "Log attempt".
      expect(button(el, 'reached').textContent).to.equal('Log contact');
      expect(button(el, 'attempted').textContent).to.equal('Log attempt');
      button(el, 'reached').click();
      const { detail } = (await event) as CustomEvent<FeedbackEventDetail>;
      expect(detail.input).to.deep.equal({ leadId: 'L-1', outcome: 'reached', rating: 4, note: 'Asked for a demo' });
      await el.updateComplete;
      expect(statusText(el)).to.equal('Sent: Contact made.');
      expect($<HTMLTextAreaElement>(el, '#note').value).to.equal('');
    });

    it('shows the feedback history of a LeadDetail, newest first', async () => {
      const el = await plain({
        ...lead(), feedback: [
          { id: 'f1', leadId: 'L-1', outcome: 'attempted', by: 'sam', at: ago(2 * HOUR) },
          { id: 'f2', leadId: 'L-1', outcome: 'recycled', reason: 'bad-timing', rating: 2, note: 'Call in Q3', by: 'ana', at: ago(HOUR) },
        ],
      } as Lead);
      const items = [...root(el).querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
      expect(items[0]).to.match(/^Recycled to nurture · Bad timing · rated 2 of 5 by ana · 1 hour ago Call in Q3$/);
      expect(items[1]).to.match(/^Contact attempted by sam · 2 hours ago$/);
      await expect(el).to.be.accessible();
    });
  });

  describe('through an adapter', () => {
    it('loads the lead by id, saves feedback, reloads it and announces each state', async () => {
      const adapter = await memory();
      // Holds the first load until the loading state was checked.
      const open = holdGetLead(adapter);
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
      expect(root(el).textContent).to.contain('Loading lead');
      await expect(el).to.be.accessible();
      open();
      await settle(el, () => Boolean($(el, 'section')));
      await expect(el).to.be.accessible();
      expect(root(el).textContent).to.contain('No feedback yet.');
      const event = oneEvent(el, 'llfeedback');
      button(el, 'accepted').click();
      await el.updateComplete;
      expect(statusText(el)).to.equal('Saving “Accepted”…');
      expect(button(el, 'qualified').getAttribute('aria-disabled')).to.equal('true');
      await expect(el).to.be.accessible();
      const { detail } = (await event) as CustomEvent<FeedbackEventDetail>;
      expect(detail.feedback).to.include({ leadId: 'L-1', outcome: 'accepted', by: 'sam' });
      await settle(el, () => root(el).querySelectorAll('li').length === 1);
      expect(statusText(el)).to.equal('Saved: Accepted.');
      expect($(el, '[part="badge"]').textContent).to.contain('Followed up in time');
      await expect(el).to.be.accessible();
      expect((await adapter.getLead('L-1')).stage).to.equal('sal');
    });

    it('given a lead and an adapter (an LWC host), loads that lead by id and saves through the adapter', async () => {
      const adapter = await memory();
      await adapter.submitFeedback({ leadId: 'L-1', outcome: 'attempted', by: 'ana' }, { idempotencyKey: 'earlier' });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback .lead=${lead({ name: 'From the host' })} .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => root(el).querySelectorAll('li').length === 1);
      expect($(el, 'li').textContent).to.contain('by ana');
      const saved = oneEvent(el, 'llfeedback');
      button(el, 'qualified').click();
      const { detail } = (await saved) as CustomEvent<FeedbackEventDetail>;
      expect(detail.feedback?.outcome).to.equal('qualified');
      await settle(el, () => root(el).querySelectorAll('li').length === 2);
    });

    it('reports a failed save, and its retry reuses the idempotency key so the store keeps one', async () => {
      const store = await memory();
      const keys: string[] = [];
      let failNext = true;
      const adapter: LeadLoopAdapter = Object.assign(Object.create(null), {
        getConfig: () => store.getConfig(),
        getLead: (id: string) => store.getLead(id),
        listFeedback: (id: string) => store.listFeedback(id),
        submitFeedback: async (input: FeedbackInput, options: SubmitOptions) => {
          keys.push(options.idempotencyKey);
          // The first attempt reaches the store but its answer is lost.
          const saved = await store.submitFeedback(input, options);
          if (failNext) {
            failNext = false;
            throw new LeadLoopError('unavailable', 'connection reset');
          }
          return saved;
        },
      });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, 'section')));
      const failed = oneEvent(el, 'llfeedbackerror');
      button(el, 'attempted').click();
      await failed;
      await el.updateComplete;
      expect(statusText(el)).to.equal('Not saved: Contact attempted. The server cannot be reached right now.');
      await expect(el).to.be.accessible();
      const saved = oneEvent(el, 'llfeedback');
      buttonByText(el, 'Retry').click();
      await saved;
      expect(keys).to.have.length(2);
      expect(keys[1]).to.equal(keys[0]);
      expect(await store.listFeedback('L-1')).to.have.length(1);
      await el.updateComplete;
      expect(statusText(el)).to.equal('Saved: Contact attempted.');
    });

    it('offers no retry for a refusal that a retry cannot fix', async () => {
      const store = await memory();
      const adapter: LeadLoopAdapter = Object.assign(Object.create(null), {
        getConfig: () => store.getConfig(),
        getLead: (id: string) => store.getLead(id),
        submitFeedback: () => Promise.reject(new LeadLoopError('forbidden', 'reps only')),
      });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, 'section')));
      button(el, 'accepted').click();
      await settle(el, () => statusText(el).startsWith('Not saved'));
      expect(statusText(el)).to.contain('You are not allowed to do this');
      expect(buttonByText(el, 'Retry')).to.equal(undefined);
    });

    it('says "queued" when a durable outbox holds the submit, and lists queued feedback', async () => {
      const store = await memory();
      const listeners = new Set<() => void>();
      const held = new Map<string, { input: FeedbackInput; state: DeliveryState; release: () => void }>();
      // The outbox side of the protocol, faked: offline, so it holds every submit.
      const outbox: LeadLoopAdapter & DeliveryTracking = Object.assign(Object.create(null), {
        getConfig: () => store.getConfig(),
        getLead: (id: string) => store.getLead(id),
        submitFeedback: (input: FeedbackInput, options: SubmitOptions) => new Promise((resolve) => {
          held.set(options.idempotencyKey, {
            input, state: 'queued',
            release: () => {
              held.delete(options.idempotencyKey);
              resolve(store.submitFeedback(input, options));
              for (const l of listeners) l();
            },
          });
          for (const l of listeners) l();
        }),
        deliveryState: (key: string) => held.get(key)?.state,
        queuedFeedback: (): QueuedFeedback[] => [...held].map(([idempotencyKey, h]) => ({ idempotencyKey, input: h.input, state: h.state })),
        subscribeQueue: (listener: () => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${outbox}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, 'section')));
      button(el, 'attempted').click();
      await settle(el, () => statusText(el).startsWith('Queued'));
      expect(statusText(el)).to.equal('Queued: “Contact attempted” is kept on this device and will be sent when the connection is back.');
      expect($(el, 'li.queued').textContent).to.contain('queued, not sent yet');
      expect(button(el, 'accepted').disabled).to.equal(false);
      await expect(el).to.be.accessible();
      const saved = oneEvent(el, 'llfeedback');
      [...held.values()][0]!.release();
      await saved;
      await settle(el, () => statusText(el) === 'Saved: Contact attempted.');
      expect($(el, 'li.queued')).to.equal(null);
    });

    it('takes the adapter and config from an enclosing ll-provider, and shows a colleague\'s feedback as it arrives', async () => {
      const adapter = await memory();
      const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-lead-feedback lead-id="L-1"></ll-lead-feedback></ll-provider>`);
      const el = provider.querySelector('ll-lead-feedback')!;
      await settle(el, () => Boolean($(el, 'section')));
      await adapter.submitFeedback({ leadId: 'L-1', outcome: 'reached', by: 'ana' }, { idempotencyKey: 'colleague-1' });
      await settle(el, () => root(el).querySelectorAll('li').length === 1);
      expect($(el, 'li').textContent).to.contain('by ana');
    });

    it('reads the clock again when a save brings new feedback, so the history never shows a time to come', async () => {
      const adapter = await memory([lead({ firstTouchAt: ago(30 * MIN) })]);
      // The card's clock last read the time five minutes before the rep clicks (it ticks each
      // minute; five is past the skew allowance, so only reading the clock again passes).
      const realNow = Date.now;
      let lag = 5 * MIN;
      Date.now = () => realNow() - lag;
      let el: LlLeadFeedback;
      try {
        el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
      } finally {
        Date.now = realNow;
        lag = 0;
      }
      await settle(el, () => Boolean($(el, 'section')));
      button(el, 'accepted').click();
      await settle(el, () => root(el).querySelectorAll('li').length === 1);
      expect($(el, 'li time').textContent).to.equal('now');
    });

    it('reads a time a little ahead of this device\'s clock (the server\'s runs fast) as now', async () => {
      const adapter = new MemoryAdapter({ leads: [lead()], user: 'sam', clock: () => new Date(Date.now() + 20_000) });
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, 'section')));
      button(el, 'accepted').click();
      await settle(el, () => root(el).querySelectorAll('li').length === 1);
      expect($(el, 'li').textContent!.replace(/\s+/g, ' ')).to.match(/^ ?Accepted by sam · now ?$/);
    });

    it('shows a load failure with a way to try again', async () => {
      const adapter = await memory();
      const getLead = adapter.getLead.bind(adapter);
      let down = true;
      adapter.getLead = (id) => (down ? Promise.reject(new LeadLoopError('unavailable', 'down')) : getLead(id));
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="L-1" .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, '[role="alert"]')));
      expect($(el, '[role="alert"]').textContent).to.equal('The lead could not be loaded. The server cannot be reached right now.');
      await expect(el).to.be.accessible();
      down = false;
      buttonByText(el, 'Try again').click();
      await settle(el, () => Boolean($(el, 'section')));
    });

    it('says plainly that a lead id is unknown, no longer loading, and offers no retry that cannot help', async () => {
      const adapter = await memory();
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="nope" .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, '[role="alert"]')));
      expect(root(el).textContent!.trim()).to.equal('Lead not found. No lead has the id “nope”.');
      expect($(el, 'button')).to.equal(null);
      await expect(el).to.be.accessible();
      el.leadId = 'L-1';
      await settle(el, () => Boolean($(el, 'section')));
    });
  });
});
