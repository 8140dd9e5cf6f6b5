// Shared by the ll-lead-feedback test files: a lead handed off 40 minutes ago, an adapter, and
// ways into the card's shadow root.
import { fixture, html } from '@open-wc/testing';
import { MemoryAdapter, type Lead } from '@leadloop/core';
import type { LlLeadFeedback } from './lead-feedback.component.js';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Handed off 40 min ago (plus 30 s of slack for a slow run) under the default 5-minute SLA, unless told otherwise. */
export function lead(extra: Partial<Lead> = {}): Lead {
  return {
    id: 'L-1', name: 'Priya Raman', company: 'Northwind', source: 'webinar', campaign: 'Spring launch',
    createdAt: ago(2 * DAY), stage: 'mql', handedOffAt: ago(40 * MIN - 30_000), ...extra,
  };
}

export async function memory(leads: Lead[] = [lead()], slaMs = 2 * HOUR): Promise<MemoryAdapter> {
  return new MemoryAdapter({ leads, sla: { firstTouchWithinMs: slaMs }, user: 'sam' });
}

export function root(el: LlLeadFeedback): ShadowRoot {
  return el.shadowRoot!;
}
export function $<T extends Element = HTMLElement>(el: LlLeadFeedback, selector: string): T {
  return root(el).querySelector(selector) as T;
}
export function button(el: LlLeadFeedback, outcome: string): HTMLButtonElement {
  return $(el, `button[data-outcome="${outcome}"]`);
}
export function buttonByText(el: LlLeadFeedback, text: string): HTMLButtonElement {
  return [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === text) as HTMLButtonElement;
}
export function statusText(el: LlLeadFeedback): string {
  return $(el, '[role="status"]').textContent!.trim();
}
export async function settle(el: LlLeadFeedback, condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

/** Plain data with a config that gives a 2-hour SLA, so the badge reads "due in 1 hr 20 min". */
export async function plain(l: Lead | string = lead()): Promise<LlLeadFeedback> {
  const adapterConfig = await new MemoryAdapter({ sla: { firstTouchWithinMs: 2 * HOUR } }).getConfig();
  const el = await fixture<LlLeadFeedback>(html`<ll-lead-feedback .lead=${l} .config=${adapterConfig}></ll-lead-feedback>`);
  return el;
}
