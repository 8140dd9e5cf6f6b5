import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, nothing, svg, type PropertyValues } from 'lit';
import type { FunnelQuery, FunnelReport, FunnelStage, Lead, LeadLoopAdapter } from '@leadloop/core';
import { LlDataElement } from '../../internal/data-element.js';
import { formatDuration, formatNumber, formatPercent, langOf } from '../../internal/format.js';
import { ResizeController } from '../../internal/resize-controller.js';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LoadController } from '../../internal/load-controller.js';
import { loadState } from '../../internal/load-state.js';
import { topReasons } from '../../internal/reason-labels.js';
import { measureText } from '../../internal/text-measure.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './funnel-chart.styles.js';
import { layoutFunnel, type FunnelLayout, type LayoutRow, type TextBox } from './funnel-layout.js';
import { readFunnelReport, type ReadReport } from '../../internal/read-funnel-report.js';

export type FunnelVariant = 'bars' | 'funnel';
export type FunnelLabelMode = 'previous' | 'first' | 'both';

/** Detail of `llstageselect`. */
export interface StageSelectDetail {
  stage: FunnelStage;
  index: number;
}

const QUERY_KEYS = ['from', 'to', 'source', 'campaign', 'owner'] as const;

/** The order a stage's texts are read in: name, count, conversion, then the hand-off notes. */
const READING_ORDER = { name: 0, value: 1, small: 2, note: 3 } as const;

/** Labels of the default exit kinds, in the reader's language; a configured waterfall's labels win. */
function defaultExitLabel(kind: string): string {
  switch (kind) {
    case 'disqualified':
      return msg('Disqualified', { id: 'funnel.exit.disqualified' });
    case 'recycled':
      return msg('Recycled to nurture', { id: 'funnel.exit.recycled' });
    case 'lost':
      return msg('Lost', { id: 'funnel.exit.lost' });
    default:
      return kind;
  }
}

/**
 * @summary The lead funnel: each stage's count and conversion, drop-off between stages, exits
 * with their top reasons, and follow-up and SLA compliance at the hand-off to sales.
 *
 * Data comes from the `report` property (a FunnelReport, or JSON in the `report` attribute), else
 * from raw `leads` (computed in the browser), else from the adapter's `getFunnel()` with the
 * query attributes. Drawn in SVG by the element itself; a table of the same numbers and a text
 * summary are there for screen readers (and on screen with the table toggle).
 *
 * @event llstageselect - A stage was clicked or chosen with Enter/Space; `detail: { stage, index }`. Cancelable: preventDefault() keeps the selection unchanged.
 * @event llfunnelload - A report was loaded from the adapter or computed from leads; `detail: { report }`.
 * @event llfunnelerror - Loading failed; `detail: { error }`.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart header - Title, summary and the table toggle.
 * @csspart title - The heading.
 * @csspart summary - The one-paragraph text summary.
 * @csspart stats - The key figures above the chart.
 * @csspart chart - The SVG.
 * @csspart bar - Each stage's bar.
 * @csspart ghost - Each comparison (ghost) bar.
 * @csspart label - Stage names.
 * @csspart value - Stage counts.
 * @csspart tooltip - The tooltip of the hovered or focused stage.
 * @csspart exits - The exits with their reasons.
 * @csspart table - The table alternative.
 * @csspart toggle - The show/hide table button.
 *
 * @cssproperty --ll-funnel-bar-color - Bar fill; default the accent colour.
 * @cssproperty --ll-funnel-on-bar-color - Counts drawn on a bar.
 * @cssproperty --ll-funnel-selected-color - The selected stage's bar.
 * @cssproperty --ll-funnel-ghost-color - The comparison period's thin bar under each stage.
 * @cssproperty --ll-funnel-connector-color - The funnel variant's joins between bars.
 */
export class LlFunnelChart extends LlDataElement {
  static override styles = [tokens, styles];
  // Properties are declared here rather than with decorators: decorators cost their helper in
  // every module and Lit's decorator code in every bundle, inside a 15 KB budget. Internal state
  // is `state: true, attribute: false`, so neither Lit nor the manifest gives it an attribute.
  static override properties = {
    report: { attribute: 'report' },
    leads: { attribute: 'leads' },
    comparison: { attribute: 'comparison' },
    from: {},
    to: {},
    source: {},
    campaign: {},
    owner: {},
    variant: { reflect: true },
    labelMode: { attribute: 'label-mode' },
    heading: {},
    periodLabel: { attribute: 'period-label' },
    comparisonLabel: { attribute: 'comparison-label' },
    selectedStage: { attribute: 'selected-stage' },
    showTable: { type: Boolean, attribute: 'show-table', reflect: true },
    focusIndex: { state: true, attribute: false },
    tooltipIndex: { state: true, attribute: false },
  };

  /** The funnel to draw; as an attribute, a JSON FunnelReport. Wins over `leads` and the adapter. */
  report: FunnelReport | string | undefined;

  /** Raw leads to compute the funnel from (with the config's waterfall and SLA); as an attribute, a JSON array. */
  leads: Lead[] | string | undefined;

  /** Another period's funnel (last quarter, say), drawn as ghost bars behind this one's. */
  comparison: FunnelReport | string | undefined;

  /** Adapter query: leads created from this ISO date (inclusive). */
  from: string | undefined;
  /** Adapter query: leads created before the end of this ISO date. */
  to: string | undefined;
  /** Adapter query: only leads from this source. */
  source: string | undefined;
  /** Adapter query: only leads of this campaign. */
  campaign: string | undefined;
  /** Adapter query: only leads of this owner. */
  owner: string | undefined;

  /** `bars` (left-aligned) or `funnel` (centred, joined). */
  variant: FunnelVariant = 'bars';

  /** Which conversion each stage shows: from the `previous` stage, from the `first`, or `both`. */
  labelMode: FunnelLabelMode = 'both';

  /** The heading; default "Lead funnel". */
  heading: string | undefined;

  /** Legend name of this period when a comparison is drawn; default "This period". */
  periodLabel: string | undefined;

  /** Legend name of the comparison period; default "Comparison". */
  comparisonLabel: string | undefined;

  /** Id of the selected stage (highlighted; set by clicks and Enter). */
  selectedStage: string | undefined;

  /** Shows the table alternative on screen (it is always there for screen readers). */
  showTable = false;

  private focusIndex = 0;
  private tooltipIndex: number | null = null;

  readonly #width = new ResizeController(this);
  #read: ReadReport | undefined;
  #readComparison: ReadReport | undefined;
  #layout: FunnelLayout | undefined;
  /** What the layout was made from: it is made again when any of it changes. */
  #layoutFor: unknown[] = [];
  /** The host's font size in px, read once per layout. */
  #fontSize = 14;
  #focused: number | null = null;
  #tooltip: typeof import('./funnel-tooltip.js') | undefined;
  #tooltipLoaded: Promise<void> | undefined;

  /** Also waits for the tooltip's code when it is being loaded, and the update it brings. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    if (!this.#tooltipLoaded) return super.getUpdateComplete();
    await this.#tooltipLoaded;
    return super.getUpdateComplete();
  }

  // A given report needs no loading: its inputs then stay constant and nothing runs.
  readonly #load = new LoadController(this, {
    args: () => (this.#given ? [] : [this.leads, this.activeAdapter, this.activeConfig, ...QUERY_KEYS.map((k) => this[k])]),
    load: ([leads, adapter, config]: readonly unknown[]) => {
      if (leads !== undefined && leads !== null && leads !== '') {
        return import('./report-from-leads.js').then(({ reportFromLeads }) => reportFromLeads(leads, config as LlFunnelChart['activeConfig']));
      }
      return (adapter as LeadLoopAdapter | undefined)?.getFunnel(this.query);
    },
    onValue: (report: FunnelReport) => this.emit('llfunnelload', { report }),
    onError: (error) => this.emit('llfunnelerror', { error }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new AdapterChangesController(this, {
      adapter: () => (this.report === undefined && !this.leads ? this.activeAdapter : undefined),
      concerns: (change) => change.type === 'feedback' || change.type === 'lead',
      refresh: () => void this.#run(),
    });
  }

  /** The query sent to the adapter, from the query attributes that are set. */
  get query(): FunnelQuery {
    const query: FunnelQuery = {};
    for (const key of QUERY_KEYS) if (this[key]) query[key] = this[key];
    return query;
  }

  /** The report on screen, whichever way it came; undefined while loading or when there is none. */
  get currentReport(): FunnelReport | undefined {
    if (this.#given) return this.#read?.ok ? this.#read.value : undefined;
    return this.#load.value;
  }

  get #given(): boolean {
    return this.report !== undefined && this.report !== null;
  }

  /** Reloads from the adapter (or recomputes from leads); resolves when done. */
  async refresh(): Promise<void> {
    await this.#run();
  }

  #run() {
    return this.#load.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('report')) this.#read = this.report === undefined || this.report === null ? undefined : readFunnelReport(this.report);
    if (changed.has('comparison')) this.#readComparison = this.comparison === undefined || this.comparison === null ? undefined : readFunnelReport(this.comparison);
  }

  protected override updated(): void {
    // Keep the roving tab stop on a stage that exists.
    const count = this.currentReport?.stages.length ?? 0;
    if (this.focusIndex >= count && count > 0) this.focusIndex = count - 1;
  }

  #lang = 'en';

  #percentTexts(stage: FunnelStage, i: number): string[] {
    const lang = this.#lang;
    const parts: string[] = [];
    if (this.labelMode !== 'first' && i > 0) parts.push(msg(str`${formatPercent(lang, stage.fromPrevious)} of previous`, { id: 'funnel.ofPrevious' }));
    if (this.labelMode !== 'previous' && (i > 0 || this.labelMode === 'first')) parts.push(msg(str`${formatPercent(lang, stage.fromFirst)} of first`, { id: 'funnel.ofFirst' }));
    return parts;
  }

  #dropText(report: FunnelReport, i: number): string | undefined {
    if (i === 0) return undefined;
    const before = report.stages[i - 1]!.reached;
    const dropped = Math.max(0, before - report.stages[i]!.reached);
    const share = before === 0 ? null : dropped / before;
    return msg(str`↓ ${formatNumber(this.#lang, dropped)} dropped (${formatPercent(this.#lang, share)})`, { id: 'funnel.dropped' });
  }

  #handoffNotes(report: FunnelReport): string[] {
    const lang = this.#lang;
    const notes = [msg(str`Hand-off to sales: ${formatPercent(lang, report.followUp.rate)} followed up`, { id: 'funnel.followedUp' })];
    if (report.sla) notes.push(msg(str`${formatPercent(lang, report.sla.compliance)} within the follow-up SLA`, { id: 'funnel.withinSla' }));
    return notes;
  }

  #handoffIndex(report: FunnelReport): number {
    const id = this.activeConfig?.waterfall.handoffStage ?? 'mql';
    const i = report.stages.findIndex((s) => s.id === id);
    return i >= 0 ? i : Math.min(1, report.stages.length - 1);
  }

  #computeLayout(report: FunnelReport, comparison: FunnelReport | undefined): FunnelLayout {
    const measured = this.#width.value;
    const width = Math.max(240, measured > 0 ? measured : 640);
    const style = getComputedStyle(this);
    const fontSize = (this.#fontSize = parseFloat(style.fontSize) || 14);
    const family = style.fontFamily || 'sans-serif';
    const handoff = this.#handoffIndex(report);
    const inputs = [report, comparison, handoff, width, fontSize, family, this.variant, this.labelMode, this.#lang];
    if (this.#layout && inputs.every((input, i) => input === this.#layoutFor[i])) return this.#layout;
    const fonts = { name: `500 ${fontSize}px ${family}`, value: `600 ${fontSize}px ${family}`, small: `400 ${fontSize * 0.86}px ${family}`, note: `500 ${fontSize * 0.86}px ${family}` };
    const scale = Math.max(1, ...report.stages.map((s) => s.reached), ...(comparison?.stages.map((s) => s.reached) ?? []));
    const rows: LayoutRow[] = report.stages.map((stage, i) => {
      const ghost = comparison?.stages.find((s) => s.id === stage.id);
      return {
        name: stage.label,
        value: formatNumber(this.#lang, stage.reached),
        rates: this.#percentTexts(stage, i),
        fraction: stage.reached / scale,
        ghost: ghost ? ghost.reached / scale : undefined,
        drop: this.#dropText(report, i),
        notes: i === handoff ? this.#handoffNotes(report) : undefined,
      };
    });
    this.#layout = layoutFunnel({
      width,
      rows,
      variant: this.variant === 'funnel' ? 'funnel' : 'bars',
      fontSize,
      measure: (text, kind) => measureText(text, fonts[kind]),
    });
    this.#layoutFor = inputs;
    return this.#layout;
  }

  #select(report: FunnelReport, index: number) {
    const stage = report.stages[index];
    if (!stage) return;
    this.focusIndex = index;
    if (this.emit<StageSelectDetail>('llstageselect', { stage, index }, { cancelable: true })) this.selectedStage = stage.id;
  }

  #onKeydown(report: FunnelReport, event: KeyboardEvent) {
    const at = this.focusIndex;
    const last = report.stages.length - 1;
    if (event.key === 'Escape') this.tooltipIndex = null;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.#select(report, at);
    }
    const next = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.focusIndex = Math.min(last, Math.max(0, next));
    this.tooltipIndex = this.focusIndex;
    (this.renderRoot.querySelector(`[data-index="${this.focusIndex}"]`) as SVGGElement | null)?.focus();
  }

  protected override render() {
    this.#lang = langOf(this);
    const heading = this.heading || msg('Lead funnel', { id: 'funnel.title' });
    let body: unknown;
    let report: FunnelReport | undefined;
    if (this.#given) {
      if (this.#read && !this.#read.ok) body = html`<p class="error" role="alert">${msg('The funnel report could not be read.', { id: 'funnel.badReport' })} <code>${this.#read.message}</code></p>`;
      else report = this.currentReport;
    } else if (this.leads || this.activeAdapter) {
      // A refresh keeps the last report on screen; an error replaces it.
      const { error } = this.#load;
      report = error === undefined ? this.currentReport : undefined;
      body = report
        ? nothing
        : loadState(
            error,
            msg('Loading the funnel…', { id: 'funnel.loading' }),
            msg('The funnel could not be loaded.', { id: 'funnel.loadError' }),
            () => void this.#run(),
          );
    } else {
      body = html`<p class="status">${msg('No funnel data to show.', { id: 'funnel.empty' })}</p>`;
    }
    const comparison = this.#readComparison?.ok ? this.#readComparison.value : undefined;

    return html`<div part="base" class="base">
      <div part="header" class="header">
        <h2 part="title" id="title">${heading}</h2>
        ${report && report.stages[0]!.reached > 0
          ? html`<button part="toggle" aria-expanded=${this.showTable ? 'true' : 'false'} aria-controls="table" @click=${() => (this.showTable = !this.showTable)}>
              ${this.showTable ? msg('Hide table', { id: 'funnel.hideTable' }) : msg('Show table', { id: 'funnel.showTable' })}
            </button>`
          : nothing}
      </div>
      ${body}
      ${report ? this.#renderReport(report, comparison) : nothing}
    </div>`;
  }

  #renderReport(report: FunnelReport, comparison: FunnelReport | undefined) {
    if (report.stages[0]!.reached === 0) {
      return html`<p class="status">${msg('No leads in this period.', { id: 'funnel.noLeads' })}</p>`;
    }
    const layout = this.#computeLayout(report, comparison);
    return html`
      <p part="summary" class="summary" id="summary">${this.#summary(report, comparison)}</p>
      ${this.#renderStats(report)}
      ${comparison
        ? html`<div class="legend" aria-hidden="true">
            <span><span class="swatch"></span>${this.periodLabel || msg('This period', { id: 'funnel.thisPeriod' })}</span>
            <span><span class="swatch ghost"></span>${this.comparisonLabel || msg('Comparison', { id: 'funnel.comparison' })}</span>
          </div>`
        : nothing}
      <div class="chart">
        ${this.#renderSvg(report, layout, comparison)}
        ${this.tooltipIndex !== null ? this.#renderTooltip(report, layout, comparison, this.tooltipIndex) : nothing}
      </div>
      ${this.#renderExits(report)}
      ${this.#renderTable(report, comparison)}
    `;
  }

  #renderStats(report: FunnelReport) {
    const lang = this.#lang;
    const last = report.stages[report.stages.length - 1]!;
    const items: [string, string][] = [
      [msg('Leads', { id: 'funnel.stat.leads' }), formatNumber(lang, report.stages[0]!.reached)],
      [last.label, `${formatNumber(lang, last.reached)} (${formatPercent(lang, last.fromFirst, 1)})`],
      [msg('Followed up', { id: 'funnel.stat.followedUp' }), formatPercent(lang, report.followUp.rate)],
    ];
    if (report.sla) items.push([msg('Within SLA', { id: 'funnel.stat.withinSla' }), formatPercent(lang, report.sla.compliance)]);
    if (report.timeToFirstTouch.medianMs !== null) items.push([msg('Median first touch', { id: 'funnel.stat.firstTouch' }), formatDuration(lang, report.timeToFirstTouch.medianMs)]);
    return html`<dl part="stats" class="stats">${items.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
  }

  #renderSvg(report: FunnelReport, layout: FunnelLayout, comparison: FunnelReport | undefined) {
    const fontSize = this.#fontSize;
    const text = (t: TextBox, part?: string) =>
      svg`<text part=${part ?? nothing} class=${t.onBar ? `${t.kind} on-bar` : t.kind} x=${t.x} y=${t.y} text-anchor=${t.anchor} font-size=${t.kind === 'small' || t.kind === 'note' ? fontSize * 0.86 : fontSize}>${t.text} </text>`;
    return html`<svg part="chart" role="group" aria-labelledby="title" aria-describedby="summary" width="100%" height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}" @keydown=${(e: KeyboardEvent) => this.#onKeydown(report, e)}>
      <g aria-hidden="true">
        ${layout.connectors.map((points) => svg`<polygon class="connector" points=${points}></polygon>`)}
        ${layout.rows.map((row, i) => (row.gapTexts.length ? svg`<g id=${`drop-${i}`}>${row.gapTexts.map((t) => text(t))}</g>` : nothing))}
      </g>
      ${layout.rows.map((row, i) => {
        const stage = report.stages[i]!;
        const texts = [...row.texts].sort((a, b) => READING_ORDER[a.kind] - READING_ORDER[b.kind]);
        return svg`<g class="stage" role="button" data-index=${i} tabindex=${i === this.focusIndex ? 0 : -1}
            aria-pressed=${this.selectedStage === stage.id ? 'true' : 'false'} aria-describedby=${i > 0 && row.gapTexts.length ? `drop-${i}` : nothing}
            @click=${() => this.#select(report, i)}
            @focus=${() => {
              this.focusIndex = i;
              this.#focused = i;
              this.tooltipIndex = i;
            }}
            @blur=${() => {
              this.#focused = null;
              if (this.tooltipIndex === i) this.tooltipIndex = null;
            }}
            @pointerenter=${() => (this.tooltipIndex = i)}
            @pointerleave=${() => (this.tooltipIndex = this.#focused)}>
          <rect class="hit" x=${row.hit.x} y=${row.hit.y} width=${row.hit.width} height=${row.hit.height} rx="4"></rect>
          ${row.ghost && comparison ? svg`<rect part="ghost" class="ghost" x=${row.ghost.x} y=${row.ghost.y} width=${row.ghost.width} height=${row.ghost.height} rx="2"></rect>` : nothing}
          <rect part="bar" class="bar" x=${row.bar.x} y=${row.bar.y} width=${row.bar.width} height=${row.bar.height} rx="3"></rect>
          ${texts.map((t) => text(t, t.kind === 'name' ? 'label' : t.kind === 'value' ? 'value' : undefined))}
        </g>`;
      })}
    </svg>`;
  }

  /** The tooltip of the hovered or focused stage; its code loads the first time one is asked for. */
  #renderTooltip(report: FunnelReport, layout: FunnelLayout, comparison: FunnelReport | undefined, index: number) {
    const stage = report.stages[index];
    if (!stage) return nothing;
    if (!this.#tooltip) {
      this.#tooltipLoaded ??= import('./funnel-tooltip.js').then((tooltip) => {
        this.#tooltip = tooltip;
        this.requestUpdate();
      });
      return nothing;
    }
    return this.#tooltip.renderTooltip({
      stage,
      index,
      layout,
      lang: this.#lang,
      rates: this.#percentTexts(stage, index),
      drop: this.#dropText(report, index),
      before: comparison?.stages.find((s) => s.id === stage.id),
      comparisonLabel: this.comparisonLabel || msg('Comparison', { id: 'funnel.comparison' }),
    });
  }

  #renderExits(report: FunnelReport) {
    const exits = report.exits.filter((e) => e.count > 0);
    if (exits.length === 0) return nothing;
    const lang = this.#lang;
    const config = this.activeConfig;
    const exitLabel = (kind: string) => config?.waterfall.exits.find((e) => e.kind === kind)?.label ?? defaultExitLabel(kind);
    return html`<section part="exits" class="exits" aria-labelledby="exits-title">
      <h3 id="exits-title">${msg('Exits and top reasons', { id: 'funnel.exits' })}</h3>
      <ul>
        ${exits.map(
          (exit) => html`<li>
            <span>${exitLabel(exit.kind)}</span>
            <span class="count">${formatNumber(lang, exit.count)}</span>
            <span class="reasons">${topReasons(lang, config?.reasons, exit.reasons) || msg('no reason given', { id: 'funnel.noReason' })}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderTable(report: FunnelReport, comparison: FunnelReport | undefined) {
    const lang = this.#lang;
    const handoff = this.#handoffIndex(report);
    // Shown, the table scrolls sideways on a narrow screen, so it takes focus for keyboard scrolling.
    return html`<div class="table-wrap ${this.showTable ? 'shown' : 'visually-hidden'}" id="table" role=${this.showTable ? 'region' : nothing} aria-labelledby=${this.showTable ? 'caption' : nothing} tabindex=${this.showTable ? 0 : nothing}>
      <table part="table">
        <caption id="caption">${this.heading || msg('Lead funnel', { id: 'funnel.title' })}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Stage', { id: 'funnel.col.stage' })}</th>
            <th scope="col">${msg('Reached', { id: 'funnel.col.reached' })}</th>
            <th scope="col">${msg('At this stage now', { id: 'funnel.col.current' })}</th>
            <th scope="col">${msg('% of previous', { id: 'funnel.col.previous' })}</th>
            <th scope="col">${msg('% of first', { id: 'funnel.col.first' })}</th>
            <th scope="col">${msg('Dropped', { id: 'funnel.col.dropped' })}</th>
            ${comparison ? html`<th scope="col">${this.comparisonLabel || msg('Comparison', { id: 'funnel.comparison' })}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${report.stages.map((stage, i) => {
            const before = comparison?.stages.find((s) => s.id === stage.id);
            return html`<tr>
              <th scope="row">${stage.label}${i === handoff ? html` <span class="visually-hidden">(${msg('hand-off to sales', { id: 'funnel.handoffShort' })})</span>` : nothing}</th>
              <td>${formatNumber(lang, stage.reached)}</td>
              <td>${formatNumber(lang, stage.current)}</td>
              <td>${formatPercent(lang, stage.fromPrevious)}</td>
              <td>${formatPercent(lang, stage.fromFirst)}</td>
              <td>${i === 0 ? '—' : formatNumber(lang, Math.max(0, report.stages[i - 1]!.reached - stage.reached))}</td>
              ${comparison ? html`<td>${before ? formatNumber(lang, before.reached) : '—'}</td>` : nothing}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  #summary(report: FunnelReport, comparison: FunnelReport | undefined): string {
    const lang = this.#lang;
    const first = report.stages[0]!;
    const last = report.stages[report.stages.length - 1]!;
    const sentences = [
      msg(str`${formatNumber(lang, first.reached)} leads entered at ${first.label}; ${formatNumber(lang, last.reached)} reached ${last.label} (${formatPercent(lang, last.fromFirst, 1)}).`, { id: 'funnel.summary.reach' }),
    ];
    let worst = -1;
    let worstDrop = 0;
    report.stages.forEach((s, i) => {
      if (i > 0 && s.fromPrevious !== null && 1 - s.fromPrevious > worstDrop) {
        worstDrop = 1 - s.fromPrevious;
        worst = i;
      }
    });
    if (worst > 0) {
      sentences.push(msg(str`The biggest drop is from ${report.stages[worst - 1]!.label} to ${report.stages[worst]!.label}: ${formatPercent(lang, worstDrop)} did not continue.`, { id: 'funnel.summary.drop' }));
    }
    if (report.followUp.handedOff > 0) {
      const followed = msg(str`Sales followed up ${formatPercent(lang, report.followUp.rate)} of the ${formatNumber(lang, report.followUp.handedOff)} leads handed over`, { id: 'funnel.summary.followUp' });
      sentences.push(report.sla && report.sla.compliance !== null ? `${followed}; ${msg(str`${formatPercent(lang, report.sla.compliance)} within the SLA.`, { id: 'funnel.summary.sla' })}` : `${followed}.`);
    }
    if (comparison) {
      const before = comparison.stages.find((s) => s.id === first.id);
      if (before && before.reached > 0) {
        const change = first.reached / before.reached - 1;
        const other = this.comparisonLabel || msg('the comparison period', { id: 'funnel.summary.comparisonDefault' });
        const pct = formatPercent(lang, Math.abs(change));
        sentences.push(change >= 0
          ? msg(str`${pct} more leads at ${first.label} than ${other}.`, { id: 'funnel.summary.more' })
          : msg(str`${pct} fewer leads at ${first.label} than ${other}.`, { id: 'funnel.summary.fewer' }));
      }
    }
    return sentences.join(' ');
  }
}
