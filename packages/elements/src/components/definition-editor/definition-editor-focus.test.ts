// Where the keyboard is after each save in ll-definition-editor, and what a screen reader is told
// it is in: a save never drops the focus to the page's top, a refused one goes to the first field
// marked, and each criterion's fields sit in a group named after it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { DEFAULT_REASONS, MemoryAdapter, type QualificationDefinition, type Reason } from '@leadloop/core';
import '../provider/provider.js';
import './definition-editor.js';
import type { LlDefinitionEditor } from './definition-editor.component.js';
import { $, $$, button, definition, editorWith, issueOf, settle, typeInto } from './definition-editor.test.fixtures.js';

const focused = (el: LlDefinitionEditor) => el.shadowRoot!.activeElement as HTMLElement | null;

async function press(el: LlDefinitionEditor, target: HTMLElement) {
  target.focus();
  await sendKeys({ press: 'Enter' });
  await settle(el);
}

describe('ll-definition-editor: focus and groups', () => {
  it('keeps the keyboard on Save as version N while it saves and after, and ignores presses meanwhile', async () => {
    const adapter = new MemoryAdapter({ definition });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const store = adapter.saveDefinition.bind(adapter);
    const sent: QualificationDefinition[] = [];
    adapter.saveDefinition = async (d) => {
      sent.push(d);
      await gate;
      return store(d);
    };
    const el = await editorWith(adapter);
    const save = button(el, 'Save as version 2');
    // Nothing to save yet: held, but reachable and said to be unavailable.
    expect(save.disabled).to.equal(false);
    expect(save.getAttribute('aria-disabled')).to.equal('true');
    await typeInto(el, '#c-0-weight', '2');
    expect(save.hasAttribute('aria-disabled')).to.equal(false);
    await press(el, save);
    // The schemas load on the first save.
    await waitUntil(() => sent.length === 1);
    await el.updateComplete;
    expect(save.getAttribute('aria-disabled')).to.equal('true');
    expect(focused(el)).to.equal(save);
    await sendKeys({ press: 'Enter' });
    save.click();
    expect(sent).to.have.length(1);
    release();
    await waitUntil(() => $(el, '[role=status].notice'));
    expect($(el, '[role=status].notice').textContent).to.contain('Saved as version 2');
    // Still the same button, now for the next version and held again: not the page's top.
    expect(focused(el)).to.equal(save);
    expect(save.textContent!.trim()).to.equal('Save as version 3');
    expect(save.getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect((await adapter.getDefinition()).version).to.equal(2);
    await expect(el).to.be.accessible();
  });

  it('keeps the keyboard on Save reasons after saving, and on Discard changes after discarding', async () => {
    const stored: Reason[][] = [];
    const adapter = Object.assign(new MemoryAdapter({ definition }), { saveReasons: async (reasons: Reason[]) => void stored.push(reasons) });
    const el = (await fixture(html`<ll-provider .adapter=${adapter}><ll-definition-editor lang="en"></ll-definition-editor></ll-provider>`)).querySelector('ll-definition-editor')!;
    await settle(el);
    await typeInto(el, '#r-0', 'No answer after 3 tries');
    const save = button(el, 'Save reasons');
    await press(el, save);
    expect(stored).to.have.length(1);
    expect($(el, '[role=status].notice').textContent).to.contain('Reason catalog saved.');
    expect(focused(el)).to.equal(save);
    expect(save.getAttribute('aria-disabled')).to.equal('true');

    await typeInto(el, '#c-0-weight', '2');
    const discard = button(el, 'Discard changes');
    await press(el, discard);
    expect($<HTMLInputElement>(el, '#c-0-weight').value).to.equal('3');
    expect(focused(el)).to.equal(discard);
  });

  it('puts the keyboard on the first field marked when a save is refused, on the stage that has it', async () => {
    const adapter = new MemoryAdapter({ definition });
    const el = await editorWith(adapter);
    await typeInto(el, '#c-1-weight', 'heavy');
    // On another stage when saving: the editor goes back to the one with the problem.
    $(el, '#tab-sal').click();
    await el.updateComplete;
    await press(el, button(el, 'Save as version 2'));
    expect($(el, '[role=alert]').textContent).to.contain('Fix the fields marked below');
    expect($(el, '#tab-mql').getAttribute('aria-selected')).to.equal('true');
    expect(focused(el)?.id).to.equal('c-1-weight');
    expect(issueOf(el, 'c-1-weight')).to.equal('A weight from 0 to 1000.');
    // Two problems on the stage shown: the first one in reading order.
    await typeInto(el, '#c-0-label', '');
    await press(el, button(el, 'Save as version 2'));
    expect(focused(el)?.id).to.equal('c-0-label');
    expect((await adapter.getDefinition()).version).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('puts the keyboard on the first reason marked when the catalog is refused', async () => {
    const el = await fixture<LlDefinitionEditor>(html`<ll-definition-editor lang="en" .definition=${definition} .reasons=${[...DEFAULT_REASONS]}></ll-definition-editor>`);
    await settle(el);
    await typeInto(el, '#r-2', '');
    await press(el, button(el, 'Save reasons'));
    expect($(el, '[role=alert]').textContent).to.contain('Fix the reasons marked below');
    expect(focused(el)?.id).to.equal('r-2');
  });

  it('puts each criterion in a group named by its label, or its number while it has none', async () => {
    const el = await editorWith(new MemoryAdapter({ definition }));
    button(el, 'Add criterion').click();
    await el.updateComplete;
    const groups = $$(el, '[part=criteria] > li > [role=group]');
    expect(groups.map((g) => g.getAttribute('aria-label'))).to.deep.equal(['Fits the ideal customer profile', 'Engaged twice in 30 days', 'Criterion 3']);
    // Every field of a criterion is inside its group.
    for (const id of ['c-1-label', 'c-1-help', 'c-1-required', 'c-1-weight', 'move-up-1']) expect($(el, `#${id}`).closest('[role=group]')).to.equal(groups[1]);
    await expect(el).to.be.accessible();
  });
});
