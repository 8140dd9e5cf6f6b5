export * from '../components/funnel-chart/funnel-chart.js';
