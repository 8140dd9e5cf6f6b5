/** Error codes shared by every layer; REST maps them to HTTP statuses. */
export type LeadLoopErrorCode = 'invalid_input' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'payload_too_large' | 'rate_limited' | 'unavailable' | 'internal';
/** One bad field: `path` is dotted with numeric indexes (`leads.3.createdAt`), '' for the root. */
export interface Issue {
    path: string;
    message: string;
}
export interface LeadLoopErrorOptions {
    issues?: Issue[];
    retryable?: boolean;
    /** Milliseconds the caller should wait before retrying (from Retry-After and the like). */
    retryAfterMs?: number;
    cause?: unknown;
}
/** The one error type of LeadLoop: a machine-readable `code`, the bad fields, and whether a retry can help. */
export declare class LeadLoopError extends Error {
    readonly code: LeadLoopErrorCode;
    readonly issues: Issue[];
    readonly retryable: boolean;
    readonly retryAfterMs: number | undefined;
    constructor(code: LeadLoopErrorCode, message: string, options?: LeadLoopErrorOptions);
    /** The JSON error body of the REST contract. */
    toJSON(): {
        code: LeadLoopErrorCode;
        message: string;
        issues?: Issue[];
    };
}
/** An `invalid_input` error naming every bad field. */
export declare function invalidInput(issues: Issue[], what?: string): LeadLoopError;
export declare function isLeadLoopError(value: unknown): value is LeadLoopError;
/** Result of parsing untrusted input. */
export type ParseResult<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    error: LeadLoopError;
};
//# sourceMappingURL=errors.d.ts.map