import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import type { ApprovalRole, LeadLoopAdapter, QualificationDefinition, Reason, Waterfall } from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LlDataElement } from '../../internal/data-element.js';
import { tryAgain } from '../../internal/load-state.js';
import { formatDateTime, formatNumber, langOf } from '../../internal/format.js';
import { readJsonValue } from '../../internal/safe-json.js';
import { portalStyles } from '../../internal/portal-styles.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './definition-editor.styles.js';
import type { DraftCriterion, DraftReason, DraftStage, Issues, Notice } from './save-definition.js';

/** An adapter that can also list earlier versions (MemoryAdapter, the REST adapter when it has the route). */
type WithHistory = LeadLoopAdapter & { getDefinitionHistory?: () => Promise<QualificationDefinition[]> };
/** An adapter that can also store the reason catalog (none in the contract yet: see the docs). */
type WithReasons = LeadLoopAdapter & { saveReasons?: (reasons: Reason[]) => Promise<Reason[] | void> };

const ROLES: ApprovalRole[] = ['marketing', 'sales'];
/** The stages while neither a waterfall, a config nor the default waterfall has arrived. */
const NO_WATERFALL: Waterfall = { stages: [], handoffStage: '', exits: [] };
let nextKey = 1;

function roleLabel(role: ApprovalRole): string {
  return role === 'sales' ? msg('Sales leader') : msg('Marketing leader');
}

/** Both leaders approved this version. (isApproved in core, without loading its schemas.) */
const approvedBoth = (d: QualificationDefinition) => ROLES.every((role) => d.approvals.some((a) => a.role === role && a.version === d.version));

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
export class LlDefinitionEditor extends LlDataElement {
  static override styles = [tokens, portalStyles, styles];
  // Properties are declared here rather than with decorators: decorators cost their helper in
  // every module and Lit's decorator code in every bundle, inside a 15 KB budget. Internal state
  // is `state: true, attribute: false`, so neither Lit nor the manifest gives it an attribute.
  static override properties = {
    definition: { attribute: 'definition' },
    history: { attribute: false },
    reasons: { attribute: 'reasons' },
    waterfall: { attribute: false },
    user: {},
    stage: {},
    heading: {},
    base: { state: true, attribute: false },
    draft: { state: true, attribute: false },
    reasonDraft: { state: true, attribute: false },
    versions: { state: true, attribute: false },
    issues: { state: true, attribute: false },
    notice: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    loading: { state: true, attribute: false },
    loadError: { state: true, attribute: false },
    newReason: { state: true, attribute: false },
  };

  /** The definition to edit without an adapter; as an attribute, JSON. */
  definition: QualificationDefinition | string | undefined;

  /** Earlier versions, oldest first, when there is no adapter to ask. */
  history: QualificationDefinition[] | undefined;

  /** The reason catalog to edit; default the config's. As an attribute, JSON. */
  reasons: Reason[] | string | undefined;

  /** The stages; default the config's waterfall. */
  waterfall: Waterfall | undefined;

  /** Who is editing and approving (recorded as `by` on approvals). */
  user: string | undefined;

  /** The stage whose criteria are shown; default the hand-off stage. */
  stage: string | undefined;

  /** The heading; default "Lead definition". */
  heading: string | undefined;

  private base: QualificationDefinition | undefined;
  private draft: Record<string, DraftStage> = {};
  private reasonDraft: DraftReason[] = [];
  private versions: QualificationDefinition[] = [];
  private issues: Issues = new Map();
  private notice: Notice | undefined;
  private busy = false;
  private loading = false;
  private loadError: unknown;
  private newReason = '';
  #saved = '';
  #savedReasons = '';
  #lang = 'en';
  #loadedFrom: unknown;
  /** The waterfall the draft was made for, and the reason catalog the reason draft was taken from. */
  #draftWaterfall: Waterfall | undefined;
  #reasonsFrom: unknown;

  #defaults: typeof import('./save-definition.js') | undefined;
  #defaultsLoaded: Promise<void> | undefined;

  /** The default waterfall comes with the schemas, loaded on demand: only an editor without a waterfall or config needs it. */
  #loadDefaults() {
    this.#defaultsLoaded ??= import('./save-definition.js').then((defaults) => {
      this.#defaults = defaults;
      this.requestUpdate();
    });
  }

  /** Also waits for the default waterfall when it is being loaded, and the update it brings. */
  protected override async getUpdateComplete(): Promise<boolean> {
    await super.getUpdateComplete();
    if (!this.#defaultsLoaded) return super.getUpdateComplete();
    await this.#defaultsLoaded;
    return super.getUpdateComplete();
  }

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new AdapterChangesController(this, {
      adapter: () => (this.definition === undefined ? this.activeAdapter : undefined),
      concerns: (change) => change.type === 'definition',
      // Another tab or person saved or approved: show it, or, over unsaved edits, say so at once
      // rather than at the next save.
      refresh: () => {
        if (this.busy) return;
        if (!this.dirty) void this.#load();
        else this.notice = { kind: 'conflict', text: msg('Someone saved or approved a newer version while you were editing.') };
      },
    });
  }

  get #waterfall(): Waterfall {
    return this.waterfall ?? this.activeConfig?.waterfall ?? this.#defaults?.DEFAULT_WATERFALL ?? NO_WATERFALL;
  }

  get #catalog(): Reason[] | undefined {
    if (this.reasons !== undefined && this.reasons !== null) {
      const json = readJsonValue(this.reasons, 'reasons');
      return json.ok && Array.isArray(json.value) ? (json.value as Reason[]) : undefined;
    }
    return this.activeConfig?.reasons;
  }

  /** True when the criteria or thresholds differ from the saved version. */
  get dirty(): boolean {
    return this.base !== undefined && this.#snapshot(this.draft) !== this.#saved;
  }

  /** True when the reason catalog differs from the one loaded. */
  get reasonsDirty(): boolean {
    return this.#reasonSnapshot(this.reasonDraft) !== this.#savedReasons;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#lang = langOf(this);
    if (changed.has('definition') && this.definition !== undefined && this.definition !== null) {
      const json = readJsonValue(this.definition, 'definition');
      const value = json.ok ? (json.value as QualificationDefinition) : undefined;
      if (value && typeof value === 'object' && value.stages && Array.isArray(value.approvals)) {
        this.#adopt(value);
        this.loadError = undefined;
      } else {
        this.loadError = new Error(json.ok ? 'definition: expected { id, version, stages, approvals }' : json.message);
      }
    }
    if (changed.has('history') && this.history) this.versions = this.history;
    // A new catalog (given, or with a config that arrived or was reloaded) replaces the reason draft unless it has edits.
    const reasonsFrom = this.reasons ?? this.activeConfig?.reasons;
    if (reasonsFrom !== this.#reasonsFrom && (!this.reasonsDirty || this.reasonDraft.length === 0)) {
      this.#reasonsFrom = reasonsFrom;
      this.#adoptReasons(this.#catalog);
    }
    const adapter = this.activeAdapter;
    if ((this.definition === undefined || this.definition === null) && adapter && adapter !== this.#loadedFrom) {
      this.#loadedFrom = adapter;
      void this.#load();
    }
    // Without a waterfall or a config to come, the default waterfall stands in; with an adapter, once the definition is there.
    if (!this.waterfall && !this.activeConfig && !this.configPending && (!adapter || this.base)) this.#loadDefaults();
    // The stages arrived or changed (the config came after the definition): make the draft again, keeping edits.
    if (this.base && this.#waterfall !== this.#draftWaterfall) this.#adopt(this.base, this.dirty);
    const stages = this.#waterfall.stages;
    if (stages.length > 0 && (!this.stage || !stages.some((s) => s.id === this.stage))) this.stage = this.#waterfall.handoffStage ?? stages[0]?.id;
  }

  async #load(): Promise<void> {
    const adapter = this.activeAdapter as WithHistory | undefined;
    if (!adapter) return;
    this.loading = true;
    try {
      const [definition, history] = await Promise.all([adapter.getDefinition(), adapter.getDefinitionHistory?.()]);
      this.#adopt(definition);
      this.versions = history ?? [definition];
      this.loadError = undefined;
    } catch (error) {
      this.loadError = error;
      this.emit('lldefinitionerror', { error });
    } finally {
      this.loading = false;
    }
  }

  /** Makes `definition` the saved base and the draft a fresh copy of it. */
  #adopt(definition: QualificationDefinition, keepDraft = false) {
    this.base = definition;
    const fresh = this.#toDraft(definition);
    this.#saved = this.#snapshot(fresh);
    if (!keepDraft) this.draft = fresh;
    if (!this.history && !this.activeAdapter) {
      const known = this.versions.filter((v) => v.version !== definition.version);
      this.versions = [...known, definition].sort((a, b) => a.version - b.version);
    }
  }

  #adoptReasons(catalog: Reason[] | undefined) {
    this.reasonDraft = (catalog ?? []).map((r) => ({ key: nextKey++, id: r.id, label: r.label, retired: !!r.retired }));
    this.#savedReasons = this.#reasonSnapshot(this.reasonDraft);
  }

  #toDraft(definition: QualificationDefinition): Record<string, DraftStage> {
    const draft: Record<string, DraftStage> = {};
    this.#draftWaterfall = this.#waterfall;
    for (const stage of this.#draftWaterfall.stages) {
      const saved = Object.hasOwn(definition.stages, stage.id) ? definition.stages[stage.id] : undefined;
      draft[stage.id] = {
        criteria: (saved?.criteria ?? []).map((c) => ({
          key: nextKey++,
          id: c.id,
          label: c.label,
          help: c.help ?? '',
          required: !!c.required,
          weight: c.weight === undefined ? '1' : String(c.weight),
        })),
        threshold: saved?.threshold ? formatNumber(this.#lang, saved.threshold * 100, { maximumFractionDigits: 1, useGrouping: false }) : '0',
      };
    }
    return draft;
  }

  #snapshot(draft: Record<string, DraftStage>): string {
    return JSON.stringify(Object.entries(draft).map(([id, s]) => [id, s.threshold, s.criteria.map((c) => [c.id, c.label, c.help, c.required, c.weight])]));
  }

  #reasonSnapshot(reasons: DraftReason[]): string {
    return JSON.stringify(reasons.map((r) => [r.id, r.label, r.retired]));
  }

  /** Saves the draft as the next version. Resolves when done; the outcome is shown in the element. */
  async save(): Promise<void> {
    const base = this.base;
    if (!base || this.busy) return;
    this.busy = true;
    this.notice = undefined;
    try {
      const { definitionFromDraft } = await import('./save-definition.js');
      const checked = definitionFromDraft(this.draft, base, this.#waterfall, this.#lang);
      this.issues = checked.ok ? new Map() : checked.issues;
      if (!checked.ok) {
        this.notice = { kind: 'error', text: msg('Fix the fields marked below, then save again.') };
        return;
      }
      const adapter = this.activeAdapter;
      // Without an adapter the element keeps the versions itself; the host stores them from the event.
      const saved = adapter ? await adapter.saveDefinition(checked.value) : { ...checked.value, version: checked.value.version + 1 };
      this.#adopt(saved);
      await this.#loadHistory();
      this.notice = { kind: 'ok', text: msg(str`Saved as version ${saved.version}. It needs both leaders' approval.`) };
      this.emit('lldefinitionsave', { definition: saved });
    } catch (error) {
      await this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  /** Asks an adapter that keeps earlier versions for them. */
  async #loadHistory(): Promise<void> {
    const adapter = this.activeAdapter as WithHistory | undefined;
    if (adapter?.getDefinitionHistory) this.versions = await adapter.getDefinitionHistory();
  }

  async #failed(error: unknown): Promise<void> {
    const { explainFailure } = await import('./save-definition.js');
    const { notice, issues } = explainFailure(error);
    this.notice = notice;
    if (issues) this.issues = issues;
    this.emit('lldefinitionerror', { error });
  }

  /** After a conflict: loads the newest version; `keepEdits` keeps the draft on top of it. */
  async reloadLatest(keepEdits: boolean): Promise<void> {
    const adapter = this.activeAdapter as WithHistory | undefined;
    if (!adapter) return;
    this.busy = true;
    try {
      const latest = await adapter.getDefinition();
      this.#adopt(latest, keepEdits);
      await this.#loadHistory();
      this.notice = keepEdits
        ? { kind: 'ok', text: msg(str`Your edits now sit on top of version ${latest.version}. Check them against it, then save.`) }
        : { kind: 'ok', text: msg(str`Showing version ${latest.version}.`) };
    } catch (error) {
      await this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  /** Approves the saved current version for a role. */
  async approve(role: ApprovalRole): Promise<void> {
    const base = this.base;
    if (!base || this.busy || this.dirty) return;
    this.busy = true;
    this.notice = undefined;
    try {
      const adapter = this.activeAdapter;
      let approved: QualificationDefinition;
      if (adapter) {
        approved = await adapter.approveDefinition({ role, version: base.version, ...(this.user ? { by: this.user } : {}) });
      } else {
        const approval = { role, version: base.version, by: this.user || msg('unknown'), at: new Date().toISOString() };
        approved = { ...base, approvals: [...base.approvals.filter((a) => !(a.role === role && a.version === base.version)), approval] };
      }
      this.#adopt(approved);
      await this.#loadHistory();
      this.notice = {
        kind: 'ok',
        text: role === 'sales'
          ? msg(str`The sales leader approved version ${approved.version}.`)
          : msg(str`The marketing leader approved version ${approved.version}.`),
      };
      this.emit('lldefinitionapprove', { definition: approved, role });
    } catch (error) {
      await this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  /** Validates and stores the edited reason catalog. */
  async saveReasons(): Promise<void> {
    this.busy = true;
    try {
      const { reasonsFromDraft } = await import('./save-definition.js');
      const checked = reasonsFromDraft(this.reasonDraft);
      if (!checked.ok) {
        this.issues = checked.issues;
        this.notice = { kind: 'error', text: msg('Fix the reasons marked below, then save again.') };
        return;
      }
      const adapter = this.activeAdapter as WithReasons | undefined;
      if (adapter?.saveReasons) await adapter.saveReasons(checked.value);
      this.#adoptReasons(checked.value);
      this.notice = { kind: 'ok', text: msg('Reason catalog saved.') };
      this.emit('llreasonssave', { reasons: checked.value });
    } catch (error) {
      await this.#failed(error);
    } finally {
      this.busy = false;
    }
  }

  #editStage(update: (stage: DraftStage) => DraftStage) {
    const id = this.stage!;
    this.draft = { ...this.draft, [id]: update(this.draft[id]!) };
  }

  #editCriterion(index: number, patch: Partial<DraftCriterion>) {
    this.#editStage((s) => ({ ...s, criteria: s.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)) }));
  }

  #move(index: number, by: -1 | 1) {
    const to = index + by;
    this.#editStage((s) => {
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
    this.#editStage((s) => ({ ...s, criteria: [...s.criteria, { key: nextKey++, label: '', help: '', required: false, weight: '1' }] }));
    await this.updateComplete;
    const count = this.draft[this.stage!]!.criteria.length;
    (this.renderRoot.querySelector(`#c-${count - 1}-label`) as HTMLInputElement | null)?.focus();
  }

  #onTabKey(event: KeyboardEvent) {
    const stages = this.#waterfall.stages;
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
        ${this.activeAdapter ? html`<button @click=${() => void this.#load()}>${tryAgain()}</button>` : nothing}
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

  #renderNotice() {
    const n = this.notice;
    if (!n) return nothing;
    return html`<div class="notice ${n.kind === 'ok' ? 'ok' : 'error'}" role=${n.kind === 'ok' ? 'status' : 'alert'}>
      <p>${n.text}</p>
      ${n.detail ? html`<p class="hint">${n.detail}</p>` : nothing}
      ${n.kind === 'conflict'
        ? html`<div class="row">
            <button class="primary" ?disabled=${this.busy} @click=${() => void this.reloadLatest(true)}>${msg('Keep my edits on top of the latest version')}</button>
            <button ?disabled=${this.busy} @click=${() => void this.reloadLatest(false)}>${msg('Discard my edits')}</button>
          </div>`
        : nothing}
    </div>`;
  }

  #renderEditor(base: QualificationDefinition) {
    const stages = this.#waterfall.stages;
    const stageId = this.stage!;
    const stage = this.draft[stageId] ?? { criteria: [], threshold: '0' };
    const dirty = this.dirty;
    const stageIssues = (id: string) => [...this.issues.keys()].some((k) => k.startsWith(`stages.${id}.`));
    const issue = (path: string) => this.issues.get(path);
    const thresholdIssue = issue(`stages.${stageId}.threshold`);
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
              @input=${(e: Event) => this.#editStage((s) => ({ ...s, threshold: (e.target as HTMLInputElement).value }))} />
          </div>
          ${thresholdIssue
            ? html`<p class="issue" id="threshold-issue">${thresholdIssue}</p>`
            : html`<span class="hint" id="threshold-hint">${msg('Share of the weighted criteria a lead must meet, besides every required one.')}</span>`}
        </div>
      </div>
      <div class="actions">
        <button part="save" class="primary" ?disabled=${!dirty || this.busy} @click=${() => void this.save()}>
          ${msg(str`Save as version ${base.version + 1}`)}
        </button>
        <button ?disabled=${!dirty || this.busy} @click=${() => {
          this.draft = this.#toDraft(base);
          this.issues = new Map();
          this.notice = undefined;
        }}>${msg('Discard changes')}</button>
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
      const attrs = (e: Event) => this.#editCriterion(i, { [field]: (e.target as HTMLInputElement).value });
      return html`<div class="field ${field === 'help' ? 'wide' : ''}">
        <label for=${id}>${label}</label>
        ${multiline
          ? html`<textarea id=${id} rows="1" .value=${value} aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? `${id}-issue` : nothing} @input=${attrs}></textarea>`
          : html`<input id=${id} .value=${value} aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? `${id}-issue` : nothing} @input=${attrs} />`}
        ${problem ? html`<p class="issue" id=${`${id}-issue`}>${problem}</p>` : nothing}
      </div>`;
    };
    return html`<li class="criterion" aria-label=${name}>
      ${text('label', c.label, msg('Criterion'), labelIssue)}
      ${text('help', c.help, msg('Help for the rep'), helpIssue, true)}
      <div class="check">
        <input type="checkbox" id=${`c-${i}-required`} .checked=${c.required} @change=${(e: Event) => this.#editCriterion(i, { required: (e.target as HTMLInputElement).checked })} />
        <label for=${`c-${i}-required`}>${msg('Required')}</label>
      </div>
      <div class="field weight">
        <label for=${`c-${i}-weight`}>${msg('Weight')}</label>
        <input id=${`c-${i}-weight`} inputmode="decimal" .value=${c.weight} aria-invalid=${weightIssue ? 'true' : 'false'} aria-describedby=${weightIssue ? `c-${i}-weight-issue` : nothing}
          @input=${(e: Event) => this.#editCriterion(i, { weight: (e.target as HTMLInputElement).value })} />
        ${weightIssue ? html`<p class="issue" id=${`c-${i}-weight-issue`}>${weightIssue}</p>` : nothing}
      </div>
      <div class="moves">
        <button class="icon" id=${`move-up-${i}`} ?disabled=${i === 0} aria-label=${msg(str`Move ${name} up`)} @click=${() => this.#move(i, -1)}>↑</button>
        <button class="icon" id=${`move-down-${i}`} ?disabled=${i === count - 1} aria-label=${msg(str`Move ${name} down`)} @click=${() => this.#move(i, 1)}>↓</button>
        <button class="icon" aria-label=${msg(str`Remove ${name}`)} @click=${() => this.#editStage((s) => ({ ...s, criteria: s.criteria.filter((_, k) => k !== i) }))}>✕</button>
      </div>
    </li>`;
  }

  #renderSignoff(base: QualificationDefinition, dirty: boolean) {
    return html`<div part="signoff">
      <h3 id="signoff-title">${msg(str`Sign-off of version ${base.version}`)}</h3>
      <div class="signoff">
        ${ROLES.map((role) => {
          const approval = base.approvals.find((a) => a.role === role && a.version === base.version);
          return html`<div class="role">
            <strong>${roleLabel(role)}</strong>
            ${approval
              ? html`<span class="done">✓ ${msg(str`Approved by ${approval.by}, ${formatDateTime(this.#lang, approval.at)}`)}</span>`
              : html`<span>${msg('Not approved yet')}</span>
                  <button ?disabled=${dirty || this.busy} aria-describedby=${dirty ? 'save-first' : nothing} @click=${() => void this.approve(role)}>
                    ${role === 'sales' ? msg('Approve as sales leader') : msg('Approve as marketing leader')}
                  </button>`}
          </div>`;
        })}
      </div>
      ${dirty ? html`<p class="hint" id="save-first">${msg('Save your changes first: an approval signs a saved version.')}</p>` : nothing}
    </div>`;
  }

  #renderReasons() {
    if (this.reasonDraft.length === 0 && !this.#catalog) return nothing;
    const edit = (i: number, patch: Partial<DraftReason>) => (this.reasonDraft = this.reasonDraft.map((r, k) => (k === i ? { ...r, ...patch } : r)));
    const add = () => {
      if (!this.newReason.trim()) return;
      this.reasonDraft = [...this.reasonDraft, { key: nextKey++, label: this.newReason.trim(), retired: false }];
      this.newReason = '';
    };
    return html`<div part="reasons">
      <h3 id="reasons-title">${msg('Reasons for rejecting or recycling a lead')}</h3>
      <ul class="reasons">
        ${this.reasonDraft.map((r, i) => {
          const problem = this.issues.get(`reasons.${i}.label`) ?? this.issues.get(`reasons.${i}.id`);
          return html`<li class=${r.retired ? 'retired' : ''}>
            <input type="text" id=${`r-${i}`} aria-label=${msg(str`Reason ${i + 1}`)} .value=${r.label} aria-invalid=${problem ? 'true' : 'false'}
              @input=${(e: Event) => edit(i, { label: (e.target as HTMLInputElement).value })} />
            <label><input type="checkbox" .checked=${r.retired} @change=${(e: Event) => edit(i, { retired: (e.target as HTMLInputElement).checked })} />
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
              if (e.key === 'Enter') add();
            }} />
        </div>
        <button @click=${add}>${msg('Add reason')}</button>
        <button ?disabled=${!this.reasonsDirty || this.busy} @click=${() => void this.saveReasons()}>${msg('Save reasons')}</button>
      </div>
      <p class="hint">${msg('Retired reasons stay on old feedback but are no longer offered to reps.')}</p>
    </div>`;
  }

  #renderHistory() {
    const versions = [...this.versions].sort((a, b) => b.version - a.version);
    if (versions.length === 0) return nothing;
    const who = (d: QualificationDefinition, role: ApprovalRole) => {
      const a = d.approvals.find((x) => x.role === role && x.version === d.version);
      return a ? `${a.by}, ${formatDateTime(this.#lang, a.at, { dateStyle: 'medium' })}` : '—';
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
                <td>${formatNumber(this.#lang, Object.values(d.stages).reduce((n, s) => n + s.criteria.length, 0))}</td>
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
