// Shared by the ll-definition-editor test files: a definition to edit and ways into the editor.
import { aTimeout, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LeadLoopAdapter, QualificationDefinition } from '@leadloop/core';
import type { LlDefinitionEditor } from './definition-editor.component.js';

export const definition: QualificationDefinition = {
  id: 'default',
  version: 1,
  stages: {
    mql: {
      threshold: 0.5,
      criteria: [
        { id: 'icp-fit', label: 'Fits the ideal customer profile', required: true, weight: 3 },
        { id: 'engaged', label: 'Engaged twice in 30 days', help: 'Webinar, demo, pricing page' },
      ],
    },
    sal: { criteria: [{ id: 'reached', label: 'Rep reached the lead', required: true }] },
  },
  approvals: [],
};

export const $ = <T extends Element = HTMLElement>(el: LlDefinitionEditor, selector: string) => el.shadowRoot!.querySelector(selector) as T;
export const $$ = (el: LlDefinitionEditor, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
export const button = (el: LlDefinitionEditor, text: string) => $$(el, 'button').find((b) => b.textContent!.replace(/\s+/g, ' ').trim().startsWith(text)) as HTMLButtonElement;
export const issueOf = (el: LlDefinitionEditor, id: string) => {
  const ref = $(el, `#${id}`).getAttribute('aria-describedby');
  return ref ? el.shadowRoot!.getElementById(ref)?.textContent?.trim() : undefined;
};

export async function settle(el: LlDefinitionEditor) {
  for (let i = 0; i < 8; i++) {
    await aTimeout(0);
    await el.updateComplete;
  }
}

export async function typeInto(el: LlDefinitionEditor, selector: string, text: string) {
  const field = $<HTMLInputElement>(el, selector);
  field.focus();
  field.select();
  if (text === '') await sendKeys({ press: 'Backspace' });
  else await sendKeys({ type: text });
  await el.updateComplete;
}

export async function editorWith(adapter: LeadLoopAdapter, user = 'Dana') {
  const el = await fixture<LlDefinitionEditor>(html`<ll-definition-editor lang="en" user=${user} .adapter=${adapter}></ll-definition-editor>`);
  await settle(el);
  return el;
}
