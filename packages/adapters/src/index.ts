export { RestAdapter, errorFromResponse, retryAfterMs, type RestAdapterOptions } from './rest-adapter.js';
export { SalesforceAdapter, type SalesforceAdapterOptions } from './salesforce-adapter.js';
