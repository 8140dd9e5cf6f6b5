import { type ParseResult } from './errors.js';
/** Why a lead was rejected or recycled; admins add their own and relabel the defaults. */
export interface Reason {
    id: string;
    label: string;
    /** Retired reasons stay valid for old feedback but are no longer offered. */
    retired?: boolean;
}
export type ReasonCatalog = Reason[];
export declare const DEFAULT_REASONS: readonly Reason[];
/** Parses an admin's reason catalog: unique ids, non-empty labels. */
export declare function parseReasonCatalog(input: unknown): ParseResult<ReasonCatalog>;
export interface ReasonChanges {
    add?: Reason[];
    relabel?: Record<string, string>;
    retire?: string[];
}
/** A new catalog from a base with an admin's additions, relabels and retirements; unknown ids are errors. */
export declare function customizeReasons(base: readonly Reason[], changes: ReasonChanges): ReasonCatalog;
/** The label to show for a reason id, falling back to the id itself for reasons no longer in the catalog. */
export declare function reasonLabel(catalog: readonly Reason[], id: string): string;
//# sourceMappingURL=reasons.d.ts.map