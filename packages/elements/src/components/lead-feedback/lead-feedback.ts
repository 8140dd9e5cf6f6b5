import { LlLeadFeedback } from './lead-feedback.component.js';

export { LlLeadFeedback };
export type { FeedbackEventDetail, SubmissionState } from './lead-feedback.component.js';
if (!customElements.get('ll-lead-feedback')) customElements.define('ll-lead-feedback', LlLeadFeedback);

declare global {
  interface HTMLElementTagNameMap {
    'll-lead-feedback': LlLeadFeedback;
  }
}
