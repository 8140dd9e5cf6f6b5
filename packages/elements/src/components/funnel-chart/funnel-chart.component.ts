import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import type { FunnelQuery, FunnelReport, FunnelStage, Lead, LeadLoopAdapter } from '@leadloop/core';
import { LlDataElement } from '../../internal/data-element.js';
import { langOf } from '../../internal/format.js';
import { ResizeController } from '../../internal/resize-controller.js';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LoadController } from '../../internal/load-controller.js';
import { loadState } from '../../internal/load-state.js';
import { measureText } from '../../internal/text-measure.js';
import { readFunnelReport, type ReadReport } from '../../internal/read-funnel-report.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './funnel-chart.styles.js';
import { renderDrawing, type DrawingInput } from './funnel-drawing.js';
import { renderExits, renderStats, renderTable } from './funnel-figures.js';
import { layoutFunnel, type FunnelLayout, type TextKind } from './funnel-layout.js';
import { comparisonName, handoffIndex, headingText, layoutRows, summaryText, type FunnelLabelMode } from './funnel-text.js';

export type { FunnelLabelMode };
export type FunnelVariant = 'bars' | 'funnel';

/** Detail of `llstageselect`. */
export interface StageSelectDetail {
  stage: FunnelStage;
  index: number;
}

const QUERY_KEYS = ['from', 'to', 'source', 'campaign', 'owner'] as const;

/** The font each kind of text is drawn in (see the styles): counts semibold, rates and notes at 0.86em. */
const fontFor = (kind: TextKind, size: number, family: string) => `${kind === 'value' ? 600 : 400} ${kind === 'small' || kind === 'note' ? size * 0.86 : size}px ${family}`;

/** The stage a drawing event happened in, by its index; null outside every stage. */
function stageIndex(event: Event): number | null {
  const g = (event.target as Element).closest?.('.stage');
  return g ? Number(g.getAttribute('data-index')) : null;
}

/** A report property read, or undefined when none is set. */
const readGiven = (report: unknown) => (report == null ? undefined : readFunnelReport(report));

/** Resolves after the next frame has been painted, or after a second where no frame comes (a background tab). */
const afterPaint = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve));
    setTimeout(resolve, 1000);
  });

/**
 * @summary The lead funnel: each stage's count and conversion, drop-off between stages, exits
 * with their top reasons, and follow-up and SLA compliance at the hand-off to sales.
 *
 * Data comes from the `report` property (a FunnelReport, or JSON in the `report` attribute), else
 * from raw `leads` (computed in the browser), else from the adapter's `getFunnel()` with the
 * query attributes. Drawn in SVG by the element itself; a table of the same numbers and a text
 * summary are there for screen readers (and on screen with the table toggle). The visually hidden
 * table is drawn right after the first frame with the chart is painted; `updateComplete` waits for it.
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
    report: {},
    leads: {},
    comparison: {},
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
  #lang = 'en';
  #layout: FunnelLayout | undefined;
  /** What the layout was made from: it is made again when any of it changes. */
  #layoutFor: unknown[] | undefined;
  /** The stage that has focus, whose tooltip comes back when the pointer leaves another. */
  #focused: number | null = null;
  #tooltip: typeof import('./funnel-tooltip.js') | undefined;
  #tooltipLoad: unknown;
  /**
   * The table is drawn once the first frame with the chart has been painted: it is visually
   * hidden (until the toggle shows it), so it need not hold up that frame, and a screen reader
   * has it a frame later. `updateComplete` waits for it.
   */
  #tableLater: unknown;
  #tableReady = false;
  /** Work an update asked for that finishes later (the table, the tooltip's code); `updateComplete` waits for it. */
  #later: unknown;

  // A given report needs no loading: its inputs then stay constant and nothing runs. The config
  // (waterfall, SLA) counts only for raw leads: an adapter's report does not change with a new
  // definition or reason catalog, and reloading it would flash "Loading…" in their place.
  readonly #load = new LoadController(this, {
    args: () => (this.#given ? [] : [this.leads, this.activeAdapter, this.leads && this.activeConfig, ...QUERY_KEYS.map((k) => this[k])]),
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
      refresh: () => void this.refresh(),
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
    return this.report != null;
  }

  /** Reloads from the adapter (or recomputes from leads); resolves when done. */
  refresh(): Promise<void> {
    return this.#load.run();
  }

  /** Also waits for what an update left for later (the table after the first paint, the tooltip's code), until an update leaves nothing more. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let later: unknown;
    let done: boolean;
    do {
      await (later = this.#later);
      done = await super.getUpdateComplete();
    } while (later !== this.#later);
    return done;
  }

  /** Updates once `work` is done; `updateComplete` waits for it meanwhile. */
  #afterwards(work: Promise<unknown>) {
    const done = work.finally(() => this.requestUpdate());
    this.#later = Promise.all([this.#later, done.catch(() => {})]);
    return done;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('report')) this.#read = readGiven(this.report);
    if (changed.has('comparison')) this.#readComparison = readGiven(this.comparison);
  }

  protected override updated(): void {
    // Keep the roving tab stop on a stage that exists.
    const count = this.currentReport?.stages.length ?? 0;
    if (this.focusIndex >= count && count > 0) this.focusIndex = count - 1;
  }

  #computeLayout(report: FunnelReport, comparison: FunnelReport | undefined, handoff: number): FunnelLayout {
    // 640 until the element has a width (not laid out yet).
    const width = Math.max(240, this.#width.value || 640);
    const style = getComputedStyle(this);
    const fontSize = parseFloat(style.fontSize) || 14;
    const family = style.fontFamily || 'sans-serif';
    const lang = this.#lang;
    const mode = this.labelMode;
    const inputs = [report, comparison, handoff, width, fontSize, family, this.variant, mode, lang];
    if (this.#layoutFor?.every((input, i) => input === inputs[i])) return this.#layout!;
    this.#layoutFor = inputs;
    return (this.#layout = layoutFunnel({
      width,
      rows: layoutRows(lang, mode, report, comparison, handoff),
      variant: this.variant,
      fontSize,
      measure: (text, kind) => measureText(text, fontFor(kind, fontSize, family)),
    }));
  }

  #select(index: number) {
    const stage = this.currentReport?.stages[index];
    if (!stage) return;
    this.focusIndex = index;
    if (this.emit<StageSelectDetail>('llstageselect', { stage, index }, { cancelable: true })) this.selectedStage = stage.id;
  }

  // The drawing's listeners, made once: the same functions on every render cost Lit nothing.
  readonly #on: DrawingInput['on'] = {
    click: (event) => {
      const i = stageIndex(event);
      if (i !== null) this.#select(i);
    },
    keydown: (event) => {
      const at = this.focusIndex;
      const last = (this.currentReport?.stages.length ?? 1) - 1;
      if (event.key === 'Escape') this.tooltipIndex = null;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        this.#select(at);
      }
      const next = { ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: last }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      this.tooltipIndex = this.focusIndex = Math.min(last, Math.max(0, next));
      (this.renderRoot.querySelector(`[data-index="${this.focusIndex}"]`) as SVGGElement | null)?.focus();
    },
    focusin: (event) => {
      const i = stageIndex(event);
      if (i === null) return;
      this.tooltipIndex = this.focusIndex = this.#focused = i;
    },
    focusout: (event) => {
      const i = stageIndex(event);
      this.#focused = null;
      if (this.tooltipIndex === i) this.tooltipIndex = null;
    },
    // pointerenter/leave of each stage, caught on the way down: they do not bubble.
    hover: {
      handleEvent: (event) => {
        if (!(event.target as Element).classList?.contains('stage')) return;
        this.tooltipIndex = event.type === 'pointerenter' ? stageIndex(event) : this.#focused;
      },
      capture: true,
    },
  };

  protected override render() {
    this.#lang = langOf(this);
    let body: unknown;
    let report: FunnelReport | undefined;
    if (this.#given) {
      if (this.#read && !this.#read.ok) body = html`<p class="error" role="alert">${msg('The funnel report could not be read.')} <code>${this.#read.message}</code></p>`;
      else report = this.currentReport;
    } else if (this.leads || this.activeAdapter) {
      // A refresh keeps the last report on screen; an error replaces it.
      const { error } = this.#load;
      report = error === undefined ? this.currentReport : undefined;
      body = report
        ? nothing
        : loadState(
            error,
            msg('Loading the funnel…'),
            msg('The funnel could not be loaded.'),
            () => void this.refresh(),
          );
    } else {
      body = html`<p class="status">${msg('No funnel data to show.')}</p>`;
    }
    const shown = this.showTable;
    return html`<div part="base" class="base"><div part="header" class="header"><h2 part="title" id="title">${headingText(this.heading)}</h2>${report && report.stages[0]!.reached > 0
      ? html`<button part="toggle" aria-expanded=${String(shown)} aria-controls="table" @click=${() => (this.showTable = !shown)}>${shown ? msg('Hide table') : msg('Show table')}</button>`
      : nothing}</div>${body}${report ? this.#renderReport(report) : nothing}</div>`;
  }

  #renderReport(report: FunnelReport) {
    if (report.stages[0]!.reached === 0) {
      return html`<p class="status">${msg('No leads in this period.')}</p>`;
    }
    const lang = this.#lang;
    const comparison = this.#readComparison?.ok ? this.#readComparison.value : undefined;
    const handoff = handoffIndex(report, this.activeConfig);
    const layout = this.#computeLayout(report, comparison, handoff);
    const shown = this.showTable;
    if (shown) this.#tableReady = true;
    else this.#tableLater ??= this.#afterwards(afterPaint().then(() => (this.#tableReady = true)));
    // Shown, the table scrolls sideways on a narrow screen, so it takes focus for keyboard scrolling.
    return html`<p part="summary" class="summary" id="summary">${summaryText(lang, report, comparison, this.comparisonLabel)}</p>
${renderStats(lang, report)}
${comparison
      ? html`<div class="legend" aria-hidden="true"><span><span class="swatch"></span>${this.periodLabel || msg('This period')}</span> <span><span class="swatch ghost"></span>${comparisonName(this.comparisonLabel)}</span></div>`
      : nothing}
<div class="chart">${renderDrawing({ report, layout, focusIndex: this.focusIndex, selected: this.selectedStage, on: this.#on })}${this.tooltipIndex !== null ? this.#renderTooltip(report, layout, comparison, this.tooltipIndex) : nothing}</div>
${renderExits(lang, report, this.activeConfig)}
<div class=${shown ? 'shown' : 'visually-hidden'} id="table" role=${shown ? 'region' : nothing} aria-labelledby=${shown ? 'caption' : nothing} tabindex=${shown ? 0 : nothing}>${this.#tableReady
      ? renderTable(lang, report, comparison, headingText(this.heading), comparisonName(this.comparisonLabel), handoff)
      : nothing}</div>`;
  }

  /** The tooltip of the hovered or focused stage; its code loads the first time one is asked for. */
  #renderTooltip(report: FunnelReport, layout: FunnelLayout, comparison: FunnelReport | undefined, index: number) {
    if (!this.#tooltip) {
      this.#tooltipLoad ??= this.#afterwards(
        import('./funnel-tooltip.js').then((tooltip) => {
          tooltip.addTooltipStyles(this.renderRoot as ShadowRoot);
          this.#tooltip = tooltip;
        }),
      );
      return nothing;
    }
    return this.#tooltip.renderTooltip({ report, index, layout, lang: this.#lang, mode: this.labelMode, comparison, comparisonLabel: this.comparisonLabel });
  }
}
