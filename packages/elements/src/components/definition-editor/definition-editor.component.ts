import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import type { ApprovalRole, QualificationDefinition } from '@leadloop/core';
import { tryAgain } from '../../internal/load-state.js';
import { formatDateTime, formatNumber } from '../../internal/format.js';
import { portalStyles } from '../../internal/portal-styles.js';
import { tokens } from '../../styles/tokens.js';
import { approvalOf, approvedBoth, newKey, ROLES, roleLabel } from './definition-draft.js';
import { DefinitionEditorState } from './definition-editor-state.js';
import { styles } from './definition-editor.styles.js';
import type { DraftCriterion } from './save-definition.js';

/**
 * @summary Edits the written lead definition: per-stage qualification criteria (label, help,
 * required, weight) and score threshold, and the reason catalog; saves each edit as a new
 * version, which the sales and the marketing leader then each approve; shows the version history
 * with who approved what.
 *
 * Works with an adapter (the `adapter` property or an enclosing `<ll-provider>`: getDefinition,
 * saveDefinition, approveDefinition, and getDefinitionHistory where the adapter has it), or with
 * plain data: set `definition` (and `history`) and listen to the events to store the result.
 *
 * @event lldefinitionsave - A new version was saved (or, without an adapter, is ready to store); `detail: { definition }`.
 * @event lldefinitionapprove - A leader approved the current version; `detail: { definition, role }`.
 * @event llreasonssave - The reason catalog was edited and is valid; `detail: { reasons }`. Without an adapter that stores catalogs, store it from here.
 * @event lldefinitionerror - Loading or saving failed; `detail: { error }`.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart title - The heading.
 * @csspart status - The version and approval badge.
 * @csspart tabs - The stage tabs.
 * @csspart criteria - The list of criteria of the selected stage.
 * @csspart reasons - The reason catalog.
 * @csspart save - The save button.
 * @csspart signoff - The approvals of the two leaders.
 * @csspart history - The version history table.
 */
export class LlDefinitionEditor extends DefinitionEditorState {
  static override styles = [tokens, portalStyles, styles];

  #move(index: number, by: -1 | 1) {
    const to = index + by;
    this.editStage((s) => {
      if (to < 0 || to >= s.criteria.length) return s;
      const criteria = [...s.criteria];
      [criteria[index], criteria[to]] = [criteria[to]!, criteria[index]!];
      return { ...s, criteria };
    });
    // Keep the keyboard on the moved criterion: the same arrow, or the other one at the end of the list.
    this.updateComplete.then(() => {
      const same = this.renderRoot.querySelector<HTMLButtonElement>(`#move-${by < 0 ? 'up' : 'down'}-${to}`);
      (same && !same.disabled ? same : this.renderRoot.querySelector<HTMLButtonElement>(`#move-${by < 0 ? 'down' : 'up'}-${to}`))?.focus();
    });
  }

  async #addCriterion() {
    this.editStage((s) => ({ ...s, criteria: [...s.criteria, { key: newKey(), label: '', help: '', required: false, weight: '1' }] }));
    await this.updateComplete;
    const count = this.draft[this.stage!]!.criteria.length;
    (this.renderRoot.querySelector(`#c-${count - 1}-label`) as HTMLInputElement | null)?.focus();
  }

  #onTabKey(event: KeyboardEvent) {
    const stages = this.activeWaterfall.stages;
    const at = stages.findIndex((s) => s.id === this.stage);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: stages.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const stage = stages[(next + stages.length) % stages.length]!;
    this.stage = stage.id;
    this.updateComplete.then(() => (this.renderRoot.querySelector(`#tab-${stage.id}`) as HTMLElement | null)?.focus());
  }

  protected override render() {
    const heading = this.heading || msg('Lead definition');
    const base = this.base;
    let body: unknown;
    if (this.loadError && !base) {
      body = html`<div class="notice error" role="alert">
        <p>${msg('The definition could not be loaded.')} ${(this.loadError as Error)?.message ?? ''}</p>
        ${this.activeAdapter ? html`<button @click=${() => void this.load()}>${tryAgain()}</button>` : nothing}
      </div>`;
    } else if (!base) {
      body = this.activeAdapter || this.loading
        ? html`<p class="status" role="status">${msg('Loading the definition…')}</p>`
        : html`<p class="status">${msg('No definition to edit. Give the editor an adapter or a definition.')}</p>`;
    } else {
      body = this.#renderEditor(base);
    }
    return html`<div part="base" class="editor">
      <div class="header">
        <h2 part="title">${heading}</h2>
        ${base
          ? html`<span part="status" class=${approvedBoth(base) ? 'badge approved' : 'badge waiting'}>
              ${msg(str`Version ${base.version}`)} ·
              ${approvedBoth(base) ? msg('approved by both leaders') : msg('waiting for approval')}
            </span>`
          : nothing}
      </div>
      ${body}
    </div>`;
  }

  /** Approves, then keeps the keyboard there: on the button when it failed, else on what the sign-off says. */
  async #approve(role: ApprovalRole) {
    await this.approve(role);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#approve-${role}, #signoff-notice`)?.focus();
  }

  /**
   * Saves (`save` or `saveReasons`); when refused for its fields, shows the stage with the first
   * problem and puts the keyboard on the first field marked.
   */
  async #saveThenFocus(save: () => Promise<void>) {
    await save.call(this);
    if (this.notice?.kind !== 'error') return;
    const keys = [...this.issues.keys()];
    if (keys[0]?.startsWith('stages.') && !keys.some((k) => k.startsWith(`stages.${this.stage}.`))) this.stage = keys[0].split('.')[1];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }

  /** Loads the latest version, then takes the keyboard to what it says: the pressed button is gone with the conflict. */
  async #resolveConflict(keepEdits: boolean) {
    await this.reloadLatest(keepEdits);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#notice')?.focus();
  }

  /** The notice of an action: the editor's at the top, an approval's (`role`) in that role's sign-off. */
  #renderNotice(role?: ApprovalRole) {
    const n = this.notice;
    if (!n || n.role !== role) return nothing;
    return html`<div class="notice ${n.kind === 'ok' ? 'ok' : 'error'}" role=${n.kind === 'ok' ? 'status' : 'alert'} id=${role ? 'signoff-notice' : 'notice'} tabindex="-1">
      <p>${n.text}</p>
      ${n.detail ? html`<p class="hint">${n.detail}</p>` : nothing}
      ${n.kind === 'conflict'
        ? html`<div class="row">
            <button class="primary" ?disabled=${this.busy} @click=${() => this.#resolveConflict(true)}>${msg('Keep my edits on top of the latest version')}</button>
            <button ?disabled=${this.busy} @click=${() => this.#resolveConflict(false)}>${msg('Discard my edits')}</button>
          </div>`
        : nothing}
    </div>`;
  }

  #renderEditor(base: QualificationDefinition) {
    const stages = this.activeWaterfall.stages;
    const stageId = this.stage!;
    const stage = this.draft[stageId] ?? { criteria: [], threshold: '0' };
    const dirty = this.dirty;
    const stageIssues = (id: string) => [...this.issues.keys()].some((k) => k.startsWith(`stages.${id}.`));
    const issue = (path: string) => this.issues.get(path);
    const thresholdIssue = issue(`stages.${stageId}.threshold`);
    // The save buttons are held with aria-disabled, not disabled, which would drop the focus of the one just pressed to the page's top.
    return html`
      ${this.#renderNotice()}
      <div part="tabs" role="tablist" aria-label=${msg('Stages')} @keydown=${this.#onTabKey}>
        ${stages.map(
          (s) => html`<button role="tab" id=${`tab-${s.id}`} aria-selected=${s.id === stageId ? 'true' : 'false'} aria-controls="panel"
            tabindex=${s.id === stageId ? 0 : -1} @click=${() => (this.stage = s.id)}>
            ${s.label} <span class="count">(${this.draft[s.id]?.criteria.length ?? 0})</span>${stageIssues(s.id) ? html` <span class="issue">⚠<span class="visually-hidden">${msg('has problems')}</span></span>` : nothing}
          </button>`,
        )}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby=${`tab-${stageId}`}>
        ${stage.criteria.length === 0 ? html`<p class="hint">${msg('No criteria yet: any lead qualifies for this stage.')}</p>` : nothing}
        <ol part="criteria" class="criteria">
          ${stage.criteria.map((c, i) => this.#renderCriterion(stageId, c, i, stage.criteria.length))}
        </ol>
        <div class="row">
          <button @click=${() => void this.#addCriterion()}>${msg('Add criterion')}</button>
          <div class="field threshold">
            <label for="threshold">${msg('Score needed (%)')}</label>
            <input id="threshold" inputmode="decimal" .value=${stage.threshold} aria-invalid=${thresholdIssue ? 'true' : 'false'}
              aria-describedby=${thresholdIssue ? 'threshold-issue' : 'threshold-hint'}
              @input=${(e: Event) => this.editStage((s) => ({ ...s, threshold: (e.target as HTMLInputElement).value }))} />
          </div>
          ${thresholdIssue
            ? html`<p class="issue" id="threshold-issue">${thresholdIssue}</p>`
            : html`<span class="hint" id="threshold-hint">${msg('Share of the weighted criteria a lead must meet, besides every required one.')}</span>`}
        </div>
      </div>
      <div class="actions">
        <button part="save" class="primary" aria-disabled=${!dirty || this.busy || nothing} @click=${() => dirty && !this.busy && this.#saveThenFocus(this.save)}>
          ${msg(str`Save as version ${base.version + 1}`)}
        </button>
        <button aria-disabled=${!dirty || this.busy || nothing} @click=${() => dirty && !this.busy && this.discard(base)}>${msg('Discard changes')}</button>
        ${dirty ? html`<span class="hint">${msg('Unsaved changes')}</span>` : nothing}
      </div>
      ${this.#renderSignoff(base, dirty)}
      ${this.#renderReasons()}
      ${this.#renderHistory()}
    `;
  }

  #renderCriterion(stageId: string, c: DraftCriterion, i: number, count: number) {
    const path = `stages.${stageId}.criteria.${i}`;
    const labelIssue = this.issues.get(`${path}.label`) ?? this.issues.get(`${path}.id`);
    const weightIssue = this.issues.get(`${path}.weight`);
    const helpIssue = this.issues.get(`${path}.help`);
    const name = c.label || msg(str`Criterion ${i + 1}`);
    const text = (field: 'label' | 'help', value: string, label: string, problem: string | undefined, multiline = false) => {
      const id = `c-${i}-${field}`;
      const attrs = (e: Event) => this.editCriterion(i, { [field]: (e.target as HTMLInputElement).value });
      return html`<div class="field ${field === 'help' ? 'wide' : ''}">
        <label for=${id}>${label}</label>
        ${multiline
          ? html`<textarea id=${id} rows="1" .value=${value} aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? `${id}-issue` : nothing} @input=${attrs}></textarea>`
          : html`<input id=${id} .value=${value} aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? `${id}-issue` : nothing} @input=${attrs} />`}
        ${problem ? html`<p class="issue" id=${`${id}-issue`}>${problem}</p>` : nothing}
      </div>`;
    };
    return html`<li><div class="criterion" role="group" aria-label=${name}>
      ${text('label', c.label, msg('Criterion'), labelIssue)}
      ${text('help', c.help, msg('Help for the rep'), helpIssue, true)}
      <div class="check">
        <input type="checkbox" id=${`c-${i}-required`} .checked=${c.required} @change=${(e: Event) => this.editCriterion(i, { required: (e.target as HTMLInputElement).checked })} />
        <label for=${`c-${i}-required`}>${msg('Required')}</label>
      </div>
      <div class="field weight">
        <label for=${`c-${i}-weight`}>${msg('Weight')}</label>
        <input id=${`c-${i}-weight`} inputmode="decimal" .value=${c.weight} aria-invalid=${weightIssue ? 'true' : 'false'} aria-describedby=${weightIssue ? `c-${i}-weight-issue` : nothing}
          @input=${(e: Event) => this.editCriterion(i, { weight: (e.target as HTMLInputElement).value })} />
        ${weightIssue ? html`<p class="issue" id=${`c-${i}-weight-issue`}>${weightIssue}</p>` : nothing}
      </div>
      <div class="moves">
        <button class="icon" id=${`move-up-${i}`} ?disabled=${i === 0} aria-label=${msg(str`Move ${name} up`)} @click=${() => this.#move(i, -1)}>↑</button>
        <button class="icon" id=${`move-down-${i}`} ?disabled=${i === count - 1} aria-label=${msg(str`Move ${name} down`)} @click=${() => this.#move(i, 1)}>↓</button>
        <button class="icon" aria-label=${msg(str`Remove ${name}`)} @click=${() => this.editStage((s) => ({ ...s, criteria: s.criteria.filter((_, k) => k !== i) }))}>✕</button>
      </div>
    </div></li>`;
  }

  #renderSignoff(base: QualificationDefinition, dirty: boolean) {
    return html`<div part="signoff">
      <h3 id="signoff-title">${msg(str`Sign-off of version ${base.version}`)}</h3>
      <div class="signoff">
        ${ROLES.map((role) => {
          const approval = approvalOf(base, role);
          const said = this.notice?.role === role;
          return html`<div class="role">
            <strong>${roleLabel(role)}</strong>
            ${approval
              ? html`<span class="done">✓ ${msg(str`Approved by ${approval.by}, ${formatDateTime(this.locale, approval.at)}`)}</span>`
              : html`<span>${msg('Not approved yet')}</span>
                  <button id=${`approve-${role}`} ?disabled=${dirty || this.busy} aria-describedby=${dirty ? 'save-first' : said ? 'signoff-notice' : nothing}
                    @click=${() => void this.#approve(role)}>
                    ${role === 'sales' ? msg('Approve as sales leader') : msg('Approve as marketing leader')}
                  </button>`}
            ${this.#renderNotice(role)}
          </div>`;
        })}
      </div>
      ${dirty ? html`<p class="hint" id="save-first">${msg('Save your changes first: an approval signs a saved version.')}</p>` : nothing}
    </div>`;
  }

  #renderReasons() {
    if (this.reasonDraft.length === 0 && !this.catalog) return nothing;
    return html`<div part="reasons">
      <h3 id="reasons-title">${msg('Reasons for rejecting or recycling a lead')}</h3>
      <ul class="reasons">
        ${this.reasonDraft.map((r, i) => {
          const problem = this.issues.get(`reasons.${i}.label`) ?? this.issues.get(`reasons.${i}.id`);
          return html`<li class=${r.retired ? 'retired' : ''}>
            <input type="text" id=${`r-${i}`} aria-label=${msg(str`Reason ${i + 1}`)} .value=${r.label} aria-invalid=${problem ? 'true' : 'false'}
              @input=${(e: Event) => this.editReason(i, { label: (e.target as HTMLInputElement).value })} />
            <label><input type="checkbox" .checked=${r.retired} @change=${(e: Event) => this.editReason(i, { retired: (e.target as HTMLInputElement).checked })} />
              ${msg('Retired')}<span class="visually-hidden">: ${r.label}</span></label>
            ${problem ? html`<span class="issue">${problem}</span>` : nothing}
          </li>`;
        })}
      </ul>
      <div class="row">
        <div class="field">
          <label for="new-reason">${msg('New reason')}</label>
          <input id="new-reason" .value=${this.newReason} @input=${(e: Event) => (this.newReason = (e.target as HTMLInputElement).value)}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Enter') this.addReason();
            }} />
        </div>
        <button @click=${() => this.addReason()}>${msg('Add reason')}</button>
        <button aria-disabled=${!this.reasonsDirty || this.busy || nothing} @click=${() => this.reasonsDirty && !this.busy && this.#saveThenFocus(this.saveReasons)}>${msg('Save reasons')}</button>
      </div>
      <p class="hint">${msg('Retired reasons stay on old feedback but are no longer offered to reps.')}</p>
    </div>`;
  }

  #renderHistory() {
    const versions = [...this.versions].sort((a, b) => b.version - a.version);
    if (versions.length === 0) return nothing;
    const who = (d: QualificationDefinition, role: ApprovalRole) => {
      const a = approvalOf(d, role);
      return a ? `${a.by}, ${formatDateTime(this.locale, a.at, { dateStyle: 'medium' })}` : '—';
    };
    return html`<div part="history">
      <h3 id="history-title">${msg('Version history')}</h3>
      <div class="scroll" role="region" aria-labelledby="history-title" tabindex="0">
        <table>
          <thead>
            <tr>
              <th scope="col">${msg('Version')}</th>
              <th scope="col">${msg('Criteria')}</th>
              <th scope="col">${roleLabel('marketing')}</th>
              <th scope="col">${roleLabel('sales')}</th>
            </tr>
          </thead>
          <tbody>
            ${versions.map(
              (d) => html`<tr>
                <th scope="row">${d.version}${d.version === this.base?.version ? html` <span class="hint">(${msg('current')})</span>` : nothing}</th>
                <td>${formatNumber(this.locale, Object.values(d.stages).reduce((n, s) => n + s.criteria.length, 0))}</td>
                <td>${who(d, 'marketing')}</td>
                <td>${who(d, 'sales')}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </div>`;
  }
}
