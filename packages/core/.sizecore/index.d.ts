export * from './errors.js';
export { findHostileKeys, isoToMs, parseWith, expectValid } from './parse.js';
export * from './waterfall.js';
export * from './lead.js';
export * from './reasons.js';
export * from './feedback.js';
export * from './qualification.js';
export * from './sla.js';
export * from './timestamps.js';
export * from './order-statistics.js';
export * from './compute-funnel.js';
export * from './plan-funnel.js';
export * from './breakdowns.js';
export type * from './adapter.js';
export * from './memory-adapter.js';
export * from './sample-leads.js';
//# sourceMappingURL=index.d.ts.map