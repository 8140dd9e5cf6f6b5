import { html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import {
  APPROVAL_ROLES, DEFAULT_WATERFALL, evaluateQualification, isApproved,
  type ApprovalRole, type ChecklistAnswers, type LeadLoopAdapter, type LeadLoopError, type Criterion, type LeadDetail, type QualificationDefinition,
  type QualificationResult, type Waterfall,
} from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { LlDataElement } from '../../internal/data-element.js';
import { LoadController } from '../../internal/load-controller.js';
import { tryAgain } from '../../internal/load-state.js';
import { canRetry, errorMessage } from '../../internal/error-message.js';
import { saveStatus } from '../../internal/save-status.js';
import { formatDateTime, formatPercent, langOf } from '../../internal/format.js';
import { readJsonValue } from '../../internal/safe-json.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './qualification-checklist.styles.js';

/** The detail of `llanswerschange` and `llverdictchange`. */
export interface ChecklistEventDetail {
  stage: string;
  answers: ChecklistAnswers;
  result: QualificationResult;
}

type SaveState = 'saving' | 'saved' | 'failed';

/**
 * The definition to show, from input that may be anything (JSON from an attribute): only what
 * rendering needs, criteria without an id or label dropped. Returns what is wrong instead of throwing.
 */
function readDefinition(raw: Record<string, unknown>): QualificationDefinition | string {
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'expected an object';
  const { id, version, stages, approvals } = raw;
  if (typeof version !== 'number') return 'version: must be a number';
  if (typeof stages !== 'object' || stages === null || Array.isArray(stages)) return 'stages: must be an object of stage id → criteria';
  const clean: QualificationDefinition['stages'] = {};
  for (const [stageId, stage] of Object.entries(stages as Record<string, { criteria?: unknown; threshold?: unknown }>)) {
    const criteria = Array.isArray(stage?.criteria) ? stage.criteria : [];
    clean[stageId] = {
      criteria: criteria.filter((c): c is Criterion => typeof c?.id === 'string' && typeof c.label === 'string'),
      ...(typeof stage?.threshold === 'number' ? { threshold: stage.threshold } : {}),
    };
  }
  const signed = Array.isArray(approvals) ? approvals.filter((a) => typeof a?.role === 'string' && typeof a.by === 'string') : [];
  return { id: String(id ?? ''), version, stages: clean, approvals: signed };
}

/** The stage a lead is being qualified for: the first stage after its own that the definition covers, else its own. */
function stageFor(lead: LeadDetail, definition: QualificationDefinition, waterfall: Waterfall): string {
  const ids = waterfall.stages.map((s) => s.id);
  const next = ids.slice(ids.indexOf(lead.stage) + 1).find((id) => definition.stages[id]?.criteria.length);
  return next ?? lead.stage;
}

/** "a, b and c" in the element's language. */
function listOf(lang: string, items: string[]): string {
  try {
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

function roleLabel(role: ApprovalRole): string {
  return role === 'sales' ? msg('sales') : msg('marketing');
}

/**
 * @summary The agreed qualification checklist for a lead's stage, with its score and verdict.
 *
 * Shows the written definition of a stage (e.g. what makes a lead Sales Accepted): each criterion
 * with its help text, the required ones marked, a score bar against the threshold and the verdict,
 * with who signed this version off; warns when sales and marketing have not both approved it.
 * Give it `definition`, `stage` and `answers` (objects, or JSON in the attributes of the same
 * names), or a `lead-id` and an adapter: it then loads the lead, picks the stage the lead is
 * working towards, and saves every change through `saveChecklist`.
 *
 * @event llanswerschange - The rep ticked or cleared a criterion: `detail` is `{ stage, answers, result }`.
 * @event llverdictchange - A change by the rep flipped the verdict (met ↔ not met): `detail` is `{ stage, answers, result }`.
 * @event llchecklisterror - Saving failed: `detail` is `{ stage, answers, error }` (a LeadLoopError).
 * @event llloaderror - The lead or config could not be loaded: `detail` is `{ error }`.
 *
 * @csspart base - The card around everything.
 * @csspart header - The title and who approved the definition.
 * @csspart label - The title.
 * @csspart warning - The notice that the definition is not approved by both sales and marketing.
 * @csspart control - Each criterion row (checkbox, label, help).
 * @csspart bar - The score meter.
 * @csspart verdict - The verdict line.
 * @csspart status - The live region that says saving, saved or failed.
 *
 * @cssproperty --ll-checklist-padding - Space inside the card (default 12px).
 * @cssproperty --ll-checklist-border - The card's border, e.g. `none` inside a CRM card that has one.
 * @cssproperty --ll-checklist-bar-height - Height of the score bar (default 8px).
 */
export class LlQualificationChecklist extends LlDataElement {
  static override styles = [tokens, styles];

  // Properties here rather than with decorators, as in ll-lead-feedback.
  static override properties = {
    definition: {},
    stage: {},
    answers: {},
    leadId: { attribute: 'lead-id' },
    current: { state: true, attribute: false },
    saveState: { state: true, attribute: false },
    saveError: { state: true, attribute: false },
  };

  /** The qualification definition, or its JSON as the `definition` attribute; default the config's. */
  definition: QualificationDefinition | string | undefined;

  /** The stage whose checklist to show (e.g. `sal`); default the stage the loaded lead works towards. */
  stage: string | undefined;

  /** Checked criteria by id, or their JSON as the `answers` attribute; default the loaded lead's. */
  answers: ChecklistAnswers | string | undefined;

  /** Loads this lead's answers through the adapter, and saves changes back. */
  leadId: string | undefined;

  /** The answers on screen: the input's, then the rep's changes. */
  private current: ChecklistAnswers = {};
  private saveState: SaveState | undefined;
  private saveError: unknown;

  #saving = false;
  /** The rep's last change flipped the verdict. */
  #flipped = false;
  /** The lead moved to another stage while its checklist was on screen: the status names the new one. */
  #movedOn = false;
  #saveAgain = false;
  /** The lead changed while a save was in flight: load it again once the saves are done. */
  #reloadAfterSave = false;

  readonly #leadLoad: LoadController<readonly [LeadLoopAdapter | undefined, string | undefined], LeadDetail> = new LoadController(this, {
    args: () => [this.activeAdapter, this.leadId] as const,
    load: ([adapter, leadId]) => (leadId ? adapter?.getLead(leadId) : undefined),
    onError: (error) => this.emit('llloaderror', { error }),
  });

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new AdapterChangesController(this, {
      adapter: () => this.activeAdapter,
      // Another tab or user changed this lead's checklist: show theirs. Feedback moved the lead
      // (accepted: now Sales Accepted): show the next stage's checklist. (A new definition version
      // arrives with the config, which the provider, or the adapter's shared config, reloads.)
      concerns: (change) => 'leadId' in change && change.leadId === this.leadId,
      refresh: () => {
        if (this.#saving) this.#reloadAfterSave = true;
        else void this.#leadLoad.run();
      },
    });
  }

  protected override configFailed(error: unknown): void {
    this.emit('llloaderror', { error });
  }

  #memo: { input: unknown; fallback: unknown; result: QualificationDefinition | string | undefined } | undefined;

  /** The definition in effect, read once per change: the property, else the config's; a string says what is wrong. */
  get #definition(): QualificationDefinition | string | undefined {
    const fallback = this.activeConfig?.definition;
    const memo = this.#memo;
    if (memo && memo.input === this.definition && memo.fallback === fallback) return memo.result;
    const read = readJsonValue(this.definition ?? fallback, 'definition');
    const value = read.ok && read.value ? readDefinition(read.value as Record<string, unknown>) : undefined;
    const problem = read.ok ? (typeof value === 'string' ? value : undefined) : read.message;
    const result = problem ? msg(str`The definition cannot be read: ${problem}`) : value;
    this.#memo = { input: this.definition, fallback, result };
    return result;
  }

  get #waterfall(): Waterfall {
    return this.activeConfig?.waterfall ?? DEFAULT_WATERFALL;
  }

  get #stage(): string | undefined {
    const definition = this.#definition;
    const lead = this.#leadLoad.value;
    if (this.stage) return this.stage;
    return lead && typeof definition === 'object' && definition ? stageFor(lead, definition, this.#waterfall) : undefined;
  }

  #answersError: string | undefined;

  /** The loaded lead and stage the answers on screen were last taken from. */
  #adopted: [LeadDetail, string] | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('answers')) {
      const read = readJsonValue(this.answers, 'answers');
      const value = read.ok ? read.value : undefined;
      this.#answersError = !read.ok ? read.message : value && (typeof value !== 'object' || Array.isArray(value)) ? 'expected an object' : undefined;
      if (value && !this.#answersError) this.current = { ...(value as ChecklistAnswers) };
      this.#flipped = false;
      if (this.answers === undefined) this.#adopted = undefined;
    }
    // Unless the page gave answers, show the lead's saved ones, once the lead, the definition (for
    // the stage) and the config have all arrived, and again when the lead reloads or the stage changes.
    const lead = this.#leadLoad.value;
    const stage = this.#stage;
    if (this.answers === undefined && lead && stage && (this.#adopted?.[0] !== lead || this.#adopted[1] !== stage)) {
      // The lead coming back after our save keeps what the status says; another stage clears it,
      // and is said itself when it replaces one on screen (the rep accepted the lead, say): the
      // same checkboxes now ask other questions.
      if (this.#adopted?.[1] !== stage) {
        this.#flipped = false;
        this.#movedOn = this.#adopted !== undefined;
      }
      this.#adopted = [lead, stage];
      this.current = { ...(lead.checklist?.[stage]?.answers ?? {}) };
    }
  }

  #evaluate(definition: QualificationDefinition, stage: string, answers: ChecklistAnswers): QualificationResult | string {
    try {
      return evaluateQualification(definition, stage, answers);
    } catch (error) {
      return (error as Error).message;
    }
  }

  #toggle(definition: QualificationDefinition, stage: string, criterion: Criterion, checked: boolean): void {
    const before = this.#evaluate(definition, stage, this.current);
    this.current = { ...this.current, [criterion.id]: checked };
    const result = this.#evaluate(definition, stage, this.current);
    if (typeof result === 'string') return;
    const detail: ChecklistEventDetail = { stage, answers: { ...this.current }, result };
    this.emit('llanswerschange', detail);
    // The rep hears the checkbox change; the verdict that flipped with it is said in the status.
    this.#flipped = typeof before !== 'string' && before.met !== result.met;
    this.#movedOn = false;
    if (this.#flipped) this.emit('llverdictchange', detail);
    void this.#save();
  }

  /** Saves the answers on screen; a change made while a save is in flight is saved right after it, so the last one wins. */
  async #save(): Promise<void> {
    const adapter = this.activeAdapter;
    const stage = this.#stage;
    if (!adapter || !this.leadId || !stage) return;
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    this.#saving = true;
    this.saveState = 'saving';
    const answers = { ...this.current };
    try {
      await adapter.saveChecklist(this.leadId, { stage, answers });
      this.saveState = 'saved';
    } catch (error) {
      this.saveState = 'failed';
      this.saveError = error;
      this.emit('llchecklisterror', { stage, answers, error });
    } finally {
      this.#saving = false;
    }
    if (this.#saveAgain) {
      this.#saveAgain = false;
      void this.#save();
    } else if (this.#reloadAfterSave) {
      this.#reloadAfterSave = false;
      void this.#leadLoad.run();
    }
  }

  protected override render() {
    const leadLoad = this.#leadLoad;
    if (this.leadId && this.activeAdapter && !leadLoad.value) {
      // No such lead: say so, and offer no retry, which cannot help.
      return leadLoad.error === undefined
        ? html`<div part="base" class="base" aria-busy="true"><p class="muted">${msg('Loading checklist…')}</p></div>`
        : this.#problem((leadLoad.error as LeadLoopError)?.code === 'not_found'
          ? html`${msg('The checklist could not be loaded.')} ${msg(str`No lead has the id “${this.leadId}”.`)}`
          : html`${msg('The checklist could not be loaded.')} ${errorMessage(leadLoad.error)}
            ${canRetry(leadLoad.error) ? html`<button part="control" type="button" @click=${() => void leadLoad.run()}>${tryAgain()}</button>` : nothing}`);
    }
    const definition = this.#definition;
    const stage = this.#stage;
    if (typeof definition === 'string') return this.#problem(definition);
    if (this.#answersError) return this.#problem(msg(str`The answers cannot be read: ${this.#answersError}`));
    if (!definition || !stage) {
      return html`<div part="base" class="base"><p class="muted">${msg('No checklist to show.')}</p></div>`;
    }
    const criteria = definition.stages[stage]?.criteria;
    const stageLabel = this.#waterfall.stages.find((s) => s.id === stage)?.label ?? stage;
    if (!criteria || criteria.length === 0) {
      return this.#problem(msg(str`The definition has no criteria for ${stageLabel}.`), 'muted');
    }
    const result = this.#evaluate(definition, stage, this.current);
    if (typeof result === 'string') return this.#problem(msg(str`The checklist cannot be scored: ${result}`));
    const lang = langOf(this);
    const verdict = this.#verdict(result, criteria, stageLabel, lang);
    return html`
      <section part="base" class="base" aria-labelledby="title">
        ${this.#renderHeader(definition, stage, stageLabel, lang)}
        <fieldset class="criteria">
          <legend class="visually-hidden">${msg('Criteria')}</legend>
          ${criteria.map((c, i) => html`<div part="control" class="criterion">
            <input type="checkbox" id="c${i}" .checked=${this.current[c.id] === true}
              aria-describedby=${c.help ? `h${i}` : nothing}
              @change=${(e: Event) => this.#toggle(definition, stage, c, (e.target as HTMLInputElement).checked)} />
            <label for="c${i}">${c.label}${c.required ? html` <span class="required">${msg('required')}</span>` : nothing}</label>
            ${c.help ? html`<p id="h${i}" class="help">${c.help}</p>` : nothing}
          </div>`)}
        </fieldset>
        ${this.#renderScore(result, lang)}
        <p part="verdict" class="verdict ${result.met ? 'met' : 'unmet'}">${verdict}</p>
        ${this.#renderStatus(this.#flipped ? verdict : this.#movedOn ? `${msg(str`${stageLabel} checklist`)}. ${verdict}` : '')}
      </section>
    `;
  }

  #problem(text: unknown, tone = 'error') {
    return html`<div part="base" class="base"><p class=${tone} role=${tone === 'error' ? 'alert' : nothing}>${text}</p></div>`;
  }

  #renderHeader(definition: QualificationDefinition, stage: string, stageLabel: string, lang: string) {
    const signed = APPROVAL_ROLES.map((role) => definition.approvals.find((a) => a.role === role && a.version === definition.version));
    const missing = APPROVAL_ROLES.filter((_, i) => !signed[i]);
    const approvers = signed.flatMap((a) => (a ? [`${a.by} (${roleLabel(a.role)}, ${formatDateTime(lang, a.at, { dateStyle: 'medium' })})`] : []));
    const saved = this.#leadLoad.value?.checklist?.[stage];
    const approved = isApproved(definition);
    return html`<div part="header" class="header">
        <p id="title" part="label" class="title">${msg(str`${stageLabel} checklist`)}</p>
        <p class="meta">${msg(str`Definition version ${definition.version}`)}${approvers.length
          ? html` · ${msg(str`approved by ${listOf(lang, approvers)}`)}`
          : nothing}</p>
        ${saved && saved.definitionVersion !== definition.version
          ? html`<p class="meta">${msg(str`These answers were given against version ${saved.definitionVersion}.`)}</p>`
          : nothing}
      </div>
      ${approved ? nothing : html`<p part="warning" class="warning">
        <strong>${msg('Not signed off:')}</strong>
        ${msg(str`version ${definition.version} still needs approval from ${listOf(lang, missing.map(roleLabel))}; until then, the verdict is provisional.`)}
      </p>`}`;
  }

  /** The bar's fill and threshold mark come from two custom properties, set through CSSOM (`.style`, not the attribute), which a page's CSP allows. */
  #renderScore(result: QualificationResult, lang: string) {
    const score = formatPercent(lang, result.score);
    const threshold = formatPercent(lang, result.threshold);
    return html`<div class="score">
      <div class="score-head">
        <span id="score-label">${msg('Score')}</span>
        <span>${result.threshold > 0 ? msg(str`${score} of ${threshold} needed`) : score}</span>
      </div>
      <div part="bar" class="bar ${result.score >= result.threshold ? 'over' : ''}" role="meter" aria-labelledby="score-label"
        aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(result.score * 100)}
        aria-valuetext=${result.threshold > 0 ? msg(str`${score}, ${threshold} needed`) : score}
        .style=${`--_score: ${result.score}; --_threshold: ${result.threshold}`}>
        <span class="fill"></span>
        ${result.threshold > 0 ? html`<span class="mark"></span>` : nothing}
      </div>
    </div>`;
  }

  #verdict(result: QualificationResult, criteria: Criterion[], stageLabel: string, lang: string): string {
    if (result.met) return msg(str`Meets ${stageLabel}`);
    const labels = result.missingRequired.map((id) => criteria.find((c) => c.id === id)?.label ?? id);
    const reasons: string[] = [];
    if (labels.length) reasons.push(msg(str`still required: ${labels.join(', ')}`));
    if (result.score < result.threshold) {
      reasons.push(msg(str`score ${formatPercent(lang, result.score)} is below ${formatPercent(lang, result.threshold)}`));
    }
    return msg(str`Does not meet ${stageLabel} yet: ${reasons.join('; ')}.`);
  }

  /** Where the last save stands, then, once it is over, `verdict` (what the rep's change flipped it to): said once, in one polite status. */
  #renderStatus(verdict: string) {
    const state = this.saveState;
    const text = state === 'saving'
      ? msg('Saving…')
      : state === 'saved'
        ? msg('Saved.')
        : state === 'failed'
          ? msg(str`Not saved. ${errorMessage(this.saveError)}`)
          : '';
    return saveStatus(state, state === 'saving' ? text : [text, verdict].filter(Boolean).join(' '), this.saveError, msg('Retry', { id: 'checklist.retry' }), () => void this.#save());
  }
}
