// How the planner shows a plan: the verdict on the pace, then each stage as a table row or, on a
// narrow screen, as a card. Every column label is written once here.
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { formatNumber } from '../../internal/format.js';
import type { PlanPeriod, PlanRow } from './plan-compute.js';

/** A stage's cells, rendered once and laid out as a table row or a card. */
export interface StageCells {
  label: string;
  /** The rate field, or a dash on the last stage. */
  rate: unknown;
  required: string;
  perMonth: string;
  actual: string;
  gap: number | null;
}

export function periodLabel(period: PlanPeriod): string {
  switch (period) {
    case 'month':
      return msg('month');
    case 'year':
      return msg('year');
    default:
      return msg('quarter');
  }
}

function columnLabels(period: string) {
  return {
    caption: msg('Leads needed per stage beside the actual pace'),
    rate: msg('Converts to next'),
    required: msg(str`Needed per ${period}`),
    perMonth: msg('Needed per month'),
    actual: msg('Actual per month'),
    gap: msg('Gap per month'),
  };
}

function gapText(lang: string, gap: number | null) {
  if (gap === null) return '—';
  return gap < 0
    ? msg(str`${formatNumber(lang, Math.ceil(-gap))} short`)
    : msg(str`on pace, +${formatNumber(lang, Math.floor(gap))}`);
}

const gapClass = (gap: number | null) => (gap === null ? 'gap' : gap < 0 ? 'gap short' : 'gap ok');

/** The stages as a table, or as cards when `narrow`. */
export function renderStages(cells: StageCells[], period: string, lang: string, narrow: boolean) {
  const l = columnLabels(period);
  if (narrow) {
    return html`<ul part="table" class="cards" aria-label=${l.caption}>
      ${cells.map(
        (c, i) => html`<li>
          <h3>${c.label}</h3>
          ${i < cells.length - 1 ? html`<div class="card-rate"><span aria-hidden="true">${l.rate}</span>${c.rate}</div>` : nothing}
          <dl>
            <div><dt>${l.required}</dt><dd>${c.required}</dd></div>
            <div><dt>${l.perMonth}</dt><dd>${c.perMonth}</dd></div>
            <div><dt>${l.actual}</dt><dd>${c.actual}</dd></div>
            <div><dt>${l.gap}</dt><dd class=${gapClass(c.gap)}>${gapText(lang, c.gap)}</dd></div>
          </dl>
        </li>`,
      )}
    </ul>`;
  }
  return html`<div class="scroll" role="region" aria-labelledby="plan-caption" tabindex="0">
    <table part="table">
      <caption id="plan-caption" class="visually-hidden">${l.caption}</caption>
      <thead>
        <tr>
          <th scope="col">${msg('Stage')}</th>
          <th scope="col">${l.rate}</th>
          <th scope="col">${l.required}</th>
          <th scope="col">${l.perMonth}</th>
          <th scope="col">${l.actual}</th>
          <th scope="col">${l.gap}</th>
        </tr>
      </thead>
      <tbody>
        ${cells.map(
          (c) => html`<tr>
            <th scope="row">${c.label}</th>
            <td>${c.rate}</td>
            <td>${c.required}</td>
            <td>${c.perMonth}</td>
            <td>${c.actual}</td>
            <td class=${gapClass(c.gap)}>${gapText(lang, c.gap)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * What the goal needs, and where the actual pace falls short first. Without a pace to compare
 * with (`paced` false) only what the goal needs, and `note` (why there is no pace), if given.
 */
export function renderVerdict(rows: PlanRow[], goal: string, period: string, lang: string, paced: boolean, note?: string) {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const need = msg(str`To win ${goal} per ${period} you need ${formatNumber(lang, last.required)} deals: ${formatNumber(lang, first.perMonth)} new leads (${first.label}) a month.`);
  if (!paced) return html`<div part="verdict" class="verdict plain"><p>${need}</p>${note ? html`<p>${note}</p>` : nothing}</div>`;
  const short = rows.filter((r) => r.gap !== null && r.gap < 0);
  const firstShort = short[0];
  return html`<div part="verdict" class=${short.length ? 'verdict short' : 'verdict'}>
    <p>${need}</p>
    <p>
      ${firstShort
        ? msg(
            str`The pace falls short first at ${firstShort.label}: ${formatNumber(lang, Math.floor(firstShort.actualPerMonth!))} a month against ${formatNumber(lang, firstShort.perMonth)} needed.`,
          )
        : msg('The actual pace meets the plan at every stage.')}
      ${short.length > 1 ? msg(str`Also short: ${short.slice(1).map((r) => r.label).join(', ')}.`) : nothing}
    </p>
  </div>`;
}
