import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from './org.js';
import { RecordError } from './responses.js';
import type { FieldDef, ObjectDef } from './schema.js';

/**
 * Who may do what in the fake org, as Salesforce decides it: object permissions and field-level
 * security from the profile and the permission sets a user holds (read from the package's
 * permission set metadata), then record access from the object's organization-wide default, the
 * owner, and the role hierarchy. The integration user — the session `fake.accessToken` opens — is a
 * System Administrator (Modify All Data), so every test that adds no user sees no difference.
 *
 * Answers, as Salesforce gives them:
 * - a write the user's object permissions or the record's sharing do not allow: INSUFFICIENT_ACCESS_OR_READONLY,
 *   "insufficient access rights on object id" — a 400 for one record, a per-record error in collections
 *   (REST API, Status Codes and Error Responses: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm;
 *   the code covers create, edit and delete refused by object permissions or sharing);
 * - a field the user may not edit: INVALID_FIELD_FOR_INSERT_UPDATE naming it (check the field's security);
 * - an object the user may not read does not exist for them: NOT_FOUND on its resources, INVALID_TYPE in SOQL;
 * - under a Private default, records the user cannot see are left out of query results.
 */

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

export interface PermissionSet {
  name: string;
  objects: Map<string, ObjectAccess>;
  /** `Object.Field` (lowercase) → field-level security. */
  fields: Map<string, { read: boolean; edit: boolean }>;
}

const NONE: ObjectAccess = { read: false, create: false, edit: false, delete: false, viewAll: false, modifyAll: false };
const ALL: ObjectAccess = { read: true, create: true, edit: true, delete: true, viewAll: true, modifyAll: true };

/**
 * What the Standard User profile gives a user before any permission set: leads (read, create, edit,
 * delete; sharing still decides which) and reading users. No access to custom objects.
 */
const PROFILE: Record<string, ObjectAccess> = {
  lead: { ...NONE, read: true, create: true, edit: true, delete: true },
  user: { ...NONE, read: true },
};

const blocks = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
const flag = (xml: string, name: string) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] === 'true';
const text = (xml: string, name: string) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] ?? '';

/** Every `*.permissionset-meta.xml` of a folder, by API name. */
export function loadPermissionSets(dir: string): Map<string, PermissionSet> {
  const sets = new Map<string, PermissionSet>();
  if (!existsSync(dir)) return sets;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.permissionset-meta.xml'))) {
    const xml = readFileSync(join(dir, file), 'utf8');
    const name = file.replace('.permissionset-meta.xml', '');
    const objects = new Map(blocks(xml, 'objectPermissions').map((b) => [text(b, 'object').toLowerCase(), {
      read: flag(b, 'allowRead'), create: flag(b, 'allowCreate'), edit: flag(b, 'allowEdit'), delete: flag(b, 'allowDelete'),
      viewAll: flag(b, 'viewAllRecords'), modifyAll: flag(b, 'modifyAllRecords'),
    }]));
    const fields = new Map(blocks(xml, 'fieldPermissions').map((b) => [text(b, 'field').toLowerCase(), { read: flag(b, 'readable'), edit: flag(b, 'editable') }]));
    sets.set(name, { name, objects, fields });
  }
  return sets;
}

export const insufficientAccess = (): RecordError => new RecordError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id', []);

export class FakeAccess {
  readonly permissionSets: Map<string, PermissionSet>;
  /** Users limited to the profile and these permission sets; every other user is an administrator. */
  readonly #grants = new Map<string, PermissionSet[]>();
  readonly #user: (id: string) => Row | undefined;

  constructor(permissionSets: Map<string, PermissionSet>, user: (id: string) => Row | undefined) {
    this.permissionSets = permissionSets;
    this.#user = user;
  }

  /** Limits a user to the Standard User profile and the named permission sets. */
  restrict(userId: string, names: readonly string[]): void {
    this.#grants.set(userId, names.map((name) => {
      const set = this.permissionSets.get(name);
      if (!set) throw new Error(`fake-salesforce: no permission set ${name} in the package (have ${[...this.permissionSets.keys()].join(', ')})`);
      return set;
    }));
  }

  clear(): void {
    this.#grants.clear();
  }

  /** The union of the profile's and the permission sets' permissions on an object. */
  object(userId: string, object: ObjectDef): ObjectAccess {
    const sets = this.#grants.get(userId);
    if (!sets) return ALL;
    const key = object.name.toLowerCase();
    const out = { ...(PROFILE[key] ?? NONE) };
    for (const set of sets) {
      const granted = set.objects.get(key);
      if (granted) for (const k of Object.keys(out) as (keyof ObjectAccess)[]) out[k] ||= granted[k];
    }
    return out;
  }

  /** Whether the user may write this field: required fields and standard ones always; a custom one when a permission set makes it editable. */
  canEditField(userId: string, object: ObjectDef, field: FieldDef): boolean {
    const sets = this.#grants.get(userId);
    if (!sets || field.required || !field.name.endsWith('__c')) return true;
    const key = `${object.name}.${field.name}`.toLowerCase();
    return sets.some((set) => set.fields.get(key)?.edit === true);
  }

  /** Whether `userId` sits above `ownerId` in the role hierarchy (each user's role under their manager's). */
  above(userId: string, ownerId: string): boolean {
    const seen = new Set<string>();
    for (let id = this.#user(ownerId)?.ManagerId as string | undefined; id && !seen.has(id); id = this.#user(id)?.ManagerId as string | undefined) {
      if (id === userId) return true;
      seen.add(id);
    }
    return false;
  }

  /** Record access beyond the object permission: the owner, those above them, View/Modify All, and the default for everyone else. */
  canSee(userId: string, object: ObjectDef, record: Row): boolean {
    const access = this.object(userId, object);
    if (!access.read) return false;
    if (access.viewAll || object.sharingModel !== 'Private' || !object.fields.has('ownerid')) return true;
    return record.OwnerId === userId || this.above(userId, String(record.OwnerId));
  }

  canEdit(userId: string, object: ObjectDef, record: Row): boolean {
    const access = this.object(userId, object);
    if (!access.edit) return false;
    if (access.modifyAll || object.sharingModel === 'ReadWrite' || !object.fields.has('ownerid')) return true;
    return record.OwnerId === userId || this.above(userId, String(record.OwnerId));
  }
}
