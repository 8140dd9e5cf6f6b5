import { html, nothing } from 'lit';
import { msg, str, updateWhenLocaleChanges } from '@lit/localize';
import {
  DEFAULT_REASONS, DEFAULT_SLA, DEFAULT_WATERFALL, FEEDBACK_OUTCOMES, MAX_NOTE_LENGTH, OUTCOMES_NEEDING_REASON,
  handoffTime, reasonLabel, slaStatus, timeMs,
  type Feedback, type FeedbackInput, type FeedbackOutcome, type Lead, type LeadDetail, type LeadLoopConfig, type SlaStatus,
} from '@leadloop/core';
import { AdapterChangesController } from '../../internal/adapter-changes.js';
import { ClockController } from '../../internal/clock-controller.js';
import { LlDataElement } from '../../internal/data-element.js';
import { LoadController } from '../../internal/load-controller.js';
import { tryAgain } from '../../internal/load-state.js';
import { tracksDelivery, type DeliveryState } from '@leadloop/core';
import { canRetry, errorMessage } from '../../internal/error-message.js';
import { formatDateTime, formatDuration, formatNumber, formatRelative, langOf } from '../../internal/format.js';
import { newIdempotencyKey } from '../../internal/idempotency-key.js';
import { readJsonValue } from '../../internal/safe-json.js';
import { tokens } from '../../styles/tokens.js';
import { styles } from './lead-feedback.styles.js';

/** Where the rep's last action stands; `sent` is plain-data mode, where the page saves it. */
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

/** A history row: stored feedback, or a write the outbox still holds (`queued`). */
type HistoryRow = Partial<Feedback> & FeedbackInput & { queued?: DeliveryState };

/** The lead to show, its history, or what is wrong with the input. */
interface Given {
  lead?: Lead;
  history: Feedback[];
  error?: string;
}

/** Under a quarter of the SLA window left, the badge warns. */
const WARN_SHARE = 0.25;
const MINUTE = 60_000;
/** The text fields the card shows or computes with. */
const TEXT_FIELDS = ['name', 'company', 'source', 'campaign', 'handedOffAt', 'firstTouchAt'] as const;

/**
 * The lead to show, from input that may be anything (JSON from an attribute): the fields the card
 * needs, text fields only when they are text. Checking what is stored is the adapter's job; this
 * keeps render from tripping. Returns what is wrong instead of throwing.
 */
function readLead(input: unknown): Given {
  if (input === undefined || input === null || input === '') return { history: [] };
  const read = readJsonValue(input, 'lead');
  if (read.ok && read.value === null) return { history: [] };
  const raw = (read.ok && typeof read.value === 'object' && read.value) || {};
  const { id, stage, createdAt, feedback, stageHistory } = raw as Record<string, unknown>;
  if (!id || typeof id !== 'string' || typeof stage !== 'string' || typeof createdAt !== 'string' || Number.isNaN(timeMs(createdAt))) {
    return { history: [], error: read.ok ? 'it needs an id, a stage and a createdAt time' : read.message };
  }
  const lead = { id, stage, createdAt } as Lead;
  for (const key of TEXT_FIELDS) if (typeof (raw as Lead)[key] === 'string') lead[key] = (raw as Lead)[key]!;
  if (Array.isArray(stageHistory)) lead.stageHistory = stageHistory.filter((v) => typeof v?.stage === 'string' && typeof v.at === 'string');
  return { lead, history: Array.isArray(feedback) ? feedback.filter((f) => typeof f?.outcome === 'string') : [] };
}

/** "2 hours ago", with the exact time on hover and for machines. */
const when = (lang: string, ms: number, now: number) =>
  html`<time datetime=${new Date(ms).toISOString()} title=${formatDateTime(lang, ms)}>${formatRelative(lang, ms - now)}</time>`;

/** Button texts: what the rep does. */
const actions = (): Record<FeedbackOutcome, string> => ({
  accepted: msg('Accept'),
  qualified: msg('Qualify'),
  rejected: msg('Reject…'),
  recycled: msg('Recycle…'),
  attempted: msg('Log attempt'),
  reached: msg('Reached'),
});

/** History and status texts: what happened. */
function outcomeLabel(outcome: string): string {
  const labels: Record<string, string> = {
    accepted: msg('Accepted'),
    qualified: msg('Qualified'),
    rejected: msg('Rejected'),
    recycled: msg('Recycled to nurture'),
    attempted: msg('Contact attempted'),
    reached: msg('Reached'),
  };
  return Object.hasOwn(labels, outcome) ? labels[outcome]! : String(outcome);
}

/**
 * @summary A sales rep's one-click feedback on a lead, with the follow-up SLA counting down.
 *
 * Shows who the lead is, how long ago marketing handed it over and how long until the first-touch
 * SLA breaks; records accept, qualify, reject or recycle (with a reason from the catalog), a
 * contact attempt or a reach, with an optional 1–5 rating and note; lists the lead's feedback.
 * Give it a `Lead` in `lead` (or its JSON in the `lead` attribute), or a `lead-id`. With an
 * adapter (the `adapter` property or an enclosing `<ll-provider>`) it loads that lead, saves
 * through the adapter and refreshes on the adapter's changes; with none it shows the lead as given
 * (a `LeadDetail`'s `feedback` as the history), saves nothing and hands the input to the page in
 * `llfeedback`. Each action gets one idempotency key, which a retry reuses, so a retried save is
 * stored once; behind the outbox of @leadloop/adapters a save made offline shows as queued.
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
    onError: (error) => this.emit('llloaderror', { error }),
  });

  #given: { input: unknown; result: Given } | undefined;

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

  #sla(lead: Lead): SlaStatus | undefined {
    const { waterfall, sla } = this.#cfg;
    const ids = waterfall.stages.map((s) => s.id);
    if (!lead.handedOffAt && ids.indexOf(lead.stage) < ids.indexOf(waterfall.handoffStage)) return undefined;
    const handoffMs = handoffTime(lead, waterfall);
    const touchMs = lead.firstTouchAt ? timeMs(lead.firstTouchAt) : null;
    return Number.isNaN(handoffMs) || Number.isNaN(touchMs) ? undefined : slaStatus(handoffMs, touchMs, sla, this.#clock.now);
  }

  /** Ticks each second in the last minute before the SLA breaks, on each minute boundary before that, each minute after. */
  #nextTick(now: number): number {
    const lead = this.#loads ? this.#leadLoad.value : this.#data.lead;
    const left = (lead && this.#sla(lead)?.dueAtMs) ?? now;
    return left - now > MINUTE ? ((left - now) % MINUTE) + 50 : left > now ? 1000 : MINUTE;
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

  protected override render() {
    let body: unknown;
    if (this.#loads) {
      const task = this.#leadLoad;
      if (task.value) return this.#renderLead(task.value, task.value.feedback ?? []);
      body = task.error === undefined
        ? html`<p class="muted" >${msg('Loading lead…')}</p>`
        : html`<p class="error" role="alert">${msg('The lead could not be loaded.')} ${errorMessage(task.error)}</p>
          <button part="control" type="button" @click=${() => void task.run()}>${tryAgain()}</button>`;
    } else {
      const { lead, history, error } = this.#data;
      if (lead) return this.#renderLead(lead, history);
      body = error
        ? html`<p class="error" role="alert">${msg(str`This lead cannot be shown: ${error}`)}</p>`
        : html`<p class="muted">${msg('No lead selected.')}</p>`;
    }
    return html`<div part="base" class="base">${body}</div>`;
  }

  #renderLead(lead: Lead, stored: Feedback[]) {
    const lang = langOf(this);
    const now = this.#clock.now;
    const sla = this.#sla(lead);
    const busy = this.submission?.state === 'saving';
    const handoffMs = sla ? handoffTime(lead, this.#cfg.waterfall) : NaN;
    const labels = actions();
    const fact = (term: string, value: unknown) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;
    return html`<section part="base" class="base" aria-labelledby="name" @keydown=${this.#onKeydown}>
      <div part="header" class="header">
        <div>
          <p id="name" part="label" class="name">${lead.name || msg('Unnamed lead')}</p>
          ${lead.company ? html`<p class="company">${lead.company}</p>` : nothing}
        </div>
        ${sla ? this.#renderBadge(sla, Boolean(lead.firstTouchAt), lang, now) : nothing}
      </div>
      <dl class="facts">
        ${lead.source ? fact(msg('Source'), lead.source) : nothing}
        ${lead.campaign ? fact(msg('Campaign'), lead.campaign) : nothing}
        ${fact(msg('Handed off'), Number.isNaN(handoffMs)
          ? msg('not yet')
          : when(lang, handoffMs, now))}
      </dl>
      <details ?open=${Boolean(this.note || this.rating)}>
        <summary>${msg('Rating and note (optional)')}</summary>
        <div class="extras">
        <label for="rating">${msg('Lead quality')}</label>
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
        <div class="outcomes" role="group" aria-label=${msg('Outcome')}>
          ${FEEDBACK_OUTCOMES.map((outcome) => {
            const asks = OUTCOMES_NEEDING_REASON.has(outcome);
            return html`<button part="control" type="button" data-outcome=${outcome} ?disabled=${busy}
              class=${outcome === 'accepted' ? 'primary' : outcome === 'rejected' ? 'danger' : ''}
              aria-expanded=${asks ? String(this.pending === outcome) : nothing}
              @click=${() => this.#choose(outcome)}>${labels[outcome]}</button>`;
          })}
        </div>
        ${this.pending ? this.#renderReason(this.pending, busy) : nothing}
        ${this.#renderStatus()}
      </div>
      ${this.#renderHistory(stored, lang, now)}
    </section>`;
  }

  #renderBadge(sla: SlaStatus, touched: boolean, lang: string, now: number) {
    let text: string;
    let tone = '';
    if (sla.state === 'pending') {
      text = msg(str`Due in ${formatDuration(lang, sla.remainingMs)}`);
      if (sla.remainingMs < this.#cfg.sla.firstTouchWithinMs * WARN_SHARE) tone = 'warning';
    } else if (sla.state === 'within') {
      text = msg('Followed up in time');
      tone = 'success';
    } else {
      text = touched
        ? msg(str`Followed up ${formatDuration(lang, sla.remainingMs)} late`)
        : msg(str`Breached ${formatRelative(lang, sla.dueAtMs - now)}`);
      tone = 'danger';
    }
    return html`<p part="badge" class="badge ${tone}">
      <span class="visually-hidden">${msg('Follow-up SLA:')} </span>${text}</p>`;
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
        <button part="control" type="button" class="primary ${rejecting ? 'danger' : ''}" ?disabled=${busy} @click=${this.#confirm}>${rejecting
          ? msg('Reject lead')
          : msg('Recycle lead')}</button>
        <button part="control" type="button" @click=${this.#cancel}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  #renderStatus() {
    const sub = this.submission;
    const what = sub ? outcomeLabel(sub.input.outcome) : '';
    const text = !sub ? ''
      : sub.state === 'saving' ? msg(str`Saving “${what}”…`)
      : sub.state === 'saved' ? msg(str`Saved: ${what}.`)
      : sub.state === 'sent' ? msg(str`Sent: ${what}.`)
      : sub.state === 'queued' ? msg(str`Queued: “${what}” is kept on this device and will be sent when the connection is back.`)
      : msg(str`Not saved: ${what}. ${errorMessage(sub.error)}`);
    return html`<div class="row">
      <p part="status" class="status ${sub?.state ?? ''}" role="status">${text}</p>
      ${sub?.state === 'failed' && canRetry(sub.error)
        ? html`<button part="control" type="button" @click=${() => void this.#send(sub)}>${msg('Retry', { id: 'feedback.retry' })}</button>`
        : nothing}
    </div>`;
  }

  #renderHistory(stored: Feedback[], lang: string, now: number) {
    const adapter = this.activeAdapter;
    const rows: HistoryRow[] = [...stored];
    if (tracksDelivery(adapter)) {
      for (const q of adapter.queuedFeedback()) if (q.input.leadId === this.#leadId) rows.push({ ...q.input, queued: q.state });
    }
    const reasons = this.#cfg.reasons;
    return html`<div part="history">
      <p class="title" id="history">${msg('Feedback history')}</p>
      ${rows.length === 0
        ? html`<p class="muted">${msg('No feedback yet.')}</p>`
        : html`<ol aria-labelledby="history">${rows.reverse().map((row) => {
          const atMs = typeof row.at === 'string' ? timeMs(row.at) : NaN;
          return html`<li class=${row.queued ?? ''}>
            <span class="outcome">${outcomeLabel(row.outcome)}</span>${row.reason ? ` · ${reasonLabel(reasons, String(row.reason))}` : ''}${typeof row.rating === 'number'
              ? ` · ${msg(str`quality ${row.rating} of 5`)}` : ''}
            <span class="meta">${row.queued
              ? row.queued === 'failed' ? msg('refused by the server') : msg('queued, not sent yet')
              : html`${row.by ? msg(str`by ${String(row.by)}`) : ''}${Number.isNaN(atMs) ? '' : html` · ${when(lang, atMs, now)}`}`}</span>
            ${row.note ? html`<p class="note">${String(row.note)}</p>` : nothing}
          </li>`;
        })}</ol>`}
    </div>`;
  }
}
