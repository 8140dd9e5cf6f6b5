// Shared by the ll-qualification-checklist test files: a definition, a lead, and ways into the element.
import { MemoryAdapter, type ChecklistAnswers, type QualificationDefinition } from '@leadloop/core';
import type { LlQualificationChecklist } from './qualification-checklist.component.js';

export const definition = (approvedBy: ('sales' | 'marketing')[] = ['sales', 'marketing']): QualificationDefinition => ({
  id: 'acme', version: 3,
  stages: {
    sal: {
      threshold: 0.6,
      criteria: [
        { id: 'fit', label: 'Matches the ideal customer profile', help: 'Industry, size, region.', required: true, weight: 2 },
        { id: 'contact', label: 'Reached a real person', required: true },
        { id: 'need', label: 'Confirmed a problem we solve', weight: 2 },
      ],
    },
    sql: { criteria: [{ id: 'budget', label: 'Budget confirmed', required: true }] },
  },
  approvals: [
    { role: 'sales', by: 'Dana Whitfield', at: '2026-01-10T09:00:00Z', version: 3 },
    { role: 'marketing', by: 'Lee Okoro', at: '2026-01-11T09:00:00Z', version: 3 },
    { role: 'marketing', by: 'Old Approver', at: '2025-12-01T09:00:00Z', version: 2 },
  ].filter((a) => a.version !== 3 || approvedBy.includes(a.role as 'sales' | 'marketing')) as QualificationDefinition['approvals'],
});

export function root(el: Element): ShadowRoot {
  return el.shadowRoot!;
}
export function $<T extends Element = HTMLElement>(el: Element, selector: string): T {
  return root(el).querySelector(selector) as T;
}
export function checkbox(el: Element, label: string): HTMLInputElement {
  const row = [...root(el).querySelectorAll('.criterion')].find((r) => r.textContent!.includes(label))!;
  return row.querySelector('input')!;
}
export function text(el: Element, selector: string): string {
  return $(el, selector)?.textContent!.replace(/\s+/g, ' ').trim();
}
export async function settle(el: LlQualificationChecklist, condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

export function withLead(answers?: ChecklistAnswers): MemoryAdapter {
  const adapter = new MemoryAdapter({
    definition: definition(), user: 'sam',
    leads: [{ id: 'L-1', createdAt: '2026-01-05T08:00:00Z', stage: 'mql', handedOffAt: '2026-01-05T09:00:00Z' }],
  });
  if (answers) void adapter.saveChecklist('L-1', { stage: 'sal', answers });
  return adapter;
}
