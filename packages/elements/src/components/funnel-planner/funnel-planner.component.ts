import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import type { FunnelReport, LeadLoopAdapter, Waterfall } from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LlDataElement } from '../../internal/data-element.js';
import { LoadController } from '../../internal/load-controller.js';
import { tryAgain } from '../../internal/load-state.js';
import { formatNumber, formatPercent, langOf } from '../../internal/format.js';
import { parseLocaleNumber } from '../../internal/parse-number.js';
import { portalStyles } from '../../internal/portal-styles.js';
import { ResizeController } from '../../internal/resize-controller.js';
import { readJsonValue } from '../../internal/safe-json.js';
import { tokens } from '../../styles/tokens.js';
import { readFunnelReport } from '../../internal/read-funnel-report.js';
import { styles } from './funnel-planner.styles.js';
import { computePlan, MONTHS, monthsBetween, type PlanChangeDetail, type PlanOutcome, type PlanPeriod } from './plan-compute.js';
import { periodLabel, renderStages, renderVerdict, type StageCells } from './plan-views.js';

export type { PlanChangeDetail, PlanPeriod, PlanRow } from './plan-compute.js';

/** Rates shown as percentages with at most one decimal, as a person would type them. */
const percentText = (rate: number, lang: string) => formatNumber(lang, rate * 100, { maximumFractionDigits: 1, useGrouping: false });

/**
 * @summary Plans how many leads each stage needs for a revenue goal, per month, beside the actual
 * pace, and says where the pace falls short.
 *
 * Revenue goal, average deal size and period are typed in (or set as attributes); the conversion
 * rate of each stage is prefilled from the actual funnel (`report`, or the adapter's
 * `getFunnel({ from, to })`) and can be edited. Invalid input is explained beside its field.
 *
 * @event llplanchange - A valid plan was computed from the current input; `detail: PlanChangeDetail`.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart title - The heading.
 * @csspart fields - The goal, deal size and period fields.
 * @csspart verdict - The sentence on whether the pace meets the plan.
 * @csspart table - The stage-by-stage plan.
 *
 * @cssproperty --ll-planner-short-color - Stages whose pace falls short.
 * @cssproperty --ll-planner-ok-color - Stages on pace.
 */
export class LlFunnelPlanner extends LlDataElement {
  static override styles = [tokens, portalStyles, styles];
  // Properties are declared here rather than with decorators: decorators cost their helper in
  // every module and Lit's decorator code in every bundle, inside a 15 KB budget. Internal state
  // is `state: true, attribute: false`, so neither Lit nor the manifest gives it an attribute.
  static override properties = {
    revenueGoal: { type: Number, attribute: 'revenue-goal' },
    averageDealSize: { type: Number, attribute: 'average-deal-size' },
    period: {},
    currency: {},
    rates: { attribute: 'rates' },
    report: { attribute: 'report' },
    from: {},
    to: {},
    paceMonths: { type: Number, attribute: 'pace-months' },
    heading: {},
    goalText: { state: true, attribute: false },
    dealText: { state: true, attribute: false },
    rateTexts: { state: true, attribute: false },
    touched: { state: true, attribute: false },
  };

  /** Revenue to win in the period. */
  revenueGoal: number | undefined;

  /** Average revenue of one won deal. */
  averageDealSize: number | undefined;

  /** The period the goal is for: `month`, `quarter` (default) or `year`. */
  period: PlanPeriod = 'quarter';

  /** ISO 4217 code to show money in (EUR, USD…); plain numbers when unset. */
  currency: string | undefined;

  /** Conversion rate of each stage to the next (0..1), by stage id; as an attribute, JSON. Prefilled from the actual funnel when unset. */
  rates: Record<string, number> | string | undefined;

  /** The actual funnel to prefill rates from and compare the pace with; as an attribute, JSON. */
  report: FunnelReport | string | undefined;

  /** Adapter query: the actual funnel covers leads created from this ISO date. */
  from: string | undefined;
  /** Adapter query: …to the end of this ISO date. */
  to: string | undefined;

  /** Months the actual funnel covers, to turn it into a monthly pace; default from `from`/`to`. Without either the pace is not compared. */
  paceMonths: number | undefined;

  /** The heading; default "Lead plan". */
  heading: string | undefined;

  private goalText = '';
  private dealText = '';
  private rateTexts: Record<string, string> = {};
  private touched = new Set<string>();
  #lang = 'en';
  #lastEmitted = '';
  #readFor: unknown;
  readonly #width = new ResizeController(this);
  #read: FunnelReport | undefined;

  readonly #load = new LoadController(this, {
    args: () => [this.report === undefined || this.report === null ? this.activeAdapter : undefined, this.from, this.to] as const,
    load: ([adapter, from, to]: readonly [LeadLoopAdapter | undefined, string | undefined, string | undefined]) =>
      adapter?.getFunnel({ ...(from ? { from } : {}), ...(to ? { to } : {}) }),
  });

  #core: typeof import('./plan-core.js') | undefined;
  readonly #coreLoaded = import('./plan-core.js').then((core) => {
    this.#core = core;
    this.requestUpdate();
  });

  /** Also waits for the planning code, loaded on demand, and the update it brings. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    await this.#coreLoaded;
    return super.getUpdateComplete();
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new AdapterChangesController(this, {
      adapter: () => (this.report === undefined ? this.activeAdapter : undefined),
      concerns: (change) => change.type === 'feedback' || change.type === 'lead',
      refresh: () => void this.#load.run(),
    });
  }

  /** The actual funnel in use, if any. */
  get actualReport(): FunnelReport | undefined {
    if (this.report !== undefined && this.report !== null && this.report !== '') {
      if (this.#readFor !== this.report) {
        const read = readFunnelReport(this.report);
        this.#readFor = this.report;
        this.#read = read.ok ? read.value : undefined;
      }
      return this.#read;
    }
    return this.#load.value;
  }

  get #waterfall(): Waterfall {
    return this.activeConfig?.waterfall ?? this.#core?.DEFAULT_WATERFALL ?? { stages: [], handoffStage: '', exits: [] };
  }

  /** The months the actual funnel covers; undefined when unknown. */
  get #months(): number | undefined {
    return this.paceMonths && this.paceMonths > 0 ? this.paceMonths : monthsBetween(this.from, this.to);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#lang = langOf(this);
    if (changed.has('revenueGoal')) this.goalText = this.revenueGoal === undefined || Number.isNaN(this.revenueGoal) ? '' : String(this.revenueGoal);
    if (changed.has('averageDealSize')) this.dealText = this.averageDealSize === undefined || Number.isNaN(this.averageDealSize) ? '' : String(this.averageDealSize);
    if (!(this.period in MONTHS)) this.period = 'quarter';
    if (changed.has('rates') && this.rates !== undefined) {
      const json = readJsonValue(this.rates, 'rates');
      const given = json.ok && json.value && typeof json.value === 'object' ? (json.value as Record<string, unknown>) : {};
      const texts: Record<string, string> = {};
      for (const [id, rate] of Object.entries(given)) if (typeof rate === 'number') texts[id] = percentText(rate, this.#lang);
      this.rateTexts = texts;
    }
    this.#prefillRates();
  }

  /** Fills every rate nobody typed or set from the actual funnel's conversion. */
  #prefillRates() {
    const report = this.actualReport;
    if (!report || !this.#core) return;
    const observed = this.#core.observedRates(report);
    let texts: Record<string, string> | undefined;
    for (const [id, rate] of Object.entries(observed)) {
      if (this.rateTexts[id] === undefined) (texts ??= { ...this.rateTexts })[id] = percentText(rate, this.#lang);
    }
    if (texts) this.rateTexts = texts;
  }

  /** Resets every rate to the actual funnel's conversion. */
  resetRates(): void {
    this.rateTexts = {};
    this.touched = new Set();
    this.#prefillRates();
  }

  /** The plan for the current input (what the table shows); undefined rows while the input has problems. */
  compute(): PlanOutcome {
    return computePlan(
      { goalText: this.goalText, dealText: this.dealText, rateTexts: this.rateTexts, period: this.period, waterfall: this.#waterfall, report: this.actualReport, paceMonths: this.#months, lang: this.#lang },
      this.#core?.planFunnel,
    );
  }

  protected override updated(): void {
    const result = this.#computed;
    if (!result?.rows || !result.plan || !result.input) return;
    const key = JSON.stringify([result.input, result.rows]);
    if (key === this.#lastEmitted) return;
    this.#lastEmitted = key;
    this.emit<PlanChangeDetail>('llplanchange', { ...result.input, plan: result.plan, rows: result.rows });
  }

  #computed: PlanOutcome | undefined;

  #money(value: number): string {
    return this.currency
      ? formatNumber(this.#lang, value, { style: 'currency', currency: this.currency, maximumFractionDigits: 0 })
      : formatNumber(this.#lang, value, { maximumFractionDigits: 0 });
  }

  /** What the typed amount reads as ("€1,200,000"), so a missing zero is caught before it counts. */
  #moneyHint(text: string): string | undefined {
    const value = parseLocaleNumber(text, this.#lang);
    return Number.isFinite(value) ? this.#money(value) : this.currency;
  }

  #onInput(field: 'goal' | 'deal' | string, event: Event) {
    const value = (event.target as HTMLInputElement).value;
    if (field === 'goal') this.goalText = value;
    else if (field === 'deal') this.dealText = value;
    else this.rateTexts = { ...this.rateTexts, [field]: value };
  }

  /**
   * Says the verdict once, in a hidden status, when an input is committed (change, period, reset):
   * the verdict on screen is not live, or each keystroke would read its 40 words out again.
   */
  async #say() {
    await this.updateComplete;
    this.renderRoot.querySelector('#said')!.textContent = this.renderRoot.querySelector<HTMLElement>('[part=verdict]')?.innerText ?? '';
  }

  #touch(path: string) {
    if (!this.touched.has(path)) this.touched = new Set([...this.touched, path]);
  }

  protected override render() {
    const lang = this.#lang;
    const result = (this.#computed = this.compute());
    const heading = this.heading || msg('Lead plan');
    // A field's problem shows once it was touched or has text; an empty form is not an error yet.
    const issueFor = (path: string, text: string) => (this.touched.has(path) || text.trim() !== '' ? result.issues.get(path) : undefined);
    const field = (path: string, id: string, label: string, text: string, hint?: string) => {
      const issue = issueFor(path, text);
      const described = [hint ? `${id}-hint` : '', issue ? `${id}-issue` : ''].filter(Boolean).join(' ');
      return html`<div class="field">
        <label for=${id}>${label}</label>
        <input id=${id} inputmode="decimal" autocomplete="off" .value=${text} aria-invalid=${issue ? 'true' : 'false'} aria-describedby=${described || nothing}
          @input=${(e: Event) => this.#onInput(id, e)} @blur=${() => this.#touch(path)} />
        ${hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : nothing}
        ${issue ? html`<p class="issue" id=${`${id}-issue`}>${issue}</p>` : nothing}
      </div>`;
    };
    const loading = !this.report && this.#load.pending && !this.#load.value;
    const loadFailed = !this.report && this.#load.error !== undefined;
    const report = this.actualReport;
    const months = this.#months;
    const stages = this.#waterfall.stages;
    const period = periodLabel(this.period);
    const measured = this.#width.value;
    const narrow = measured > 0 && measured < 560;
    const cells: StageCells[] = stages.map((stage, i) => {
      const row = result.rows?.[i];
      const path = `rates.${stage.id}`;
      const text = this.rateTexts[stage.id] ?? '';
      const issue = i < stages.length - 1 ? issueFor(path, text) : undefined;
      const observed = report?.stages[i + 1]?.fromPrevious;
      const label = row?.label ?? report?.stages[i]?.label ?? stage.label;
      const rate =
        i < stages.length - 1
          ? html`<span class="rate">
                <input id=${`rate-${stage.id}`} inputmode="decimal" autocomplete="off" .value=${text} aria-invalid=${issue ? 'true' : 'false'}
                  aria-label=${msg(str`${label}: converts to next stage, in percent`)}
                  aria-describedby=${issue ? `rate-${stage.id}-issue` : observed !== undefined && observed !== null ? `rate-${stage.id}-actual` : nothing}
                  @input=${(e: Event) => this.#onInput(stage.id, e)} @blur=${() => this.#touch(path)} /><span aria-hidden="true">%</span>
              </span>
              ${issue ? html`<p class="issue" id=${`rate-${stage.id}-issue`}>${issue}</p>` : nothing}
              ${!issue && observed !== undefined && observed !== null
                ? html`<div class="hint" id=${`rate-${stage.id}-actual`}>${msg(str`actual ${formatPercent(lang, observed, 1)}`)}</div>`
                : nothing}`
          : html`—`;
      return {
        label,
        rate,
        required: row ? formatNumber(lang, row.required) : '—',
        perMonth: row ? formatNumber(lang, row.perMonth) : '—',
        actual: row?.actualPerMonth != null ? formatNumber(lang, row.actualPerMonth, { maximumFractionDigits: row.actualPerMonth < 10 ? 1 : 0 }) : '—',
        gap: row?.gap ?? null,
      };
    });
    return html`<div part="base" @change=${this.#say}>
      <h2 part="title">${heading}</h2>
      <div part="fields" class="fields">
        ${field('revenueGoal', 'goal', msg(str`Revenue goal per ${period}`), this.goalText, this.#moneyHint(this.goalText))}
        ${field('averageDealSize', 'deal', msg('Average deal size'), this.dealText, this.#moneyHint(this.dealText))}
        <div class="field">
          <label for="period">${msg('Period')}</label>
          <select id="period" .value=${this.period} @change=${(e: Event) => (this.period = (e.target as HTMLSelectElement).value as PlanPeriod)}>
            ${(['month', 'quarter', 'year'] as const).map((p) => html`<option value=${p} ?selected=${p === this.period}>${periodLabel(p)}</option>`)}
          </select>
        </div>
      </div>
      ${loading ? html`<p class="status" role="status">${msg('Loading the actual funnel…')}</p>` : nothing}
      ${loadFailed
        ? html`<div class="error" role="alert">${msg('The actual funnel could not be loaded; the plan works without it.')}
            <button @click=${() => void this.#load.run()}>${tryAgain()}</button></div>`
        : nothing}
      ${result.general.length ? html`<div class="error" role="alert">${result.general.map((g) => html`<p>${g}</p>`)}</div>` : nothing}
      ${!result.rows && result.issues.size > 0 && result.issues.size === [...result.issues.keys()].filter((p) => !this.touched.has(p)).length
        ? html`<p class="status">${report
            ? msg('The plan needs every field: fill in the ones left empty (a stage that converted no lead in the period has no rate to prefill).')
            : msg('The plan needs every field: fill in the ones left empty.')}</p>`
        : nothing}
      ${result.rows
        ? renderVerdict(result.rows, this.#money(parseLocaleNumber(this.goalText, lang)), period, lang, !!report && !!months,
            report && !months ? msg('The actual pace needs a period (from and to, or pace-months) to be compared.') : undefined)
        : nothing}
      <p id="said" class="visually-hidden" role="status"></p>
      ${renderStages(cells, period, lang, narrow)}
      ${report
        ? html`<div class="actions">
            <button @click=${() => (this.resetRates(), this.#say())}>${msg('Use the actual rates')}</button>
            ${months
              ? html`<span class="hint">${Math.round(months * 10) === 10
                  ? msg('Actual pace over 1 month.')
                  : msg(str`Actual pace over ${formatNumber(lang, months, { maximumFractionDigits: 1 })} months.`)}</span>`
              : nothing}
          </div>`
        : html`<p class="hint">${msg('Give the planner an adapter or a funnel report to prefill the rates and compare with the actual pace.')}</p>`}
    </div>`;
  }
}
