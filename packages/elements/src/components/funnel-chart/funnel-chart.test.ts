import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { computeFunnel, DEFAULT_SLA, LeadLoopError, MemoryAdapter, type FunnelReport, type Lead, type LeadLoopAdapter } from '@leadloop/core';
import '../provider/provider.js';
import './funnel-chart.js';
import { LlFunnelChart } from './funnel-chart.component.js';
import { NOW, makeLeads, leads, report, comparison, stages, tableRows, buttonNames, settle } from './funnel-chart.test.fixtures.js';

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

  it('keeps the funnel on screen, never "Loading…" again, when the reasons or the definition change', async () => {
    const adapter = new MemoryAdapter({ leads: makeLeads([10, 5, 2, 0, 0, 0]), clock: () => NOW });
    const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-funnel-chart lang="en"></ll-funnel-chart></ll-provider>`);
    const el = provider.querySelector('ll-funnel-chart')!;
    await settle(el);
    const seen: string[] = [];
    const watch = new MutationObserver(() => seen.push(el.shadowRoot!.textContent!.includes('Loading') ? 'loading' : el.shadowRoot!.querySelector('svg') ? 'chart' : 'other'));
    watch.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    await adapter.saveReasons((await adapter.getConfig()).reasons.map((r) => (r.id === 'poor-fit' ? { ...r, label: 'Not our kind of company' } : r)));
    const definition = await adapter.getDefinition();
    await adapter.saveDefinition(definition);
    await aTimeout(50);
    await settle(el);
    watch.disconnect();
    expect(seen.filter((s) => s !== 'chart'), 'never replaced by a loading line').to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('svg')).to.not.equal(null);
    // …and the exits already speak of the reason by its new label.
    expect(el.shadowRoot!.querySelector('[part=exits]')!.textContent).to.contain('Not our kind of company');
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
});
