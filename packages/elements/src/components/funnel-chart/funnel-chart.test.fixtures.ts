// Shared by the ll-funnel-chart test files: leads of a known shape, their report, and ways into the chart.
import { aTimeout, expect } from '@open-wc/testing';
import { computeFunnel, DEFAULT_SLA, type Lead } from '@leadloop/core';
import type { LlFunnelChart } from './funnel-chart.component.js';

export const NOW = new Date('2026-03-01T12:00:00Z');
export const STAGES = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'];

/** Leads with a known shape: `counts[i]` leads stop at stage i; some exit, some are touched late. */
export function makeLeads(counts = [400, 150, 120, 70, 40, 20], source = 'webinar'): Lead[] {
  const leads: Lead[] = [];
  counts.forEach((n, s) => {
    for (let k = 0; k < n; k++) {
      const id = `${source}-${s}-${k}`;
      const createdAt = `2026-02-${String(1 + (k % 27)).padStart(2, '0')}T09:00:00Z`;
      const lead: Lead = { id, source, campaign: k % 2 ? 'spring' : 'fall', owner: 'ann', createdAt, stage: STAGES[s]! };
      if (s >= 1) {
        lead.handedOffAt = createdAt;
        if (k % 3 !== 0) lead.firstTouchAt = new Date(Date.parse(createdAt) + (k % 4 === 0 ? 20 : 2) * 60_000).toISOString();
      }
      if (s < 5 && k % 4 === 1) lead.exit = { kind: s === 0 ? 'disqualified' : s === 1 ? 'recycled' : 'lost', reason: k % 8 === 1 ? 'no-budget' : 'poor-fit', at: createdAt };
      leads.push(lead);
    }
  });
  return leads;
}

export const leads = makeLeads();
export const report = computeFunnel(leads, { sla: DEFAULT_SLA, now: NOW });
export const comparison = computeFunnel(makeLeads([300, 120, 90, 60, 30, 10]), { sla: DEFAULT_SLA, now: NOW });

export const stages = (el: LlFunnelChart) => [...el.shadowRoot!.querySelectorAll<SVGGElement>('g.stage')];
export const tableRows = (el: LlFunnelChart) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));

/**
 * The stage buttons' names, taken from their content as the browser does (role=button names
 * itself from its text; each SVG text ends in a space so the words stay apart).
 */
export function buttonNames(el: LlFunnelChart): string[] {
  return stages(el).map((g) => g.textContent!.replace(/\s+/g, ' ').trim());
}

/** Waits, frame by frame, until `done()` holds (a resize reaches the element in a later frame). */
export async function until(done: () => boolean, what: string) {
  for (let frame = 0; frame < 300 && !done(); frame++) await new Promise((r) => requestAnimationFrame(r));
  expect(done(), what).to.equal(true);
}

export async function settle(el: LlFunnelChart) {
  for (let i = 0; i < 5; i++) {
    await aTimeout(0);
    await el.updateComplete;
  }
}
