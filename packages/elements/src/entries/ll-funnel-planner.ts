export * from '../components/funnel-planner/funnel-planner.js';
