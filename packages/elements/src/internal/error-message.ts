import { msg } from '@lit/localize';
import { LeadLoopError } from '@leadloop/core';

/** Errors already written to the console, so a render that repeats a message does not repeat the log. */
const logged = new WeakSet<object>();

/**
 * What a person should read when a load or save fails, in their language; never a stack. Three
 * cases are all a rep can act on: wait and retry, ask for access, reload and look again. Anything
 * but a LeadLoopError is a fault in the page (an adapter wrapped in a framework's proxy, say): it
 * says so, offers no retry that cannot help, and goes to the console for the developer.
 */
export function errorMessage(error: unknown): string {
  if (!(error instanceof LeadLoopError)) {
    if (typeof error === 'object' && error !== null && !logged.has(error)) {
      logged.add(error);
      console.error('LeadLoop: the adapter failed with an error that is not a LeadLoopError', error);
    }
    return msg('Something went wrong in this page: reload it, and tell your administrator if it happens again.');
  }
  if (error.retryable) return msg('The server cannot be reached right now.');
  if (error.code === 'unauthorized' || error.code === 'forbidden') return msg('You are not allowed to do this, or your session has ended.');
  return msg('The server refused it: reload to see what changed.');
}

/** Whether trying the same request again can help: only a LeadLoopError that says so. */
export function canRetry(error: unknown): boolean {
  return error instanceof LeadLoopError && error.retryable;
}
