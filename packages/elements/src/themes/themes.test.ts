import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { MemoryAdapter, type Lead } from '@leadloop/core';
import '../components/lead-feedback/lead-feedback.js';
import '../components/qualification-checklist/qualification-checklist.js';
import { darkTheme } from './dark.js';
import { defaultTheme } from './default.js';
import { salesforceTheme } from './salesforce.js';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const lead: Lead = { id: 'L-1', name: 'Priya Raman', company: 'Northwind', source: 'webinar', createdAt: ago(30 * HOUR), stage: 'mql', handedOffAt: ago(HOUR) };
const definition = {
  id: 'd', version: 2,
  stages: { sal: { threshold: 0.5, criteria: [{ id: 'a', label: 'Reached a real person', help: 'Phone or email reply.', required: true }, { id: 'b', label: 'Has a budget' }] } },
  approvals: [{ role: 'sales' as const, by: 'Dana', at: '2026-01-10T09:00:00Z', version: 2 }],
};

describe('themes', () => {
  before(() => {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, defaultTheme.styleSheet!, darkTheme.styleSheet!, salesforceTheme.styleSheet!];
  });

  for (const theme of ['ll-theme-default', 'll-theme-dark', 'll-theme-salesforce']) {
    it(`${theme}: both rep widgets keep their contrast in every tone (badge warning, breach, saved, met, not signed off)`, async () => {
      const cfg = await new MemoryAdapter({ sla: { firstTouchWithinMs: 2 * HOUR } }).getConfig();
      const page = await fixture<HTMLDivElement>(html`<div class=${theme} style="background: var(--ll-color-surface); padding: 8px">
        <ll-lead-feedback .config=${cfg} .lead=${{ ...lead, handedOffAt: ago(100 * 60_000) }}></ll-lead-feedback>
        <ll-lead-feedback .config=${cfg} .lead=${{ ...lead, handedOffAt: ago(5 * HOUR), feedback: [{ id: 'f', leadId: 'L-1', outcome: 'attempted', note: 'Voicemail', by: 'sam', at: ago(HOUR) }] }}></ll-lead-feedback>
        <ll-qualification-checklist .definition=${definition} stage="sal" .answers=${{ a: true }}></ll-qualification-checklist>
        <ll-qualification-checklist .definition=${definition} stage="sal" .answers=${{ b: true }}></ll-qualification-checklist>
      </div>`);
      const [soon, late] = [...page.querySelectorAll('ll-lead-feedback')];
      expect(soon!.shadowRoot!.querySelector('[part="badge"]')!.className).to.contain('warning');
      expect(late!.shadowRoot!.querySelector('[part="badge"]')!.className).to.contain('danger');
      // A sent status, so the success tone is on screen too.
      (soon!.shadowRoot!.querySelector('button[data-outcome="accepted"]') as HTMLButtonElement).click();
      (late!.shadowRoot!.querySelector('button[data-outcome="rejected"]') as HTMLButtonElement).click();
      await (soon as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      await (late as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      for (const el of page.children) await expect(el).to.be.accessible();
    });
  }

  it('the Salesforce theme maps the tokens to Lightning Design System values', async () => {
    const el = await fixture<HTMLDivElement>(html`<div class="ll-theme-salesforce"></div>`);
    const style = getComputedStyle(el);
    expect(style.getPropertyValue('--ll-color-accent').trim()).to.equal('#0176d3');
    expect(style.getPropertyValue('--ll-font-family')).to.contain('Salesforce Sans');
    expect(style.getPropertyValue('--ll-radius').trim()).to.equal('0.25rem');
  });

  it('ll-theme-auto follows the system dark mode', async () => {
    const el = await fixture<HTMLDivElement>(html`<div class="ll-theme-auto"></div>`);
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(getComputedStyle(el).getPropertyValue('--ll-color-surface').trim()).to.equal('#181b22');
      await emulateMedia({ colorScheme: 'light' });
      expect(getComputedStyle(el).getPropertyValue('--ll-color-surface').trim()).to.equal('');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
