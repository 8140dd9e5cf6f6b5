#!/usr/bin/env node
// Screenshots of the demo pages for the README: start the demo (npm start), then
//   node test/e2e/take-screenshots.mjs http://127.0.0.1:8787
// Writes docs/screenshots/demo-*.png. Uses Debian's Chromium through playwright-core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = (process.argv[2] ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const out = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const pages = [
  ['index', '/'],
  ['crm-record', '/crm-record.html?lead=DEMO-1'],
  ['portal', '/portal.html'],
  ['plain-html', '/plain-html/'],
  ['react', '/react.html'],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  for (const [name, path] of pages) {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`${name}: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && console.error(`${name}: ${message.text()}`));
    await page.goto(`${base}${path}`, { waitUntil: 'load' });
    await page.waitForTimeout(2500); // the pages keep an event stream open, so "network idle" never comes: give the elements time to load and render
    await page.screenshot({ path: join(out, `demo-${name}.png`), fullPage: true });
    console.log(`docs/screenshots/demo-${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
}
