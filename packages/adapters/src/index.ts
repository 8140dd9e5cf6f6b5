export { RestAdapter, errorFromResponse, retryAfterMs, type RestAdapterOptions } from './rest-adapter.js';
export { SalesforceAdapter, type SalesforceAdapterOptions } from './salesforce-adapter.js';
export { Outbox, type OutboxOptions, type OutboxState, type OutboxStatus, type DeliveryState, type QueuedFeedback } from './outbox.js';
