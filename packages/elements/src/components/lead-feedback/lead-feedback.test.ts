import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LeadLoopError, MemoryAdapter, type FeedbackInput, type Lead, type LeadLoopAdapter, type SubmitOptions } from '@leadloop/core';
import type { ReactiveController } from 'lit';
import { ClockController } from '../../internal/clock-controller.js';
import { LlElement } from '../../internal/ll-element.js';
import { setLocale } from '../../internal/localization.js';
import type { DeliveryState, DeliveryTracking, QueuedFeedback } from '@leadloop/core';
import '../provider/provider.js';
import './lead-feedback.js';
import { LlLeadFeedback, type FeedbackEventDetail } from './lead-feedback.component.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Handed off 40 min ago (plus 30 s of slack for a slow run) under the default 5-minute SLA, unless told otherwise. */
function lead(extra: Partial<Lead> = {}): Lead {
  return {
    id: 'L-1', name: 'Priya Raman', company: 'Northwind', source: 'webinar', campaign: 'Spring launch',
    createdAt: ago(2 * DAY), stage: 'mql', handedOffAt: ago(40 * MIN - 30_000), ...extra,
  };
}

async function memory(leads: Lead[] = [lead()], slaMs = 2 * HOUR): Promise<MemoryAdapter> {
  return new MemoryAdapter({ leads, sla: { firstTouchWithinMs: slaMs }, user: 'sam' });
}

function root(el: LlLeadFeedback): ShadowRoot {
  return el.shadowRoot!;
}
function $<T extends Element = HTMLElement>(el: LlLeadFeedback, selector: string): T {
  return root(el).querySelector(selector) as T;
}
function button(el: LlLeadFeedback, outcome: string): HTMLButtonElement {
  return $(el, `button[data-outcome="${outcome}"]`);
}
function buttonByText(el: LlLeadFeedback, text: string): HTMLButtonElement {
  return [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === text) as HTMLButtonElement;
}
function statusText(el: LlLeadFeedback): string {
  return $(el, '[role="status"]').textContent!.trim();
}
async function settle(el: LlLeadFeedback, condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

/** Plain data with a config that gives a 2-hour SLA, so the badge reads "due in 1 hr 20 min". */
async function plain(l: Lead | string = lead()): Promise<LlLeadFeedback> {
  const adapterConfig = await new MemoryAdapter({ sla: { firstTouchWithinMs: 2 * HOUR } }).getConfig();
  const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback .lead=${l} .config=${adapterConfig}></ll-lead-feedback>`);
  return el;
}

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
      button(el, 'reached').click();
      const { detail } = (await event) as CustomEvent<FeedbackEventDetail>;
      expect(detail.input).to.deep.equal({ leadId: 'L-1', outcome: 'reached', rating: 4, note: 'Asked for a demo' });
      await el.updateComplete;
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
      expect(items[0]).to.match(/^Recycled to nurture · Bad timing · quality 2 of 5 by ana · 1 hour ago Call in Q3$/);
      expect(items[1]).to.match(/^Contact attempted by sam · 2 hours ago$/);
      await expect(el).to.be.accessible();
    });
  });

  describe('through an adapter', () => {
    it('loads the lead by id, saves feedback, reloads it and announces each state', async () => {
      const adapter = await memory();
      // Holds the first load until the loading state was checked.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const getLead = adapter.getLead.bind(adapter);
      adapter.getLead = async (id) => {
        await gate;
        return getLead(id);
      };
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
      expect(button(el, 'qualified').disabled).to.equal(true);
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

    it('shows a load failure with a way to try again', async () => {
      const adapter = await memory();
      const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback lead-id="nope" .adapter=${adapter}></ll-lead-feedback>`);
      await settle(el, () => Boolean($(el, '[role="alert"]')));
      expect($(el, '[role="alert"]').textContent).to.contain('The lead could not be loaded.');
      await expect(el).to.be.accessible();
      el.leadId = 'L-1';
      await settle(el, () => Boolean($(el, 'section')));
    });
  });

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
        expect($(el, '[part="badge"]').textContent).to.match(/Fällig in 1 Std\.,? 20 Min\./);
        expect($(el, '#count').textContent).to.equal('0 von 2.000 Zeichen');
        await expect(el).to.be.accessible();
      } finally {
        await setLocale('en');
      }
    });
  });
});
