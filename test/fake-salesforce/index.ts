export { FakeSalesforce, formatDateTime, LATEST_VERSION, type CallRecord, type Failure, type FakeSalesforceOptions, type SfError, type ValidationRule } from './fake-salesforce.js';
export { loadSchema, to18, type Schema, type ObjectDef, type FieldDef } from './schema.js';
export { parseSoql, SoqlError } from './soql.js';
