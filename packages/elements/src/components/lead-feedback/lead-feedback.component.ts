import { html, nothing, type PropertyValues } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import {
  DEFAULT_REASONS, DEFAULT_SLA, DEFAULT_WATERFALL, FEEDBACK_OUTCOMES, MAX_NOTE_LENGTH, OUTCOMES_NEEDING_REASON, tracksDelivery,
  type Feedback, type FeedbackInput, type FeedbackOutcome, type Lead, type LeadDetail, type LeadLoopConfig, type LeadLoopError,
} from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { ClockController } from '../../internal/clock-controller.js';
import { LlDataElement } from '../../internal/data-element.js';
import { LoadController } from '../../internal/load-controller.js';
import { tryAgain } from '../../internal/load-state.js';
import { canRetry, errorMessage } from '../../internal/error-message.js';
import { formatNumber, langOf } from '../../internal/format.js';
import { newIdempotencyKey } from '../../internal/idempotency-key.js';
import { saveStatus } from '../../internal/save-status.js';
import { tokens } from '../../styles/tokens.js';
import { beforeHandoff, handoffMs, nextStep, nextTickMs, readLead, slaOf, type Given } from './feedback-lead.js';
import { actionLabels, renderBadge, renderHistory, submissionText, when, type HistoryRow, type Submission } from './feedback-views.js';
import { styles } from './lead-feedback.styles.js';

export type { SubmissionState } from './feedback-views.js';

/** The detail of `llfeedback`: the input, its idempotency key and, once an adapter saved it, the stored feedback. */
export interface FeedbackEventDetail {
  input: FeedbackInput;
  idempotencyKey: string;
  feedback?: Feedback;
}

/** Under a quarter of the SLA window left, the badge warns. */
const WARN_SHARE = 0.25;

/**
 * @summary A sales rep's one-click feedback on a lead, with the follow-up SLA counting down.
 *
 * Shows who the lead is, how long ago marketing handed it over and how long until the first-touch
 * SLA breaks; records accept, qualify, reject or recycle (with a reason from the catalog), a
 * contact attempt or a contact, with an optional 1–5 rating and note; lists the lead's feedback.
 * The filled button is the lead's next step (Accept, then Qualify, then none; none on a lead that
 * left the waterfall); before marketing hands the lead over, the card says so and holds the sales
 * decisions (`aria-disabled`), while a contact attempt or a contact can still be logged.
 * Give it a `Lead` in `lead` (or its JSON in the `lead` attribute), or a `lead-id`. With an
 * adapter (the `adapter` property or an enclosing `<ll-provider>`) it loads that lead, saves
 * through the adapter and refreshes on the adapter's changes; with none it shows the lead as given
 * (a `LeadDetail`'s `feedback` as the history), saves nothing and hands the input to the page in
 * `llfeedback`. Each action gets one idempotency key, which a retry reuses, so a retried save is
 * stored once; behind the outbox (from the `@leadloop/adapters` package) a save made offline shows as queued.
 *
 * @event llfeedback - The rep gave feedback: `detail` is `{ input, idempotencyKey, feedback? }`;
 *   `feedback` is the stored record once the adapter saved it, absent with no adapter (the page saves `input`).
 * @event llfeedbackerror - Saving failed: `detail` is `{ input, idempotencyKey, error }` (a LeadLoopError).
 * @event llloaderror - The lead could not be loaded: `detail` is `{ error }`.
 *
 * @csspart base - The card around everything.
 * @csspart header - Who the lead is and the SLA badge.
 * @csspart label - The lead's name.
 * @csspart badge - The SLA badge.
 * @csspart control - Each button.
 * @csspart status - The live region that says saving, saved, queued or failed.
 * @csspart history - The list of this lead's feedback.
 *
 * @cssproperty --ll-feedback-padding - Space inside the card (default 1.5 × --ll-space; 1 × when compact).
 * @cssproperty --ll-feedback-border - The card's border, e.g. `none` inside a CRM card that has one.
 */
export class LlLeadFeedback extends LlDataElement {
  static override styles = [tokens, styles];

  // Properties are declared here rather than with decorators: decorators cost their helper in
  // every module and Lit's decorator code in every bundle, inside a 15 KB budget. Internal state
  // is `state: true, attribute: false`, so neither Lit nor the manifest gives it an attribute.
  static override properties = {
    lead: {},
    leadId: { attribute: 'lead-id' },
    by: {},
    pending: { state: true, attribute: false },
    reason: { state: true, attribute: false },
    reasonMissing: { state: true, attribute: false },
    rating: { state: true, attribute: false },
    note: { state: true, attribute: false },
    submission: { state: true, attribute: false },
  };

  /** The lead: a `Lead` (or `LeadDetail`, whose `feedback` becomes the history), or its JSON as the `lead` attribute. */
  lead: Lead | LeadDetail | string | undefined;

  /** The lead to load through the adapter (instead of `lead`). */
  leadId: string | undefined;

  /** Who gives the feedback (user name or id); the store fills it in when not set. */
  by: string | undefined;

  /** The outcome waiting for its reason (reject or recycle). */
  private pending: FeedbackOutcome | undefined;
  private reason = '';
  private reasonMissing = false;
  private rating = 0;
  private note = '';
  private submission: Submission | undefined;

  readonly #clock = new ClockController(this, { interval: (now) => this.#nextTick(now) });

  readonly #leadLoad = new LoadController(this, {
    args: () => [this.activeAdapter, this.#leadId] as const,
    load: ([adapter, leadId]) => (leadId ? adapter?.getLead(leadId) : undefined),
    onValue: () => (this.#fresh = true),
    onError: (error) => this.emit('llloaderror', { error }),
  });

  #given: { input: unknown; result: Given } | undefined;

  /** A load brought the lead since the last render. */
  #fresh = false;

  constructor() {
    super();
    updateWhenLocaleChanges(this);
    new AdapterChangesController(this, {
      adapter: () => this.activeAdapter,
      // Someone else's feedback on this lead (another tab, a colleague): show it.
      concerns: (change) => 'leadId' in change && change.leadId === this.#leadId,
      refresh: () => {
        if (this.#leadLoad.value) void this.#leadLoad.run();
      },
      // A durable outbox says where each save stands: queued, sent, refused.
      alsoListen: (adapter) => (tracksDelivery(adapter) ? adapter.subscribeQueue(() => this.#onQueueChange()) : undefined),
    });
  }

  /** The config in effect: the given one, the provider's, the one loaded from the adapter, else the defaults. */
  get #cfg(): Pick<LeadLoopConfig, 'reasons' | 'sla' | 'waterfall'> {
    return this.activeConfig ?? { reasons: DEFAULT_REASONS as LeadLoopConfig['reasons'], sla: DEFAULT_SLA, waterfall: DEFAULT_WATERFALL };
  }

  /** The `lead` input, read once per change. */
  get #data(): Given {
    if (!this.#given || this.#given.input !== this.lead) this.#given = { input: this.lead, result: readLead(this.lead) };
    return this.#given.result;
  }

  /** The lead to load: `lead-id`, else the given lead's id; with an adapter the element shows (and refreshes) the adapter's view of it. */
  get #leadId(): string | undefined {
    return this.leadId || this.#data.lead?.id;
  }

  get #loads(): boolean {
    return Boolean(this.#leadId && this.activeAdapter);
  }

  #sla(lead: Lead) {
    const { waterfall, sla } = this.#cfg;
    return slaOf(lead, waterfall, sla, this.#clock.now);
  }

  #nextTick(now: number): number {
    const lead = this.#loads ? this.#leadLoad.value : this.#data.lead;
    return nextTickMs((lead && this.#sla(lead)?.dueAtMs) ?? now, now);
  }

  #onQueueChange(): void {
    const adapter = this.activeAdapter;
    const sub = this.submission;
    // The outbox holds it durably: tell the rep it will go, and free the form for the next action.
    if (sub?.state === 'saving' && tracksDelivery(adapter) && adapter.deliveryState(sub.key) === 'queued') {
      this.submission = { ...sub, state: 'queued' };
      this.#resetForm();
    }
    this.requestUpdate();
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  #choose(outcome: FeedbackOutcome): void {
    if (OUTCOMES_NEEDING_REASON.has(outcome)) {
      this.pending = this.pending === outcome ? undefined : outcome;
      this.reason = '';
      this.reasonMissing = false;
      if (this.pending) this.#focus('#reason');
    } else {
      this.pending = undefined;
      this.#submit(outcome);
    }
  }

  #confirm(): void {
    if (!this.pending) return;
    if (this.reason) this.#submit(this.pending);
    else {
      this.reasonMissing = true;
      this.#focus('#reason');
    }
  }

  #cancel(): void {
    this.#focus(`[data-outcome="${this.pending}"]`);
    this.pending = undefined;
    this.reasonMissing = false;
  }

  #submit(outcome: FeedbackOutcome): void {
    const leadId = this.#leadId;
    if (!leadId) return;
    const input: FeedbackInput = { leadId, outcome };
    if (OUTCOMES_NEEDING_REASON.has(outcome)) input.reason = this.reason;
    if (this.rating) input.rating = this.rating;
    const note = this.note.trim();
    if (note) input.note = note;
    if (this.by) input.by = this.by;
    // One key per action: a retry of this action sends it again, so it is stored once.
    void this.#send({ input, key: newIdempotencyKey(), state: 'saving' });
  }

  async #send(sub: Submission): Promise<void> {
    const adapter = this.activeAdapter;
    const detail: FeedbackEventDetail = { input: sub.input, idempotencyKey: sub.key };
    if (!adapter) {
      this.submission = { ...sub, state: 'sent' };
      this.#resetForm();
      this.emit('llfeedback', detail);
      return;
    }
    this.submission = { ...sub, state: 'saving', error: undefined };
    try {
      const feedback = await adapter.submitFeedback(sub.input, { idempotencyKey: sub.key });
      if (this.submission?.key === sub.key) {
        this.submission = { ...sub, state: 'saved' };
        this.#resetForm();
      }
      void this.#leadLoad.run();
      this.emit('llfeedback', { ...detail, feedback });
    } catch (error) {
      if (this.submission?.key === sub.key) this.submission = { ...sub, state: 'failed', error };
      this.emit('llfeedbackerror', { ...detail, error });
    }
  }

  #resetForm(): void {
    // The reason panel closes under the keyboard: give focus back to the button that opened it.
    if (this.shadowRoot?.activeElement?.closest('.reason')) this.#focus(`[data-outcome="${this.pending}"]`);
    this.pending = undefined;
    this.reason = '';
    this.reasonMissing = false;
    this.rating = 0;
    this.note = '';
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.pending) {
      event.stopPropagation();
      this.#cancel();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // New data (a save, a colleague's feedback, the page's record after a save) was stamped after
    // the clock's last tick: read the time again, or it would show as "in 3 seconds".
    if (this.#fresh || changed.has('lead')) this.#clock.sync();
    this.#fresh = false;
  }

  protected override render() {
    let body: unknown;
    if (this.#loads) {
      const task = this.#leadLoad;
      if (task.value) return this.#renderLead(task.value, task.value.feedback ?? []);
      // No such lead: say so, and offer no retry, which cannot help.
      body = task.error === undefined
        ? html`<p class="muted" role="status">${msg('Loading lead…')}</p>`
        : (task.error as LeadLoopError)?.code === 'not_found'
          ? html`<p class="error" role="alert">${msg('Lead not found.')} ${msg(str`No lead has the id “${this.#leadId}”.`)}</p>`
          : html`<p class="error" role="alert">${msg('The lead could not be loaded.')} ${errorMessage(task.error)}</p>
          ${canRetry(task.error) ? html`<button part="control" type="button" @click=${() => void task.run()}>${tryAgain()}</button>` : nothing}`;
    } else {
      const { lead, history, error } = this.#data;
      if (lead) return this.#renderLead(lead, history);
      body = error
        ? html`<p class="error" role="alert">${msg(str`This lead cannot be shown: ${error}`)}</p>`
        // Not an alert: inside an <ll-provider> defined after this card, the adapter arrives a moment later.
        : this.#leadId
          ? html`<p class="muted">${msg(str`The lead “${this.#leadId}” cannot be loaded: this card has no adapter (set its adapter property, or put it inside an <ll-provider>).`)}</p>`
          : html`<p class="muted">${msg('No lead selected.')}</p>`;
    }
    return html`<div part="base" class="base">${body}</div>`;
  }

  #renderLead(lead: Lead, stored: Feedback[]) {
    const lang = langOf(this);
    const now = this.#clock.now;
    const sla = this.#sla(lead);
    const busy = this.submission?.state === 'saving';
    const handoff = sla ? handoffMs(lead, this.#cfg.waterfall) : NaN;
    const labels = actionLabels();
    const rows = this.#rows(stored);
    // A save the server refused did not happen.
    const next = nextStep(lead, this.#cfg.waterfall, rows.filter((r) => r.queued !== 'failed'));
    const early = beforeHandoff(lead, this.#cfg.waterfall);
    const fact = (term: string, value: unknown) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;
    return html`<section part="base" class="base" aria-labelledby="name" @keydown=${this.#onKeydown}>
      <div part="header" class="header">
        <div>
          <p id="name" part="label" class="name">${lead.name || msg('Unnamed lead')}</p>
          ${lead.company ? html`<p class="company">${lead.company}</p>` : nothing}
        </div>
        ${sla ? renderBadge(sla, Boolean(lead.firstTouchAt), lang, now, this.#cfg.sla.firstTouchWithinMs * WARN_SHARE) : nothing}
      </div>
      <dl class="facts">
        ${lead.source ? fact(msg('Source'), lead.source) : nothing}
        ${lead.campaign ? fact(msg('Campaign'), lead.campaign) : nothing}
        ${fact(msg('Handed off'), Number.isNaN(handoff)
          ? msg('not yet')
          : when(lang, handoff, now))}
      </dl>
      <details ?open=${Boolean(this.note || this.rating)}>
        <summary>${msg('Rating and note (optional)')}</summary>
        <div class="extras">
        <label for="rating">${msg('Rating')}</label>
        <select id="rating" @change=${(e: Event) => (this.rating = Number((e.target as HTMLSelectElement).value))}>
          ${[0, 1, 2, 3, 4, 5].map((n) => html`<option value=${n} ?selected=${this.rating === n}>${n
            ? msg(str`${n} of 5`)
            : msg('No rating')}</option>`)}
        </select>
        <label for="note">${msg('Note')}</label>
        <textarea id="note" rows="3" maxlength=${MAX_NOTE_LENGTH} aria-describedby="count" .value=${this.note}
          @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
        <p id="count" class="counter">${msg(str`${formatNumber(lang, this.note.length)} of ${formatNumber(lang, MAX_NOTE_LENGTH)} characters`)}</p>
        </div>
      </details>
      <div class="act">
        ${early ? html`<p id="early" class="muted">${msg('Marketing has not handed this lead to sales yet.')}</p>` : nothing}
        <div class="outcomes" role="group" aria-label=${msg('Outcome')}>
          ${FEEDBACK_OUTCOMES.map((outcome) => {
            const asks = OUTCOMES_NEEDING_REASON.has(outcome);
            // Sales decisions wait for the hand-off; a contact attempt or a contact does not. Held
            // buttons stay in the tab order (aria-disabled, not disabled), so a screen reader
            // that lands on one hears why.
            const held = early && outcome !== 'attempted' && outcome !== 'reached';
            // While a save is in flight they are held the same way: `disabled` would drop the
            // focus of the button just pressed to the page's top.
            return html`<button part="control" type="button" data-outcome=${outcome}
              class=${outcome === next ? 'primary' : outcome === 'rejected' ? 'danger' : ''}
              aria-expanded=${asks ? String(this.pending === outcome) : nothing}
              aria-disabled=${held || busy || nothing} aria-describedby=${held ? 'early' : nothing}
              @click=${held || busy ? nothing : () => this.#choose(outcome)}>${labels[outcome]}</button>`;
          })}
        </div>
        ${this.pending ? this.#renderReason(this.pending, busy) : nothing}
        ${saveStatus(this.submission?.state, submissionText(this.submission), this.submission?.error, msg('Retry', { id: 'feedback.retry' }), () => void this.#send(this.submission!))}
      </div>
      ${renderHistory(rows, this.#cfg.reasons, lang, now)}
    </section>`;
  }

  #renderReason(outcome: FeedbackOutcome, busy: boolean) {
    const rejecting = outcome === 'rejected';
    return html`<div id="reason-panel" class="reason" role="group" aria-labelledby="reason-label">
      <label id="reason-label" for="reason">${msg('Reason')}</label>
      <select id="reason" aria-required="true" aria-invalid=${this.reasonMissing} aria-describedby=${this.reasonMissing ? 'missing' : nothing}
        @change=${(e: Event) => {
          this.reason = (e.target as HTMLSelectElement).value;
          this.reasonMissing &&= !this.reason;
        }}>
        <option value="">${msg('Choose a reason')}</option>
        ${this.#cfg.reasons.filter((r) => !r.retired).map((r) => html`<option value=${r.id} ?selected=${this.reason === r.id}>${r.label}</option>`)}
      </select>
      ${this.reasonMissing ? html`<p id="missing" class="error">${msg('Choose a reason first.')}</p>` : nothing}
      <div class="row">
        <button part="control" type="button" class="primary ${rejecting ? 'danger' : ''}" aria-disabled=${busy || nothing} @click=${busy ? nothing : this.#confirm}>${rejecting
          ? msg('Reject lead')
          : msg('Recycle lead')}</button>
        <button part="control" type="button" @click=${this.#cancel}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  /** The lead's stored feedback, then what the outbox still holds for it. */
  #rows(stored: Feedback[]): HistoryRow[] {
    const adapter = this.activeAdapter;
    const rows: HistoryRow[] = [...stored];
    if (tracksDelivery(adapter)) {
      for (const q of adapter.queuedFeedback()) if (q.input.leadId === this.#leadId) rows.push({ ...q.input, queued: q.state });
    }
    return rows;
  }
}
