import { msg } from '@lit/localize';
import { LeadLoopError } from '@leadloop/core';

/**
 * What a person should read when a load or save fails, in their language; never a stack. Three
 * cases are all a rep can act on: wait and retry, ask for access, reload and look again.
 */
export function errorMessage(error: unknown): string {
  const code = error instanceof LeadLoopError ? error.code : 'unavailable';
  if (canRetry(error)) return msg('The server cannot be reached right now.');
  if (code === 'unauthorized' || code === 'forbidden') return msg('You are not allowed to do this, or your session has ended.');
  return msg('The server refused it: reload to see what changed.');
}

/** Whether trying the same request again can help: network failures and retryable LeadLoopErrors. */
export function canRetry(error: unknown): boolean {
  return error instanceof LeadLoopError ? error.retryable : true;
}
