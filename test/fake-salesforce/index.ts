export { FakeSalesforce, type CallRecord, type Failure, type FakeSalesforceOptions, type FakeUserOptions, type SfError } from './fake-salesforce.js';
export { formatDateTime, LATEST_VERSION, type ValidationRule } from './org.js';
export { loadSchema, to18, type Schema, type ObjectDef, type FieldDef } from './schema.js';
export { parseSoql, SoqlError } from './soql.js';
