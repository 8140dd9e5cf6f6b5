import { LeadLoopError, type Issue, type LeadLoopErrorCode } from '@leadloop/core';
import { LEAD_FIELDS } from './salesforce-adapter-mapping.js';

/**
 * Salesforce's errors as LeadLoopErrors: its error codes mapped to LeadLoop's, and the fields it
 * names mapped back to the paths of the core types the caller sent.
 */

/** One error from Salesforce: top-level bodies say errorCode, per-record results say statusCode. */
export interface SalesforceError {
  message: string;
  errorCode?: string;
  statusCode?: string;
  fields?: string[];
}

/** Salesforce field → the core path it holds, so invalid_input issues name what the caller sent. */
const FIELD_PATHS: Record<string, string> = {
  Outcome__c: 'outcome', Reason__c: 'reason', Rating__c: 'rating', Note__c: 'note', By__c: 'by', At__c: 'at', Lead__c: 'leadId',
  Stage__c: 'stage', Answers__c: 'answers', Stages__c: 'stages', Approvals__c: 'approvals', Version__c: 'version',
  LastName: 'name', FirstName: 'name', Company: 'company', Email: 'email', LeadSource: 'source', OwnerId: 'owner',
  [LEAD_FIELDS.campaign]: 'campaign', [LEAD_FIELDS.stage]: 'stage', [LEAD_FIELDS.stageHistory]: 'stageHistory',
  [LEAD_FIELDS.handedOffAt]: 'handedOffAt', [LEAD_FIELDS.firstTouchAt]: 'firstTouchAt', [LEAD_FIELDS.exitKind]: 'exit.kind',
  [LEAD_FIELDS.exitReason]: 'exit.reason', [LEAD_FIELDS.exitAt]: 'exit.at', [LEAD_FIELDS.id]: 'id',
};

export const pathOfField = (field: string): string => FIELD_PATHS[field] ?? field;

const INPUT_CODES = new Set([
  'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'REQUIRED_FIELD_MISSING', 'STRING_TOO_LONG', 'INVALID_EMAIL_ADDRESS', 'NUMBER_OUTSIDE_VALID_RANGE',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'FIELD_INTEGRITY_EXCEPTION', 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'JSON_PARSER_ERROR', 'MALFORMED_ID',
  'INVALID_CROSS_REFERENCE_KEY', 'FIELD_FILTER_VALIDATION_EXCEPTION', 'DUPLICATES_DETECTED',
]);
/**
 * Salesforce refusing a user for lack of access: object permissions, field-level security or
 * sharing on the record written (INSUFFICIENT_ACCESS_OR_READONLY, "insufficient access rights on
 * object id"), on a record it points to (INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY,
 * "… on cross-reference id"), a field the user may not edit (INVALID_FIELD_FOR_INSERT_UPDATE), the
 * Apex bridge's own refusal (INSUFFICIENT_ACCESS), and a save that a trigger or flow refused
 * (CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, often for the same reason). All are `forbidden`, never retried.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export const ACCESS_CODES: ReadonlySet<string> = new Set([
  'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INVALID_FIELD_FOR_INSERT_UPDATE', 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
]);

const RETRY_CODES = new Set(['REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'CONCURRENT_REQUESTS_LIMIT_EXCEEDED', 'QUERY_TIMEOUT']);

/** The LeadLoop code of one Salesforce error code (HTTP status decides when the code says nothing). */
export function codeOfSalesforce(errorCode: string | undefined, status: number): LeadLoopErrorCode {
  switch (errorCode) {
    case 'INVALID_SESSION_ID': case 'INVALID_AUTH_HEADER': return 'unauthorized';
    case 'REQUEST_LIMIT_EXCEEDED': case 'CONCURRENT_REQUESTS_LIMIT_EXCEEDED': return 'rate_limited';
    case 'SERVER_UNAVAILABLE': case 'UNABLE_TO_LOCK_ROW': case 'QUERY_TIMEOUT': return 'unavailable';
    case 'INSUFFICIENT_ACCESS': case 'INSUFFICIENT_ACCESS_OR_READONLY': case 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY':
    case 'API_DISABLED_FOR_ORG': case 'API_CURRENTLY_DISABLED': case 'INVALID_FIELD_FOR_INSERT_UPDATE': case 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY':
      return 'forbidden';
    case 'NOT_FOUND': case 'ENTITY_IS_DELETED': return 'not_found';
    case 'DUPLICATE_VALUE': case 'DUPLICATE_EXTERNAL_ID': return 'conflict';
    // LeadLoop wrote the query or the record shape: the org lacks a field (package not deployed) or this is a bug.
    case 'INVALID_FIELD': case 'MALFORMED_QUERY': case 'INVALID_TYPE': case 'INVALID_QUERY_FILTER_OPERATOR': case 'EXCEEDED_ID_LIMIT':
      return 'internal';
    default:
      if (errorCode && INPUT_CODES.has(errorCode)) return 'invalid_input';
      if (status === 401) return 'unauthorized';
      if (status === 403) return 'forbidden';
      if (status === 404) return 'not_found';
      if (status === 503 || status === 502 || status === 504) return 'unavailable';
      if (status === 429) return 'rate_limited';
      return status >= 500 ? 'internal' : 'invalid_input';
  }
}

/** A LeadLoopError from Salesforce errors: the first one's code and message, issues from every `fields`. */
export function errorFromSalesforce(status: number, errors: SalesforceError[], prefix = ''): LeadLoopError {
  const first = errors[0];
  const sfCode = first?.errorCode ?? first?.statusCode;
  const code = codeOfSalesforce(sfCode, status);
  const issues: Issue[] = code === 'invalid_input'
    ? errors.flatMap((e) => (e.fields && e.fields.length > 0 ? e.fields : ['']).map((f) => ({ path: f ? `${prefix}${pathOfField(f)}` : prefix.replace(/\.$/, ''), message: e.message })))
    : [];
  const hint = sfCode === 'INVALID_FIELD' || sfCode === 'INVALID_TYPE'
    ? ' Is the LeadLoop package deployed and its permission set assigned?'
    : sfCode === 'INVALID_SESSION_ID'
      ? ' The access token expired or was revoked: sign in to Salesforce again, or give accessToken as a function that returns a fresh token.'
      : sfCode && ACCESS_CODES.has(sfCode)
        ? ' Your Salesforce user may not change this: ask your Salesforce admin (LeadLoop User lets reps give feedback; LeadLoop Leader lets leaders edit and sign the definition).'
        : '';
  const message = `Salesforce: ${first?.message ?? `HTTP ${status}`}${sfCode ? ` (${sfCode})` : ''}.${hint}`;
  return new LeadLoopError(code, message, {
    // The Salesforce error itself, so a caller that knows what was being written can say it better (accessRefused).
    ...(first ? { cause: first } : {}),
    issues,
    retryable: code === 'rate_limited' || code === 'unavailable' || (sfCode !== undefined && RETRY_CODES.has(sfCode)),
  });
}

/** Reads a Salesforce error body (array of errors, or an OAuth error object). */
export function salesforceErrors(body: unknown): SalesforceError[] {
  if (Array.isArray(body)) return body.filter((e): e is SalesforceError => e && typeof e.message === 'string');
  if (body && typeof body === 'object' && 'error' in body) {
    const b = body as { error: unknown; error_description?: unknown };
    return [{ message: String(b.error_description ?? b.error), errorCode: String(b.error).toUpperCase() }];
  }
  return [];
}

/** What the user was doing when Salesforce refused it for access: what it needs, in words a user acts on. */
export const ACCESS_MESSAGES = {
  definition: 'Saving the lead definition needs the LeadLoop Leader permission set in Salesforce: ask your Salesforce admin to assign it to you.',
  approval: 'Signing off the lead definition needs the LeadLoop Leader permission set in Salesforce: ask your Salesforce admin to assign it to you.',
  reasons: 'Saving the reason catalog needs the LeadLoop Leader permission set in Salesforce: ask your Salesforce admin to assign it to you.',
  feedback: 'Salesforce did not let you save this feedback: giving feedback needs the LeadLoop User permission set and access to the lead, and feedback can be changed only by its author.',
  lead: 'You cannot edit this lead in Salesforce (it is shared with you read-only, or your profile cannot edit leads): ask its owner or your Salesforce admin.',
  checklist: 'Salesforce did not let you save this checklist: it needs the LeadLoop User permission set and access to the lead; ask your Salesforce admin.',
} as const;

export type AccessAction = keyof typeof ACCESS_MESSAGES;

/** The Salesforce error code behind a LeadLoopError made by errorFromSalesforce, if any. */
export function salesforceCodeOf(error: unknown): string | undefined {
  const cause = error instanceof LeadLoopError ? (error.cause as SalesforceError | undefined) : undefined;
  return cause && typeof cause === 'object' ? cause.errorCode ?? cause.statusCode : undefined;
}

/**
 * `error` told as what the user tried (`action`) when Salesforce refused it for access
 * (ACCESS_CODES): `forbidden`, not retryable, with what to ask the admin for and Salesforce's own
 * words after it. Any other error is returned as it is.
 */
export function accessRefused(error: unknown, action: AccessAction): unknown {
  const sfCode = salesforceCodeOf(error);
  if (!(error instanceof LeadLoopError) || !sfCode || !ACCESS_CODES.has(sfCode)) return error;
  const said = (error.cause as SalesforceError).message;
  return new LeadLoopError('forbidden', `${ACCESS_MESSAGES[action]} (Salesforce: ${said}, ${sfCode}.)`, { retryable: false, cause: error });
}
