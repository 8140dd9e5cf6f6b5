import * as z from 'zod/mini';
import { idSchema, once, parseWith, requireArray, requireObject, requireObjects, shortText } from './parse.js';
import { invalidInput, type Issue, type ParseResult } from './errors.js';

/** Why a lead was rejected or recycled; admins add their own and relabel the defaults. */
export interface Reason {
  id: string;
  label: string;
  /** Retired reasons stay valid for old feedback but are no longer offered. */
  retired?: boolean;
}

export type ReasonCatalog = Reason[];

export const DEFAULT_REASONS: readonly Reason[] = Object.freeze([
  { id: 'unresponsive', label: 'Unresponsive' },
  { id: 'not-interested', label: 'Not interested' },
  { id: 'no-recollection', label: 'Does not recall signing up' },
  { id: 'not-decision-maker', label: 'Not a decision maker' },
  { id: 'no-budget', label: 'No budget' },
  { id: 'bad-timing', label: 'Bad timing' },
  { id: 'poor-fit', label: 'Poor fit' },
  { id: 'bad-data', label: 'Bad contact data' },
  { id: 'duplicate', label: 'Duplicate' },
  { id: 'existing-customer', label: 'Existing customer' },
  { id: 'competitor', label: 'Competitor' },
  { id: 'spam', label: 'Spam' },
].map((r) => Object.freeze(r)));

const reasonSchema = /* @__PURE__ */ once(() => z.object({
  id: idSchema(),
  label: shortText(100).check(z.minLength(1)),
  retired: z.optional(z.boolean()),
}));
const catalogSchema = /* @__PURE__ */ once(() => z.array(reasonSchema()).check(z.minLength(1), z.maxLength(200)));

function duplicateIds(catalog: Reason[]): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  catalog.forEach((r, i) => {
    if (seen.has(r.id)) issues.push({ path: `${i}.id`, message: `duplicate reason id "${r.id}"` });
    seen.add(r.id);
  });
  return issues;
}

/** Parses an admin's reason catalog: unique ids, non-empty labels. */
export function parseReasonCatalog(input: unknown): ParseResult<ReasonCatalog> {
  return parseWith(catalogSchema(), input, 'reason catalog', duplicateIds);
}

export interface ReasonChanges {
  add?: Reason[];
  relabel?: Record<string, string>;
  retire?: string[];
}

/** A new catalog from a base with an admin's additions, relabels and retirements; unknown ids are errors. */
export function customizeReasons(base: readonly Reason[], changes: ReasonChanges): ReasonCatalog {
  requireObject(changes, 'changes', 'reason changes');
  const catalog = requireObjects<Reason>(base, 'base', 'reason changes').map((r) => ({ ...r }));
  const byId = new Map(catalog.map((r) => [r.id, r]));
  const issues: Issue[] = [];
  for (const [id, label] of Object.entries(requireObject<Record<string, string>>(changes.relabel ?? {}, 'relabel', 'reason changes'))) {
    const reason = byId.get(id);
    if (!reason) issues.push({ path: `relabel.${id}`, message: 'unknown reason id' });
    else reason.label = label;
  }
  for (const [i, id] of requireArray<string>(changes.retire ?? [], 'retire', 'reason changes').entries()) {
    const reason = byId.get(id);
    if (!reason) issues.push({ path: `retire.${i}`, message: 'unknown reason id' });
    else reason.retired = true;
  }
  catalog.push(...requireObjects<Reason>(changes.add ?? [], 'add', 'reason changes').map((r) => ({ ...r })));
  const parsed = parseReasonCatalog(catalog);
  if (!parsed.ok) issues.push(...parsed.error.issues);
  if (issues.length > 0) throw invalidInput(issues, 'reason changes');
  return catalog;
}

/**
 * Checks an admin's new catalog against the one in use: valid on its own, and keeping every id the
 * old one had (feedback already given cites them; retire a reason instead of deleting it).
 */
export function parseCatalogChange(current: readonly Reason[], input: unknown): ParseResult<ReasonCatalog> {
  const parsed = parseReasonCatalog(input);
  if (!parsed.ok) return parsed;
  const kept = new Set(parsed.value.map((r) => r.id));
  const dropped = current.filter((r) => !kept.has(r.id));
  return dropped.length > 0
    ? { ok: false, error: invalidInput(dropped.map((r) => ({ path: r.id, message: 'cannot be removed: feedback may cite it; set retired: true instead' })), 'reason catalog') }
    : parsed;
}

/** The label to show for a reason id, falling back to the id itself for reasons no longer in the catalog. */
export function reasonLabel(catalog: readonly Reason[], id: string): string {
  return catalog.find((r) => r.id === id)?.label ?? id;
}
