import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { computeFunnel, MemoryAdapter, observedRates, planFunnel, type FunnelReport, type Lead } from '@leadloop/core';
import { parseLocaleNumber } from '../../internal/parse-number.js';
import { setLocale } from '../../internal/localization.js';
import '../provider/provider.js';
import './funnel-planner.js';
import type { LlFunnelPlanner, PlanChangeDetail } from './funnel-planner.component.js';

const STAGES = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'];

/** Leads over three months: `counts[i]` stop at stage i. */
function makeLeads(counts: number[]): Lead[] {
  const leads: Lead[] = [];
  counts.forEach((n, s) => {
    for (let k = 0; k < n; k++) {
      const createdAt = `2026-0${1 + (k % 3)}-1${k % 9}T10:00:00Z`;
      leads.push({ id: `l-${s}-${k}`, createdAt, stage: STAGES[s]!, ...(s >= 1 ? { handedOffAt: createdAt } : {}) });
    }
  });
  return leads;
}

// Reached: 600, 300, 210, 105, 45, 15 over 3 months.
const leads = makeLeads([300, 90, 105, 60, 30, 15]);
const report = computeFunnel(leads);

const cellsOf = (el: LlFunnelPlanner) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));
const input = (el: LlFunnelPlanner, id: string) => el.shadowRoot!.getElementById(id) as HTMLInputElement;
const issueOf = (el: LlFunnelPlanner, id: string) => {
  const describedBy = input(el, id).getAttribute('aria-describedby') ?? '';
  return describedBy.split(' ').map((ref) => el.shadowRoot!.getElementById(ref)).find((n) => n?.classList.contains('issue'))?.textContent?.trim();
};

async function type(el: LlFunnelPlanner, id: string, text: string) {
  const field = input(el, id);
  field.focus();
  field.select();
  if (text === '') await sendKeys({ press: 'Backspace' });
  else await sendKeys({ type: text });
  await el.updateComplete;
}

async function settle(el: LlFunnelPlanner) {
  for (let i = 0; i < 5; i++) {
    await aTimeout(0);
    await el.updateComplete;
  }
}

describe('ll-funnel-planner', () => {
  it('prefills the rates from the actual funnel and shows what planFunnel needs, per month, beside the pace', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<div style="width: 900px">
      <ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" period="quarter" pace-months="3" .report=${report}></ll-funnel-planner>
    </div>`).then((d) => d.querySelector('ll-funnel-planner')!);
    // The planning code arrives on demand; updateComplete includes it.
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const observed = observedRates(report);
    expect(input(el, 'rate-inquiry').value).to.equal('50');
    expect(input(el, 'rate-mql').value).to.equal('70');
    // The plan uses the rates as shown (one decimal), so a reader can redo the sums.
    const shown = Object.fromEntries(Object.entries(observed).map(([id, rate]) => [id, Number(input(el, `rate-${id}`).value) / 100]));
    expect(shown.sal).to.be.closeTo(observed.sal!, 0.0005);
    const plan = planFunnel({ revenueGoal: 300_000, averageDealSize: 10_000, rates: shown });
    const rows = cellsOf(el);
    plan.stages.forEach((stage, i) => {
      const perMonth = Math.ceil(stage.required / 3);
      const actual = report.stages[i]!.reached / 3;
      expect(rows[i]![0]).to.equal(report.stages[i]!.label);
      expect(rows[i]![2]).to.equal(stage.required.toLocaleString('en'));
      expect(rows[i]![3]).to.equal(perMonth.toLocaleString('en'));
      expect(rows[i]![4]).to.equal(actual.toLocaleString('en', { maximumFractionDigits: actual < 10 ? 1 : 0 }));
      expect(rows[i]![5]).to.equal(actual < perMonth ? `${Math.ceil(perMonth - actual)} short` : `on pace, +${Math.floor(actual - perMonth)}`);
    });
    // 30 deals a quarter = 10 a month; the funnel wins 5 a month: short everywhere, first at Inquiry.
    const verdict = el.shadowRoot!.querySelector('[part=verdict]')!.textContent!.replace(/\s+/g, ' ');
    const inquiry = Math.ceil(plan.stages[0]!.required / 3);
    expect(verdict).to.contain('you need 30 deals').and.contain(`The pace falls short first at Inquiry: 200 a month against ${inquiry} needed.`);
    expect(verdict).to.contain('Also short: Marketing Qualified, Sales Accepted');
  });

  it('recomputes as the user types and reports each valid plan', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" .report=${report}></ll-funnel-planner>`);
    const plans: PlanChangeDetail[] = [];
    el.addEventListener('llplanchange', (e) => plans.push((e as CustomEvent<PlanChangeDetail>).detail));
    await type(el, 'goal', '60000');
    await el.updateComplete;
    const detail = plans.at(-1)!;
    expect(detail.revenueGoal).to.equal(60_000);
    expect(detail.plan).to.deep.equal(planFunnel({ revenueGoal: 60_000, averageDealSize: 10_000, rates: detail.rates }));
    expect(detail.rows[5]!.required).to.equal(6);
    await type(el, 'rate-opportunity', '50');
    expect(cellsOf(el)[4]![2]).to.equal('12');
    await expect(el).to.be.accessible();
  });

  it('explains bad input beside each field and names it for screen readers', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" .report=${report}></ll-funnel-planner>`);
    await type(el, 'deal', '');
    input(el, 'deal').blur();
    await el.updateComplete;
    expect(issueOf(el, 'deal')).to.equal('Enter an amount.');
    expect(input(el, 'deal').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    await type(el, 'deal', '0');
    expect(issueOf(el, 'deal')).to.equal('Enter a deal size above 0.');
    await type(el, 'deal', 'lots');
    expect(issueOf(el, 'deal')).to.equal('Enter a number.');
    await type(el, 'deal', '10000');
    expect(issueOf(el, 'deal')).to.equal(undefined);

    await type(el, 'rate-sal', '150');
    expect(issueOf(el, 'rate-sal')).to.equal('Enter a rate above 0 % and at most 100 %.');
    await type(el, 'goal', '-5');
    expect(issueOf(el, 'goal')).to.equal('Enter a goal of 0 or more.');
    // No plan while the input is wrong: the table shows dashes, not stale numbers.
    expect(cellsOf(el)[0]![2]).to.equal('—');
    expect(el.shadowRoot!.querySelector('[part=verdict]')).to.equal(null);
    await expect(el).to.be.accessible();

    await type(el, 'goal', '1000000000000000');
    await type(el, 'rate-sal', '0.0001');
    expect(issueOf(el, 'goal')).to.contain('more leads than can be counted');
  });

  it('reads numbers the way the reader writes them', async () => {
    expect(parseLocaleNumber('1,250,000.5', 'en')).to.equal(1_250_000.5);
    expect(parseLocaleNumber('1.250.000,5', 'de')).to.equal(1_250_000.5);
    expect(parseLocaleNumber('12,5', 'de')).to.equal(12.5);
    expect(parseLocaleNumber(' 40 000 ', 'fr')).to.equal(40_000);
    expect(parseLocaleNumber('', 'en')).to.be.NaN;
    expect(parseLocaleNumber('12abc', 'en')).to.be.NaN;
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="de" average-deal-size="10000" .report=${report}></ll-funnel-planner>`);
    await type(el, 'goal', '1.200.000');
    expect(issueOf(el, 'goal')).to.equal(undefined);
    expect(el.compute().input!.revenueGoal).to.equal(1_200_000);
    expect(input(el, 'rate-inquiry').value).to.equal('50');
  });

  it('works without any actual funnel: the waterfall, empty rates, no errors until touched', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="100000" average-deal-size="5000"></ll-funnel-planner>`);
    await expect(el).to.be.accessible();
    expect(cellsOf(el).map((r) => r[0])).to.deep.equal(['Inquiry', 'Marketing Qualified', 'Sales Accepted', 'Sales Qualified', 'Opportunity', 'Won']);
    expect(el.shadowRoot!.querySelectorAll('.issue')).to.have.length(0);
    expect(el.shadowRoot!.textContent).to.contain('Give the planner an adapter or a funnel report');
    input(el, 'rate-inquiry').focus();
    input(el, 'rate-inquiry').blur();
    await el.updateComplete;
    expect(issueOf(el, 'rate-inquiry')).to.equal('Enter a rate.');
    el.rates = { inquiry: 0.5, mql: 0.5, sal: 0.5, sql: 0.5, opportunity: 0.5 };
    await el.updateComplete;
    expect(cellsOf(el)[0]![2]).to.equal(String(20 * 32));
    expect(cellsOf(el)[0]![4]).to.equal('—');
    await expect(el).to.be.accessible();
  });

  it('says why there is no plan when a stage converted no lead, and plans once its rate is typed', async () => {
    const noWins = computeFunnel(makeLeads([300, 90, 105, 60, 30, 0]));
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" pace-months="3" .report=${noWins}></ll-funnel-planner>`);
    await settle(el);
    expect(input(el, 'rate-opportunity').value).to.equal('');
    expect(el.shadowRoot!.querySelector('.status')?.textContent).to.contain('a stage that converted no lead in the period has no rate to prefill');
    await expect(el).to.be.accessible();
    await type(el, 'rate-opportunity', '20');
    await settle(el);
    expect(el.shadowRoot!.querySelector('.status')).to.equal(null);
    expect(cellsOf(el)[5]![2]).to.equal('30');
  });

  it('takes rates and the report as JSON attributes set before the element was defined', async () => {
    const el = document.createElement('ll-funnel-planner-late') as LlFunnelPlanner;
    el.setAttribute('revenue-goal', '100000');
    el.setAttribute('average-deal-size', '5000');
    el.setAttribute('rates', JSON.stringify({ inquiry: 0.25 }));
    el.setAttribute('report', JSON.stringify(report));
    document.body.append(el);
    const { LlFunnelPlanner } = await import('./funnel-planner.component.js');
    customElements.define('ll-funnel-planner-late', class extends LlFunnelPlanner {});
    await el.updateComplete;
    expect(input(el, 'rate-inquiry').value).to.equal('25');
    expect(input(el, 'rate-mql').value).to.equal('70');
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('loads the actual funnel from the adapter of a provider, for the from/to window', async () => {
    const adapter = new MemoryAdapter({ leads });
    const provider = await fixture(html`<ll-provider .adapter=${adapter}>
      <ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" period="month" from="2026-01-01" to="2026-03-31"></ll-funnel-planner>
    </ll-provider>`);
    const el = provider.querySelector('ll-funnel-planner')!;
    await settle(el);
    await expect(el).to.be.accessible();
    expect(input(el, 'rate-inquiry').value).to.equal('50');
    // Jan 1 – Mar 31 is 90 days: 2.96 months of pace.
    expect(el.shadowRoot!.textContent).to.contain('Actual pace over 3 months');
    expect(cellsOf(el)[0]![4]).to.equal(Math.round(600 / (90 / 30.436875)).toLocaleString('en'));
    expect(el.shadowRoot!.querySelector('[part=verdict]')!.textContent).to.contain('The pace falls short first at');
  });

  it('does not compare with a pace when the months the actual funnel covers are unknown', async () => {
    // 15 deals won in three months, goal 3 a month: taken as one month's pace, this read "on pace".
    const adapter = new MemoryAdapter({ leads });
    const plans: PlanChangeDetail[] = [];
    const provider = await fixture(html`<ll-provider .adapter=${adapter} @llplanchange=${(e: CustomEvent<PlanChangeDetail>) => plans.push(e.detail)}>
      <ll-funnel-planner lang="en" revenue-goal="30000" average-deal-size="10000" period="month"></ll-funnel-planner>
      <ll-funnel-planner lang="en" revenue-goal="30000" average-deal-size="10000" period="month" .report=${report}></ll-funnel-planner>
    </ll-provider>`);
    for (const el of provider.querySelectorAll('ll-funnel-planner')) {
      await settle(el);
      await expect(el).to.be.accessible();
      // The rates still come from the actual funnel; the plan is shown…
      expect(input(el, 'rate-inquiry').value).to.equal('50');
      expect(cellsOf(el)[5]![3]).to.equal('3');
      // …but no pace, no verdict on it, and no invented month.
      const verdict = el.shadowRoot!.querySelector('[part=verdict]')!.textContent!.replace(/\s+/g, ' ');
      expect(verdict).to.contain('you need 3 deals').and.contain('The actual pace needs a period (from and to, or pace-months) to be compared.');
      expect(verdict).to.not.match(/on pace|meets the plan|falls short/);
      expect(cellsOf(el).map((r) => [r[4], r[5]])).to.deep.equal(Array(6).fill(['—', '—']));
      expect(el.shadowRoot!.textContent).to.not.contain('on pace').and.not.contain('Actual pace over');
    }
    expect(plans.length).to.be.greaterThan(0);
    for (const plan of plans) expect(plan.rows.map((r) => [r.actualPerMonth, r.gap])).to.deep.equal(Array(6).fill([null, null]));
    // Given the months, the same report is compared: 15 deals in 3 months is 5 a month, on pace for 3.
    const el = provider.querySelectorAll('ll-funnel-planner')[1]!;
    el.paceMonths = 3;
    await el.updateComplete;
    expect(cellsOf(el)[5]!.slice(4)).to.deep.equal(['5', 'on pace, +2']);
    expect(el.shadowRoot!.textContent).to.contain('Actual pace over 3 months.').and.not.contain('needs a period');
  });

  it('uses pace-months and says "1 month" in the singular', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="30000" average-deal-size="10000" period="month" pace-months="1" .report=${report}></ll-funnel-planner>`);
    expect(el.shadowRoot!.textContent).to.contain('Actual pace over 1 month.');
    expect(cellsOf(el)[5]!.slice(4)).to.deep.equal(['15', 'on pace, +12']);
    el.paceMonths = 2.5;
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Actual pace over 2.5 months.');
    expect(cellsOf(el)[5]![4]).to.equal('6');
    await setLocale('de');
    try {
      el.paceMonths = 1;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain('Tatsächliches Tempo über 1 Monat.');
      el.paceMonths = 3;
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.contain('Tatsächliches Tempo über 3 Monate.');
    } finally {
      await setLocale('en');
    }
  });

  it('switches period, and resets edited rates to the actual ones', async () => {
    const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="en" revenue-goal="120000" average-deal-size="10000" period="year" .report=${report}></ll-funnel-planner>`);
    expect(el.shadowRoot!.querySelector('thead')!.textContent).to.contain('Needed per year');
    expect(cellsOf(el)[5]![3]).to.equal('1');
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#period')!;
    select.value = 'month';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(cellsOf(el)[5]![3]).to.equal('12');
    await type(el, 'rate-inquiry', '90');
    const reset = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('actual rates'))!;
    reset.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(input(el, 'rate-inquiry').value).to.equal('50');
  });

  it('explains itself in German', async () => {
    await setLocale('de');
    try {
      const el = await fixture<LlFunnelPlanner>(html`<ll-funnel-planner lang="de" revenue-goal="300000" average-deal-size="10000" period="quarter" pace-months="3" .report=${report}></ll-funnel-planner>`);
      expect(el.shadowRoot!.querySelector('label[for=goal]')!.textContent).to.equal('Umsatzziel pro Quartal');
      expect(el.shadowRoot!.querySelector('[part=verdict]')!.textContent).to.contain('brauchen Sie 30 Abschlüsse').and.contain('Das Tempo reicht zuerst auf der Stufe Inquiry nicht');
      await type(el, 'deal', '0');
      expect(issueOf(el, 'deal')).to.equal('Bitte eine Auftragsgröße über 0 eingeben.');
      await expect(el).to.be.accessible();
    } finally {
      await setLocale('en');
    }
  });

  it('becomes a list of stage cards on a phone', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 320px"><ll-funnel-planner lang="en" revenue-goal="300000" average-deal-size="10000" .report=${report as FunnelReport}></ll-funnel-planner></div>`);
    const el = wrapper.querySelector('ll-funnel-planner')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    const cards = [...el.shadowRoot!.querySelectorAll('.cards li')];
    expect(cards).to.have.length(6);
    expect(cards[0]!.querySelector('h3')!.textContent).to.equal('Inquiry');
    expect(cards[0]!.querySelector('input')!.value).to.equal('50');
    await expect(el).to.be.accessible();
  });
});
