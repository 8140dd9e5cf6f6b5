// Loaded on demand (import()) when a planner connects: planFunnel validates its waterfall with zod,
// which would otherwise weigh on every page that only loads the planner's tag.
export { DEFAULT_WATERFALL, observedRates, planFunnel } from '@leadloop/core';
