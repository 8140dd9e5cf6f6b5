import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Field types the fake knows, named as the REST describe names them. */
export type FieldType = 'id' | 'string' | 'textarea' | 'picklist' | 'email' | 'boolean' | 'double' | 'date' | 'datetime' | 'reference';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** Text length limit (STRING_TOO_LONG past it). */
  length?: number;
  /** Digits left of the point for numbers (NUMBER_OUTSIDE_VALID_RANGE past them). */
  precision?: number;
  scale?: number;
  required?: boolean;
  unique?: boolean;
  externalId?: boolean;
  caseSensitive?: boolean;
  /** Set by the platform only (CreatedDate, IsConverted, Name of a person): INVALID_FIELD_FOR_INSERT_UPDATE. */
  readOnly?: boolean;
  /** Writable on create only (CreatedDate with "Set Audit Fields upon Record Creation"). */
  createOnly?: boolean;
  referenceTo?: string;
  /** The parent relationship name used in SOQL (`Lead__r`, `Owner`). */
  relationshipName?: string;
  defaultValue?: unknown;
  groupable?: boolean;
  filterable?: boolean;
}

/** Organization-wide default of an object: what a user may do with records someone else owns. */
export type SharingModel = 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent';

export interface ObjectDef {
  name: string;
  keyPrefix: string;
  /** From the object's `sharingModel` (standard objects: a new org's defaults). */
  sharingModel: SharingModel;
  fields: Map<string, FieldDef>;
  /** Relationship name → reference field. */
  relationships: Map<string, FieldDef>;
}

export type Schema = Map<string, ObjectDef>;

const lower = (s: string) => s.toLowerCase();

function object(name: string, keyPrefix: string, fields: FieldDef[], sharingModel: SharingModel = 'ReadWrite'): ObjectDef {
  const def: ObjectDef = { name, keyPrefix, sharingModel, fields: new Map(), relationships: new Map() };
  for (const f of fields) addField(def, f);
  return def;
}

function addField(def: ObjectDef, f: FieldDef): void {
  const field: FieldDef = {
    // Groupable as Salesforce describes them: text, picklists, email, checkboxes, ids and dates — not
    // long text, custom numbers or date-times (group date-times with CALENDAR_* functions).
    groupable: ['string', 'picklist', 'email', 'boolean', 'id', 'reference', 'date'].includes(f.type),
    filterable: f.type !== 'textarea',
    ...f,
  };
  def.fields.set(lower(f.name), field);
  if (field.relationshipName) def.relationships.set(lower(field.relationshipName), field);
}

/** Standard fields every object has. */
function systemFields(): FieldDef[] {
  return [
    { name: 'Id', type: 'id', readOnly: true },
    { name: 'IsDeleted', type: 'boolean', readOnly: true, defaultValue: false },
    { name: 'CreatedDate', type: 'datetime', readOnly: true, createOnly: true },
    { name: 'CreatedById', type: 'reference', referenceTo: 'User', relationshipName: 'CreatedBy', readOnly: true },
    { name: 'LastModifiedDate', type: 'datetime', readOnly: true },
    { name: 'SystemModstamp', type: 'datetime', readOnly: true },
  ];
}

/** The standard objects the fake holds, with the standard fields LeadLoop reads. */
function standardObjects(): ObjectDef[] {
  return [
    object('User', '005', [
      ...systemFields(),
      { name: 'Name', type: 'string', length: 121, required: true },
      { name: 'Alias', type: 'string', length: 8 },
      { name: 'Username', type: 'string', length: 80, unique: true },
      { name: 'IsActive', type: 'boolean', defaultValue: true },
      // Role hierarchy, simplified: the user whose role is directly above this user's.
      { name: 'ManagerId', type: 'reference', referenceTo: 'User', relationshipName: 'Manager' },
    ], 'Read'),
    object('Lead', '00Q', [
      ...systemFields(),
      { name: 'FirstName', type: 'string', length: 40 },
      { name: 'LastName', type: 'string', length: 80, required: true },
      // Compound: FirstName + LastName, computed by the platform.
      { name: 'Name', type: 'string', length: 121, readOnly: true },
      { name: 'Company', type: 'string', length: 255, required: true },
      { name: 'Email', type: 'email', length: 80 },
      { name: 'Status', type: 'picklist', length: 255, required: true, defaultValue: 'Open - Not Contacted' },
      { name: 'LeadSource', type: 'picklist', length: 255 },
      { name: 'IsConverted', type: 'boolean', readOnly: true, defaultValue: false },
      { name: 'ConvertedDate', type: 'date', readOnly: true },
      { name: 'OwnerId', type: 'reference', referenceTo: 'User', relationshipName: 'Owner' },
    ], 'ReadWrite'),
  ];
}

const TYPE_OF_METADATA: Record<string, FieldType> = {
  Text: 'string', LongTextArea: 'textarea', TextArea: 'string', Number: 'double', DateTime: 'datetime', Date: 'date',
  Checkbox: 'boolean', Lookup: 'reference', MasterDetail: 'reference', Picklist: 'picklist', Email: 'email',
};

const SHARING_MODELS: SharingModel[] = ['Private', 'Read', 'ReadWrite', 'ControlledByParent'];

const tag = (xml: string, name: string): string | undefined => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];

/**
 * The schema of an org with the LeadLoop package deployed: the standard objects above plus every
 * custom object and field found in the sfdx project's metadata (so a field the adapter uses but the
 * package does not deploy fails here as it would in an org: INVALID_FIELD).
 */
export function loadSchema(objectsDir: string): Schema {
  const schema: Schema = new Map();
  for (const def of standardObjects()) schema.set(lower(def.name), def);
  let prefix = 0;
  for (const name of readdirSync(objectsDir).sort()) {
    let def = schema.get(lower(name));
    if (!def) {
      const keyPrefix = `a0${String.fromCharCode(65 + prefix++)}`;
      const objectFile = join(objectsDir, name, `${name}.object-meta.xml`);
      const sharingModel = (existsSync(objectFile) ? tag(readFileSync(objectFile, 'utf8'), 'sharingModel') : undefined) as SharingModel | undefined;
      if (!sharingModel || !SHARING_MODELS.includes(sharingModel)) throw new Error(`fake-salesforce: ${name} needs a sharingModel the fake knows`);
      // A detail object's records have no owner: the parent's sharing decides.
      const owner: FieldDef[] = sharingModel === 'ControlledByParent' ? [] : [{ name: 'OwnerId', type: 'reference', referenceTo: 'User', relationshipName: 'Owner' }];
      def = object(name, keyPrefix, [...systemFields(), { name: 'Name', type: 'string', length: 80, readOnly: true }, ...owner], sharingModel);
      schema.set(lower(name), def);
    }
    const fieldsDir = join(objectsDir, name, 'fields');
    if (!existsSync(fieldsDir)) continue;
    for (const file of readdirSync(fieldsDir).filter((f) => f.endsWith('.field-meta.xml'))) {
      const xml = readFileSync(join(fieldsDir, file), 'utf8');
      const fieldName = tag(xml, 'fullName')!;
      const type = TYPE_OF_METADATA[tag(xml, 'type') ?? ''];
      if (!type) throw new Error(`fake-salesforce: unsupported field type in ${file}`);
      const length = tag(xml, 'length');
      const precision = tag(xml, 'precision');
      const scale = tag(xml, 'scale');
      const referenceTo = tag(xml, 'referenceTo');
      addField(def, {
        name: fieldName,
        type,
        ...(length ? { length: Number(length) } : {}),
        ...(precision ? { precision: Number(precision) - Number(scale ?? 0), scale: Number(scale ?? 0) } : {}),
        required: tag(xml, 'required') === 'true',
        unique: tag(xml, 'unique') === 'true',
        externalId: tag(xml, 'externalId') === 'true',
        caseSensitive: tag(xml, 'caseSensitive') === 'true',
        ...(referenceTo ? { referenceTo, relationshipName: fieldName.replace(/__c$/, '__r') } : {}),
      });
    }
  }
  return schema;
}

const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15-character Salesforce id (the case-safe suffix). */
export function to18(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[block * 5 + i]!;
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += CHECKSUM[flags];
  }
  return id15 + suffix;
}

export const ID_RE = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
