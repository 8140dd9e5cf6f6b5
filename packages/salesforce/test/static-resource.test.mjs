// The built static resource in Chromium, as Lightning uses it: a tag LWC rendered (lwc:external)
// before loadScript ran upgrades when the script defines it, into a closed shadow root, and the
// script exposes the adapter factory the hosts call.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const script = readFileSync(join(import.meta.dirname, '..', 'force-app', 'main', 'default', 'staticresources', 'leadloop.js'), 'utf8');
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
after(async () => {
  await browser?.close();
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
