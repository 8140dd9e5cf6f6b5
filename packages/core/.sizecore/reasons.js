import * as z from 'zod/mini';
import { idSchema, parseWith, shortText } from './parse.js';
import { invalidInput } from './errors.js';
export const DEFAULT_REASONS = Object.freeze([
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
const reasonSchema = /* @__PURE__ */ z.object({
    id: idSchema,
    label: shortText(100).check(z.minLength(1)),
    retired: z.optional(z.boolean()),
});
const catalogSchema = /* @__PURE__ */ z.array(reasonSchema).check(z.minLength(1), z.maxLength(200));
function duplicateIds(catalog) {
    const seen = new Set();
    const issues = [];
    catalog.forEach((r, i) => {
        if (seen.has(r.id))
            issues.push({ path: `${i}.id`, message: `duplicate reason id "${r.id}"` });
        seen.add(r.id);
    });
    return issues;
}
/** Parses an admin's reason catalog: unique ids, non-empty labels. */
export function parseReasonCatalog(input) {
    return parseWith(catalogSchema, input, 'reason catalog', duplicateIds);
}
/** A new catalog from a base with an admin's additions, relabels and retirements; unknown ids are errors. */
export function customizeReasons(base, changes) {
    const catalog = base.map((r) => ({ ...r }));
    const byId = new Map(catalog.map((r) => [r.id, r]));
    const issues = [];
    for (const [id, label] of Object.entries(changes.relabel ?? {})) {
        const reason = byId.get(id);
        if (!reason)
            issues.push({ path: `relabel.${id}`, message: 'unknown reason id' });
        else
            reason.label = label;
    }
    for (const [i, id] of (changes.retire ?? []).entries()) {
        const reason = byId.get(id);
        if (!reason)
            issues.push({ path: `retire.${i}`, message: 'unknown reason id' });
        else
            reason.retired = true;
    }
    catalog.push(...(changes.add ?? []).map((r) => ({ ...r })));
    const parsed = parseReasonCatalog(catalog);
    if (!parsed.ok)
        issues.push(...parsed.error.issues);
    if (issues.length > 0)
        throw invalidInput(issues, 'reason changes');
    return catalog;
}
/** The label to show for a reason id, falling back to the id itself for reasons no longer in the catalog. */
export function reasonLabel(catalog, id) {
    return catalog.find((r) => r.id === id)?.label ?? id;
}
//# sourceMappingURL=reasons.js.map