export * from '../components/lead-quality-report/lead-quality-report.js';
