// How the report shows a summary: the totals, then a sortable table, or on a narrow screen a card
// per group with a select to sort by; each group with its top reasons and a sparkline by month.
import { msg, str } from '@lit/localize';
import { html, nothing, svg } from 'lit';
import type { FeedbackGroup, FeedbackSummary, GroupKey, Reason } from '@leadloop/core';
import { formatDateTime, formatNumber } from '../../internal/format.js';
import { topReasons } from '../../internal/reason-labels.js';
import { columnLabels, figure, type FigureKey } from './quality-columns.js';
import { SORT_KEYS, totalOf, type QualitySortKey, type SortDirection } from './quality-summary.js';

/** What the views need from the element. */
export interface QualityView {
  lang: string;
  groupBy: GroupKey;
  sortBy: QualitySortKey;
  sortDirection: SortDirection;
  catalog: readonly Reason[] | undefined;
  /** The groups in the order on screen. */
  sorted: (summary: FeedbackSummary) => FeedbackGroup[];
  /** Sorts by a column: the same column again flips the direction, unless `keepDirection` (the cards' select). */
  sort: (key: QualitySortKey, keepDirection?: boolean) => void;
}

const FIGURES = SORT_KEYS.slice(1) as FigureKey[];
const TOTALS: FigureKey[] = ['leads', 'handedOff', 'followUpRate', 'accepted', 'rejected', 'recycled'];

const monthLabel = (lang: string, month: string) => formatDateTime(lang, `${month}-01T00:00:00Z`, { month: 'short', year: 'numeric', timeZone: 'UTC' });

function groupName(view: QualityView, key: string | null): string {
  if (key === null) return msg('(not set)');
  return view.groupBy === 'month' && /^\d{4}-\d{2}$/.test(key) ? monthLabel(view.lang, key) : key;
}

const reasonsOf = (view: QualityView, g: FeedbackGroup) => topReasons(view.lang, view.catalog, g.reasons) || '—';

/** The totals, then the groups as a table or (narrow) as cards, then the legend. */
export function renderReport(view: QualityView, summary: FeedbackSummary, narrow: boolean) {
  const labels = columnLabels(view.groupBy);
  const total = totalOf(summary.groups);
  const months = [...new Set(summary.groups.flatMap((g) => g.trend.map((t) => t.month)))].sort();
  return html`
    <dl part="totals" class="totals">${TOTALS.map((key) => html`<div><dt>${labels[key]}</dt><dd>${figure(total, key, view.lang)}</dd></div>`)}</dl>
    ${narrow ? renderCards(view, summary, labels, months) : renderTable(view, summary, labels, months)}
    <p class="legend">${msg('Mean rating on a scale of 1 to 5. Trend: leads per month, the accepted share darker.')}</p>
  `;
}

/** The cards, under a select to sort by, a button that names the direction it switches to, and the sort in words (announced). */
function renderCards(view: QualityView, summary: FeedbackSummary, labels: ReturnType<typeof columnLabels>, months: string[]) {
  const up = view.sortDirection === 'ascending';
  return html`<div class="sort">
      <label for="sort">${msg('Sort by')}</label>
      <select id="sort" .value=${view.sortBy} @change=${(e: Event) => view.sort((e.target as HTMLSelectElement).value as QualitySortKey, true)}>
        ${SORT_KEYS.map((key) => html`<option value=${key} ?selected=${key === view.sortBy}>${labels[key]}</option>`)}
      </select>
      <button class="direction" @click=${() => view.sort(view.sortBy)}>${up ? msg('Sort descending') : msg('Sort ascending')}</button>
      ${sortedLine(view, labels, 'sorted')}
    </div>
    <ul part="table" class="cards" aria-labelledby="title">
      ${view.sorted(summary).map(
        (g) => html`<li>
          <h3>${groupName(view, g.key)}</h3>
          <dl>
            ${FIGURES.map((key) => html`<div><dt>${labels[key]}</dt><dd>${figure(g, key, view.lang)}</dd></div>`)}
          </dl>
          <p class="reasons"><span class="term">${labels.reasons}:</span> ${reasonsOf(view, g)}</p>
          ${renderTrend(view, g, months)}
        </li>`,
      )}
    </ul>`;
}

/** The sort in words, in a status so that each change is heard: on screen above the cards, visually hidden over the table (its arrows say it). */
const sortedLine = (view: QualityView, labels: ReturnType<typeof columnLabels>, className: string) =>
  html`<p id="sorted" class=${className} role="status">${view.sortDirection === 'ascending'
    ? msg(str`Sorted by ${labels[view.sortBy]}, ascending`)
    : msg(str`Sorted by ${labels[view.sortBy]}, descending`)}</p>`;

function renderTable(view: QualityView, summary: FeedbackSummary, labels: ReturnType<typeof columnLabels>, months: string[]) {
  return html`
    ${sortedLine(view, labels, 'visually-hidden')}
    <div class="scroll" role="region" aria-labelledby="title" tabindex="0">
      <table part="table" aria-labelledby="title" aria-describedby="sorted">
        <thead>
          <tr>
            ${SORT_KEYS.map((key) => {
              const sorted = view.sortBy === key;
              return html`<th scope="col" class=${key === 'key' ? 'text' : ''} aria-sort=${sorted ? view.sortDirection : nothing}>
                <button @click=${() => view.sort(key)}>${labels[key]}<span class="arrow" aria-hidden="true">${sorted && view.sortDirection === 'ascending' ? '▲' : '▼'}</span></button>
              </th>`;
            })}
            <th scope="col" class="text">${labels.reasons}</th>
            <th scope="col">${labels.trendShort}</th>
          </tr>
        </thead>
        <tbody>
          ${view.sorted(summary).map(
            (g) => html`<tr>
              <th scope="row">${groupName(view, g.key)}</th>
              ${FIGURES.map((key) => html`<td>${figure(g, key, view.lang)}</td>`)}
              <td class="text reasons">${reasonsOf(view, g)}</td>
              <td>${renderTrend(view, g, months)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** Leads per month as bars, the accepted part darker; the same figures in words for a screen reader. */
function renderTrend(view: QualityView, group: FeedbackGroup, months: string[]) {
  if (months.length === 0) return '—';
  const byMonth = new Map(group.trend.map((t) => [t.month, t]));
  const max = Math.max(1, ...group.trend.map((t) => t.leads));
  const step = 9;
  const height = 24;
  const words = months
    .filter((m) => byMonth.has(m))
    .map((m) => {
      const t = byMonth.get(m)!;
      return msg(str`${monthLabel(view.lang, m)}: ${formatNumber(view.lang, t.leads)} leads, ${formatNumber(view.lang, t.accepted)} accepted`);
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
