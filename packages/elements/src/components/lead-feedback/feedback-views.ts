// How the card words and shows what happened: the outcomes, the SLA badge, where the last action
// stands, and the lead's feedback history.
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { isoToMs, reasonLabel, type DeliveryState, type Feedback, type FeedbackInput, type FeedbackOutcome, type Reason, type SlaStatus } from '@leadloop/core';
import { errorMessage } from '../../internal/error-message.js';
import { formatDateTime, formatDuration, formatRelative } from '../../internal/format.js';

/** Where the rep's last action stands; `sent` is plain-data mode, where the page saves it. */
export type SubmissionState = 'saving' | 'saved' | 'queued' | 'failed' | 'sent';

/** The rep's last action: what was sent, under which idempotency key, and where it stands. */
export interface Submission {
  input: FeedbackInput;
  key: string;
  state: SubmissionState;
  error?: unknown;
}

/** A history row: stored feedback, or a write the outbox still holds (`queued`). */
export type HistoryRow = Partial<Feedback> & FeedbackInput & { queued?: DeliveryState };

/** How far ahead of this device's clock a stored time may be and still read as "now": the server's clock may run ahead. */
const SKEW_MS = 60_000;

/** "2 hours ago", with the exact time on hover and for machines; never "in 3 seconds" for what just happened. */
export const when = (lang: string, ms: number, now: number) =>
  html`<time datetime=${new Date(ms).toISOString()} title=${formatDateTime(lang, ms)}>${formatRelative(lang, ms - now < SKEW_MS ? Math.min(ms - now, 0) : ms - now)}</time>`;

/** Button texts: what the rep does. */
export const actionLabels = (): Record<FeedbackOutcome, string> => ({
  accepted: msg('Accept'),
  qualified: msg('Qualify'),
  rejected: msg('Reject…'),
  recycled: msg('Recycle…'),
  attempted: msg('Log attempt'),
  // Not "Reached": beside "Log attempt" it did not read as an action, and the funnel's column has that name.
  reached: msg('Log contact'),
});

/** History and status texts: what happened. */
function outcomeLabel(outcome: string): string {
  const labels: Record<string, string> = {
    accepted: msg('Accepted'),
    qualified: msg('Qualified'),
    rejected: msg('Rejected'),
    recycled: msg('Recycled to nurture'),
    attempted: msg('Contact attempted'),
    reached: msg('Contact made'),
  };
  return Object.hasOwn(labels, outcome) ? labels[outcome]! : String(outcome);
}

/** The SLA badge: the countdown, amber once less than `warnBelowMs` is left; met; or breached. */
export function renderBadge(sla: SlaStatus, touched: boolean, lang: string, now: number, warnBelowMs: number) {
  let text: string;
  let tone = '';
  if (sla.state === 'pending') {
    text = msg(str`Due in ${formatDuration(lang, sla.remainingMs)}`);
    if (sla.remainingMs < warnBelowMs) tone = 'warning';
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

/** What the status line says about the last action. */
export function submissionText(sub: Submission | undefined): string {
  if (!sub) return '';
  const what = outcomeLabel(sub.input.outcome);
  return sub.state === 'saving' ? msg(str`Saving “${what}”…`)
    : sub.state === 'saved' ? msg(str`Saved: ${what}.`)
    : sub.state === 'sent' ? msg(str`Sent: ${what}.`)
    : sub.state === 'queued' ? msg(str`Queued: “${what}” is kept on this device and will be sent when the connection is back.`)
    : msg(str`Not saved: ${what}. ${errorMessage(sub.error)}`);
}

/** The lead's feedback, newest first, with what the outbox still holds. */
export function renderHistory(rows: HistoryRow[], reasons: readonly Reason[], lang: string, now: number) {
  return html`<div part="history">
    <p class="title" id="history">${msg('Feedback history')}</p>
    ${rows.length === 0
      ? html`<p class="muted">${msg('No feedback yet.')}</p>`
      : html`<ol aria-labelledby="history">${[...rows].reverse().map((row) => {
        const atMs = typeof row.at === 'string' ? isoToMs(row.at) : NaN;
        return html`<li class=${row.queued ?? ''}>
          <span class="outcome">${outcomeLabel(row.outcome)}</span>${row.reason ? ` · ${reasonLabel(reasons, String(row.reason))}` : ''}${typeof row.rating === 'number'
            ? ` · ${msg(str`rated ${row.rating} of 5`)}` : ''}
          <span class="meta">${row.queued
            ? row.queued === 'failed' ? msg('refused by the server') : msg('queued, not sent yet')
            : html`${row.by ? msg(str`by ${String(row.by)}`) : ''}${Number.isNaN(atMs) ? '' : html` · ${when(lang, atMs, now)}`}`}</span>
          ${row.note ? html`<p class="note">${String(row.note)}</p>` : nothing}
        </li>`;
      })}</ol>`}
  </div>`;
}
