export * from '../components/lead-feedback/lead-feedback.js';
