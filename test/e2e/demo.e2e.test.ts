import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// The demo end to end, in Debian's Chromium: `npm start` on a fresh in-memory store, a rep rejects
// a lead on the CRM record page and the marketing portal (open in another tab) counts it — by mouse,
// and again by keyboard alone — and axe-core finds no violation on any page.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let demo: ChildProcess;
let base: string;
let browser: Browser;
let context: BrowserContext;
let dark: BrowserContext;
const pageErrors: string[] = [];

// Generous limits, so a broken loop fails the run instead of hanging it; no assertion is about speed.
const LIMIT = { timeout: 180_000 };

before(async () => {
  demo = spawn(process.execPath, ['scripts/start.mjs', '--no-build', '--port', '0', '--store', 'memory', '--leads', '400', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: demo.stdout! })) {
    const match = /LeadLoop demo: (http:\/\/\S+?)\/?$/.exec(line);
    if (match) {
      base = match[1]!;
      break;
    }
  }
  assert.ok(base, 'npm start printed the demo URL');
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
}, LIMIT);

after(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((resolve) => demo.once('exit', resolve));
    demo.kill('SIGTERM');
    await exited;
  }
});

async function open(path: string, on: BrowserContext = context): Promise<Page> {
  const page = await on.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  // The pages run under a Content-Security-Policy: anything it blocks is a bug in a page or in it.
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(`${path}: ${message.text()}`);
  });
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  return page;
}

/** The portal's quality-report row for a campaign, as header → cell text. */
async function reportRow(portal: Page, campaign: string): Promise<Record<string, string>> {
  const report = portal.locator('ll-lead-quality-report');
  await report.locator('table').waitFor();
  const headers = await report.locator('thead th').allInnerTexts();
  const row = report.locator('tbody tr').filter({ has: portal.locator('th', { hasText: campaign }) }).first();
  const cells = await row.locator('th, td').allInnerTexts();
  return Object.fromEntries(headers.map((h, i) => [h.replace(/[▲▼\s]+$/u, '').trim(), (cells[i] ?? '').trim()]));
}

const count = (text: string | undefined) => Number((text ?? '').replace(/[^\d]/g, '') || 0);

/** Waits until the portal shows `rejected` for the campaign; the page refreshes itself from the change stream. */
async function waitForRejected(portal: Page, campaign: string, rejected: number): Promise<Record<string, string>> {
  for (;;) {
    const row = await reportRow(portal, campaign).catch(() => undefined);
    if (row && count(row.Rejected) === rejected) return row;
    await portal.waitForTimeout(200);
  }
}

/** The element that has focus, looking into shadow roots. */
function focused(page: Page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.localName ?? '', text: (el?.textContent ?? '').trim(), id: el?.id ?? '' };
  });
}

async function tabTo(page: Page, matches: (f: { tag: string; text: string; id: string }) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

async function session(page: Page) {
  return page.evaluate(async () => (await fetch('/demo/session.json')).json());
}

describe('the demo end to end', () => {
  test('the fresh hand-off on the CRM page has its SLA counting down, not breached (the keyboard test below rejects it)', LIMIT, async () => {
    const crm = await open('/crm-record.html?lead=DEMO-1');
    await crm.locator('ll-lead-feedback').getByText(/due in/i).first().waitFor();
    await crm.close();
  });

  test('a rep rejects a lead with a reason on the CRM record → the portal report counts it without a reload', LIMIT, async () => {
    const portal = await open('/portal.html');
    const before = await reportRow(portal, 'Demo Request Form');
    const crm = await open('/crm-record.html?lead=DEMO-2');
    const feedback = crm.locator('ll-lead-feedback');
    await feedback.getByRole('button', { name: 'Reject…' }).click();
    await feedback.getByRole('combobox', { name: /reason/i }).selectOption({ label: 'Not a decision maker' });
    await feedback.getByRole('button', { name: 'Reject lead' }).click();
    await feedback.getByText(/Saved: Rejected/).waitFor();
    // The CRM's own header follows: the lead left the funnel as disqualified.
    await crm.locator('#stage-path .exited').waitFor();

    const after = await waitForRejected(portal, 'Demo Request Form', count(before.Rejected) + 1);
    assert.equal(count(after.Leads), count(before.Leads));
    assert.match(after['Top reasons'] ?? '', /Not a decision maker/);

    // The API agrees with what the page shows.
    const { tokens } = await session(crm);
    const lead = await crm.evaluate(async (token) => (await fetch('/api/v1/leads/DEMO-2', { headers: { Authorization: `Bearer ${token}` } })).json(), tokens.rep);
    assert.deepEqual([lead.exit.kind, lead.exit.reason, lead.feedback.at(-1).by], ['disqualified', 'not-decision-maker', 'ana.ruiz@acme.example']);
    await crm.close();
    await portal.close();
  });

  test('the same by keyboard alone', LIMIT, async () => {
    const portal = await open('/portal.html');
    const before = await reportRow(portal, 'Demo Request Form');
    const crm = await open('/crm-record.html?lead=DEMO-1');
    await crm.locator('ll-lead-feedback').getByRole('button', { name: 'Reject…' }).waitFor();
    await tabTo(crm, (f) => f.tag === 'button' && f.text === 'Reject…', 'the Reject… button');
    await crm.keyboard.press('Enter');
    await tabTo(crm, (f) => f.tag === 'select' && f.id === 'reason', 'the reason list');
    await crm.keyboard.press('ArrowDown'); // the first reason of the catalog: Unresponsive
    await tabTo(crm, (f) => f.tag === 'button' && f.text === 'Reject lead', 'the Reject lead button');
    await crm.keyboard.press('Enter');
    await crm.locator('ll-lead-feedback').getByText(/Saved: Rejected/).waitFor();

    const after = await waitForRejected(portal, 'Demo Request Form', count(before.Rejected) + 1);
    assert.match(after['Top reasons'] ?? '', /Unresponsive/);
    await crm.close();
    await portal.close();
  });

  test('the React page says which stage a click selected', LIMIT, async () => {
    const page = await open('/react.html');
    const chart = page.locator('ll-funnel-chart');
    await chart.locator('.stage').first().click();
    await page.getByText('Selected stage: Inquiry').waitFor();
    await page.close();
  });

  const pages = ['/', '/crm-record.html?lead=DEMO-3', '/portal.html', '/plain-html/', '/react.html'].map((path) => ({ path, scheme: 'light' }));
  for (const { path, scheme } of [...pages, { path: '/crm-record.html?lead=DEMO-3', scheme: 'dark' }, { path: '/portal.html', scheme: 'dark' }]) {
    test(`axe-core finds no violations on ${path} (${scheme})`, LIMIT, async () => {
      const page = await open(path, scheme === 'dark' ? dark : context);
      // The elements load over the API: wait until no element is still loading.
      await page.waitForFunction(() => {
        const busy = (root: Document | ShadowRoot): boolean => Array.from(root.querySelectorAll('*')).some((el) =>
          el.getAttribute('aria-busy') === 'true' || /Loading/.test(el.shadowRoot ? '' : (el.childElementCount === 0 ? el.textContent ?? '' : '')) || (el.shadowRoot ? busy(el.shadowRoot) : false));
        return document.readyState === 'complete' && !busy(document);
      });
      // Evaluated by the test runner, not added as a <script>: the page's CSP admits no inline script.
      await page.evaluate(readFileSync(axePath, 'utf8'));
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run(document);
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
      });
      assert.deepEqual(violations, []);
      await page.close();
    });
  }

  test('the demo refuses a rebound host name, and its pages carry a CSP and nosniff', LIMIT, async () => {
    const port = new URL(base).port;
    // A DNS-rebinding page (evil.example resolving to 127.0.0.1) would be "same origin" with the demo.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      request(`${base}/demo/session.json`, { headers: { host: `evil.example:${port}` } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: response.statusCode!, body }));
      }).on('error', reject).end();
    });
    assert.equal(rebound.status, 403);
    assert.doesNotMatch(rebound.body, /ll_rep_/);
    assert.equal((await fetch(`http://localhost:${port}/demo/session.json`)).status, 200);
    const page = await fetch(`${base}/plain-html/`);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self' 'sha256-[^']+'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  });

  test('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
