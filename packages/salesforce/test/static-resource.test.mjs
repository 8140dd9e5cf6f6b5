// The static resource as it would deploy: what a build makes of the elements and adapters built
// now (a stale one would put old code in the org), and in Chromium as Lightning uses it: a tag LWC
// rendered (lwc:external) before loadScript ran upgrades when the script defines it, into a closed
// shadow root, and the script exposes the adapter factory the hosts call.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildStaticResource, STATIC_RESOURCE } from '../scripts/build-static-resource.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const script = existsSync(STATIC_RESOURCE) ? readFileSync(STATIC_RESOURCE, 'utf8') : '';
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
});

test('leadloop.js is what `npm run build -w packages/salesforce` makes of the elements and adapters built now', async () => {
  assert.ok(script, `${STATIC_RESOURCE} is missing: run npm run build -w packages/salesforce`);
  const fresh = join(mkdtempSync(join(tmpdir(), 'leadloop-static-resource-')), 'leadloop.js');
  await buildStaticResource(fresh);
  assert.ok(readFileSync(fresh, 'utf8') === script, 'leadloop.js is stale, so a deploy would put old code in the org: run npm run build -w packages/salesforce');
});

test('an element rendered before the script loads upgrades into a closed shadow root and draws', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.setContent('<ll-funnel-chart id="chart" lead-id="unused"></ll-funnel-chart>');
  await page.addScriptTag({ content: script });
  const result = await page.evaluate(async () => {
    const chart = document.getElementById('chart');
    chart.report = {
      total: 10, exits: [], followUp: { handedOff: 5, touched: 2, rate: 0.4 }, timeToFirstTouch: { medianMs: null, p90Ms: null },
      stages: [{ id: 'inquiry', label: 'Inquiry', reached: 10, current: 5, fromPrevious: null, fromFirst: 1 }, { id: 'mql', label: 'MQL', reached: 5, current: 5, fromPrevious: 0.5, fromFirst: 0.5 }],
    };
    await chart.updateComplete;
    return {
      upgraded: chart.constructor !== HTMLElement,
      openRoot: chart.shadowRoot !== null,
      height: chart.getBoundingClientRect().height,
      defined: ['ll-provider', 'll-lead-feedback', 'll-qualification-checklist', 'll-funnel-chart', 'll-lead-quality-report', 'll-funnel-planner', 'll-definition-editor'].filter((tag) => !customElements.get(tag)),
      factory: typeof self.LeadLoop?.createSalesforceAdapter,
    };
  });
  assert.deepEqual(errors, []);
  assert.equal(result.upgraded, true);
  assert.equal(result.openRoot, false, 'Lightning Web Security supports closed shadow roots only');
  assert.ok(result.height > 50, `drawn: ${result.height}px`);
  assert.deepEqual(result.defined, [], 'every tag is defined');
  assert.equal(result.factory, 'function');
  await page.close();
});
