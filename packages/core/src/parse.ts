import * as z from 'zod/mini';
import { invalidInput, type Issue, type ParseResult } from './errors.js';
import { isoToMs } from './timestamps.js';

/** Keys that could reach an object's prototype when an input is copied naively. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** Finds own keys such as `__proto__` anywhere in a JSON-like value, and nesting deeper than any real input. */
export function findHostileKeys(value: unknown, path: string[] = [], issues: Issue[] = []): Issue[] {
  if (value === null || typeof value !== 'object' || issues.length >= 20) return issues;
  if (path.length > MAX_DEPTH) {
    issues.push({ path: path.join('.'), message: `nested deeper than ${MAX_DEPTH} levels` });
    return issues;
  }
  for (const key of Object.keys(value)) {
    if (HOSTILE_KEYS.has(key)) issues.push({ path: [...path, key].join('.'), message: 'key is not allowed' });
    else findHostileKeys((value as Record<string, unknown>)[key], [...path, key], issues);
  }
  return issues;
}

type ZodIssue = z.core.$ZodIssue;

function describe(issue: ZodIssue): string {
  const i = issue as ZodIssue & Record<string, unknown>;
  // Our schemas carry their own wording; zod/mini without a locale says only "Invalid input".
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (i.received === 'NaN' || i.received === 'Infinity') return `expected a finite number, got ${String(i.received)}`;
      if (i.expected === 'int') return 'expected a whole number';
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
      return `must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `must be ${String(i.format)}`;
    case 'unrecognized_keys':
      return `unknown key${(i.keys as string[]).length > 1 ? 's' : ''} ${(i.keys as string[]).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    default:
      return 'is invalid';
  }
}

export function toIssues(issues: readonly ZodIssue[]): Issue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: describe(issue) }));
}

/**
 * Parses untrusted input with a schema: hostile keys first, then the schema, then an optional
 * check that needs context (a waterfall, a catalog). Every bad field is named.
 */
export function parseWith<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  what: string,
  check?: (value: T) => Issue[],
): ParseResult<T> {
  const hostile = findHostileKeys(input);
  if (hostile.length > 0) return { ok: false, error: invalidInput(hostile, what) };
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, error: invalidInput(toIssues(result.error.issues), what) };
  const extra = check ? check(result.data) : [];
  if (extra.length > 0) return { ok: false, error: invalidInput(extra, what) };
  return { ok: true, value: result.data };
}

/** Like parseWith, for functions that take typed input: throws the LeadLoopError instead. */
export function expectValid<T>(result: ParseResult<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * A value built on first use. Schemas are built this way so that importing a constant or a
 * zod-free function from core (an element that only draws a funnel) does not bundle zod.
 */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** zod/mini schema for an ISO-8601 date-time string with a zone. */
export const isoDateTime = /* @__PURE__ */ once(() => z.string().check(
  z.maxLength(40),
  z.refine((v) => !Number.isNaN(isoToMs(v)), { message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-01-31T09:30:00Z' }),
));

/** Identifiers: letters, digits and `_ - . :`, starting with a letter or digit (so never `__proto__`). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const ID_MESSAGE = 'must be 1–100 letters, digits or _ - . :, starting with a letter or digit';

/** zod/mini schema for an identifier (ID_PATTERN). */
export const idSchema = /* @__PURE__ */ once(() => z.string().check(z.regex(ID_PATTERN, { message: ID_MESSAGE })));

/** Human text on one line or a few: bounded so a hostile payload cannot bloat a store. */
export const shortText = (max = 255) => z.string().check(z.maxLength(max));

/** A short, safe description of any value for an error message (never calls the value's own toString). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value === 'number' ? String(value) : `a ${typeof value}`;
}

/** Guards for functions that take typed input: throw invalid_input instead of failing with a TypeError. */
export function requireArray<T>(value: readonly T[] | unknown, path: string, what: string): readonly T[] {
  if (!Array.isArray(value)) throw invalidInput([{ path, message: `expected an array, got ${describeValue(value)}` }], what);
  return value as readonly T[];
}

export function requireObject<T extends object>(value: T | unknown, path: string, what: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput([{ path, message: `expected an object, got ${describeValue(value)}` }], what);
  }
  return value as T;
}

/** Every item of an array is an object: named by index when not. */
export function requireObjects<T extends object>(value: readonly T[] | unknown, path: string, what: string): readonly T[] {
  const list = requireArray<T>(value, path, what);
  const bad = list.findIndex((item) => item === null || typeof item !== 'object' || Array.isArray(item));
  if (bad >= 0) throw invalidInput([{ path: `${path}.${bad}`, message: `expected an object, got ${describeValue(list[bad])}` }], what);
  return list;
}
