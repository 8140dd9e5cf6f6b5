import { LlFunnelChart } from './funnel-chart.component.js';

export { LlFunnelChart };
export type { FunnelLabelMode, FunnelVariant, StageSelectDetail } from './funnel-chart.component.js';
if (!customElements.get('ll-funnel-chart')) customElements.define('ll-funnel-chart', LlFunnelChart);

declare global {
  interface HTMLElementTagNameMap {
    'll-funnel-chart': LlFunnelChart;
  }
}
