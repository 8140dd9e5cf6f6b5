import {
  expectValid, invalidInput, LeadLoopError, parseCatalogChange, parseDefinition, parseReasonCatalog,
  type QualificationDefinition, type Reason, type Waterfall,
} from '@leadloop/core';
import { sqlState, type SqlDatabase, type SqlExecutor } from './database.js';
import { unstorableText } from './storable-text.js';

/**
 * What the sales and marketing leaders agree on: the qualification definition, one row per version
 * in `definitions`, and the reason catalog, the `reasons` row of `settings`. Every write reads what
 * it changes with a row lock, so two servers on one PostgreSQL cannot both win.
 */

/** A jsonb column as a value (drivers hand it over parsed; be safe if one does not). */
const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export async function currentDefinition(tx: SqlExecutor, lock = false): Promise<QualificationDefinition> {
  const [row] = await tx.query<{ doc: QualificationDefinition }>(
    `SELECT doc FROM definitions ORDER BY version DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`);
  if (!row) throw new LeadLoopError('internal', 'The store has no definition.');
  return fromJson(row.doc);
}

/** Every version, oldest first, each with the approvals it got. */
export async function definitionHistory(db: SqlExecutor): Promise<QualificationDefinition[]> {
  const rows = await db.query<{ doc: QualificationDefinition }>('SELECT doc FROM definitions ORDER BY version');
  return rows.map((r) => fromJson(r.doc));
}

/** Stores an edit of the current version as the next one; a stale version is a conflict. */
export async function saveNextDefinition(db: SqlDatabase, valid: QualificationDefinition): Promise<QualificationDefinition> {
  return db.transaction(async (tx) => {
    const current = await currentDefinition(tx, true);
    if (valid.version !== current.version) {
      throw new LeadLoopError('conflict', `The definition changed since you opened it: you edited version ${valid.version}, the current one is ${current.version}.`);
    }
    // Approvals sign a version: the new version starts unapproved; the history keeps the old ones.
    const saved: QualificationDefinition = { ...valid, id: current.id, version: current.version + 1, approvals: current.approvals };
    await tx.query('INSERT INTO definitions (version, doc) VALUES ($1, $2::jsonb)', [saved.version, JSON.stringify(saved)]);
    return saved;
  }).catch((error: unknown) => {
    // Two editors saving the same version at once: the primary key lets one win.
    if (sqlState(error) === '23505') throw new LeadLoopError('conflict', 'The definition was saved by someone else at the same time.');
    throw error;
  });
}

/** Signs the current version for one role (again replaces that role's earlier signature of it). */
export async function approveCurrentDefinition(
  db: SqlDatabase, waterfall: Waterfall, input: { role: 'sales' | 'marketing'; version: number; by: string; at: string },
): Promise<QualificationDefinition> {
  return db.transaction(async (tx) => {
    const current = await currentDefinition(tx, true);
    if (input.version !== current.version) {
      throw new LeadLoopError('conflict', `Version ${input.version} is not the current definition (version ${current.version}).`);
    }
    const approvals = current.approvals.filter((a) => !(a.role === input.role && a.version === current.version));
    approvals.push({ role: input.role, by: input.by, at: input.at, version: current.version });
    const updated = expectValid(parseDefinition({ ...current, approvals }, { waterfall }));
    await tx.query('UPDATE definitions SET doc = $2::jsonb WHERE version = $1', [current.version, JSON.stringify(updated)]);
    return updated;
  });
}

export async function readReasons(tx: SqlExecutor, lock = false): Promise<Reason[]> {
  const [row] = await tx.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'reasons'${lock ? ' FOR UPDATE' : ''}`);
  return expectValid(parseReasonCatalog(fromJson(row?.value)));
}

/** The reason catalog and the current definition, read in one statement (one snapshot). */
export async function readReasonsAndDefinition(db: SqlExecutor): Promise<{ reasons: Reason[]; definition: QualificationDefinition }> {
  const [row] = await db.query<{ reasons: unknown; definition: unknown }>(
    `SELECT (SELECT value FROM settings WHERE key = 'reasons') AS reasons,
       (SELECT doc FROM definitions ORDER BY version DESC LIMIT 1) AS definition`);
  if (!row?.definition) throw new LeadLoopError('internal', 'The store has no definition.');
  return { reasons: expectValid(parseReasonCatalog(fromJson(row.reasons))), definition: fromJson(row.definition) };
}

/**
 * Replaces the catalog with `input` when it is valid and keeps every id the stored one has
 * (feedback cites them: retire, do not delete) — checked against the stored catalog under a lock.
 */
export async function saveReasonCatalog(db: SqlDatabase, input: unknown): Promise<Reason[]> {
  return db.transaction(async (tx) => {
    const current = await readReasons(tx, true);
    const next = expectValid(parseCatalogChange(current, input));
    const unstorable = unstorableText(next);
    if (unstorable.length > 0) throw invalidInput(unstorable, 'reason catalog');
    await tx.query(`UPDATE settings SET value = $1::jsonb WHERE key = 'reasons'`, [JSON.stringify(next)]);
    return next;
  });
}

/** Puts a catalog back as given, whatever the stored one holds (reset, when no feedback is left to cite the old ids). */
export async function replaceReasons(tx: SqlExecutor, catalog: readonly Reason[]): Promise<void> {
  await tx.query(`UPDATE settings SET value = $1::jsonb WHERE key = 'reasons'`, [JSON.stringify(catalog)]);
}
