import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { computeFunnel, DEFAULT_SLA, type Lead } from '@leadloop/core';
import { textSpan } from './funnel-layout.js';
import { setLocale } from '../../internal/localization.js';
import '../provider/provider.js';
import './funnel-chart.js';
import { LlFunnelChart } from './funnel-chart.component.js';
import { NOW, STAGES, leads, report, comparison, stages, tableRows, until } from './funnel-chart.test.fixtures.js';

describe('ll-funnel-chart', () => {
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
