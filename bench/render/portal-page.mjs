// The portal the screenshots show: every portal widget on one page, fed by a MemoryAdapter with
// the demo data. Bundled by screenshots.mjs with esbuild.
import { MemoryAdapter, computeFunnel } from '@leadloop/core';
import '../../packages/elements/dist/entries/ll-provider.js';
import '../../packages/elements/dist/entries/ll-funnel-chart.js';
import '../../packages/elements/dist/entries/ll-lead-quality-report.js';
import '../../packages/elements/dist/entries/ll-funnel-planner.js';
import '../../packages/elements/dist/entries/ll-definition-editor.js';
import { darkTheme } from '../../packages/elements/dist/themes/dark.js';

// The dark screenshots put the shipped dark theme's class on the body.
document.adoptedStyleSheets = [...document.adoptedStyleSheets, darkTheme.styleSheet];
import { demoData } from './demo-data.mjs';

const { leads, feedback } = demoData();
const definition = {
  id: 'default',
  version: 1,
  stages: {
    mql: {
      threshold: 0.6,
      criteria: [
        { id: 'icp-fit', label: 'Company fits the ideal customer profile', help: '50–5,000 employees, B2B, in a served region', required: true, weight: 3 },
        { id: 'engaged', label: 'Engaged twice in 30 days', help: 'Webinar, demo request, pricing page, or a reply', weight: 2 },
        { id: 'contactable', label: 'Valid business email or phone', required: true },
      ],
    },
    sal: { criteria: [{ id: 'reached', label: 'Rep reached the lead', required: true }, { id: 'interest', label: 'Confirms a current need', weight: 2 }] },
    sql: { threshold: 0.5, criteria: [{ id: 'budget', label: 'Budget confirmed' }, { id: 'authority', label: 'Talking to a decision maker' }, { id: 'timeline', label: 'Buying within two quarters' }] },
  },
  approvals: [],
};
let day = Date.parse('2026-05-04T09:00:00Z');
const adapter = new MemoryAdapter({ leads, feedback, definition, clock: () => new Date((day += 86_400_000 * 3)) });
await adapter.approveDefinition({ role: 'marketing', version: 1, by: 'Maria Jensen' });
await adapter.approveDefinition({ role: 'sales', version: 1, by: 'Sam Okafor' });
const v1 = await adapter.getDefinition();
await adapter.saveDefinition({ ...v1, stages: { ...v1.stages, mql: { ...v1.stages.mql, threshold: 0.7 } } });
await adapter.approveDefinition({ role: 'marketing', version: 2, by: 'Maria Jensen' });
const previous = demoData({ seed: 3, count: 2100, from: '2025-07-01T00:00:00Z', to: '2025-12-31T00:00:00Z', quality: 0.93 });
const comparison = computeFunnel(previous.leads, { now: new Date('2026-01-01T00:00:00Z'), sla: { firstTouchWithinMs: 300_000 } });

document.querySelector('ll-provider').adapter = adapter;
for (const el of document.querySelectorAll('ll-funnel-chart[data-compare]')) el.comparison = comparison;
globalThis.portalReady = Promise.all([...document.querySelectorAll('ll-provider *')].map((el) => el.updateComplete))
  .then(() => new Promise((r) => setTimeout(r, 300)));
