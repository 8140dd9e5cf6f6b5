import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, nothing, svg, type PropertyValues } from 'lit';
import type { FeedbackGroup, FeedbackSummary, GroupKey, LeadLoopAdapter, Reason } from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { csvFromRows } from '../../internal/csv.js';
import { LlDataElement } from '../../internal/data-element.js';
import { LoadController } from '../../internal/load-controller.js';
import { loadState } from '../../internal/load-state.js';
import { formatDateTime, formatNumber, formatPercent, langOf } from '../../internal/format.js';
import { ResizeController } from '../../internal/resize-controller.js';
import { reasonName, topReasons } from '../../internal/reason-labels.js';
import { readJsonValue } from '../../internal/safe-json.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './lead-quality-report.styles.js';

/** A column the report can be sorted by. */
export type QualitySortKey = 'key' | 'leads' | 'handedOff' | 'followUpRate' | 'accepted' | 'rejected' | 'recycled' | 'meanRating';
export type SortDirection = 'ascending' | 'descending';

/** Detail of `llexport`: the CSV about to be downloaded. */
export interface ExportDetail {
  csv: string;
  filename: string;
}

const GROUPINGS = ['campaign', 'source', 'owner', 'month'] as const;
const SORT_KEYS: readonly QualitySortKey[] = ['key', 'leads', 'handedOff', 'followUpRate', 'accepted', 'rejected', 'recycled', 'meanRating'];

function groupingLabel(key: GroupKey): string {
  switch (key) {
    case 'source':
      return msg('Source', { id: 'report.group.source' });
    case 'owner':
      return msg('Owner', { id: 'report.group.owner' });
    case 'month':
      return msg('Month', { id: 'report.group.month' });
    default:
      return msg('Campaign', { id: 'report.group.campaign' });
  }
}

/** The default heading, whole per grouping: languages do not all put it together the same way. */
function titleFor(key: GroupKey): string {
  switch (key) {
    case 'source':
      return msg('Lead quality by source', { id: 'report.title.source' });
    case 'owner':
      return msg('Lead quality by owner', { id: 'report.title.owner' });
    case 'month':
      return msg('Lead quality by month', { id: 'report.title.month' });
    default:
      return msg('Lead quality by campaign', { id: 'report.title.campaign' });
  }
}

/** Reads a summary given as an object or JSON; checks the shape the table relies on. Never throws. */
function readSummary(input: unknown): { ok: true; value: FeedbackSummary } | { ok: false; message: string } {
  const json = readJsonValue(input, 'summary');
  if (!json.ok) return json;
  const groups = (json.value as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) return { ok: false, message: 'summary.groups: expected an array' };
  const counts = ['leads', 'feedback', 'accepted', 'rejected', 'recycled'] as const;
  for (const [i, g] of groups.entries()) {
    const group = (g ?? {}) as Record<string, unknown>;
    if (group.key !== null && typeof group.key !== 'string') return { ok: false, message: `summary.groups.${i}.key: expected text or null` };
    for (const c of counts) {
      if (typeof group[c] !== 'number' || !Number.isFinite(group[c]) || (group[c] as number) < 0) return { ok: false, message: `summary.groups.${i}.${c}: expected a count ≥ 0` };
    }
  }
  // Older servers send only the counts of the REST contract: fill in what they leave out.
  const value: FeedbackSummary = {
    groups: (groups as Partial<FeedbackGroup>[]).map((g) => {
      const handedOff = typeof g.handedOff === 'number' ? g.handedOff : 0;
      const touched = typeof g.touched === 'number' ? g.touched : 0;
      return {
        key: g.key ?? null,
        leads: g.leads!,
        feedback: g.feedback!,
        accepted: g.accepted!,
        rejected: g.rejected!,
        recycled: g.recycled!,
        handedOff,
        touched,
        followUpRate: typeof g.followUpRate === 'number' ? g.followUpRate : handedOff > 0 ? touched / handedOff : null,
        reasons: Array.isArray(g.reasons) ? g.reasons.filter((r) => r && typeof r.reason === 'string' && typeof r.count === 'number') : [],
        meanRating: typeof g.meanRating === 'number' ? g.meanRating : null,
        trend: Array.isArray(g.trend) ? g.trend.filter((t) => t && typeof t.month === 'string' && typeof t.leads === 'number') : [],
      };
    }),
  };
  return { ok: true, value };
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
  static override styles = [tokens, styles];
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
      adapter: () => (this.summary === undefined ? this.activeAdapter : undefined),
      concerns: (change) => change.type === 'feedback' || change.type === 'lead',
      refresh: () => void this.#run(),
    });
  }

  /** The summary on screen, whichever way it came. */
  get currentSummary(): FeedbackSummary | undefined {
    if (this.summary !== undefined && this.summary !== null) return this.#read;
    return this.#load.error === undefined ? this.#load.value : undefined;
  }

  /** Reloads from the adapter. */
  async refresh(): Promise<void> {
    await this.#run();
  }

  #run() {
    return this.#load.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('summary')) {
      const read = this.summary === undefined || this.summary === null ? undefined : readSummary(this.summary);
      this.#read = read?.ok ? read.value : undefined;
      this.readError = read && !read.ok ? read.message : undefined;
    }
    if (!SORT_KEYS.includes(this.sortBy)) this.sortBy = 'leads';
    if (this.sortDirection !== 'ascending') this.sortDirection = 'descending';
    if (!(GROUPINGS as readonly string[]).includes(this.groupBy)) this.groupBy = 'campaign';
  }

  #groupName(key: string | null): string {
    if (key === null) return msg('(not set)', { id: 'report.notSet' });
    if (this.groupBy === 'month' && /^\d{4}-\d{2}$/.test(key)) return this.#month(key);
    return key;
  }

  #month(month: string): string {
    return formatDateTime(this.#lang, `${month}-01T00:00:00Z`, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  }

  /** The reason catalog for labels: the given one, else the config's. */
  get #catalog(): Reason[] | undefined {
    return this.reasons ?? this.activeConfig?.reasons;
  }

  /** The rows in the current sort order; groups without a value for the sort column go last. */
  sortedGroups(summary: FeedbackSummary | undefined = this.currentSummary): FeedbackGroup[] {
    const groups = [...(summary?.groups ?? [])];
    const key = this.sortBy;
    const sign = this.sortDirection === 'ascending' ? 1 : -1;
    const collator = new Intl.Collator(this.#lang, { numeric: true, sensitivity: 'base' });
    return groups.sort((a, b) => {
      if (key === 'key') {
        if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
        return sign * collator.compare(a.key, b.key);
      }
      const x = a[key];
      const y = b[key];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return sign * (x - y) || collator.compare(a.key ?? '', b.key ?? '');
    });
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
    const header = [
      groupingLabel(this.groupBy),
      msg('Leads', { id: 'report.col.leads' }),
      msg('Handed over', { id: 'report.col.handedOff' }),
      msg('Followed up', { id: 'report.col.touched' }),
      msg('Follow-up rate', { id: 'report.col.followUpRate' }),
      msg('Accepted', { id: 'report.col.accepted' }),
      msg('Rejected', { id: 'report.col.rejected' }),
      msg('Recycled', { id: 'report.col.recycled' }),
      msg('Mean rating', { id: 'report.col.meanRating' }),
      msg('Top reasons', { id: 'report.col.reasons' }),
      msg('Leads by month', { id: 'report.col.trend' }),
    ];
    const rows = this.sortedGroups().map((g) => [
      g.key ?? '',
      g.leads,
      g.handedOff,
      g.touched,
      g.followUpRate === null ? '' : Math.round(g.followUpRate * 10_000) / 10_000,
      g.accepted,
      g.rejected,
      g.recycled,
      g.meanRating === null ? '' : Math.round(g.meanRating * 100) / 100,
      g.reasons.map((r) => `${reasonName(this.#catalog, r.reason)}: ${r.count}`).join('; '),
      g.trend.map((t) => `${t.month}: ${t.leads}`).join('; '),
    ]);
    return csvFromRows([header, ...rows]);
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
    const fromSummary = this.summary !== undefined && this.summary !== null;
    const summary = this.currentSummary;
    let body: unknown = nothing;
    if (this.readError) {
      body = html`<p class="error" role="alert">${msg('The summary could not be read.', { id: 'report.badSummary' })} <code>${this.readError}</code></p>`;
    } else if (!fromSummary && this.activeAdapter && !summary) {
      body = loadState(
        this.#load.error,
        msg('Loading the report…', { id: 'report.loading' }),
        msg('The report could not be loaded.', { id: 'report.loadError' }),
        () => void this.#run(),
      );
    } else if (!summary) {
      body = html`<p class="status">${msg('No feedback data to show.', { id: 'report.empty' })}</p>`;
    } else if (summary.groups.length === 0) {
      body = html`<p class="status">${msg('No leads in this period.', { id: 'report.noLeads' })}</p>`;
    } else {
      body = this.#renderReport(summary);
    }
    return html`<div part="base">
      <div class="header">
        <h2 part="title" id="title">${heading}</h2>
        <div part="controls" class="controls">
          ${!fromSummary && this.activeAdapter
            ? html`<label for="group">${msg('Group by', { id: 'report.groupBy' })}</label>
                <select id="group" .value=${this.groupBy} @change=${(e: Event) => {
                  this.groupBy = (e.target as HTMLSelectElement).value as GroupKey;
                  this.emit('llgroupbychange', { groupBy: this.groupBy });
                }}>
                  ${GROUPINGS.map((g) => html`<option value=${g} ?selected=${g === this.groupBy}>${groupingLabel(g)}</option>`)}
                </select>`
            : nothing}
          <button part="export" class="export" ?disabled=${!summary || summary.groups.length === 0} @click=${() => this.exportCsv()}>
            ${msg('Export CSV', { id: 'report.export' })}
          </button>
        </div>
      </div>
      ${body}
    </div>`;
  }

  #renderReport(summary: FeedbackSummary) {
    const lang = this.#lang;
    const total = summary.groups.reduce(
      (t, g) => ({ leads: t.leads + g.leads, handedOff: t.handedOff + g.handedOff, touched: t.touched + g.touched, accepted: t.accepted + g.accepted, rejected: t.rejected + g.rejected, recycled: t.recycled + g.recycled }),
      { leads: 0, handedOff: 0, touched: 0, accepted: 0, rejected: 0, recycled: 0 },
    );
    const totals: [string, string][] = [
      [msg('Leads', { id: 'report.col.leads' }), formatNumber(lang, total.leads)],
      [msg('Handed over', { id: 'report.col.handedOff' }), formatNumber(lang, total.handedOff)],
      [msg('Follow-up rate', { id: 'report.col.followUpRate' }), formatPercent(lang, total.handedOff ? total.touched / total.handedOff : null)],
      [msg('Accepted', { id: 'report.col.accepted' }), formatNumber(lang, total.accepted)],
      [msg('Rejected', { id: 'report.col.rejected' }), formatNumber(lang, total.rejected)],
      [msg('Recycled', { id: 'report.col.recycled' }), formatNumber(lang, total.recycled)],
    ];
    const columns = this.#columns();
    const months = [...new Set(summary.groups.flatMap((g) => g.trend.map((t) => t.month)))].sort();
    const measured = this.#width.value;
    const narrow = measured > 0 && measured < (this.constructor as typeof LlLeadQualityReport).narrowWidth;
    return html`
      <dl part="totals" class="totals">${totals.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>
      ${narrow ? this.#renderCards(summary, columns, months) : this.#renderTable(summary, columns, months)}
      <p class="legend">${msg('Mean rating on a scale of 1 to 5. Trend: leads per month, the accepted share darker.', { id: 'report.legend' })}</p>
    `;
  }

  #columns(): { key: QualitySortKey; label: string; text?: boolean }[] {
    return [
      { key: 'key', label: groupingLabel(this.groupBy), text: true },
      { key: 'leads', label: msg('Leads', { id: 'report.col.leads' }) },
      { key: 'handedOff', label: msg('Handed over', { id: 'report.col.handedOff' }) },
      { key: 'followUpRate', label: msg('Follow-up rate', { id: 'report.col.followUpRate' }) },
      { key: 'accepted', label: msg('Accepted', { id: 'report.col.accepted' }) },
      { key: 'rejected', label: msg('Rejected', { id: 'report.col.rejected' }) },
      { key: 'recycled', label: msg('Recycled', { id: 'report.col.recycled' }) },
      { key: 'meanRating', label: msg('Mean rating', { id: 'report.col.meanRating' }) },
    ];
  }

  #figures(g: FeedbackGroup): string[] {
    const lang = this.#lang;
    return [
      formatNumber(lang, g.leads),
      formatNumber(lang, g.handedOff),
      formatPercent(lang, g.followUpRate),
      formatNumber(lang, g.accepted),
      formatNumber(lang, g.rejected),
      formatNumber(lang, g.recycled),
      g.meanRating === null ? '—' : formatNumber(lang, g.meanRating, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    ];
  }

  #topReasons(g: FeedbackGroup): string {
    return topReasons(this.#lang, this.#catalog, g.reasons) || '—';
  }

  #renderCards(summary: FeedbackSummary, columns: { key: QualitySortKey; label: string }[], months: string[]) {
    return html`<div class="sort">
        <label for="sort">${msg('Sort by', { id: 'report.sortBy' })}</label>
        <select id="sort" .value=${this.sortBy} @change=${(e: Event) => this.#sort((e.target as HTMLSelectElement).value as QualitySortKey, true)}>
          ${columns.map((c) => html`<option value=${c.key} ?selected=${c.key === this.sortBy}>${c.label}</option>`)}
        </select>
        <button class="direction" aria-pressed=${this.sortDirection === 'ascending' ? 'true' : 'false'} @click=${() => this.#sort(this.sortBy)}>
          ${msg('Ascending', { id: 'report.ascending' })}
        </button>
      </div>
      <ul part="table" class="cards" aria-labelledby="title">
        ${this.sortedGroups(summary).map((g) => {
          const figures = this.#figures(g);
          return html`<li>
            <h3>${this.#groupName(g.key)}</h3>
            <dl>
              ${columns.slice(1).map((c, i) => html`<div><dt>${c.label}</dt><dd>${figures[i]}</dd></div>`)}
            </dl>
            <p class="reasons"><span class="term">${msg('Top reasons', { id: 'report.col.reasons' })}:</span> ${this.#topReasons(g)}</p>
            ${this.#renderTrend(g, months)}
          </li>`;
        })}
      </ul>`;
  }

  #renderTable(summary: FeedbackSummary, columns: { key: QualitySortKey; label: string; text?: boolean }[], months: string[]) {
    return html`
      <div class="scroll" role="region" aria-labelledby="title" tabindex="0">
        <table part="table">
          <thead>
            <tr>
              ${columns.map(({ key, label, text }) => {
                const sorted = this.sortBy === key;
                return html`<th scope="col" class=${text ? 'text' : ''} aria-sort=${sorted ? this.sortDirection : nothing}>
                  <button @click=${() => this.#sort(key)}>${label}<span class="arrow" aria-hidden="true">${sorted && this.sortDirection === 'ascending' ? '▲' : '▼'}</span></button>
                </th>`;
              })}
              <th scope="col" class="text">${msg('Top reasons', { id: 'report.col.reasons' })}</th>
              <th scope="col">${msg('Trend', { id: 'report.col.trendShort' })}</th>
            </tr>
          </thead>
          <tbody>
            ${this.sortedGroups(summary).map(
              (g) => html`<tr>
                <th scope="row">${this.#groupName(g.key)}</th>
                ${this.#figures(g).map((f) => html`<td>${f}</td>`)}
                <td class="text reasons">${this.#topReasons(g)}</td>
                <td>${this.#renderTrend(g, months)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  #renderTrend(group: FeedbackGroup, months: string[]) {
    if (months.length === 0) return '—';
    const byMonth = new Map(group.trend.map((t) => [t.month, t]));
    const max = Math.max(1, ...group.trend.map((t) => t.leads));
    const step = 9;
    const height = 24;
    const words = months
      .filter((m) => byMonth.has(m))
      .map((m) => {
        const t = byMonth.get(m)!;
        return msg(str`${this.#month(m)}: ${formatNumber(this.#lang, t.leads)} leads, ${formatNumber(this.#lang, t.accepted)} accepted`, { id: 'report.trendMonth' });
      })
      .join('; ');
    return html`<svg part="trend" class="spark" width=${months.length * step} height=${height} aria-hidden="true">
        ${months.map((m, i) => {
          const t = byMonth.get(m);
          if (!t) return nothing;
          const h = Math.max(1, (t.leads / max) * height);
          const a = (Math.min(t.accepted, t.leads) / max) * height;
          return svg`<rect class="all" x=${i * step} y=${height - h} width=${step - 2} height=${h}></rect>
            <rect class="accepted" x=${i * step} y=${height - a} width=${step - 2} height=${a}></rect>`;
        })}
      </svg><span class="visually-hidden">${words}</span>`;
  }
}
