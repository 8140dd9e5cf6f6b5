import { LlFunnelPlanner } from './funnel-planner.component.js';

export { LlFunnelPlanner };
export type { PlanChangeDetail, PlanPeriod, PlanRow } from './funnel-planner.component.js';
if (!customElements.get('ll-funnel-planner')) customElements.define('ll-funnel-planner', LlFunnelPlanner);

declare global {
  interface HTMLElementTagNameMap {
    'll-funnel-planner': LlFunnelPlanner;
  }
}
