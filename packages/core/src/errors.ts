/** Error codes shared by every layer; REST maps them to HTTP statuses. */
export type LeadLoopErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

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

const RETRYABLE_BY_DEFAULT: ReadonlySet<LeadLoopErrorCode> = new Set(['rate_limited', 'unavailable']);

/** The one error type of LeadLoop: a machine-readable `code`, the bad fields, and whether a retry can help. */
export class LeadLoopError extends Error {
  readonly code: LeadLoopErrorCode;
  readonly issues: Issue[];
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: LeadLoopErrorCode, message: string, options: LeadLoopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LeadLoopError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The JSON error body of the REST contract. */
  toJSON(): { code: LeadLoopErrorCode; message: string; issues?: Issue[] } {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** An `invalid_input` error naming every bad field. */
export function invalidInput(issues: Issue[], what = 'input'): LeadLoopError {
  const first = issues[0];
  const summary = first ? `${first.path || what}: ${first.message}` : 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new LeadLoopError('invalid_input', `Invalid ${what} — ${summary}${more}`, { issues });
}

export function isLeadLoopError(value: unknown): value is LeadLoopError {
  return value instanceof LeadLoopError;
}

/** Result of parsing untrusted input. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: LeadLoopError };
