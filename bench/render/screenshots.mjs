#!/usr/bin/env node
// Screenshots of the portal widgets at 320, 800 and 1400 px, light and dark, into
// docs/screenshots/portal-<width>-<theme>.png. Run after `tsc -b`: node bench/render/screenshots.mjs
import { mkdirSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, serve } from './serve.mjs';

const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'docs', 'screenshots');
const dir = mkdtempSync(join(tmpdir(), 'leadloop-shots-'));
await build({ entryPoints: [join(import.meta.dirname, 'portal-page.mjs')], bundle: true, format: 'esm', outfile: join(dir, 'portal-page.js'), logLevel: 'warning' });
copyFileSync(join(import.meta.dirname, 'portal.html'), join(dir, 'portal.html'));
mkdirSync(out, { recursive: true });

const server = await serve(dir);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const width of [320, 800, 1400]) {
    for (const theme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
      page.on('pageerror', (e) => console.error(`page error (${width} ${theme}):`, e.message));
      page.on('console', (m) => m.type() === 'error' && console.error(`console (${width} ${theme}):`, m.text()));
      await page.goto(`${server.url}/portal.html`);
      if (theme === 'dark') await page.evaluate(() => document.body.classList.add('ll-theme-dark'));
      await page.evaluate(() => globalThis.portalReady);
      const file = join(out, `portal-${width}-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
      // LL_SHOTS_ELEMENTS=dir also saves each widget on its own, to look at closely.
      if (process.env.LL_SHOTS_ELEMENTS) {
        const widgets = await page.locator('main > *').all();
        for (const [i, widget] of widgets.entries()) await widget.screenshot({ path: join(process.env.LL_SHOTS_ELEMENTS, `${width}-${theme}-${i}.png`) });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
