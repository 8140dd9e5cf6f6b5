const RETRYABLE_BY_DEFAULT = new Set(['rate_limited', 'unavailable']);
/** The one error type of LeadLoop: a machine-readable `code`, the bad fields, and whether a retry can help. */
export class LeadLoopError extends Error {
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'LeadLoopError';
        this.code = code;
        this.issues = options.issues ?? [];
        this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
        this.retryAfterMs = options.retryAfterMs;
    }
    /** The JSON error body of the REST contract. */
    toJSON() {
        return this.issues.length > 0
            ? { code: this.code, message: this.message, issues: this.issues }
            : { code: this.code, message: this.message };
    }
}
/** An `invalid_input` error naming every bad field. */
export function invalidInput(issues, what = 'input') {
    const first = issues[0];
    const summary = first ? `${first.path || what}: ${first.message}` : 'invalid';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return new LeadLoopError('invalid_input', `Invalid ${what} — ${summary}${more}`, { issues });
}
export function isLeadLoopError(value) {
    return value instanceof LeadLoopError;
}
//# sourceMappingURL=errors.js.map