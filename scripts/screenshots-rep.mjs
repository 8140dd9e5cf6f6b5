#!/usr/bin/env node
// Screenshots of the rep's widgets (ll-lead-feedback, ll-qualification-checklist) in each theme,
// compact and in German → docs/screenshots/rep-*.png. Run after `tsc -b`:
//   node scripts/screenshots-rep.mjs
// Bundles a demo of the built dist with esbuild, renders it in Debian's Chromium (playwright-core).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

// The demo: a MemoryAdapter with one lead handed off 40 minutes ago under a 2-hour SLA, some
// history, and a definition signed by both leaders (or by sales only, for the warning).
const demo = `
import '@leadloop/elements/ll-provider';
import '@leadloop/elements/ll-lead-feedback';
import '@leadloop/elements/ll-qualification-checklist';
import { MemoryAdapter } from '@leadloop/core';
import { Outbox } from '@leadloop/adapters';
import { defaultTheme } from './dist/themes/default.js';
import { darkTheme } from './dist/themes/dark.js';
import { salesforceTheme } from './dist/themes/salesforce.js';
import { setLocale } from './dist/internal/localization.js';

document.adoptedStyleSheets = [defaultTheme.styleSheet, darkTheme.styleSheet, salesforceTheme.styleSheet];
const params = new URLSearchParams(location.search);
const now = Date.now();
const iso = (msAgo) => new Date(now - msAgo).toISOString();
const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;
const definition = {
  id: 'acme', version: 3, stages: {
    sal: { threshold: 0.6, criteria: [
      { id: 'fit', label: 'Matches the ideal customer profile', help: 'Industry, size 50–5,000 employees, region we sell in.', required: true, weight: 2 },
      { id: 'contact', label: 'Reached a real person', help: 'Phone or email reply; an auto-reply does not count.', required: true },
      { id: 'need', label: 'Confirmed a problem we solve', weight: 2 },
      { id: 'authority', label: 'Talks to or is the decision maker' },
      { id: 'timing', label: 'Buying within 6 months', help: 'Budget cycle or a named project date.' },
    ] },
  },
  approvals: [
    { role: 'sales', by: 'Dana Whitfield', at: iso(12 * DAY), version: 3 },
    ...(params.get('unapproved') ? [] : [{ role: 'marketing', by: 'Lee Okoro', at: iso(11 * DAY), version: 3 }]),
  ],
};
const adapter = new MemoryAdapter({
  sla: { firstTouchWithinMs: 2 * HOUR },
  definition,
  user: 'Sam Okafor',
  leads: [{
    id: 'L-1042', name: 'Priya Raman', company: 'Northwind Logistics GmbH', email: 'priya@northwind.example',
    source: 'webinar', campaign: 'Spring launch 2026', owner: 'Sam Okafor',
    createdAt: iso(3 * DAY), stage: 'mql', handedOffAt: iso(40 * MIN - 20_000),
    stageHistory: [{ stage: 'inquiry', at: iso(3 * DAY) }, { stage: 'mql', at: iso(40 * MIN - 20_000) }],
  }],
});
await adapter.saveChecklist('L-1042', { stage: 'sal', answers: { fit: true, contact: true } });
const lang = params.get('lang') ?? 'en';
await setLocale(lang);
document.documentElement.lang = lang;
document.body.className = params.get('theme') ?? 'll-theme-default';
const frame = document.querySelector('#frame');
frame.style.width = (params.get('width') ?? '560') + 'px';
frame.innerHTML = params.get('el') === 'checklist'
  ? '<ll-qualification-checklist lead-id="L-1042"></ll-qualification-checklist>'
  : '<ll-lead-feedback lead-id="L-1042"></ll-lead-feedback>';
// The queued shot: an outbox that believes it is offline, in front of the same store.
document.querySelector('ll-provider').adapter = params.get('offline')
  ? new Outbox(adapter, { name: 'screenshots-' + Date.now(), isOnline: () => false })
  : adapter;
window.adapter = adapter;
`;

const bundle = await build({
  stdin: { contents: demo, resolveDir: join(root, 'packages', 'elements'), loader: 'js' },
  bundle: true, format: 'esm', write: false, conditions: ['browser', 'development'], logLevel: 'error',
});
const script = bundle.outputFiles[0].text;

const page0 = (query) => `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; padding: 24px; background: var(--ll-color-surface-alt, #f4f6f9); }
  body.ll-theme-dark { background: #0e1015; }
  body.ll-theme-salesforce { background: #f3f3f3; }
  #frame { display: block; }
</style></head><body><ll-provider><div id="frame"></div></ll-provider>
<script type="module">${script.replace(/<\/script/g, '<\\/script')}</script></body></html>`;

const shots = [
  ['rep-feedback-light', 'el=feedback'],
  ['rep-feedback-dark', 'el=feedback&theme=ll-theme-dark'],
  ['rep-feedback-salesforce', 'el=feedback&theme=ll-theme-salesforce'],
  ['rep-feedback-compact', 'el=feedback&width=320&theme=ll-theme-salesforce'],
  ['rep-feedback-de', 'el=feedback&lang=de'],
  ['rep-feedback-reject', 'el=feedback&action=reject'],
  ['rep-feedback-saved', 'el=feedback&action=attempt'],
  ['rep-feedback-queued', 'el=feedback&action=accept&offline=1&width=320'],
  ['rep-feedback-forced-colors', 'el=feedback&action=reject&forced=1'],
  ['rep-checklist-light', 'el=checklist'],
  ['rep-checklist-dark', 'el=checklist&theme=ll-theme-dark'],
  ['rep-checklist-salesforce', 'el=checklist&theme=ll-theme-salesforce'],
  ['rep-checklist-compact', 'el=checklist&width=320&theme=ll-theme-salesforce'],
  ['rep-checklist-de', 'el=checklist&lang=de'],
  ['rep-checklist-unapproved', 'el=checklist&unapproved=1'],
  ['rep-checklist-forced-colors', 'el=checklist&forced=1'],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
  for (const [name, query] of shots) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.route('http://leadloop.test/**', (route) => route.fulfill({ contentType: 'text/html', body: page0(query) }));
    if (query.includes('forced=1')) await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(`http://leadloop.test/?${query}`);
    const tag = query.includes('checklist') ? 'll-qualification-checklist' : 'll-lead-feedback';
    await page.waitForFunction((t) => {
      const el = document.querySelector(t);
      return el?.shadowRoot?.querySelector('section');
    }, tag);
    if (query.includes('action=reject')) {
      const el = page.locator(tag);
      await el.locator('summary').click();
      await el.locator('#rating').selectOption('2');
      await el.locator('textarea').fill('Went with a competitor last quarter; revisit in Q3.');
      await el.locator('button[data-outcome="rejected"]').click();
      await el.locator('#reason').selectOption('competitor');
    }
    if (query.includes('action=attempt')) {
      const el = page.locator(tag);
      await el.locator('summary').click();
      await el.locator('#note').fill('Voicemail; will try again after lunch.');
      await el.locator('button[data-outcome="attempted"]').click();
      await el.locator('li').waitFor();
    }
    if (query.includes('action=accept')) {
      const el = page.locator(tag);
      await el.locator('button[data-outcome="accepted"]').click();
      await el.locator('li').waitFor();
    }
    await page.waitForTimeout(150);
    if (errors.length) throw new Error(`${name}: ${errors.join('\n')}`);
    await page.locator('#frame').screenshot({ path: join(out, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
}
