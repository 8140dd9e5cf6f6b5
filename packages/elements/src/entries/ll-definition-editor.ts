export * from '../components/definition-editor/definition-editor.js';
