import { LlQualificationChecklist } from './qualification-checklist.component.js';

export { LlQualificationChecklist };
export type { ChecklistEventDetail } from './qualification-checklist.component.js';
if (!customElements.get('ll-qualification-checklist')) customElements.define('ll-qualification-checklist', LlQualificationChecklist);

declare global {
  interface HTMLElementTagNameMap {
    'll-qualification-checklist': LlQualificationChecklist;
  }
}
