import type { FakeOrg, Row } from './org.js';
import { RecordError, sfError, type Response } from './responses.js';
import { ID_RE } from './schema.js';

/** The resources that write records one at a time or by collection, as Salesforce answers them. */

const ROLLED_BACK = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] as string[] };

/** `/sobjects/Type[/Id | /ExternalIdField/value]`: create, read, update, upsert one record. */
export function sobjectResource(org: FakeOrg, method: string, parts: string[], body: unknown, params: URLSearchParams): Response {
  const object = org.object(parts[0]!);
  const asBody = (): Record<string, unknown> => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw sfError(400, 'JSON_PARSER_ERROR', 'Expected a JSON object');
    return body as Record<string, unknown>;
  };
  const single = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof RecordError) {
        const status = error.statusCode === 'ENTITY_IS_DELETED' || error.statusCode === 'NOT_FOUND' ? 404 : error.statusCode === 'DUPLICATE_EXTERNAL_ID' ? 300 : 400;
        throw sfError(status, error.statusCode, error.message, error.fields);
      }
      throw error;
    }
  };
  if (parts.length === 1 && method === 'POST') {
    const id = single(() => org.create(object, asBody()));
    return { status: 201, body: { id, success: true, errors: [] } };
  }
  if (parts.length === 2 && method === 'GET') {
    const record = ID_RE.test(parts[1]!) ? org.lookup(object.name, parts[1]!) : undefined;
    if (!record || !org.access.canSee(org.actor, object, record)) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const full = org.output(object, record);
    const wanted = params.get('fields');
    if (!wanted) return { status: 200, body: full };
    const out: Row = { attributes: full.attributes };
    for (const name of wanted.split(',')) {
      const field = object.fields.get(name.trim().toLowerCase());
      if (!field) throw sfError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object.name}`);
      out[field.name] = full[field.name];
    }
    return { status: 200, body: out };
  }
  if (parts.length === 2 && method === 'PATCH') {
    const snapshot = org.snapshot();
    try {
      single(() => org.update(object, parts[1]!, asBody()));
    } catch (error) {
      org.restore(snapshot);
      throw error;
    }
    return { status: 204 };
  }
  if (parts.length === 3 && method === 'PATCH') {
    const result = single(() => org.upsert(object, parts[1]!, parts[2]!, asBody()));
    return { status: result.created ? 201 : 200, body: { id: result.id, success: true, errors: [], created: result.created } };
  }
  throw sfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,POST`);
}

/**
 * `/composite/sobjects` (sObject Collections): POST creates, PATCH updates, PATCH …/Type/ExternalIdField
 * upserts; ≤ 200 records, each with `attributes.type` (an upsert's all of the URI's type, keyed by an
 * external id, never a record Id). `forceAllOrNone`: inside an all-or-none Composite the Composite's
 * flag overrides the collection's own.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-upsert.html
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-allornone.md
 */
export function collectionResource(org: FakeOrg, method: string, parts: string[], body: unknown, forceAllOrNone = false): Response {
  const input = body as { allOrNone?: unknown; records?: unknown } | undefined;
  if (!input || !Array.isArray(input.records)) throw sfError(400, 'JSON_PARSER_ERROR', 'records is required');
  const records = input.records as Record<string, unknown>[];
  if (records.length > 200) throw sfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
  const allOrNone = forceAllOrNone || input.allOrNone === true;
  const upsertType = method === 'PATCH' && parts.length === 2 ? org.object(parts[0]!) : undefined;
  const upsertField = upsertType ? parts[1]! : undefined;
  if (!(method === 'POST' && parts.length === 0) && !(method === 'PATCH' && (parts.length === 0 || parts.length === 2))) {
    throw sfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed.`);
  }
  if (upsertField && upsertField.toLowerCase() === 'id') {
    throw sfError(400, 'INVALID_FIELD', 'Only external id fields are supported for upsert through sObject Collections: use an external id field, not Id');
  }
  const snapshot = org.snapshot();
  let failed = false;
  const results = records.map((values) => {
    try {
      const typeName = (values?.attributes as { type?: unknown } | undefined)?.type;
      if (typeof typeName !== 'string' || typeName === '') throw new RecordError('INVALID_TYPE', 'Must send a concrete entity type.');
      const object = org.schema.get(typeName.toLowerCase());
      if (!object) throw new RecordError('INVALID_TYPE', `sObject type '${typeName}' is not supported.`);
      const { attributes: _attributes, ...rest } = values;
      if (upsertType && upsertField) {
        if (object !== upsertType) throw new RecordError('INVALID_TYPE', `This request can only upsert records of type ${upsertType.name}, not ${object.name}.`);
        if (rest.id !== undefined || rest.Id !== undefined) throw new RecordError('INVALID_FIELD', 'Cannot specify Id in an upsert call: use the external id field', ['Id']);
        const key = rest[upsertField] ?? Object.entries(rest).find(([k]) => k.toLowerCase() === upsertField.toLowerCase())?.[1];
        if (typeof key !== 'string' || key === '') throw new RecordError('MISSING_ARGUMENT', `${upsertField} not specified`, [upsertField]);
        const result = org.upsert(object, upsertField, key, rest);
        return { id: result.id, success: true, errors: [], created: result.created };
      }
      if (method === 'PATCH') {
        const id = rest.id ?? rest.Id;
        if (typeof id !== 'string') throw new RecordError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const { id: _a, Id: _b, ...fields } = rest;
        return { id: org.update(object, id, fields), success: true, errors: [] };
      }
      return { id: org.create(object, rest), success: true, errors: [] };
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      failed = true;
      return { success: false, errors: [{ statusCode: error.statusCode, message: error.message, fields: error.fields }] };
    }
  });
  if (failed && allOrNone) {
    org.restore(snapshot);
    return { status: 200, body: results.map((r) => (r.success ? { success: false, errors: [ROLLED_BACK] } : r)) };
  }
  return { status: 200, body: results };
}
