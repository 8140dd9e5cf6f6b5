import { msg, updateWhenLocaleChanges } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import type { FeedbackGroup, FeedbackSummary, GroupKey, LeadLoopAdapter, Reason } from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LlDataElement } from '../../internal/data-element.js';
import { LoadController } from '../../internal/load-controller.js';
import { loadState } from '../../internal/load-state.js';
import { langOf } from '../../internal/format.js';
import { portalStyles } from '../../internal/portal-styles.js';
import { ResizeController } from '../../internal/resize-controller.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './lead-quality-report.styles.js';
import { groupingLabel, summaryCsv, titleFor } from './quality-columns.js';
import { GROUPINGS, readSummary, SORT_KEYS, sortGroups, type QualitySortKey, type SortDirection } from './quality-summary.js';
import { renderReport, type QualityView } from './quality-views.js';

export type { QualitySortKey, SortDirection };

/** Detail of `llexport`: the CSV about to be downloaded. */
export interface ExportDetail {
  csv: string;
  filename: string;
}

/**
 * @summary The monthly lead-quality review: per campaign, source or owner — leads, how many were
 * handed to sales and followed up, accepted / rejected / recycled, the top reasons, the mean
 * rating and the trend by month. Sortable columns; export to CSV.
 *
 * Data comes from the `summary` property (a FeedbackSummary, or JSON in the `summary`
 * attribute), else from the adapter's `getFeedbackSummary({ groupBy, from, to })`.
 *
 * @event llexport - The CSV is about to be downloaded; `detail: { csv, filename }`. Cancelable: preventDefault() to handle the file yourself.
 * @event llsortchange - The sort changed; `detail: { sortBy, sortDirection }`.
 * @event llgroupbychange - The grouping was changed in the report's own control; `detail: { groupBy }`.
 * @event llreportload - A summary was loaded from the adapter; `detail: { summary }`.
 * @event llreporterror - Loading failed; `detail: { error }`.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart title - The heading.
 * @csspart controls - The grouping select and the export button.
 * @csspart totals - The figures summed over every group.
 * @csspart table - The table.
 * @csspart export - The export button.
 * @csspart trend - Each row's sparkline.
 *
 * @cssproperty --ll-report-trend-color - Sparkline bars (leads per month).
 * @cssproperty --ll-report-trend-accepted-color - The accepted part of each sparkline bar.
 */
export class LlLeadQualityReport extends LlDataElement {
  static override styles = [tokens, portalStyles, styles];
  // Properties are declared here rather than with decorators: decorators cost their helper in
  // every module and Lit's decorator code in every bundle, inside a 15 KB budget. Internal state
  // is `state: true, attribute: false`, so neither Lit nor the manifest gives it an attribute.
  static override properties = {
    summary: { attribute: 'summary' },
    groupBy: { attribute: 'group-by', reflect: true },
    from: {},
    to: {},
    sortBy: { attribute: 'sort-by' },
    sortDirection: { attribute: 'sort-direction' },
    reasons: { attribute: false },
    heading: {},
    readError: { state: true, attribute: false },
  };

  /** The summary to show; as an attribute, JSON. Wins over the adapter. */
  summary: FeedbackSummary | string | undefined;

  /** What the rows are: `campaign` (default), `source`, `owner` or `month`. */
  groupBy: GroupKey = 'campaign';

  /** Leads created from this ISO date (inclusive). */
  from: string | undefined;
  /** Leads created before the end of this ISO date. */
  to: string | undefined;

  /** The column rows are sorted by. */
  sortBy: QualitySortKey = 'leads';

  /** The sort direction. */
  sortDirection: SortDirection = 'descending';

  /** Reason labels; default the config's catalog. */
  reasons: Reason[] | undefined;

  /** The heading; default "Lead quality by …". */
  heading: string | undefined;

  private readError: string | undefined;
  /** Below this width (px) the table becomes a list of cards: ten columns need about 850 px. */
  static narrowWidth = 820;
  readonly #width = new ResizeController(this);
  #read: FeedbackSummary | undefined;
  #lang = 'en';

  readonly #load = new LoadController(this, {
    args: () => [this.#given ? undefined : this.activeAdapter, this.groupBy, this.from, this.to] as const,
    load: ([adapter, groupBy, from, to]: readonly [LeadLoopAdapter | undefined, GroupKey, string | undefined, string | undefined]) =>
      adapter?.getFeedbackSummary({ groupBy, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    onValue: (summary) => this.emit('llreportload', { summary }),
    onError: (error) => this.emit('llreporterror', { error }),
  });

  get #given(): boolean {
    return this.summary !== undefined && this.summary !== null;
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new AdapterChangesController(this, {
      adapter: () => (this.#given ? undefined : this.activeAdapter),
      concerns: (change) => change.type === 'feedback' || change.type === 'lead',
      refresh: () => void this.refresh(),
    });
  }

  /** The summary on screen, whichever way it came. */
  get currentSummary(): FeedbackSummary | undefined {
    if (this.#given) return this.#read;
    return this.#load.error === undefined ? this.#load.value : undefined;
  }

  /** Reloads from the adapter. */
  refresh(): Promise<void> {
    return this.#load.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('summary')) {
      const read = this.#given ? readSummary(this.summary) : undefined;
      this.#read = read?.ok ? read.value : undefined;
      this.readError = read && !read.ok ? read.message : undefined;
    }
    if (!SORT_KEYS.includes(this.sortBy)) this.sortBy = 'leads';
    if (this.sortDirection !== 'ascending') this.sortDirection = 'descending';
    if (!(GROUPINGS as readonly string[]).includes(this.groupBy)) this.groupBy = 'campaign';
  }

  /** The reason catalog for labels: the given one, else the config's. */
  get #catalog(): Reason[] | undefined {
    return this.reasons ?? this.activeConfig?.reasons;
  }

  /** The rows in the current sort order; groups without a value for the sort column go last. */
  sortedGroups(summary: FeedbackSummary | undefined = this.currentSummary): FeedbackGroup[] {
    return sortGroups(summary?.groups ?? [], this.sortBy, this.sortDirection, this.#lang);
  }

  #sort(key: QualitySortKey, keepDirection = false) {
    if (keepDirection) this.sortBy = key;
    else if (this.sortBy === key) this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortBy = key;
      // Names read best A→Z; figures biggest first.
      this.sortDirection = key === 'key' ? 'ascending' : 'descending';
    }
    this.emit('llsortchange', { sortBy: this.sortBy, sortDirection: this.sortDirection });
  }

  /** The report as CSV, rows in the order on screen. */
  toCsv(): string {
    return summaryCsv(this.sortedGroups(), this.groupBy, this.#catalog);
  }

  /** Downloads the CSV, unless an `llexport` listener cancels to handle it. */
  exportCsv(): void {
    const detail: ExportDetail = { csv: this.toCsv(), filename: `lead-quality-by-${this.groupBy}${this.from ? `-${this.from}` : ''}${this.to ? `-to-${this.to}` : ''}.csv` };
    if (!this.emit<ExportDetail>('llexport', detail, { cancelable: true })) return;
    const url = URL.createObjectURL(new Blob([detail.csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = detail.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  protected override render() {
    this.#lang = langOf(this);
    const heading = this.heading || titleFor(this.groupBy);
    const fromSummary = this.#given;
    const summary = this.currentSummary;
    let body: unknown = nothing;
    if (this.readError) {
      body = html`<p class="error" role="alert">${msg('The summary could not be read.')} <code>${this.readError}</code></p>`;
    } else if (!fromSummary && this.activeAdapter && !summary) {
      body = loadState(
        this.#load.error,
        msg('Loading the report…'),
        msg('The report could not be loaded.'),
        () => void this.refresh(),
      );
    } else if (!summary) {
      body = html`<p class="status">${msg('No feedback data to show.')}</p>`;
    } else if (summary.groups.length === 0) {
      body = html`<p class="status">${msg('No leads in this period.')}</p>`;
    } else {
      const measured = this.#width.value;
      body = renderReport(this.#view(), summary, measured > 0 && measured < (this.constructor as typeof LlLeadQualityReport).narrowWidth);
    }
    return html`<div part="base">
      <div class="header">
        <h2 part="title" id="title">${heading}</h2>
        <div part="controls" class="controls">
          ${!fromSummary && this.activeAdapter
            ? html`<label for="group">${msg('Group by')}</label>
                <select id="group" .value=${this.groupBy} @change=${(e: Event) => {
                  this.groupBy = (e.target as HTMLSelectElement).value as GroupKey;
                  this.emit('llgroupbychange', { groupBy: this.groupBy });
                }}>
                  ${GROUPINGS.map((g) => html`<option value=${g} ?selected=${g === this.groupBy}>${groupingLabel(g)}</option>`)}
                </select>`
            : nothing}
          <button part="export" class="export" ?disabled=${!summary || summary.groups.length === 0} @click=${() => this.exportCsv()}>
            ${msg('Export CSV')}
          </button>
        </div>
      </div>
      ${body}
    </div>`;
  }

  #view(): QualityView {
    return {
      lang: this.#lang,
      groupBy: this.groupBy,
      sortBy: this.sortBy,
      sortDirection: this.sortDirection,
      catalog: this.#catalog,
      sorted: (summary) => this.sortedGroups(summary),
      sort: (key, keepDirection) => this.#sort(key, keepDirection),
    };
  }
}
