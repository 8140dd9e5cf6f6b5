import { invalidInput, LeadLoopError } from './errors.js';

/** Visible ASCII, so that a key travels unchanged in an Idempotency-Key header. */
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** The idempotency key of a submit, checked: 1–255 visible ASCII characters, else invalid_input. */
export function expectIdempotencyKey(value: unknown): string {
  if (typeof value !== 'string' || !KEY_RE.test(value)) {
    throw invalidInput([{ path: 'idempotencyKey', message: 'is required: 1–255 visible ASCII characters' }], 'feedback');
  }
  return value;
}

/** The answer to a key sent again with other feedback. */
export const keyReusedError = (): LeadLoopError => new LeadLoopError('conflict', 'This idempotency key was already used for different feedback.');
