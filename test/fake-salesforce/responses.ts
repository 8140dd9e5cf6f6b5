/** What the fake answers, and Salesforce's errors as the fake raises and sends them. */

export interface Response {
  status: number;
  body?: unknown;
}

/** One record refused (a field, a rule, a duplicate): a per-record error in collections, a 400 elsewhere. */
export class RecordError extends Error {
  constructor(readonly statusCode: string, message: string, readonly fields: string[] = []) {
    super(message);
  }
}

/** A whole request refused, with the status and body Salesforce sends. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** Salesforce's top-level error body: `[{ message, errorCode, fields? }]`. */
export const sfError = (status: number, errorCode: string, message: string, fields?: string[]): HttpError =>
  new HttpError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);

export function toResponse(error: unknown): Response {
  if (error instanceof HttpError) return { status: error.status, body: error.body };
  if (error instanceof RecordError) return { status: 400, body: [{ message: error.message, errorCode: error.statusCode, fields: error.fields }] };
  return { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: error instanceof Error ? error.message : String(error) }] };
}
