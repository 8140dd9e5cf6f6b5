export { RestAdapter, errorFromResponse, retryAfterMs, type RestAdapterOptions } from './rest-adapter.js';
