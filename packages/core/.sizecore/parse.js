import * as z from 'zod/mini';
import { invalidInput } from './errors.js';
/** Keys that could reach an object's prototype when an input is copied naively. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;
/** Finds own keys such as `__proto__` anywhere in a JSON-like value, and nesting deeper than any real input. */
export function findHostileKeys(value, path = [], issues = []) {
    if (value === null || typeof value !== 'object' || issues.length >= 20)
        return issues;
    if (path.length > MAX_DEPTH) {
        issues.push({ path: path.join('.'), message: `nested deeper than ${MAX_DEPTH} levels` });
        return issues;
    }
    for (const key of Object.keys(value)) {
        if (HOSTILE_KEYS.has(key))
            issues.push({ path: [...path, key].join('.'), message: 'key is not allowed' });
        else
            findHostileKeys(value[key], [...path, key], issues);
    }
    return issues;
}
function describe(issue) {
    const i = issue;
    // Our schemas carry their own wording; zod/mini without a locale says only "Invalid input".
    if (issue.message && issue.message !== 'Invalid input')
        return issue.message;
    switch (issue.code) {
        case 'invalid_type':
            if (i.received === 'NaN' || i.received === 'Infinity')
                return `expected a finite number, got ${String(i.received)}`;
            if (i.expected === 'int')
                return 'expected a whole number';
            return `expected ${String(i.expected)}`;
        case 'too_big':
            return i.origin === 'string'
                ? `must be at most ${String(i.maximum)} characters`
                : i.origin === 'array'
                    ? `must have at most ${String(i.maximum)} items`
                    : `must be ${i.inclusive ? 'at most' : 'less than'} ${String(i.maximum)}`;
        case 'too_small':
            return i.origin === 'string'
                ? Number(i.minimum) === 1 ? 'must not be empty' : `must be at least ${String(i.minimum)} characters`
                : i.origin === 'array'
                    ? `must have at least ${String(i.minimum)} items`
                    : `must be ${i.inclusive ? 'at least' : 'greater than'} ${String(i.minimum)}`;
        case 'invalid_value':
            return `must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
        case 'invalid_format':
            return `must be ${String(i.format)}`;
        case 'unrecognized_keys':
            return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
        case 'invalid_union':
            return 'matches none of the allowed shapes';
        default:
            return 'is invalid';
    }
}
export function toIssues(issues) {
    return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: describe(issue) }));
}
/**
 * Parses untrusted input with a schema: hostile keys first, then the schema, then an optional
 * check that needs context (a waterfall, a catalog). Every bad field is named.
 */
export function parseWith(schema, input, what, check) {
    const hostile = findHostileKeys(input);
    if (hostile.length > 0)
        return { ok: false, error: invalidInput(hostile, what) };
    const result = schema.safeParse(input);
    if (!result.success)
        return { ok: false, error: invalidInput(toIssues(result.error.issues), what) };
    const extra = check ? check(result.data) : [];
    if (extra.length > 0)
        return { ok: false, error: invalidInput(extra, what) };
    return { ok: true, value: result.data };
}
/** Like parseWith, for functions that take typed input: throws the LeadLoopError instead. */
export function expectValid(result) {
    if (!result.ok)
        throw result.error;
    return result.value;
}
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;
/**
 * Milliseconds since the epoch of an ISO-8601 date-time with a zone (`Z` or ±hh:mm), or NaN.
 * Rejects impossible calendar dates (2026-02-30) that Date.parse would roll over.
 */
export function isoToMs(value) {
    const m = ISO_RE.exec(value);
    if (!m)
        return NaN;
    const [, y, mo, d, h, mi, s] = m;
    const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi);
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || Number(s ?? 0) > 59)
        return NaN;
    if (day > new Date(Date.UTC(year, month, 0)).getUTCDate())
        return NaN;
    const zone = m[8];
    return Date.parse(zone.length === 5 ? `${value.slice(0, -5)}${zone.slice(0, 3)}:${zone.slice(3)}` : value);
}
/** zod/mini schema for an ISO-8601 date-time string with a zone. */
export const isoDateTime = /* @__PURE__ */ z.string().check(z.maxLength(40), z.refine((v) => !Number.isNaN(isoToMs(v)), { message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-31T09:30:00Z' }));
/** An identifier: letters, digits and `_ - . :`; never `__proto__` (must start with a letter or digit). */
export const idSchema = /* @__PURE__ */ z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: 'must start with a letter or digit and use only letters, digits, _ - . :' }));
/** Human text on one line or a few: bounded so a hostile payload cannot bloat a store. */
export const shortText = (max = 255) => z.string().check(z.maxLength(max));
//# sourceMappingURL=parse.js.map