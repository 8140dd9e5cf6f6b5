import { LeadLoopError } from '@leadloop/core';

/** How the outbox spaces its attempts: its options of these names (see OutboxOptions), defaults applied. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

const HOUR = 3_600_000;

/** What an error says, as the outbox keeps and reports it. */
export function describeError(error: unknown): { code: string; message: string } {
  return error instanceof LeadLoopError ? { code: error.code, message: error.message } : { code: 'unavailable', message: String((error as Error)?.message ?? error) };
}

/** Network failures (a TypeError from fetch) and retryable LeadLoopErrors are worth another try; the rest is refused for good. */
export function isRetryable(error: unknown): boolean {
  return error instanceof LeadLoopError ? error.retryable : true;
}

/**
 * Epoch ms before which the next attempt waits, after `attempts` failed ones: exponential backoff
 * with jitter (half the delay to all of it), and never sooner than the server's Retry-After.
 */
export function nextAttemptAt(attempts: number, error: unknown, policy: RetryPolicy): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  const jittered = backoff / 2 + policy.random() * (backoff / 2);
  const asked = error instanceof LeadLoopError && error.retryAfterMs ? Math.min(error.retryAfterMs, HOUR) : 0;
  return Date.now() + Math.max(jittered, asked);
}

/** Waits `ms`, or less when `signal` aborts. */
export function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
