import { FakeAccess, insufficientAccess, type PermissionSet } from './access.js';
import { ID_RE, to18, type FieldDef, type ObjectDef, type Schema } from './schema.js';
import { RecordError, sfError } from './responses.js';

export const LATEST_VERSION = '64.0';

/** A record as the fake keeps it: date-times as epoch ms, ids in their 18-character form. */
export type Row = Record<string, unknown>;

export type ValidationRule = (record: Record<string, unknown>) => { message: string; fields: string[] } | null;

/** A write refused on one record, as a busy org refuses it (UNABLE_TO_LOCK_ROW), `times` times. */
export interface RecordFailure {
  errorCode: string;
  message?: string;
  times: number;
  when: (objectName: string, record: Row) => boolean;
}

type Snapshot = Map<string, Map<string, Row>>;

/** Salesforce's date-time output: `2026-01-05T09:00:00.000+0000`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * The records of a fake org, written as Salesforce writes them: ids, audit fields and Lead's
 * computed ones set, every value converted and checked against the field's metadata, required
 * fields, references, unique values and validation rules enforced.
 */
export class FakeOrg {
  readonly schema: Schema;
  /** The user the session belongs to (CreatedById of what the API writes). */
  readonly userId: string;
  #data: Snapshot = new Map();
  readonly #counters = new Map<string, number>();
  readonly #rules = new Map<string, ValidationRule[]>();
  #recordFailures: RecordFailure[] = [];
  readonly #clock: () => Date;
  /** Permissions and sharing: who may read and write what. */
  readonly access: FakeAccess;
  /** The user the current request runs as (the integration user outside requests). */
  #actor: string;

  constructor(schema: Schema, clock: () => Date, permissionSets: Map<string, PermissionSet> = new Map()) {
    this.schema = schema;
    this.#clock = clock;
    this.access = new FakeAccess(permissionSets, (id) => this.lookup('User', id));
    this.#actor = '';
    this.userId = this.#actor = this.insert('User', { Name: 'Integration User', Alias: 'integ', Username: 'integration@leadloop.example' });
  }

  /** The user the current request runs as. */
  get actor(): string {
    return this.#actor;
  }

  /** Runs `work` as another user (one request: the fake answers synchronously once the body is read). */
  as<T>(userId: string, work: () => T): T {
    const before = this.#actor;
    this.#actor = userId;
    try {
      return work();
    } finally {
      this.#actor = before;
    }
  }

  /** The actor's permissions on an object; one it may not read does not exist for it. */
  #allowed(object: ObjectDef, operation: 'create' | 'edit'): void {
    const access = this.access.object(this.#actor, object);
    if (!access.read) throw new RecordError('NOT_FOUND', 'The requested resource does not exist', []);
    if (!access[operation]) throw insufficientAccess();
  }

  /** Deletes every record except the integration user, and every validation rule. */
  reset(): void {
    const users = this.#data.get('user');
    this.#data = new Map(users ? [['user', new Map([...users].filter(([id]) => id === this.userId))]] : []);
    this.access.clear();
    this.#rules.clear();
    this.#recordFailures = [];
  }

  /** Makes writes of matching records fail with a per-record error (in collections) or a 400 (one record). */
  failRecords(failure: RecordFailure): void {
    this.#recordFailures.push(failure);
  }

  #injected(object: ObjectDef, record: Row): void {
    const failure = this.#recordFailures.find((f) => f.times > 0 && f.when(object.name, this.output(object, record)));
    if (!failure) return;
    failure.times--;
    this.#recordFailures = this.#recordFailures.filter((f) => f.times > 0);
    // The lock error names the record it waited for; Salesforce gives up after 10 s and rolls the transaction back.
    const message = failure.message ?? (failure.errorCode === 'UNABLE_TO_LOCK_ROW' ? `unable to obtain exclusive access to this record or 1 records: ${String(record.Id)}` : failure.errorCode);
    throw new RecordError(failure.errorCode, message, []);
  }

  /** A validation rule on an object: FIELD_CUSTOM_VALIDATION_EXCEPTION when it returns an error. */
  addValidationRule(objectName: string, rule: ValidationRule): void {
    const key = objectName.toLowerCase();
    this.#rules.set(key, [...(this.#rules.get(key) ?? []), rule]);
  }

  /** Inserts a record as a data load with audit fields would (CreatedDate, IsConverted settable); returns its Id. */
  insert(objectName: string, values: Record<string, unknown>): string {
    const object = this.object(objectName);
    const record = this.#newRecord(object);
    this.#assign(object, record, values, { system: true });
    this.#finish(object, record);
    this.#check(object, record, undefined);
    this.table(object).set(record.Id as string, record);
    return record.Id as string;
  }

  /** Every record of an object in API form (datetimes as Salesforce prints them). */
  records(objectName: string): Row[] {
    const object = this.object(objectName);
    return [...this.table(object).values()].map((r) => this.output(object, r));
  }

  /** A record by object and Id (15 or 18 characters): how a query follows a lookup. */
  lookup = (objectName: string, id: string): Row | undefined => this.#data.get(objectName.toLowerCase())?.get(to18(id.slice(0, 15)));

  /** The `attributes` of a record in API output. */
  attributes(object: ObjectDef, record: Row, version: string): Row {
    return { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${String(record.Id)}` };
  }

  /** A stored value as the API prints it. */
  format(field: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (field.type === 'datetime') return formatDateTime(value as number);
    return value;
  }

  /** A record with every field, as the API prints it. */
  output(object: ObjectDef, record: Row): Row {
    const out: Row = { attributes: this.attributes(object, record, LATEST_VERSION) };
    for (const field of object.fields.values()) out[field.name] = this.format(field, record[field.name] ?? null);
    return out;
  }

  /** An object's metadata by API name, any case; NOT_FOUND for an object the org lacks. */
  object(name: string): ObjectDef {
    const object = this.schema.get(name.toLowerCase());
    if (!object) throw sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
    return object;
  }

  /** An object's records by Id. */
  table(object: ObjectDef): Map<string, Row> {
    let table = this.#data.get(object.name.toLowerCase());
    if (!table) this.#data.set(object.name.toLowerCase(), (table = new Map()));
    return table;
  }

  #newRecord(object: ObjectDef): Row {
    const n = (this.#counters.get(object.name) ?? 0) + 1;
    this.#counters.set(object.name, n);
    const id = to18(`${object.keyPrefix}${'0'.repeat(12 - String(n).length)}${n}`.slice(0, 15).padEnd(15, '0'));
    const now = Math.floor(this.#clock().getTime() / 1000) * 1000;
    const record: Row = { Id: id, CreatedDate: now, LastModifiedDate: now, SystemModstamp: now, CreatedById: this.#actor || null };
    for (const field of object.fields.values()) {
      if (field.defaultValue !== undefined && record[field.name] === undefined) record[field.name] = field.defaultValue;
    }
    if (object.name.endsWith('__c')) record.Name = `${object.keyPrefix}-${String(n).padStart(6, '0')}`;
    return record;
  }

  /** Copies API values into a record, converting and checking each as Salesforce does. */
  #assign(object: ObjectDef, record: Row, values: Record<string, unknown>, mode: { system?: boolean; create?: boolean }): void {
    const readOnly: string[] = [];
    for (const [key, value] of Object.entries(values)) {
      if (key === 'attributes') continue;
      const field = object.fields.get(key.toLowerCase());
      if (!field) throw new RecordError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
      if (field.name === 'Id') continue;
      if ((field.readOnly || !this.access.canEditField(this.#actor, object, field)) && !mode.system) {
        readOnly.push(field.name);
        continue;
      }
      record[field.name] = this.#convert(field, value);
    }
    if (readOnly.length > 0) {
      throw new RecordError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    }
  }

  #convert(field: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined || value === '') {
      return field.type === 'boolean' ? false : null;
    }
    const bad = (): never => {
      throw new RecordError('JSON_PARSER_ERROR', `Cannot deserialize instance of ${field.type} from ${typeof value} value ${JSON.stringify(value)} or request may be missing a required field`, [field.name]);
    };
    switch (field.type) {
      case 'datetime': {
        if (typeof value !== 'string' && typeof value !== 'number') return bad();
        const ms = typeof value === 'number' ? value : Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (Number.isNaN(ms)) return bad();
        return Math.floor(ms / 1000) * 1000; // Salesforce keeps date-times to the second
      }
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return bad();
        return value.slice(0, 10);
      case 'double': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (!Number.isFinite(n)) return bad();
        const digits = Math.abs(Math.trunc(n)).toString().length;
        if (field.precision !== undefined && digits > field.precision) {
          throw new RecordError('NUMBER_OUTSIDE_VALID_RANGE', `${field.name}: value outside of valid range on numeric field: ${n}`, [field.name]);
        }
        const factor = 10 ** (field.scale ?? 0);
        return Math.round(n * factor) / factor;
      }
      case 'boolean':
        if (typeof value !== 'boolean') return bad();
        return value;
      case 'reference':
      case 'id': {
        if (typeof value !== 'string') return bad();
        if (!ID_RE.test(value)) throw new RecordError('MALFORMED_ID', `${field.name}: id value of incorrect type: ${value}`, [field.name]);
        return to18(value.slice(0, 15));
      }
      default: {
        if (typeof value !== 'string') return bad();
        if (field.length !== undefined && value.length > field.length) {
          throw new RecordError('STRING_TOO_LONG', `${field.name.replace(/__c$/, '')}: data value too large: ${value.slice(0, 40)}… (max length=${field.length})`, [field.name]);
        }
        return value;
      }
    }
  }

  /** Platform-computed fields. */
  #finish(object: ObjectDef, record: Row): void {
    if (object.name === 'Lead') record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ') || null;
    // The creator owns what they create (custom objects without a master too).
    if (object.fields.has('ownerid') && !record.OwnerId) record.OwnerId = this.#actor;
    record.LastModifiedDate = record.SystemModstamp = Math.floor(this.#clock().getTime() / 1000) * 1000;
  }

  /** Required fields, references, unique values and validation rules, against the table as it is. */
  #check(object: ObjectDef, record: Row, table: Map<string, Row> | undefined): void {
    const missing = [...object.fields.values()].filter((f) => f.required && (record[f.name] === null || record[f.name] === undefined)).map((f) => f.name);
    if (missing.length > 0) throw new RecordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    for (const field of object.fields.values()) {
      const value = record[field.name];
      if (field.type === 'reference' && typeof value === 'string') {
        const target = this.lookup(field.referenceTo!, value);
        if (!target) throw new RecordError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
        // A record the writer cannot see: the lookup is refused for access, not as a bad id.
        if (!this.access.canSee(this.#actor, this.object(field.referenceTo!), target)) {
          throw new RecordError('INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'insufficient access rights on cross-reference id', [field.name]);
        }
      }
      if (field.unique && typeof value === 'string' && table) {
        const same = (other: unknown) => typeof other === 'string' && (field.caseSensitive ? other === value : other.toLowerCase() === value.toLowerCase());
        for (const other of table.values()) {
          if (other.Id !== record.Id && same(other[field.name])) {
            throw new RecordError('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${String(other.Id)}`, []);
          }
        }
      }
    }
    for (const rule of this.#rules.get(object.name.toLowerCase()) ?? []) {
      const problem = rule(this.output(object, record));
      if (problem) throw new RecordError('FIELD_CUSTOM_VALIDATION_EXCEPTION', problem.message, problem.fields);
    }
  }

  /** Creates a record through the API (read-only fields refused); returns its Id. */
  create(object: ObjectDef, values: Record<string, unknown>): string {
    if (values.Id !== undefined || values.id !== undefined) throw new RecordError('INVALID_FIELD', 'Cannot specify Id in an insert call', ['Id']);
    this.#allowed(object, 'create');
    const record = this.#newRecord(object);
    this.#assign(object, record, values, { create: true });
    this.#finish(object, record);
    const table = this.table(object);
    this.#injected(object, record);
    this.#check(object, record, table);
    table.set(record.Id as string, record);
    return record.Id as string;
  }

  /** Updates a record by Id through the API; returns its 18-character Id. */
  update(object: ObjectDef, id: string, values: Record<string, unknown>): string {
    if (!ID_RE.test(id)) throw new RecordError('MALFORMED_ID', `Record ID: id value of incorrect type: ${id}`, ['Id']);
    const table = this.table(object);
    this.#allowed(object, 'edit');
    const existing = table.get(to18(id.slice(0, 15)));
    if (!existing) throw new RecordError('ENTITY_IS_DELETED', 'entity is deleted', []);
    // Read (or Private) sharing: only the owner, those above them in the role hierarchy and Modify All edit.
    if (!this.access.canEdit(this.#actor, object, existing)) throw insufficientAccess();
    const record = { ...existing };
    this.#assign(object, record, values, {});
    this.#finish(object, record);
    this.#injected(object, record);
    this.#check(object, record, table);
    table.set(record.Id as string, record);
    return record.Id as string;
  }

  /** Updates the record whose external id field has this value, or creates it. */
  upsert(object: ObjectDef, fieldName: string, value: string, values: Record<string, unknown>): { id: string; created: boolean } {
    const field = object.fields.get(fieldName.toLowerCase());
    if (!field || (!field.externalId && field.name !== 'Id')) {
      throw new RecordError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`, []);
    }
    const same = (other: unknown) => typeof other === 'string' && (field.caseSensitive ? other === value : other.toLowerCase() === value.toLowerCase());
    const found = [...this.table(object).values()].filter((r) => same(r[field.name]));
    if (found.length > 1) throw new RecordError('DUPLICATE_EXTERNAL_ID', `${fieldName}: more than one record found for external id field: ${found.map((r) => r.Id).join(', ')}`, [field.name]);
    if (found[0]) return { id: this.update(object, found[0].Id as string, values), created: false };
    return { id: this.create(object, { ...values, [field.name]: value }), created: true };
  }

  /** A copy of every record, to roll back to. */
  snapshot(): Snapshot {
    return new Map([...this.#data].map(([k, table]) => [k, new Map([...table].map(([id, r]) => [id, { ...r }]))]));
  }

  /** Rolls every record back to a snapshot. */
  restore(snapshot: Snapshot): void {
    this.#data = snapshot;
  }
}
