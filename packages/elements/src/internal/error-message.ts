import { msg } from '@lit/localize';
import { LeadLoopError } from '@leadloop/core';

/** What a person should read when a load or save fails: by error code, in their language; never a stack. */
export function errorMessage(error: unknown): string {
  const code = error instanceof LeadLoopError ? error.code : 'unavailable';
  switch (code) {
    case 'unavailable':
      return msg('The server cannot be reached right now.', { id: 'error.unavailable' });
    case 'rate_limited':
      return msg('Too many requests: try again in a moment.', { id: 'error.rate_limited' });
    case 'unauthorized':
      return msg('Your session has ended: sign in again.', { id: 'error.unauthorized' });
    case 'forbidden':
      return msg('You are not allowed to do this.', { id: 'error.forbidden' });
    case 'not_found':
      return msg('This lead no longer exists.', { id: 'error.not_found' });
    case 'conflict':
      return msg('This conflicts with a change saved elsewhere: reload and try again.', { id: 'error.conflict' });
    case 'invalid_input':
      return msg('The data was refused as invalid.', { id: 'error.invalid_input' });
    default:
      return msg('Something went wrong.', { id: 'error.other' });
  }
}

/** Whether trying the same request again can help: network failures and retryable LeadLoopErrors. */
export function canRetry(error: unknown): boolean {
  return error instanceof LeadLoopError ? error.retryable : true;
}
