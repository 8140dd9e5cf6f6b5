// The portal the screenshots show: every portal widget on one page, fed by a MemoryAdapter with
// the demo data. Bundled by screenshots.mjs with esbuild.
import { MemoryAdapter, computeFunnel } from '@leadloop/core';
import '../../packages/elements/dist/entries/ll-provider.js';
import '../../packages/elements/dist/entries/ll-funnel-chart.js';
import '../../packages/elements/dist/entries/ll-lead-quality-report.js';
import '../../packages/elements/dist/entries/ll-funnel-planner.js';
import { demoData } from './demo-data.mjs';

const { leads, feedback } = demoData();
const adapter = new MemoryAdapter({ leads, feedback, clock: () => new Date('2026-07-01T00:00:00Z') });
const previous = demoData({ seed: 3, count: 2100, from: '2025-07-01T00:00:00Z', to: '2025-12-31T00:00:00Z', quality: 0.93 });
const comparison = computeFunnel(previous.leads, { now: new Date('2026-01-01T00:00:00Z'), sla: { firstTouchWithinMs: 300_000 } });

document.querySelector('ll-provider').adapter = adapter;
for (const el of document.querySelectorAll('ll-funnel-chart[data-compare]')) el.comparison = comparison;
globalThis.portalReady = Promise.all([...document.querySelectorAll('ll-provider *')].map((el) => el.updateComplete))
  .then(() => new Promise((r) => setTimeout(r, 300)));
