export * from '../components/provider/provider.js';
