import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { DEFAULT_REASONS, LeadLoopError, MemoryAdapter, isApproved, type LeadLoopAdapter, type Reason } from '@leadloop/core';
import '../provider/provider.js';
import './definition-editor.js';
import type { LlDefinitionEditor } from './definition-editor.component.js';
import { idFromLabel } from './save-definition.js';
import { $, $$, button, definition, editorWith, issueOf, settle, typeInto } from './definition-editor.test.fixtures.js';

describe('ll-definition-editor', () => {
  it('loads the definition and shows the hand-off stage first', async () => {
    const el = await editorWith(new MemoryAdapter({ definition }));
    await expect(el).to.be.accessible();
    expect($(el, '[role=tab][aria-selected=true]').textContent).to.contain('Marketing Qualified').and.contain('(2)');
    expect($<HTMLInputElement>(el, '#c-0-label').value).to.equal('Fits the ideal customer profile');
    expect($<HTMLInputElement>(el, '#c-0-required').checked).to.equal(true);
    expect($<HTMLInputElement>(el, '#c-0-weight').value).to.equal('3');
    expect($<HTMLInputElement>(el, '#c-1-help').value).to.equal('Webinar, demo, pricing page');
    expect($<HTMLInputElement>(el, '#threshold').value).to.equal('50');
    expect($(el, '[part=status]').textContent).to.contain('Version 1').and.contain('waiting for approval');
    expect(button(el, 'Save as version 2').getAttribute('aria-disabled')).to.equal('true');
  });

  it('moves between stage tabs with the arrow keys', async () => {
    const el = await editorWith(new MemoryAdapter({ definition }));
    $(el, '[role=tab][aria-selected=true]').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement!.id).to.equal('tab-sal');
    expect($(el, '#tab-sal').getAttribute('aria-selected')).to.equal('true');
    expect($(el, '#tab-mql').getAttribute('tabindex')).to.equal('-1');
    expect($<HTMLInputElement>(el, '#c-0-label').value).to.equal('Rep reached the lead');
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement!.id).to.equal('tab-inquiry');
    expect($(el, '#panel').textContent).to.contain('No criteria yet');
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement!.id).to.equal('tab-won');
    await expect(el).to.be.accessible();
  });

  it('saves edits as a new version through the adapter', async () => {
    const adapter = new MemoryAdapter({ definition });
    const el = await editorWith(adapter);
    await typeInto(el, '#c-1-label', 'Engaged three times in 30 days');
    await typeInto(el, '#threshold', '60');
    button(el, 'Add criterion').click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement!.id).to.equal('c-2-label');
    await sendKeys({ type: 'Budget confirmed' });
    $<HTMLInputElement>(el, '#c-2-required').click();
    await typeInto(el, '#c-2-weight', '2');
    expect(el.dirty).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('Unsaved changes');
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'lldefinitionsave');
    button(el, 'Save as version 2').click();
    const { detail } = await saved;
    expect(detail.definition.version).to.equal(2);
    const stored = await adapter.getDefinition();
    expect(stored.version).to.equal(2);
    expect(stored.stages.mql).to.deep.equal({
      threshold: 0.6,
      criteria: [
        { id: 'icp-fit', label: 'Fits the ideal customer profile', required: true, weight: 3 },
        { id: 'engaged', label: 'Engaged three times in 30 days', help: 'Webinar, demo, pricing page' },
        { id: 'budget-confirmed', label: 'Budget confirmed', required: true, weight: 2 },
      ],
    });
    await el.updateComplete;
    expect(el.dirty).to.equal(false);
    expect($(el, '[role=status].notice').textContent).to.contain('Saved as version 2');
    expect($$(el, '[part=history] tbody tr')).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('reorders and removes criteria from the keyboard', async () => {
    const el = await editorWith(new MemoryAdapter({ definition }));
    $(el, '#move-down-0').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#c-0-label').value).to.equal('Engaged twice in 30 days');
    // It is last now, so its down arrow is disabled: the keyboard stays on it through the up arrow.
    expect(el.shadowRoot!.activeElement!.id).to.equal('move-up-1');
    const remove = $$(el, '.criterion button').find((b) => b.getAttribute('aria-label') === 'Remove Engaged twice in 30 days')!;
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($$(el, '.criterion')).to.have.length(1);
    expect($(el, '#tab-mql').textContent).to.contain('(1)');
  });

  it('explains invalid fields beside them and does not save', async () => {
    const adapter = new MemoryAdapter({ definition });
    const el = await editorWith(adapter);
    await typeInto(el, '#c-0-label', '');
    await typeInto(el, '#c-1-weight', 'heavy');
    await typeInto(el, '#threshold', '150');
    button(el, 'Save as version 2').click();
    await settle(el);
    expect($(el, '[role=alert]').textContent).to.contain('Fix the fields marked below');
    expect(issueOf(el, 'c-0-label')).to.equal('Give the criterion a label.');
    expect($(el, '#c-0-label').getAttribute('aria-invalid')).to.equal('true');
    expect(issueOf(el, 'c-1-weight')).to.equal('A weight from 0 to 1000.');
    expect(issueOf(el, 'threshold')).to.equal('A score from 0 to 100 %.');
    expect((await adapter.getDefinition()).version).to.equal(1);
    await expect(el).to.be.accessible();
    // A problem the schema finds (a label over 200 characters) is shown the same way.
    await typeInto(el, '#c-0-label', 'x'.repeat(201));
    await typeInto(el, '#c-1-weight', '1');
    await typeInto(el, '#threshold', '50');
    button(el, 'Save as version 2').click();
    await settle(el);
    expect(issueOf(el, 'c-0-label')).to.equal('must be at most 200 characters');
  });

  it('shows a conflict clearly and can keep the edits on top of the newer version', async () => {
    const adapter = new MemoryAdapter({ definition });
    const el = await editorWith(adapter);
    await typeInto(el, '#c-0-label', 'Fits the ICP');
    // Someone else saves version 2 meanwhile: the editor says so at once.
    await adapter.saveDefinition({ ...definition, stages: { ...definition.stages, sql: { criteria: [{ id: 'budget', label: 'Budget' }] } } });
    await aTimeout(10);
    await settle(el);
    expect($(el, '[role=alert]').textContent).to.contain('Someone saved or approved a newer version while you were editing');
    // Saving anyway is refused by the adapter, and said so with its reason.
    button(el, 'Save as version 2').click();
    await settle(el);
    const alert = $(el, '[role=alert]');
    expect(alert.textContent).to.contain('Someone saved or approved a newer version').and.contain('the current one is 2');
    expect(button(el, 'Discard my edits')).to.not.equal(undefined);
    await expect(el).to.be.accessible();
    button(el, 'Keep my edits on top of the latest version').click();
    await settle(el);
    expect($(el, '[part=status]').textContent).to.contain('Version 2');
    expect($<HTMLInputElement>(el, '#c-0-label').value).to.equal('Fits the ICP');
    expect(el.shadowRoot!.textContent).to.contain('Your edits now sit on top of version 2');
    // The pressed button went with the conflict: the keyboard is on what happened, not at the page's top.
    expect(el.shadowRoot!.activeElement?.textContent).to.contain('Your edits now sit on top of version 2');
    button(el, 'Save as version 3').click();
    await settle(el);
    const stored = await adapter.getDefinition();
    expect(stored.version).to.equal(3);
    expect(stored.stages.mql!.criteria[0]!.label).to.equal('Fits the ICP');
  });

  it('lets each leader approve the saved version and shows who approved what', async () => {
    const adapter = new MemoryAdapter({ definition });
    const el = await editorWith(adapter, 'Sam');
    const approved = oneEvent(el, 'lldefinitionapprove');
    button(el, 'Approve as sales leader').click();
    expect((await approved).detail.role).to.equal('sales');
    await settle(el);
    expect((await adapter.getDefinition()).approvals).to.deep.include.members([]);
    expect((await adapter.getDefinition()).approvals.map((a) => [a.role, a.by, a.version])).to.deep.equal([['sales', 'Sam', 1]]);
    expect($(el, '.signoff').textContent).to.contain('Approved by Sam');
    el.user = 'Maria';
    await el.updateComplete;
    button(el, 'Approve as marketing leader').click();
    await settle(el);
    expect(isApproved(await adapter.getDefinition())).to.equal(true);
    expect($(el, '[part=status]').textContent).to.contain('approved by both leaders');
    const row = $$(el, '[part=history] tbody tr')[0]!.textContent!.replace(/\s+/g, ' ');
    expect(row).to.contain('Maria').and.contain('Sam');
    await expect(el).to.be.accessible();
    // An edit must be saved before anyone can approve it.
    await typeInto(el, '#c-0-weight', '4');
    button(el, 'Save as version 2').click();
    await settle(el);
    expect(button(el, 'Approve as sales leader').disabled).to.equal(false);
    await typeInto(el, '#c-0-weight', '5');
    expect(button(el, 'Approve as sales leader').disabled).to.equal(true);
    expect(el.shadowRoot!.textContent).to.contain('Save your changes first');
    // The history keeps version 1 with both approvals.
    button(el, 'Discard changes').click();
    await el.updateComplete;
    const rows = $$(el, '[part=history] tbody tr').map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows[1]).to.match(/^1 .*Maria.*Sam/);
    expect(rows[0]).to.match(/^2 \(current\).*— —$/);
  });

  it('works with plain data: saves and approvals come out as events', async () => {
    const el = await fixture<LlDefinitionEditor>(html`<ll-definition-editor lang="en" user="Kim" .definition=${definition} .reasons=${[...DEFAULT_REASONS]}></ll-definition-editor>`);
    await expect(el).to.be.accessible();
    await typeInto(el, '#c-0-weight', '2');
    const saved = oneEvent(el, 'lldefinitionsave');
    button(el, 'Save as version 2').click();
    const { detail } = await saved;
    expect(detail.definition.version).to.equal(2);
    expect(detail.definition.stages.mql.criteria[0].weight).to.equal(2);
    await settle(el);
    const approved = oneEvent(el, 'lldefinitionapprove');
    button(el, 'Approve as marketing leader').click();
    const approval = (await approved).detail.definition.approvals[0];
    expect(approval).to.include({ role: 'marketing', by: 'Kim', version: 2 });
    await settle(el);
    expect($$(el, '[part=history] tbody tr')).to.have.length(2);
  });

  it('edits the reason catalog: relabel, retire, add', async () => {
    const stored: Reason[][] = [];
    const adapter = Object.assign(new MemoryAdapter({ definition }), { saveReasons: async (reasons: Reason[]) => void stored.push(reasons) });
    const provider = await fixture(html`<ll-provider .adapter=${adapter}><ll-definition-editor lang="en"></ll-definition-editor></ll-provider>`);
    const el = provider.querySelector('ll-definition-editor')!;
    await settle(el);
    expect($$(el, '.reasons li')).to.have.length(DEFAULT_REASONS.length);
    await typeInto(el, '#r-0', 'No answer after 3 tries');
    ($$(el, '.reasons li')[11]!.querySelector('input[type=checkbox]') as HTMLInputElement).click();
    await typeInto(el, '#new-reason', 'Student / not a buyer');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'llreasonssave');
    button(el, 'Save reasons').click();
    const { reasons } = (await saved).detail as { reasons: Reason[] };
    expect(reasons[0]).to.deep.equal({ id: 'unresponsive', label: 'No answer after 3 tries' });
    expect(reasons[11]).to.deep.equal({ id: 'spam', label: 'Spam', retired: true });
    expect(reasons.at(-1)).to.deep.equal({ id: 'student-not-a-buyer', label: 'Student / not a buyer' });
    expect(stored).to.deep.equal([reasons]);
  });

  it('makes ids from labels that are unique and valid', () => {
    expect(idFromLabel('Budget confirmed', new Set(), 'c')).to.equal('budget-confirmed');
    expect(idFromLabel('Budget confirmed', new Set(['budget-confirmed']), 'c')).to.equal('budget-confirmed-2');
    expect(idFromLabel('Entscheider erreicht (ä)', new Set(), 'c')).to.equal('entscheider-erreicht-a');
    expect(idFromLabel('!!!', new Set(), 'criterion')).to.equal('criterion');
  });

  it('takes the definition as a JSON attribute set before the element was defined', async () => {
    const el = document.createElement('ll-definition-editor-late') as LlDefinitionEditor;
    el.setAttribute('definition', JSON.stringify(definition));
    el.setAttribute('stage', 'sal');
    document.body.append(el);
    const { LlDefinitionEditor } = await import('./definition-editor.component.js');
    customElements.define('ll-definition-editor-late', class extends LlDefinitionEditor {});
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#c-0-label').value).to.equal('Rep reached the lead');
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('shows loading, then a load error with a retry', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const adapter = {
      async getDefinition() {
        calls++;
        await gate;
        if (calls === 1) throw new LeadLoopError('unavailable', 'Server down');
        return definition;
      },
    } as unknown as LeadLoopAdapter;
    const el = await fixture<LlDefinitionEditor>(html`<ll-definition-editor .adapter=${adapter}></ll-definition-editor>`);
    expect($(el, '[role=status]').textContent).to.contain('Loading');
    await expect(el).to.be.accessible();
    const failed = oneEvent(el, 'lldefinitionerror');
    release();
    await failed;
    await el.updateComplete;
    expect($(el, '[role=alert]').textContent).to.contain('could not be loaded').and.contain('Server down');
    await expect(el).to.be.accessible();
    button(el, 'Try again').click();
    await settle(el);
    expect($<HTMLInputElement>(el, '#c-0-label').value).to.equal('Fits the ideal customer profile');
  });

  it('says when there is nothing to edit', async () => {
    const el = await fixture<LlDefinitionEditor>(html`<ll-definition-editor></ll-definition-editor>`);
    expect(el.shadowRoot!.textContent).to.contain('No definition to edit');
    await expect(el).to.be.accessible();
  });
});
