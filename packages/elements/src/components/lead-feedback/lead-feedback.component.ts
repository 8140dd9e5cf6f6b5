import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task, initialState } from '@lit/task';
import {
  DEFAULT_REASONS, DEFAULT_SLA, DEFAULT_WATERFALL, FEEDBACK_OUTCOMES, MAX_NOTE_LENGTH, OUTCOMES_NEEDING_REASON,
  handoffTime, reasonLabel, slaStatus, timeMs,
  type AdapterChange, type Feedback, type FeedbackInput, type FeedbackOutcome, type Lead, type LeadDetail,
  type LeadLoopConfig, type SlaStatus,
} from '@leadloop/core';
import { ClockController } from '../../internal/clock-controller.js';
import { LlDataElement } from '../../internal/data-element.js';
import { tracksDelivery, type QueuedFeedback } from '../../internal/delivery-tracking.js';
import { canRetry, errorMessage } from '../../internal/error-message.js';
import { formatDateTime, formatDuration, formatNumber, formatRelative, langOf } from '../../internal/format.js';
import { newIdempotencyKey } from '../../internal/idempotency-key.js';
import { readJsonInput } from '../../internal/json-input.js';
import { SubscriptionController } from '../../internal/subscription-controller.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './lead-feedback.styles.js';

/** Where the rep's last action stands; `sent` is plain-data mode, where the host saves. */
export type SubmissionState = 'saving' | 'saved' | 'queued' | 'failed' | 'sent';

/** The detail of `llfeedback`: the input, its idempotency key and, once an adapter saved it, the stored feedback. */
export interface FeedbackEventDetail {
  input: FeedbackInput;
  idempotencyKey: string;
  feedback?: Feedback;
}

interface Submission {
  input: FeedbackInput;
  key: string;
  state: SubmissionState;
  error?: unknown;
}

/** A history row: stored feedback, or a write the outbox still holds. */
type HistoryRow = Feedback | (FeedbackInput & { queued: QueuedFeedback['state']; id: string; at?: string });

const TEXT_FIELDS = ['name', 'company', 'email', 'source', 'campaign', 'owner', 'handedOffAt', 'firstTouchAt'] as const;

/**
 * The lead to show, from input that may be anything (JSON from an attribute): the fields the card
 * needs, text fields only when they are text. Validation of what is stored is the adapter's job;
 * this only keeps render from tripping. Returns what is wrong instead of throwing.
 */
function readLead(raw: Record<string, unknown>): Lead | string {
  const { id, stage, createdAt } = raw;
  if (typeof id !== 'string' || !id) return 'id: is required';
  if (typeof stage !== 'string' || !stage) return 'stage: is required';
  if (typeof createdAt !== 'string' || Number.isNaN(timeMs(createdAt))) return 'createdAt: must be an ISO-8601 date-time';
  const lead: Lead = { id, stage, createdAt };
  for (const key of TEXT_FIELDS) if (typeof raw[key] === 'string') lead[key] = raw[key] as string;
  if (Array.isArray(raw.stageHistory)) lead.stageHistory = raw.stageHistory.filter((v) => typeof v?.stage === 'string' && typeof v.at === 'string');
  return lead;
}

/** Half of the window left is fine; under a quarter the badge warns. */
const WARN_SHARE = 0.25;

function outcomeAction(outcome: FeedbackOutcome): string {
  switch (outcome) {
    case 'accepted': return msg('Accept', { id: 'feedback.action.accepted' });
    case 'qualified': return msg('Qualify', { id: 'feedback.action.qualified' });
    case 'rejected': return msg('Reject…', { id: 'feedback.action.rejected' });
    case 'recycled': return msg('Recycle…', { id: 'feedback.action.recycled' });
    case 'attempted': return msg('Log attempt', { id: 'feedback.action.attempted' });
    case 'reached': return msg('Reached', { id: 'feedback.action.reached' });
  }
}

function outcomeLabel(outcome: string): string {
  switch (outcome) {
    case 'accepted': return msg('Accepted', { id: 'feedback.outcome.accepted' });
    case 'qualified': return msg('Qualified', { id: 'feedback.outcome.qualified' });
    case 'rejected': return msg('Rejected', { id: 'feedback.outcome.rejected' });
    case 'recycled': return msg('Recycled to nurture', { id: 'feedback.outcome.recycled' });
    case 'attempted': return msg('Contact attempted', { id: 'feedback.outcome.attempted' });
    case 'reached': return msg('Reached', { id: 'feedback.outcome.reached' });
    default: return String(outcome);
  }
}

/**
 * @summary A sales rep's one-click feedback on a lead, with the follow-up SLA counting down.
 *
 * Shows who the lead is, how long ago marketing handed it over and how long until the first-touch
 * SLA breaks; records accept, qualify, reject or recycle (with a reason from the catalog), a
 * contact attempt or a reach, with an optional 1–5 rating and note; lists the lead's feedback.
 * Give it a `Lead` in `lead` (or its JSON in the `lead` attribute), or a `lead-id` and an adapter
 * (the `adapter` property or an enclosing `<ll-provider>`). With no adapter it saves nothing and
 * hands the input to the page in `llfeedback`.
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
 * @csspart control - Each outcome button.
 * @csspart status - The live region that says saving, saved, queued or failed.
 * @csspart history - The list of this lead's feedback.
 *
 * @cssproperty --ll-feedback-padding - Space inside the card (default 12px; 8px when compact).
 * @cssproperty --ll-feedback-border - The card's border, e.g. `none` inside a CRM card that has one.
 */
@localized()
export class LlLeadFeedback extends LlDataElement {
  static override styles = [tokens, styles];

  /** The lead: a `Lead` (or `LeadDetail`, whose `feedback` becomes the history), or its JSON as the `lead` attribute. */
  @property() lead: Lead | LeadDetail | string | undefined;

  /** Loads this lead through the adapter instead of taking `lead`. */
  @property({ attribute: 'lead-id' }) leadId: string | undefined;

  /** Who gives the feedback (user name or id); the store fills it in when not set. */
  @property() by: string | undefined;

  /** The outcome waiting for its reason (reject or recycle). */
  @state() private pendingOutcome: FeedbackOutcome | undefined;
  @state() private reason = '';
  @state() private reasonMissing = false;
  @state() private rating: number | undefined;
  @state() private note = '';
  @state() private submission: Submission | undefined;
  /** Feedback saved here for a `lead` given as data, until the page hands over a newer lead. */
  @state() private savedHere: Feedback[] = [];

  readonly #clock = new ClockController(this, { interval: (now) => this.#nextTick(now) });

  readonly #configTask = new Task(this, {
    task: async ([adapter]) => (adapter ? adapter.getConfig() : initialState),
    // A provider loads the config for its descendants; only an adapter set directly needs it loaded here.
    args: () => [this.config || this.contextConfig ? undefined : this.adapter] as const,
  });

  readonly #detailTask = new Task(this, {
    task: async ([adapter, leadId]): Promise<LeadDetail | typeof initialState> => (adapter && leadId ? adapter.getLead(leadId) : initialState),
    args: () => [this.activeAdapter, this.leadId] as const,
    onError: (error) => this.emit('llloaderror', { error }),
  });

  constructor() {
    super();
    new SubscriptionController(this, {
      source: () => this.activeAdapter,
      subscribe: (adapter) => adapter.subscribe?.((change: AdapterChange) => {
        if ('leadId' in change && change.leadId === this.#leadId && this.#detailTask.value) void this.#detailTask.run();
      }),
    });
    new SubscriptionController(this, {
      source: () => this.activeAdapter,
      subscribe: (adapter) => (tracksDelivery(adapter) ? adapter.subscribeQueue(() => this.#onQueueChange()) : undefined),
    });
  }

  /** The config in effect: the given one, the provider's, the one loaded from the adapter, else the defaults. */
  get #cfg(): Pick<LeadLoopConfig, 'reasons' | 'sla' | 'waterfall'> {
    return this.activeConfig ?? this.#configTask.value ?? { reasons: DEFAULT_REASONS as LeadLoopConfig['reasons'], sla: DEFAULT_SLA, waterfall: DEFAULT_WATERFALL };
  }

  #parsed: { input: unknown; result: { lead?: Lead; history: Feedback[]; error?: string } } | undefined;

  /** The `lead` input, read and checked once per change; bad input becomes an error to show, never a throw. */
  get #given(): { lead?: Lead; history: Feedback[]; error?: string } {
    const memo = this.#parsed;
    if (memo && memo.input === this.lead) return memo.result;
    const read = readJsonInput<LeadDetail>(this.lead);
    let result: { lead?: Lead; history: Feedback[]; error?: string };
    if (!read.ok) result = { history: [], error: read.message };
    else if (!read.value) result = { history: [] };
    else {
      const lead = readLead(read.value as unknown as Record<string, unknown>);
      const raw = (read.value as Partial<LeadDetail>).feedback;
      const history = Array.isArray(raw) ? raw.filter((f) => typeof f === 'object' && f !== null && typeof f.outcome === 'string') : [];
      result = typeof lead === 'string' ? { history: [], error: lead } : { lead, history };
    }
    this.#parsed = { input: this.lead, result };
    return result;
  }

  get #usesLoad(): boolean {
    return Boolean(this.leadId && this.activeAdapter);
  }

  get #leadId(): string | undefined {
    return this.#usesLoad ? this.leadId : this.#given.lead?.id;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lead') && changed.get('lead') !== undefined) this.savedHere = [];
  }

  #sla(lead: Lead): SlaStatus | undefined {
    const { waterfall, sla } = this.#cfg;
    const ids = waterfall.stages.map((s) => s.id);
    const handedOff = Boolean(lead.handedOffAt) || ids.indexOf(lead.stage) >= ids.indexOf(waterfall.handoffStage);
    if (!handedOff) return undefined;
    const handoffMs = handoffTime(lead, waterfall);
    const touchMs = lead.firstTouchAt ? timeMs(lead.firstTouchAt) : null;
    if (Number.isNaN(handoffMs) || Number.isNaN(touchMs)) return undefined;
    return slaStatus(handoffMs, touchMs, sla, this.#clock.now);
  }

  /** Tick each second in the last minute, at each minute boundary before, each minute after. */
  #nextTick(now: number): number {
    const lead = this.#usesLoad ? this.#detailTask.value : this.#given.lead;
    const sla = lead ? this.#sla(lead) : undefined;
    if (!sla || sla.state !== 'pending') return 60_000;
    const left = sla.dueAtMs - now;
    return left <= 60_000 ? 1000 : (left % 60_000) + 50;
  }

  #onQueueChange(): void {
    const adapter = this.activeAdapter;
    const sub = this.submission;
    if (sub && tracksDelivery(adapter) && (sub.state === 'saving' || sub.state === 'queued')) {
      const where = adapter.deliveryState(sub.key);
      if (where === 'queued' && sub.state === 'saving') {
        this.submission = { ...sub, state: 'queued' };
        this.#resetForm();
      } else if (where === 'sending' && sub.state === 'queued') this.submission = { ...sub, state: 'saving' };
    }
    this.requestUpdate();
  }

  #choose(outcome: FeedbackOutcome): void {
    if (OUTCOMES_NEEDING_REASON.has(outcome)) {
      this.pendingOutcome = this.pendingOutcome === outcome ? undefined : outcome;
      this.reason = '';
      this.reasonMissing = false;
      if (this.pendingOutcome) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLSelectElement>('#reason')?.focus());
      return;
    }
    this.pendingOutcome = undefined;
    this.#submit(outcome);
  }

  #confirmReason(): void {
    if (!this.pendingOutcome) return;
    if (!this.reason) {
      this.reasonMissing = true;
      this.renderRoot.querySelector<HTMLSelectElement>('#reason')?.focus();
      return;
    }
    this.#submit(this.pendingOutcome);
  }

  #cancelReason(): void {
    const outcome = this.pendingOutcome;
    this.pendingOutcome = undefined;
    this.reasonMissing = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`button[data-outcome="${outcome}"]`)?.focus());
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
    if (!adapter) {
      this.submission = { ...sub, state: 'sent' };
      this.#resetForm();
      this.emit<FeedbackEventDetail>('llfeedback', { input: sub.input, idempotencyKey: sub.key });
      return;
    }
    this.submission = { ...sub, state: 'saving', error: undefined };
    try {
      const feedback = await adapter.submitFeedback(sub.input, { idempotencyKey: sub.key });
      if (this.submission?.key === sub.key) {
        this.submission = { ...sub, state: 'saved' };
        this.#resetForm();
      }
      if (this.#usesLoad) void this.#detailTask.run();
      else this.savedHere = [...this.savedHere.filter((f) => f.id !== feedback.id), feedback];
      this.emit<FeedbackEventDetail>('llfeedback', { input: sub.input, idempotencyKey: sub.key, feedback });
    } catch (error) {
      if (this.submission?.key === sub.key) this.submission = { ...sub, state: 'failed', error };
      this.emit('llfeedbackerror', { input: sub.input, idempotencyKey: sub.key, error });
    }
  }

  #resetForm(): void {
    this.pendingOutcome = undefined;
    this.reason = '';
    this.reasonMissing = false;
    this.rating = undefined;
    this.note = '';
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.pendingOutcome) {
      event.stopPropagation();
      this.#cancelReason();
    }
  }

  protected override render() {
    if (this.#usesLoad) {
      const loaded = this.#detailTask.value;
      if (loaded) return this.#renderLead(loaded, loaded.feedback ?? []);
      if (this.#detailTask.error !== undefined) {
        return html`<div part="base" class="base">
          <p class="error" role="alert">${msg('The lead could not be loaded.', { id: 'feedback.loadFailed' })} ${errorMessage(this.#detailTask.error)}</p>
          <button part="control" @click=${() => void this.#detailTask.run()}>${msg('Try again', { id: 'feedback.retryLoad' })}</button>
        </div>`;
      }
      return html`<div part="base" class="base" aria-busy="true"><p class="muted">${msg('Loading lead…', { id: 'feedback.loading' })}</p></div>`;
    }
    const given = this.#given;
    if (given.error) {
      return html`<div part="base" class="base"><p class="error" role="alert">${msg(str`This lead cannot be shown: ${given.error}`, { id: 'feedback.badLead' })}</p></div>`;
    }
    if (!given.lead) return html`<div part="base" class="base"><p class="muted">${msg('No lead selected.', { id: 'feedback.noLead' })}</p></div>`;
    return this.#renderLead(given.lead, given.history);
  }

  #renderLead(lead: Lead, stored: Feedback[]) {
    const lang = langOf(this);
    const now = this.#clock.now;
    const sla = this.#sla(lead);
    const busy = this.submission?.state === 'saving';
    const handoffMs = sla ? handoffTime(lead, this.#cfg.waterfall) : NaN;
    const facts: [string, string][] = [];
    if (lead.source) facts.push([msg('Source', { id: 'feedback.source' }), lead.source]);
    if (lead.campaign) facts.push([msg('Campaign', { id: 'feedback.campaign' }), lead.campaign]);
    return html`
      <section part="base" class="base" aria-labelledby="name" @keydown=${this.#onKeydown}>
        <div part="header" class="header">
          <div class="who">
            <p id="name" part="label" class="name">${lead.name || msg('Unnamed lead', { id: 'feedback.unnamed' })}</p>
            ${lead.company ? html`<p class="company">${lead.company}</p>` : nothing}
          </div>
          ${sla ? this.#renderBadge(sla, Boolean(lead.firstTouchAt), lang, now) : nothing}
        </div>
        <dl class="facts">
          ${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}
          <div>
            <dt>${msg('Handed off', { id: 'feedback.handedOff' })}</dt>
            <dd>${Number.isNaN(handoffMs)
              ? msg('not yet', { id: 'feedback.notHandedOff' })
              : html`<time datetime=${new Date(handoffMs).toISOString()} title=${formatDateTime(lang, handoffMs)}>${formatRelative(lang, handoffMs - now)}</time>`}</dd>
          </div>
        </dl>
        <details class="extras" ?open=${Boolean(this.note || this.rating)}>
          <summary>${msg('Rating and note (optional)', { id: 'feedback.extras' })}</summary>
          ${this.#renderRating()}
          <label class="field" for="note">${msg('Note', { id: 'feedback.note' })}</label>
          <textarea id="note" rows="3" maxlength=${MAX_NOTE_LENGTH} aria-describedby="note-count" .value=${this.note}
            @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
          <p id="note-count" class="counter">${msg(str`${formatNumber(lang, this.note.length)} of ${formatNumber(lang, MAX_NOTE_LENGTH)} characters`, { id: 'feedback.noteCount' })}</p>
        </details>
        <div class="act">
        <div class="outcomes" role="group" aria-label=${msg('Outcome', { id: 'feedback.outcomes' })}>
          ${FEEDBACK_OUTCOMES.map((outcome) => {
            const needsReason = OUTCOMES_NEEDING_REASON.has(outcome);
            return html`<button part="control" type="button" data-outcome=${outcome}
              class=${outcome === 'accepted' ? 'primary' : outcome === 'rejected' ? 'danger' : ''}
              aria-expanded=${needsReason ? String(this.pendingOutcome === outcome) : nothing}
              aria-controls=${needsReason ? 'reason-panel' : nothing}
              ?disabled=${busy} @click=${() => this.#choose(outcome)}>${outcomeAction(outcome)}</button>`;
          })}
        </div>
        ${this.pendingOutcome ? this.#renderReasonPanel(this.pendingOutcome, busy) : nothing}
        ${this.#renderStatus()}
        </div>
        ${this.#renderHistory(stored, lang, now)}
      </section>
    `;
  }

  #renderBadge(sla: SlaStatus, touched: boolean, lang: string, now: number) {
    let text: string;
    let tone: string;
    if (sla.state === 'pending') {
      text = msg(str`Due in ${formatDuration(lang, sla.remainingMs)}`, { id: 'feedback.sla.due' });
      tone = sla.remainingMs < this.#cfg.sla.firstTouchWithinMs * WARN_SHARE ? 'warning' : 'pending';
    } else if (sla.state === 'breached' && !touched) {
      text = msg(str`Breached ${formatRelative(lang, sla.dueAtMs - now)}`, { id: 'feedback.sla.breached' });
      tone = 'danger';
    } else if (sla.state === 'breached') {
      text = msg(str`Followed up ${formatDuration(lang, sla.remainingMs)} late`, { id: 'feedback.sla.late' });
      tone = 'danger';
    } else {
      text = msg('Followed up in time', { id: 'feedback.sla.met' });
      tone = 'success';
    }
    return html`<p part="badge" class="badge ${tone}" title=${msg(str`First touch due ${formatDateTime(lang, sla.dueAtMs)}`, { id: 'feedback.sla.dueAt' })}>
      <span class="visually-hidden">${msg('Follow-up SLA:', { id: 'feedback.sla' })} </span>${text}</p>`;
  }

  #renderRating() {
    const choices = [0, 1, 2, 3, 4, 5];
    return html`<fieldset class="rating">
      <legend>${msg('Lead quality', { id: 'feedback.rating' })}</legend>
      ${choices.map((n) => html`<label class="star">
        <input type="radio" name="rating" .value=${String(n)} .checked=${(this.rating ?? 0) === n}
          @change=${() => (this.rating = n || undefined)} />
        <span aria-hidden="true">${n === 0 ? '–' : n}</span>
        <span class="visually-hidden">${n === 0
          ? msg('No rating', { id: 'feedback.rating.none' })
          : msg(str`${n} of 5`, { id: 'feedback.rating.value' })}</span>
      </label>`)}
    </fieldset>`;
  }

  #renderReasonPanel(outcome: FeedbackOutcome, busy: boolean) {
    const reasons = this.#cfg.reasons.filter((r) => !r.retired);
    return html`<div id="reason-panel" class="reason" role="group" aria-labelledby="reason-label">
      <label id="reason-label" class="field" for="reason">${outcome === 'rejected'
        ? msg('Why reject this lead?', { id: 'feedback.reason.rejected' })
        : msg('Why recycle this lead to nurture?', { id: 'feedback.reason.recycled' })}</label>
      <select id="reason" required aria-invalid=${this.reasonMissing ? 'true' : 'false'}
        aria-describedby=${this.reasonMissing ? 'reason-error' : nothing}
        @change=${(e: Event) => {
          this.reason = (e.target as HTMLSelectElement).value;
          if (this.reason) this.reasonMissing = false;
        }}>
        <option value="" ?selected=${!this.reason}>${msg('Choose a reason', { id: 'feedback.reason.choose' })}</option>
        ${reasons.map((r) => html`<option value=${r.id} ?selected=${this.reason === r.id}>${r.label}</option>`)}
      </select>
      ${this.reasonMissing ? html`<p id="reason-error" class="error">${msg('Choose a reason first.', { id: 'feedback.reason.missing' })}</p>` : nothing}
      <div class="actions">
        <button part="control" type="button" class=${outcome === 'rejected' ? 'danger solid' : 'primary'} ?disabled=${busy}
          @click=${this.#confirmReason}>${outcome === 'rejected'
            ? msg('Reject lead', { id: 'feedback.reason.confirmReject' })
            : msg('Recycle lead', { id: 'feedback.reason.confirmRecycle' })}</button>
        <button part="control" type="button" @click=${this.#cancelReason}>${msg('Cancel', { id: 'feedback.reason.cancel' })}</button>
      </div>
    </div>`;
  }

  #renderStatus() {
    const sub = this.submission;
    let text: string | TemplateResult = '';
    if (sub) {
      const what = outcomeLabel(sub.input.outcome);
      switch (sub.state) {
        case 'saving': text = msg(str`Saving “${what}”…`, { id: 'feedback.state.saving' }); break;
        case 'saved': text = msg(str`Saved: ${what}.`, { id: 'feedback.state.saved' }); break;
        case 'sent': text = msg(str`Sent: ${what}.`, { id: 'feedback.state.sent' }); break;
        case 'queued': text = msg(str`Queued: “${what}” is kept on this device and will be sent when the connection is back.`, { id: 'feedback.state.queued' }); break;
        case 'failed': text = msg(str`Not saved: ${what}. ${errorMessage(sub.error)}`, { id: 'feedback.state.failed' }); break;
      }
    }
    const retry = sub?.state === 'failed' && canRetry(sub.error);
    return html`<div class="status-row">
      <p part="status" class="status ${sub?.state ?? ''}" role="status">${text}</p>
      ${retry ? html`<button part="control" type="button" @click=${() => sub && void this.#send(sub)}>${msg('Retry', { id: 'feedback.retry' })}</button>` : nothing}
    </div>`;
  }

  #renderHistory(stored: Feedback[], lang: string, now: number) {
    const adapter = this.activeAdapter;
    const leadId = this.#leadId;
    const ids = new Set(stored.map((f) => f.id));
    const rows: HistoryRow[] = [...stored, ...this.savedHere.filter((f) => !ids.has(f.id))];
    if (tracksDelivery(adapter)) {
      for (const q of adapter.queuedFeedback()) {
        if (q.input.leadId === leadId) rows.push({ ...q.input, queued: q.state, id: q.idempotencyKey });
      }
    }
    const reasons = this.#cfg.reasons;
    return html`<div part="history" class="history">
      <p class="history-title" id="history-title">${msg('Feedback history', { id: 'feedback.history' })}</p>
      ${rows.length === 0
        ? html`<p class="muted">${msg('No feedback yet.', { id: 'feedback.history.empty' })}</p>`
        : html`<ol aria-labelledby="history-title">${rows.reverse().map((row) => this.#renderRow(row, reasons, lang, now))}</ol>`}
    </div>`;
  }

  #renderRow(row: HistoryRow, reasons: LeadLoopConfig['reasons'], lang: string, now: number) {
    const atMs = typeof row.at === 'string' ? timeMs(row.at) : NaN;
    const queued = 'queued' in row ? row.queued : undefined;
    return html`<li class=${queued ? 'queued' : ''}>
      <span class="outcome">${outcomeLabel(row.outcome)}</span>${row.reason ? html`<span class="why"> · ${reasonLabel(reasons, String(row.reason))}</span>` : nothing}${typeof row.rating === 'number'
        ? html`<span class="stars"> · ${msg(str`quality ${row.rating} of 5`, { id: 'feedback.history.rating' })}</span>` : nothing}
      <span class="meta">${queued
        ? queued === 'failed' ? msg('refused by the server', { id: 'feedback.history.refused' }) : msg('queued, not sent yet', { id: 'feedback.history.queued' })
        : html`${row.by ? msg(str`by ${String(row.by)}`, { id: 'feedback.history.by' }) : nothing}${Number.isNaN(atMs) ? nothing
          : html` · <time datetime=${new Date(atMs).toISOString()} title=${formatDateTime(lang, atMs)}>${formatRelative(lang, atMs - now)}</time>`}`}</span>
      ${row.note ? html`<p class="note">${String(row.note)}</p>` : nothing}
    </li>`;
  }
}
