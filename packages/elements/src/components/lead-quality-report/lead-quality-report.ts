import { LlLeadQualityReport } from './lead-quality-report.component.js';

export { LlLeadQualityReport };
export type { ExportDetail, QualitySortKey, SortDirection } from './lead-quality-report.component.js';
if (!customElements.get('ll-lead-quality-report')) customElements.define('ll-lead-quality-report', LlLeadQualityReport);

declare global {
  interface HTMLElementTagNameMap {
    'll-lead-quality-report': LlLeadQualityReport;
  }
}
