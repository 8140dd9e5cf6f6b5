// The definition editor's state and what it does with it: loading the definition, its history
// and the reason catalog, keeping the draft of the next version, saving, approving, and following
// other people's saves. The element (definition-editor.component.ts) renders it and handles input.
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import type { PropertyValues } from 'lit';
import type { ApprovalRole, LeadLoopAdapter, QualificationDefinition, Reason, Waterfall } from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LlDataElement } from '../../internal/data-element.js';
import { langOf } from '../../internal/format.js';
import { readJsonValue } from '../../internal/safe-json.js';
import { draftSnapshot, newKey, NO_WATERFALL, reasonSnapshot, toDraft, toReasonDraft } from './definition-draft.js';
import type { DraftCriterion, DraftReason, DraftStage, Issues, Notice } from './save-definition.js';

/** An adapter that can also list earlier versions (MemoryAdapter, the REST adapter when it has the route). */
type WithHistory = LeadLoopAdapter & { getDefinitionHistory?: () => Promise<QualificationDefinition[]> };
/** An adapter that can also store the reason catalog (none in the contract yet: see the docs). */
type WithReasons = LeadLoopAdapter & { saveReasons?: (reasons: Reason[]) => Promise<Reason[] | void> };

/** The state and commands of <ll-definition-editor>; see LlDefinitionEditor for the element. */
export class DefinitionEditorState extends LlDataElement {
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

  protected base: QualificationDefinition | undefined;
  protected draft: Record<string, DraftStage> = {};
  protected reasonDraft: DraftReason[] = [];
  protected versions: QualificationDefinition[] = [];
  protected issues: Issues = new Map();
  protected notice: Notice | undefined;
  protected busy = false;
  protected loading = false;
  protected loadError: unknown;
  protected newReason = '';
  #saved = '';
  #savedReasons = '';
  /** The language numbers and dates are shown in: the nearest `lang`. */
  protected locale = 'en';
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
        if (!this.dirty) void this.load();
        else this.notice = { kind: 'conflict', text: msg('Someone saved or approved a newer version while you were editing.') };
      },
    });
  }

  protected get activeWaterfall(): Waterfall {
    return this.waterfall ?? this.activeConfig?.waterfall ?? this.#defaults?.DEFAULT_WATERFALL ?? NO_WATERFALL;
  }

  protected get catalog(): Reason[] | undefined {
    if (this.reasons !== undefined && this.reasons !== null) {
      const json = readJsonValue(this.reasons, 'reasons');
      return json.ok && Array.isArray(json.value) ? (json.value as Reason[]) : undefined;
    }
    return this.activeConfig?.reasons;
  }

  /** True when the criteria or thresholds differ from the saved version. */
  get dirty(): boolean {
    return this.base !== undefined && draftSnapshot(this.draft) !== this.#saved;
  }

  /** True when the reason catalog differs from the one loaded. */
  get reasonsDirty(): boolean {
    return reasonSnapshot(this.reasonDraft) !== this.#savedReasons;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.locale = langOf(this);
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
      this.#adoptReasons(this.catalog);
    }
    const adapter = this.activeAdapter;
    if ((this.definition === undefined || this.definition === null) && adapter && adapter !== this.#loadedFrom) {
      this.#loadedFrom = adapter;
      void this.load();
    }
    // Without a waterfall or a config to come, the default waterfall stands in; with an adapter, once the definition is there.
    if (!this.waterfall && !this.activeConfig && !this.configPending && (!adapter || this.base)) this.#loadDefaults();
    // The stages arrived or changed (the config came after the definition): make the draft again, keeping edits.
    if (this.base && this.activeWaterfall !== this.#draftWaterfall) this.#adopt(this.base, this.dirty);
    const stages = this.activeWaterfall.stages;
    if (stages.length > 0 && (!this.stage || !stages.some((s) => s.id === this.stage))) this.stage = this.activeWaterfall.handoffStage ?? stages[0]?.id;
  }

  protected async load(): Promise<void> {
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
    this.#saved = draftSnapshot(fresh);
    if (!keepDraft) this.draft = fresh;
    if (!this.history && !this.activeAdapter) {
      const known = this.versions.filter((v) => v.version !== definition.version);
      this.versions = [...known, definition].sort((a, b) => a.version - b.version);
    }
  }

  #adoptReasons(catalog: Reason[] | undefined) {
    this.reasonDraft = toReasonDraft(catalog);
    this.#savedReasons = reasonSnapshot(this.reasonDraft);
  }

  /** The definition as a draft for the stages in effect, remembering which stages those were. */
  #toDraft(definition: QualificationDefinition): Record<string, DraftStage> {
    this.#draftWaterfall = this.activeWaterfall;
    return toDraft(definition, this.#draftWaterfall, this.locale);
  }

  /** Saves the draft as the next version. Resolves when done; the outcome is shown in the element. */
  async save(): Promise<void> {
    const base = this.base;
    if (!base || this.busy) return;
    this.busy = true;
    this.notice = undefined;
    try {
      const { definitionFromDraft } = await import('./save-definition.js');
      const checked = definitionFromDraft(this.draft, base, this.activeWaterfall, this.locale);
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

  async #failed(error: unknown, role?: ApprovalRole): Promise<void> {
    const { explainFailure } = await import('./save-definition.js');
    const { notice, issues } = explainFailure(error);
    this.notice = { ...notice, role };
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
        role,
      };
      this.emit('lldefinitionapprove', { definition: approved, role });
    } catch (error) {
      await this.#failed(error, role);
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

  protected editStage(update: (stage: DraftStage) => DraftStage) {
    const id = this.stage!;
    this.draft = { ...this.draft, [id]: update(this.draft[id]!) };
  }

  protected editCriterion(index: number, patch: Partial<DraftCriterion>) {
    this.editStage((s) => ({ ...s, criteria: s.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)) }));
  }


  /** Drops the edits: the draft becomes the saved version again. */
  protected discard(base: QualificationDefinition) {
    this.draft = this.#toDraft(base);
    this.issues = new Map();
    this.notice = undefined;
  }

  protected editReason(index: number, patch: Partial<DraftReason>) {
    this.reasonDraft = this.reasonDraft.map((r, k) => (k === index ? { ...r, ...patch } : r));
  }

  /** Adds the reason typed in the new-reason field, if any. */
  protected addReason() {
    if (!this.newReason.trim()) return;
    this.reasonDraft = [...this.reasonDraft, { key: newKey(), label: this.newReason.trim(), retired: false }];
    this.newReason = '';
  }
}
