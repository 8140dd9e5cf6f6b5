import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { computeFunnel, DEFAULT_SLA, LeadLoopError, MemoryAdapter, type FunnelReport, type Lead, type LeadLoopAdapter } from '@leadloop/core';
import '../provider/provider.js';
import './funnel-chart.js';
import { LlFunnelChart } from './funnel-chart.component.js';
import { textSpan } from './funnel-layout.js';
import { setLocale } from '../../internal/localization.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const STAGES = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'];

/** Leads with a known shape: `counts[i]` leads stop at stage i; some exit, some are touched late. */
function makeLeads(counts = [400, 150, 120, 70, 40, 20], source = 'webinar'): Lead[] {
  const leads: Lead[] = [];
  counts.forEach((n, s) => {
    for (let k = 0; k < n; k++) {
      const id = `${source}-${s}-${k}`;
      const createdAt = `2026-02-${String(1 + (k % 27)).padStart(2, '0')}T09:00:00Z`;
      const lead: Lead = { id, source, campaign: k % 2 ? 'spring' : 'fall', owner: 'ann', createdAt, stage: STAGES[s]! };
      if (s >= 1) {
        lead.handedOffAt = createdAt;
        if (k % 3 !== 0) lead.firstTouchAt = new Date(Date.parse(createdAt) + (k % 4 === 0 ? 20 : 2) * 60_000).toISOString();
      }
      if (s < 5 && k % 4 === 1) lead.exit = { kind: s === 0 ? 'disqualified' : s === 1 ? 'recycled' : 'lost', reason: k % 8 === 1 ? 'no-budget' : 'poor-fit', at: createdAt };
      leads.push(lead);
    }
  });
  return leads;
}

const leads = makeLeads();
const report = computeFunnel(leads, { sla: DEFAULT_SLA, now: NOW });
const comparison = computeFunnel(makeLeads([300, 120, 90, 60, 30, 10]), { sla: DEFAULT_SLA, now: NOW });

const stages = (el: LlFunnelChart) => [...el.shadowRoot!.querySelectorAll<SVGGElement>('g.stage')];
const tableRows = (el: LlFunnelChart) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));

/**
 * The stage buttons' names, taken from their content as the browser does (role=button names
 * itself from its text; each SVG text ends in a space so the words stay apart).
 */
function buttonNames(el: LlFunnelChart): string[] {
  return stages(el).map((g) => g.textContent!.replace(/\s+/g, ' ').trim());
}

/** Waits, frame by frame, until `done()` holds (a resize reaches the element in a later frame). */
async function until(done: () => boolean, what: string) {
  for (let frame = 0; frame < 300 && !done(); frame++) await new Promise((r) => requestAnimationFrame(r));
  expect(done(), what).to.equal(true);
}

async function settle(el: LlFunnelChart) {
  for (let i = 0; i < 5; i++) {
    await aTimeout(0);
    await el.updateComplete;
  }
}

describe('ll-funnel-chart', () => {
  it('shows each stage with the numbers computeFunnel gives, in the chart and in the table', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .report=${report}></ll-funnel-chart>`);
    await expect(el).to.be.accessible();
    const groups = stages(el);
    expect(groups).to.have.length(6);
    const names = buttonNames(el);
    report.stages.forEach((stage, i) => {
      expect(names[i]).to.match(new RegExp(`^${stage.label} ${stage.reached.toLocaleString('en')}\\b`));
      if (i > 0) expect(names[i]).to.contain(`${Math.round(stage.fromPrevious! * 100)}% of previous`);
      expect(groups[i]!.querySelector('text.value')!.textContent!.trim()).to.equal(stage.reached.toLocaleString('en'));
      if (i > 0) {
        // Of the leads that went no further than the stage before, those still there are open, the rest exited.
        const previous = report.stages[i - 1]!;
        const notFurther = previous.reached - stage.reached;
        expect(el.shadowRoot!.getElementById(groups[i]!.getAttribute('aria-describedby')!)!.textContent)
          .to.contain(`${notFurther} not further`).and.contain(`${previous.current} still open, ${notFurther - previous.current} exited`);
      }
    });
    const rows = tableRows(el);
    expect(rows.map((r) => r[0]!.replace(/ \(hand-off to sales\)/, ''))).to.deep.equal(report.stages.map((s) => s.label));
    report.stages.forEach((stage, i) => {
      expect(rows[i]![1]).to.equal(stage.reached.toLocaleString('en'));
      expect(rows[i]![2]).to.equal(stage.current.toLocaleString('en'));
      expect(rows[i]![4]).to.equal(`${Math.round(stage.fromFirst! * 100)}%`);
      // Exited here: reached = still here + exited here + reached the next stage.
      const exited = stage.reached - (report.stages[i + 1]?.reached ?? 0) - stage.current;
      expect(rows[i]![5]).to.equal(String(exited));
      const exits = leads.filter((l) => l.stage === stage.id && l.exit).length;
      expect(exited).to.equal(exits);
    });
  });

  it('never calls leads still at a stage lost: the drop line tells them apart, the summary names the stage that loses most', async () => {
    // 300 leads still at inquiry (none exited there), 60 at mql of which 30 recycled, 10 at sal, 0 beyond.
    const at = (stage: string, n: number, exit?: Lead['exit']) =>
      Array.from({ length: n }, (_, k): Lead => ({ id: `${stage}-${exit ? 'x' : 'o'}-${k}`, createdAt: '2026-02-01T09:00:00Z', stage, ...(exit ? { exit } : {}) }));
    const young = computeFunnel([...at('inquiry', 300), ...at('mql', 30), ...at('mql', 30, { kind: 'recycled', at: '2026-02-02T09:00:00Z' }), ...at('sal', 10)], { now: NOW });
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .report=${young}></ll-funnel-chart>`);
    const drop = (i: number) => el.shadowRoot!.getElementById(stages(el)[i]!.getAttribute('aria-describedby')!)!.textContent!;
    expect(drop(1)).to.contain('↓ 300 not further (81%): 300 still open, 0 exited');
    expect(drop(2)).to.contain('↓ 60 not further (86%): 30 still open, 30 exited');
    expect(drop(3)).to.contain('↓ 10 not further (100%): 10 still open, 0 exited');
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent!;
    expect(summary).to.contain('Most leads are lost at Marketing Qualified: 30 exited there (43% of those that reached it).');
    expect(tableRows(el).map((r) => r[5])).to.deep.equal(['0', '30', '0', '0', '0', '0']);
  });

  it('shows follow-up and SLA compliance at the hand-off stage and in the summary', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .report=${report}></ll-funnel-chart>`);
    const followUp = `${Math.round(report.followUp.rate! * 100)}% followed up`;
    const sla = `${Math.round(report.sla!.compliance! * 100)}% within the follow-up SLA`;
    const mql = stages(el)[1]!;
    expect([...mql.querySelectorAll('text.note')].map((t) => t.textContent).join(' ')).to.contain(followUp).and.contain(sla);
    expect(buttonNames(el)[1]).to.contain(followUp);
    const summary = el.shadowRoot!.querySelector('[part=summary]')!.textContent!;
    expect(summary).to.contain(`Sales followed up ${Math.round(report.followUp.rate! * 100)}% of the ${report.followUp.handedOff} leads handed over`);
    const stats = el.shadowRoot!.querySelector('[part=stats]')!.textContent!;
    expect(stats).to.contain(`${Math.round(report.sla!.compliance! * 100)}%`);
  });

  it('draws the new figures when the report changes at the same size', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart .report=${report}></ll-funnel-chart>`);
    el.report = comparison;
    await el.updateComplete;
    const values = stages(el).map((g) => g.querySelector('text.value')!.textContent!.trim());
    expect(values).to.deep.equal(comparison.stages.map((s) => s.reached.toLocaleString('en')));
    expect(buttonNames(el)[0]).to.contain(String(comparison.stages[0]!.reached));
  });

  it('lists the exits with their top reasons', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .report=${report}></ll-funnel-chart>`);
    const items = [...el.shadowRoot!.querySelectorAll('.exits li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    const disqualified = report.exits.find((e) => e.kind === 'disqualified')!;
    expect(items[0]).to.contain('Disqualified').and.contain(String(disqualified.count));
    expect(items[0]).to.contain(`Poor fit ${disqualified.reasons.find((r) => r.reason === 'poor-fit')!.count}`);
    expect(items.some((t) => t.startsWith('Recycled to nurture'))).to.equal(true);
  });

  it('shows each label mode', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" label-mode="previous" .report=${report}></ll-funnel-chart>`);
    const sal = () => [...stages(el)[2]!.querySelectorAll('text.small')].map((t) => t.textContent).join(' ');
    expect(sal()).to.contain('of previous').and.not.contain('of first');
    el.labelMode = 'first';
    await el.updateComplete;
    expect(sal()).to.contain(`${Math.round(report.stages[2]!.fromFirst! * 100)}% of first`).and.not.contain('of previous');
    el.labelMode = 'both';
    await el.updateComplete;
    expect(sal()).to.contain('of previous').and.contain('of first');
    await expect(el).to.be.accessible();
  });

  it('draws the funnel variant with joins between the bars', async () => {
    const el = await fixture<LlFunnelChart>(html`<div style="width: 900px"><ll-funnel-chart variant="funnel" .report=${report}></ll-funnel-chart></div>`);
    const chart = el.querySelector('ll-funnel-chart')!;
    await chart.updateComplete;
    expect(chart.shadowRoot!.querySelectorAll('polygon.connector')).to.have.length(5);
    const bars = [...chart.shadowRoot!.querySelectorAll<SVGRectElement>('rect.bar')].map((r) => ({ x: +r.getAttribute('x')!, w: +r.getAttribute('width')! }));
    // Centred: every bar has the same middle.
    for (const bar of bars) expect(bar.x + bar.w / 2).to.be.closeTo(bars[0]!.x + bars[0]!.w / 2, 0.5);
    await expect(chart).to.be.accessible();
  });

  it('draws a comparison period as ghost bars, in the legend and in the table', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .report=${report} .comparison=${comparison} comparison-label="Last quarter"></ll-funnel-chart>`);
    await expect(el).to.be.accessible();
    const ghosts = [...el.shadowRoot!.querySelectorAll<SVGRectElement>('rect.ghost')];
    expect(ghosts).to.have.length(6);
    const scale = report.stages[0]!.reached;
    const bar0 = +el.shadowRoot!.querySelector('rect.bar')!.getAttribute('width')!;
    expect(+ghosts[0]!.getAttribute('width')! / bar0).to.be.closeTo(comparison.stages[0]!.reached / scale, 0.01);
    expect(el.shadowRoot!.querySelector('thead')!.textContent).to.contain('Last quarter');
    expect(tableRows(el)[0]![6]).to.equal(String(comparison.stages[0]!.reached));
  });

  it('takes the report as a JSON attribute, and ignores prototype keys in it', async () => {
    const json = JSON.stringify(report).replace('{', '{"__proto__":{"polluted":true},');
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart report=${json}></ll-funnel-chart>`);
    expect(stages(el)).to.have.length(6);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('says so when the report attribute cannot be read', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart report='{"stages": [{"id": "a", "reached": -1}]}'></ll-funnel-chart>`);
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('could not be read').and.contain('report.stages.0: expected { id, reached');
    await expect(el).to.be.accessible();
    el.setAttribute('report', '{not json');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('not valid JSON');
  });

  it('keeps a report set as a property or attribute before the element was defined', async () => {
    const byProperty = document.createElement('ll-funnel-chart-late') as LlFunnelChart;
    (byProperty as unknown as { report: FunnelReport }).report = report;
    const byAttribute = document.createElement('ll-funnel-chart-late');
    byAttribute.setAttribute('report', JSON.stringify(report));
    byAttribute.setAttribute('variant', 'funnel');
    document.body.append(byProperty, byAttribute);
    customElements.define('ll-funnel-chart-late', class extends LlFunnelChart {});
    for (const el of [byProperty, byAttribute] as LlFunnelChart[]) {
      await el.updateComplete;
      expect(stages(el)).to.have.length(6);
      await expect(el).to.be.accessible();
    }
    expect((byAttribute as LlFunnelChart).variant).to.equal('funnel');
    byProperty.remove();
    byAttribute.remove();
  });

  it('computes the funnel from raw leads', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .leads=${leads}></ll-funnel-chart>`);
    await settle(el);
    await expect(el).to.be.accessible();
    const expected = computeFunnel(leads, { sla: DEFAULT_SLA });
    expect(tableRows(el).map((r) => r[1])).to.deep.equal(expected.stages.map((s) => s.reached.toLocaleString('en')));
  });

  it('shows why raw leads could not be counted', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart .leads=${[{ id: 'x', createdAt: '2026-01-01T00:00:00Z', stage: 'nowhere' }]}></ll-funnel-chart>`);
    await settle(el);
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('unknown stage');
    await expect(el).to.be.accessible();
  });

  it('loads from an adapter set directly, with the query attributes', async () => {
    const adapter = new MemoryAdapter({ leads: [...leads, ...makeLeads([50, 20, 10, 5, 2, 1], 'ads')], clock: () => NOW });
    const loaded = adapter.getFunnel({ source: 'ads' });
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" source="ads" .adapter=${adapter}></ll-funnel-chart>`);
    await settle(el);
    await expect(el).to.be.accessible();
    expect(tableRows(el).map((r) => r[1])).to.deep.equal((await loaded).stages.map((s) => String(s.reached)));
    expect(el.query).to.deep.equal({ source: 'ads' });
  });

  it('loads from the adapter of an enclosing ll-provider and refreshes when feedback arrives', async () => {
    const adapter = new MemoryAdapter({ leads: makeLeads([10, 5, 0, 0, 0, 0]), clock: () => NOW });
    const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-funnel-chart lang="en"></ll-funnel-chart></ll-provider>`);
    const el = provider.querySelector('ll-funnel-chart')!;
    await settle(el);
    await expect(el).to.be.accessible();
    const followUp = () => el.shadowRoot!.querySelector('[part=stats]')!.textContent!;
    const before = (await adapter.getFunnel()).followUp.rate!;
    expect(followUp()).to.contain(`${Math.round(before * 100)}%`);
    const untouched = adapter.listLeads().find((l) => l.stage === 'mql' && !l.firstTouchAt)!;
    await adapter.submitFeedback({ leadId: untouched.id, outcome: 'attempted', by: 'rep' }, { idempotencyKey: 'k1' });
    await aTimeout(10);
    await settle(el);
    const after = (await adapter.getFunnel()).followUp.rate!;
    expect(after).to.be.greaterThan(before);
    expect(followUp()).to.contain(`${Math.round(after * 100)}%`);
  });

  it('shows loading, then an error with a retry that works', async () => {
    let fail = true;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter = {
      async getFunnel() {
        await gate;
        if (fail) throw new LeadLoopError('unavailable', 'Server down');
        return report;
      },
    } as unknown as LeadLoopAdapter;
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart .adapter=${adapter}></ll-funnel-chart>`);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.contain('Loading');
    await expect(el).to.be.accessible();
    const failed = oneEvent(el, 'llfunnelerror');
    release();
    expect((await failed).detail.error.code).to.equal('unavailable');
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('could not be loaded').and.contain('Server down');
    await expect(el).to.be.accessible();
    fail = false;
    const loaded = oneEvent(el, 'llfunnelload');
    alert.querySelector('button')!.click();
    await loaded;
    await settle(el);
    expect(stages(el)).to.have.length(6);
  });

  it('says when there is nothing to show', async () => {
    const none = await fixture<LlFunnelChart>(html`<ll-funnel-chart></ll-funnel-chart>`);
    expect(none.shadowRoot!.textContent).to.contain('No funnel data to show');
    await expect(none).to.be.accessible();
    const empty = await fixture<LlFunnelChart>(html`<ll-funnel-chart .report=${computeFunnel([])}></ll-funnel-chart>`);
    expect(empty.shadowRoot!.textContent).to.contain('No leads in this period');
    await expect(empty).to.be.accessible();
  });

  it('moves between stages with the arrow keys and selects with Enter and Space', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart .report=${report}></ll-funnel-chart>`);
    const tabStops = () => stages(el).filter((g) => g.getAttribute('tabindex') === '0');
    expect(tabStops()).to.have.length(1);
    stages(el)[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(stages(el)[1]);
    expect(tabStops()).to.deep.equal([stages(el)[1]]);
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(stages(el)[5]);
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    let selected = oneEvent(el, 'llstageselect');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.stage.id).to.equal('opportunity');
    await el.updateComplete;
    expect(el.selectedStage).to.equal('opportunity');
    expect(stages(el)[4]!.getAttribute('aria-pressed')).to.equal('true');
    await sendKeys({ press: 'Home' });
    selected = oneEvent(el, 'llstageselect');
    await sendKeys({ press: ' ' });
    expect((await selected).detail).to.include({ index: 0 });
    await expect(el).to.be.accessible();
  });

  it('selects a stage on click unless a listener cancels it', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart .report=${report}></ll-funnel-chart>`);
    const selected = oneEvent(el, 'llstageselect');
    stages(el)[2]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect((await selected).detail.stage.id).to.equal('sal');
    expect(el.selectedStage).to.equal('sal');
    el.addEventListener('llstageselect', (e) => e.preventDefault(), { once: true });
    stages(el)[3]!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.selectedStage).to.equal('sal');
  });

  it('shows a tooltip on hover and on focus, and hides it with Escape', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="en" .report=${report} .comparison=${comparison}></ll-funnel-chart>`);
    stages(el)[3]!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    let tip = el.shadowRoot!.querySelector('[role=tooltip]')!;
    expect(tip.textContent).to.contain('Sales Qualified').and.contain(`Reached: ${report.stages[3]!.reached}`).and.contain(`At this stage now: ${report.stages[3]!.current}`);
    await expect(el).to.be.accessible();
    stages(el)[3]!.dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=tooltip]')).to.equal(null);
    stages(el)[0]!.focus();
    await el.updateComplete;
    tip = el.shadowRoot!.querySelector('[role=tooltip]')!;
    expect(tip.textContent).to.contain('Inquiry').and.contain(`Comparison: ${comparison.stages[0]!.reached}`);
    // Its rules load with its code: it floats over the chart.
    expect(getComputedStyle(tip).position).to.equal('absolute');
    const box = tip.getBoundingClientRect();
    const host = el.getBoundingClientRect();
    expect(box.left).to.be.at.least(host.left);
    expect(box.right).to.be.at.most(host.right);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=tooltip]')).to.equal(null);
  });

  it('paints the chart first and the screen-reader table right after, which updateComplete waits for', async () => {
    const el = document.createElement('ll-funnel-chart') as LlFunnelChart;
    el.report = report;
    document.body.append(el);
    try {
      // A frame's animation callbacks run before it is painted: the chart is drawn, the table not yet.
      await new Promise(requestAnimationFrame);
      expect(stages(el)).to.have.length(6);
      expect(el.shadowRoot!.querySelector('[part=summary]')!.textContent).to.contain('leads entered at');
      const wrap = el.shadowRoot!.querySelector('#table')!;
      expect(wrap.classList.contains('visually-hidden')).to.equal(true);
      expect(wrap.querySelector('table')).to.equal(null);
      await el.updateComplete;
      expect(tableRows(el)).to.have.length(6);
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('draws a table shown from the start in the first frame', async () => {
    const el = document.createElement('ll-funnel-chart') as LlFunnelChart;
    el.report = report;
    el.showTable = true;
    document.body.append(el);
    try {
      await new Promise(requestAnimationFrame);
      expect(tableRows(el)).to.have.length(6);
    } finally {
      el.remove();
    }
  });

  it('shows the table on screen with the toggle', async () => {
    const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart .report=${report}></ll-funnel-chart>`);
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=toggle]')!;
    const wrap = el.shadowRoot!.querySelector('#table')!;
    expect(wrap.classList.contains('visually-hidden')).to.equal(true);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(wrap.classList.contains('visually-hidden')).to.equal(false);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(el.hasAttribute('show-table')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  for (const variant of ['bars', 'funnel'] as const) {
    it(`never overlaps or clips a label from 280 to 1600 px (${variant})`, async () => {
      const long = computeFunnel(leads, { sla: DEFAULT_SLA, now: NOW, waterfall: {
        stages: STAGES.map((id) => ({ id, label: id === 'sql' ? 'Sales Qualified Lead (accepted by an account executive)' : id })),
        handoffStage: 'mql',
        exits: [{ kind: 'disqualified', label: 'Disqualified' }, { kind: 'recycled', label: 'Recycled' }, { kind: 'lost', label: 'Lost' }],
      } });
      const wrapper = await fixture<HTMLDivElement>(html`<div><ll-funnel-chart variant=${variant} .report=${long} .comparison=${comparison}></ll-funnel-chart></div>`);
      const el = wrapper.querySelector('ll-funnel-chart')!;
      for (const width of [280, 320, 400, 560, 640, 800, 1024, 1280, 1600]) {
        wrapper.style.width = `${width}px`;
        const inner = () => {
          const cs = getComputedStyle(el);
          const edges = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'] as const;
          return Math.round(el.getBoundingClientRect().width - edges.reduce((n, k) => n + parseFloat(cs[k]), 0));
        };
        await until(() => el.shadowRoot!.querySelector('svg')!.viewBox.baseVal.width === Math.max(240, inner()), `laid out at ${width}px`);
        await el.updateComplete;
        const svgEl = el.shadowRoot!.querySelector('svg')!;
        const box = svgEl.getBoundingClientRect();
        const texts = [...svgEl.querySelectorAll('text')].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
        expect(texts.length).to.be.greaterThan(12);
        for (const { text, r } of texts) {
          expect(r.left, `${text} at ${width}px`).to.be.at.least(box.left - 0.5);
          expect(r.right, `${text} at ${width}px`).to.be.at.most(box.right + 0.5);
        }
        for (let a = 0; a < texts.length; a++) {
          for (let b = a + 1; b < texts.length; b++) {
            const p = texts[a]!.r;
            const q = texts[b]!.r;
            const overlap = Math.min(p.right, q.right) - Math.max(p.left, q.left) > 0.5 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 0.5;
            expect(overlap, `"${texts[a]!.text}" and "${texts[b]!.text}" at ${width}px`).to.equal(false);
          }
        }
        // A count drawn on its bar must fit inside it.
        for (const g of stages(el)) {
          const value = g.querySelector('text.value.on-bar');
          if (!value) continue;
          const bar = g.querySelector('rect.bar')!.getBoundingClientRect();
          const v = value.getBoundingClientRect();
          expect(v.left).to.be.at.least(bar.left);
          expect(v.right).to.be.at.most(bar.right);
        }
      }
      await expect(el).to.be.accessible();
    });
  }

  it('speaks German, numbers included', async () => {
    await setLocale('de');
    try {
      const el = await fixture<LlFunnelChart>(html`<ll-funnel-chart lang="de" .report=${report}></ll-funnel-chart>`);
      expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Lead-Trichter');
      // German puts a no-break space between a number and its percent sign.
      const sal = [...stages(el)[2]!.querySelectorAll('text.small')].map((t) => t.textContent!.replace(/[\u00a0\u202f]/g, ' ')).join(' ');
      expect(sal).to.contain(`${Math.round(report.stages[2]!.fromPrevious! * 100)} % der vorigen Stufe`);
      expect(el.shadowRoot!.querySelector('[part=summary]')!.textContent).to.contain('Der Vertrieb hat');
      await expect(el).to.be.accessible();
    } finally {
      await setLocale('en');
    }
  });

  it('lays text boxes out from its own measure, keeping each inside the width', async () => {
    const { layoutFunnel } = await import('./funnel-layout.js');
    const layout = layoutFunnel({
      width: 300,
      fontSize: 14,
      variant: 'bars',
      measure: (text) => text.length * 8,
      rows: [{ name: 'A very long stage name that must wrap onto lines', value: '1,000,000', rates: ['100% of first'], fraction: 1 }, { name: 'B', value: '1', rates: ['0% of previous', '0% of first'], fraction: 0, drop: '↓ 999,999 dropped (100%)' }],
    });
    const all = layout.rows.flatMap((r) => [...r.texts, ...r.gapTexts]);
    for (const t of all) {
      const [start, end] = textSpan(t);
      expect(start).to.be.at.least(0);
      expect(end).to.be.at.most(300);
    }
    expect(layout.wide).to.equal(false);
  });
});
