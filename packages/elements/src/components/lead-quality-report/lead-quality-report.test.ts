import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { LeadLoopError, MemoryAdapter, summarizeFeedback, type Feedback, type FeedbackGroup, type FeedbackSummary, type Lead, type LeadLoopAdapter } from '@leadloop/core';
import { csvCell, csvFromRows } from '../../internal/csv.js';
import { setLocale } from '../../internal/localization.js';
import '../provider/provider.js';
import './lead-quality-report.js';
import type { LlLeadQualityReport } from './lead-quality-report.component.js';

const NOW = new Date('2026-04-01T00:00:00Z');

/** Leads in three campaigns over two months, with feedback of every outcome. */
function dataset(): { leads: Lead[]; feedback: Feedback[] } {
  const leads: Lead[] = [];
  const feedback: Feedback[] = [];
  const plan: [string, string, number][] = [['spring', 'webinar', 12], ['fall', 'ads', 7], ['=HYPERLINK("http://x")', 'ads', 3]];
  let n = 0;
  for (const [campaign, source, count] of plan) {
    for (let k = 0; k < count; k++) {
      const id = `L${n++}`;
      const createdAt = `2026-0${1 + (k % 2)}-1${k % 9}T10:00:00Z`;
      const handed = k % 4 !== 3;
      const lead: Lead = { id, campaign, source, owner: k % 2 ? 'ann' : 'bob', createdAt, stage: handed ? 'mql' : 'inquiry', ...(handed ? { handedOffAt: createdAt } : {}) };
      if (handed && k % 3 !== 2) {
        lead.firstTouchAt = createdAt.replace('10:00', '10:04');
        const outcome = k % 3 === 0 ? 'accepted' : k % 2 ? 'rejected' : 'recycled';
        feedback.push({ id: `F${id}`, leadId: id, outcome, ...(outcome === 'accepted' ? {} : { reason: k % 2 ? 'poor-fit' : 'bad-timing' }), rating: 1 + (k % 5), by: 'rep', at: lead.firstTouchAt });
      }
      leads.push(lead);
    }
  }
  return { leads, feedback };
}

const { leads, feedback } = dataset();
const byCampaign = summarizeFeedback(leads, feedback, { groupBy: 'campaign' });

/** Fifteen campaigns, each with three reasons and six months: the demo's review on a phone. */
const MONTHS = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];
const fifteen: FeedbackSummary = {
  groups: Array.from({ length: 15 }, (_, i): FeedbackGroup => ({
    key: `Campaign ${String(i + 1).padStart(2, '0')} webinar`,
    leads: 400 - i * 20, feedback: 200, accepted: 120 - i, rejected: 50 + i, recycled: 30, handedOff: 300 - i, touched: 250 - i,
    followUpRate: (250 - i) / (300 - i), meanRating: 3 + i / 10,
    reasons: [{ reason: 'no-budget', count: 22 }, { reason: 'poor-fit', count: 15 }, { reason: 'bad-timing', count: 9 }],
    trend: MONTHS.map((month, m) => ({ month, leads: 40 + m * 5, feedback: 20, accepted: 10 + m, rejected: 5, recycled: 3 })),
  })),
};

const rows = (el: LlLeadQualityReport) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));
const header = (el: LlLeadQualityReport, text: string) =>
  [...el.shadowRoot!.querySelectorAll('thead th')].find((th) => th.textContent!.includes(text))!;

async function settle(el: LlLeadQualityReport) {
  for (let i = 0; i < 5; i++) {
    await aTimeout(0);
    await el.updateComplete;
  }
}

describe('ll-lead-quality-report', () => {
  // The table needs about 850 px; below 820 px the report shows cards (tested on its own below).
  before(() => setViewport({ width: 1280, height: 900 }));

  it('shows each group with the figures summarizeFeedback gives', async () => {
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report lang="en" .summary=${byCampaign}></ll-lead-quality-report>`);
    await expect(el).to.be.accessible();
    const shown = rows(el);
    expect(shown).to.have.length(byCampaign.groups.length);
    for (const group of byCampaign.groups) {
      const row = shown.find((r) => r[0] === group.key)!;
      expect(row.slice(1, 8)).to.deep.equal([
        String(group.leads), String(group.handedOff), `${Math.round(group.followUpRate! * 100)}%`,
        String(group.accepted), String(group.rejected), String(group.recycled), group.meanRating!.toFixed(1),
      ]);
      if (group.reasons[0]) expect(row[8]).to.contain(`${group.reasons[0].reason === 'poor-fit' ? 'Poor fit' : 'Bad timing'} ${group.reasons[0].count}`);
      expect(row[9]).to.contain('Jan 2026').and.contain('leads');
    }
    // Sorted by leads, most first.
    expect(shown.map((r) => Number(r[1]))).to.deep.equal([12, 7, 3]);
    expect(header(el, 'Leads').getAttribute('aria-sort')).to.equal('descending');
  });

  it('sorts by any figure column with the mouse and the keyboard', async () => {
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report lang="en" .summary=${byCampaign}></ll-lead-quality-report>`);
    const sorted = oneEvent(el, 'llsortchange');
    header(el, 'Campaign').querySelector('button')!.click();
    expect((await sorted).detail).to.deep.equal({ sortBy: 'key', sortDirection: 'ascending' });
    await el.updateComplete;
    expect(rows(el).map((r) => r[0])).to.deep.equal(['=HYPERLINK("http://x")', 'fall', 'spring']);
    expect(header(el, 'Campaign').getAttribute('aria-sort')).to.equal('ascending');
    expect(header(el, 'Leads').hasAttribute('aria-sort')).to.equal(false);

    header(el, 'Rejected').querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const rejected = rows(el).map((r) => Number(r[5]));
    expect(rejected).to.deep.equal([...rejected].sort((a, b) => b - a));
    expect(header(el, 'Rejected').getAttribute('aria-sort')).to.equal('descending');
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(header(el, 'Rejected').getAttribute('aria-sort')).to.equal('ascending');
    expect(rows(el).map((r) => Number(r[5]))).to.deep.equal([...rejected].reverse());
    await expect(el).to.be.accessible();
  });

  it('says each sort of the table in a status, as the cards do, and names the table', async () => {
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report lang="en" .summary=${byCampaign}></ll-lead-quality-report>`);
    const root = el.shadowRoot!;
    const table = root.querySelector('table')!;
    const idText = (attr: string) => root.getElementById(table.getAttribute(attr) ?? '')?.textContent?.trim();
    expect(idText('aria-labelledby')).to.equal('Lead quality by campaign');
    const status = root.querySelector('[role=status]')!;
    // Not on screen over the table (its arrows say it), but there for a screen reader, and the table's description.
    expect(status.classList.contains('visually-hidden')).to.equal(true);
    expect(status.textContent).to.equal('Sorted by Leads, descending');
    expect(idText('aria-describedby')).to.equal('Sorted by Leads, descending');
    const heard: string[] = [];
    new MutationObserver(() => heard.push(status.textContent!)).observe(status, { subtree: true, childList: true, characterData: true });
    const leads = header(el, 'Leads').querySelector('button')!;
    leads.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(root.activeElement).to.equal(leads);
    header(el, 'Mean rating').querySelector('button')!.click();
    await el.updateComplete;
    await aTimeout(0);
    // The same live region, changed in place, so each change is heard.
    expect(root.querySelector('[role=status]')).to.equal(status);
    expect(heard).to.deep.equal(['Sorted by Leads, ascending', 'Sorted by Mean rating, descending']);
    await expect(el).to.be.accessible();
  });

  it('puts groups with nothing to sort by last, whichever the direction', async () => {
    const summary: FeedbackSummary = { groups: [...byCampaign.groups, { ...byCampaign.groups[0]!, key: null, meanRating: null }] };
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report lang="en" sort-by="meanRating" .summary=${summary}></ll-lead-quality-report>`);
    expect(rows(el).at(-1)![0]).to.equal('(not set)');
    el.sortDirection = 'ascending';
    await el.updateComplete;
    expect(rows(el).at(-1)![0]).to.equal('(not set)');
  });

  it('exports the rows on screen as CSV that a spreadsheet cannot run', async () => {
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report lang="en" from="2026-01-01" .summary=${byCampaign}></ll-lead-quality-report>`);
    el.addEventListener('llexport', (e) => e.preventDefault(), { once: true });
    const exported = oneEvent(el, 'llexport');
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=export]')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    const { detail } = await exported;
    expect(detail.filename).to.equal('lead-quality-by-campaign-2026-01-01.csv');
    const lines = (detail.csv as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).to.equal('Campaign,Leads,Handed over,Followed up,Follow-up rate,Accepted,Rejected,Recycled,Mean rating,Top reasons,Leads by month');
    expect(lines).to.have.length(4);
    const spring = byCampaign.groups.find((g) => g.key === 'spring')!;
    expect(lines[1]!.startsWith(`spring,12,${spring.handedOff},${spring.touched},`)).to.equal(true);
    // The formula is written as text: apostrophe first, quoted because of its quotes and comma-free.
    expect(lines[3]!.startsWith(`"'=HYPERLINK(""http://x"")",3,`)).to.equal(true);
  });

  it('escapes every cell that a spreadsheet would read as a formula', () => {
    expect(csvCell('=1+1')).to.equal("'=1+1");
    expect(csvCell('+49 30 1234')).to.equal("'+49 30 1234");
    expect(csvCell('-2')).to.equal("'-2");
    expect(csvCell('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvCell('\tx')).to.equal("'\tx");
    expect(csvCell('a,b')).to.equal('"a,b"');
    expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
    expect(csvCell(-2)).to.equal('-2');
    expect(csvCell(null)).to.equal('');
    expect(csvFromRows([['a', 1], ['b', 2]])).to.equal('\uFEFFa,1\r\nb,2\r\n');
  });

  it('loads from an adapter and regroups from its own control', async () => {
    const adapter = new MemoryAdapter({ leads, feedback, clock: () => NOW });
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report lang="en" .adapter=${adapter}></ll-lead-quality-report>`);
    await settle(el);
    await expect(el).to.be.accessible();
    expect(rows(el).map((r) => r[0]).sort()).to.deep.equal(byCampaign.groups.map((g) => g.key).sort());
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('select')!;
    select.value = 'source';
    const changed = oneEvent(el, 'llgroupbychange');
    select.dispatchEvent(new Event('change'));
    expect((await changed).detail.groupBy).to.equal('source');
    await settle(el);
    const bySource = summarizeFeedback(leads, feedback, { groupBy: 'source' });
    expect(rows(el).map((r) => [r[0], r[1]])).to.deep.equal(bySource.groups.map((g) => [g.key, String(g.leads)]).sort((a, b) => Number(b[1]) - Number(a[1])));
    expect(el.getAttribute('group-by')).to.equal('source');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Lead quality by source');
    await expect(el).to.be.accessible();
  });

  it('loads through an enclosing ll-provider and refreshes when feedback arrives', async () => {
    const adapter = new MemoryAdapter({ leads, feedback, clock: () => NOW });
    const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-lead-quality-report lang="en" group-by="owner"></ll-lead-quality-report></ll-provider>`);
    const el = provider.querySelector('ll-lead-quality-report')!;
    await settle(el);
    const accepted = () => rows(el).reduce((n, r) => n + Number(r[4]), 0);
    const before = accepted();
    expect(before).to.equal(feedback.filter((f) => f.outcome === 'accepted').length);
    const untouched = leads.find((l) => l.stage === 'mql' && !l.firstTouchAt)!;
    await adapter.submitFeedback({ leadId: untouched.id, outcome: 'accepted', by: 'rep' }, { idempotencyKey: 'k-accept' });
    await aTimeout(10);
    await settle(el);
    expect(accepted()).to.equal(before + 1);
  });

  it('shows loading, then an error with a retry', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter = {
      async getFeedbackSummary() {
        calls++;
        await gate;
        if (calls === 1) throw new LeadLoopError('unavailable', 'Server down');
        return byCampaign;
      },
    } as unknown as LeadLoopAdapter;
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report .adapter=${adapter}></ll-lead-quality-report>`);
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.contain('Loading');
    await expect(el).to.be.accessible();
    const failed = oneEvent(el, 'llreporterror');
    release();
    await failed;
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('could not be loaded').and.contain('Server down');
    await expect(el).to.be.accessible();
    alert.querySelector('button')!.click();
    await oneEvent(el, 'llreportload');
    await settle(el);
    expect(rows(el)).to.have.length(3);
  });

  it('takes the summary as a JSON attribute, and says when it cannot be read', async () => {
    const el = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report summary=${JSON.stringify(byCampaign)}></ll-lead-quality-report>`);
    expect(rows(el)).to.have.length(3);
    el.setAttribute('summary', '{"groups": [{"key": "x", "leads": "many"}]}');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('summary.groups.0.leads');
    await expect(el).to.be.accessible();
  });

  it('keeps a summary set before the element was defined', async () => {
    const el = document.createElement('ll-lead-quality-report-late') as LlLeadQualityReport;
    (el as unknown as { summary: FeedbackSummary }).summary = byCampaign;
    el.setAttribute('group-by', 'campaign');
    document.body.append(el);
    const { LlLeadQualityReport } = await import('./lead-quality-report.component.js');
    customElements.define('ll-lead-quality-report-late', class extends LlLeadQualityReport {});
    await el.updateComplete;
    expect(rows(el)).to.have.length(3);
    el.remove();
  });

  it('turns into cards on a narrow screen, sortable from a select', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 340px"><ll-lead-quality-report lang="en" .summary=${byCampaign}></ll-lead-quality-report></div>`);
    const el = wrapper.querySelector('ll-lead-quality-report')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('table')).to.equal(null);
    const cards = () => [...el.shadowRoot!.querySelectorAll('.cards li')];
    expect(cards().map((c) => c.querySelector('h3')!.textContent)).to.deep.equal(['spring', 'fall', '=HYPERLINK("http://x")']);
    const spring = byCampaign.groups.find((g) => g.key === 'spring')!;
    expect(cards()[0]!.textContent!.replace(/\s+/g, ' ')).to.contain(`Rejected${spring.rejected}`).and.contain('Follow-up rate');
    await expect(el).to.be.accessible();
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#sort')!;
    select.value = 'key';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const direction = el.shadowRoot!.querySelector<HTMLButtonElement>('.direction')!;
    direction.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(direction.textContent).to.equal('Sort descending');
    expect(cards().map((c) => c.querySelector('h3')!.textContent)).to.deep.equal(['=HYPERLINK("http://x")', 'fall', 'spring']);
    wrapper.style.width = '900px';
    // The resize reaches the element in a later frame.
    for (let frame = 0; frame < 300 && !el.shadowRoot!.querySelector('table'); frame++) await new Promise((r) => requestAnimationFrame(r));
    expect(el.shadowRoot!.querySelector('table')).not.to.equal(null);
  });

  it('says on a phone which way the cards are sorted, and names the other way on its button', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 340px"><ll-lead-quality-report lang="en" .summary=${byCampaign}></ll-lead-quality-report></div>`);
    const el = wrapper.querySelector('ll-lead-quality-report')!;
    await el.updateComplete;
    const sorted = () => el.shadowRoot!.querySelector('.sorted')!;
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('.direction')!;
    const names = () => [...el.shadowRoot!.querySelectorAll('.cards h3')].map((h) => h.textContent);
    expect(sorted().getAttribute('role')).to.equal('status');
    expect(sorted().textContent).to.equal('Sorted by Leads, descending');
    // An action, not a state: no aria-pressed on a button whose name changes.
    expect(button.textContent).to.equal('Sort ascending');
    expect(button.hasAttribute('aria-pressed')).to.equal(false);
    await expect(el).to.be.accessible();

    const changed = oneEvent(el, 'llsortchange');
    button.focus();
    await sendKeys({ press: 'Enter' });
    expect((await changed).detail).to.deep.equal({ sortBy: 'leads', sortDirection: 'ascending' });
    await el.updateComplete;
    expect(sorted().textContent).to.equal('Sorted by Leads, ascending');
    expect(button.textContent).to.equal('Sort descending');
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(names()).to.deep.equal(['=HYPERLINK("http://x")', 'fall', 'spring']);

    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#sort')!;
    select.value = 'meanRating';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(sorted().textContent).to.equal('Sorted by Mean rating, ascending');
    await expect(el).to.be.accessible();

    await setLocale('de');
    try {
      const de = (await fixture<HTMLDivElement>(html`<div style="width: 340px"><ll-lead-quality-report lang="de" .summary=${byCampaign}></ll-lead-quality-report></div>`)).firstElementChild as LlLeadQualityReport;
      await de.updateComplete;
      const deButton = de.shadowRoot!.querySelector<HTMLButtonElement>('.direction')!;
      expect(de.shadowRoot!.querySelector('.sorted')!.textContent).to.equal('Sortiert nach Leads, absteigend');
      expect(deButton.textContent).to.equal('Aufsteigend sortieren');
      deButton.click();
      await de.updateComplete;
      expect(de.shadowRoot!.querySelector('.sorted')!.textContent).to.equal('Sortiert nach Leads, aufsteigend');
      expect(deButton.textContent).to.equal('Absteigend sortieren');
    } finally {
      await setLocale('en');
    }
  });

  it('keeps a phone card compact: the figures two to a row, every value still there', async () => {
    await setViewport({ width: 360, height: 800 });
    try {
      // 274 px: the element's width in the demo portal on a 360 px phone (the page's and its card's padding).
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 274px"><ll-lead-quality-report lang="en" .summary=${fifteen}></ll-lead-quality-report></div>`);
      const el = wrapper.querySelector('ll-lead-quality-report')!;
      await el.updateComplete;
      await expect(el).to.be.accessible();
      const cards = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.cards li')];
      expect(cards).to.have.length(15);
      for (const [i, card] of cards.entries()) {
        const g = fifteen.groups[i]!;
        expect(card.querySelector('h3')!.textContent).to.equal(g.key);
        const pairs = [...card.querySelectorAll('dl > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]);
        expect(pairs).to.deep.equal([
          ['Leads', String(g.leads)], ['Handed over', String(g.handedOff)], ['Follow-up rate', `${Math.round(g.followUpRate! * 100)}%`],
          ['Accepted', String(g.accepted)], ['Rejected', String(g.rejected)], ['Recycled', String(g.recycled)], ['Mean rating', g.meanRating!.toFixed(1)],
        ]);
        expect(card.querySelector('.reasons')!.textContent!.replace(/\s+/g, ' ')).to.equal('Top reasons: No budget 22 · Poor fit 15 · Bad timing 9');
        expect(card.querySelector('.visually-hidden')!.textContent).to.contain('Nov 2025: 40 leads, 10 accepted').and.contain('Apr 2026: 65 leads, 15 accepted');
      }
      const figures = [...cards[0]!.querySelectorAll('dl > div')].map((d) => d.getBoundingClientRect());
      expect(new Set(figures.map((r) => Math.round(r.left))).size, 'columns').to.equal(2);
      expect(new Set(figures.map((r) => Math.round(r.top))).size, 'rows').to.equal(4);
      // Before, one figure under another, value above label: 396 px a card, 6,450 px the report. Now 212 px a card.
      expect(cards[0]!.getBoundingClientRect().height).to.be.at.most(396 / 2 + 20);
      expect(el.getBoundingClientRect().height).to.be.below(4000);
      expect(el.shadowRoot!.querySelector('.reasons')!.getBoundingClientRect().width).to.equal(cards[0]!.querySelector('dl')!.getBoundingClientRect().width);

      // Sorting and the CSV work from the cards as from the table.
      const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#sort')!;
      select.value = 'meanRating';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      const order = [...el.shadowRoot!.querySelectorAll('.cards h3')].map((h) => h.textContent);
      expect(order[0]).to.equal('Campaign 15 webinar');
      el.addEventListener('llexport', (e) => e.preventDefault(), { once: true });
      const exported = oneEvent(el, 'llexport');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part=export]')!.click();
      const csv = ((await exported).detail.csv as string).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
      expect(csv.map((line) => line.split(',')[0])).to.deep.equal(order);
    } finally {
      await setViewport({ width: 1280, height: 900 });
    }
  });

  it('says when there is nothing to show', async () => {
    const none = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report></ll-lead-quality-report>`);
    expect(none.shadowRoot!.textContent).to.contain('No feedback data to show');
    expect(none.shadowRoot!.querySelector<HTMLButtonElement>('[part=export]')!.disabled).to.equal(true);
    await expect(none).to.be.accessible();
    const empty = await fixture<LlLeadQualityReport>(html`<ll-lead-quality-report .summary=${{ groups: [] }}></ll-lead-quality-report>`);
    expect(empty.shadowRoot!.textContent).to.contain('No leads in this period');
    await expect(empty).to.be.accessible();
  });
});
