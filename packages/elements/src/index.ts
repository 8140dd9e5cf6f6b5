// Registers every LeadLoop element. Import one entry (`@leadloop/elements/ll-funnel-chart`) to load only that one.
export * from './entries/ll-provider.js';
export * from './entries/ll-funnel-chart.js';
export * from './entries/ll-lead-quality-report.js';
export * from './entries/ll-funnel-planner.js';
export * from './entries/ll-definition-editor.js';
export * from './entries/ll-lead-feedback.js';
export * from './entries/ll-qualification-checklist.js';
export { LlElement } from './internal/ll-element.js';
export { LlDataElement } from './internal/data-element.js';
export { adapterContext, configContext } from './internal/context.js';
export { getLocale, setLocale } from './internal/localization.js';
