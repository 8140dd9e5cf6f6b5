import * as z from 'zod/mini';
import { type Issue, type ParseResult } from './errors.js';
/** Finds own keys such as `__proto__` anywhere in a JSON-like value, and nesting deeper than any real input. */
export declare function findHostileKeys(value: unknown, path?: string[], issues?: Issue[]): Issue[];
type ZodIssue = z.core.$ZodIssue;
export declare function toIssues(issues: readonly ZodIssue[]): Issue[];
/**
 * Parses untrusted input with a schema: hostile keys first, then the schema, then an optional
 * check that needs context (a waterfall, a catalog). Every bad field is named.
 */
export declare function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown, what: string, check?: (value: T) => Issue[]): ParseResult<T>;
/** Like parseWith, for functions that take typed input: throws the LeadLoopError instead. */
export declare function expectValid<T>(result: ParseResult<T>): T;
/**
 * Milliseconds since the epoch of an ISO-8601 date-time with a zone (`Z` or ±hh:mm), or NaN.
 * Rejects impossible calendar dates (2026-02-30) that Date.parse would roll over.
 */
export declare function isoToMs(value: string): number;
/** zod/mini schema for an ISO-8601 date-time string with a zone. */
export declare const isoDateTime: z.ZodMiniString<string>;
/** An identifier: letters, digits and `_ - . :`; never `__proto__` (must start with a letter or digit). */
export declare const idSchema: z.ZodMiniString<string>;
/** Human text on one line or a few: bounded so a hostile payload cannot bloat a store. */
export declare const shortText: (max?: number) => z.ZodMiniString<string>;
export {};
//# sourceMappingURL=parse.d.ts.map