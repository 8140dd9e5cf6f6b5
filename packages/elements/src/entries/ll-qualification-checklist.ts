export * from '../components/qualification-checklist/qualification-checklist.js';
