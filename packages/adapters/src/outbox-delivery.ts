import type { DeliveryState, Feedback, QueuedFeedback } from '@leadloop/core';
import type { Entry } from './outbox-storage.js';

/** What the outbox is doing: nothing to send, sending, waiting out a backoff, or waiting to be online. */
export type OutboxState = 'idle' | 'sending' | 'waiting' | 'offline' | 'closed';

export interface OutboxStatus {
  state: OutboxState;
  /** Submits stored and not yet delivered (refused ones not counted). */
  pending: number;
  /** Submits the server refused for good (invalid input, conflict…), kept until retried or discarded. */
  failed: number;
  /** Epoch ms of the next attempt while `waiting`. */
  nextAttemptAt?: number;
  /** The last error a send met. */
  lastError?: { code: string; message: string };
}

/**
 * Where a stored submit stands. A first attempt going out normally is "sending"; anything held
 * back (offline, backoff, a failed attempt) is "queued", which a widget tells the rep.
 */
export function deliveryStateOf(entry: Entry, state: OutboxState): DeliveryState {
  if (entry.failed) return 'failed';
  return entry.attempts === 0 && (state === 'sending' || state === 'idle') ? 'sending' : 'queued';
}

/** The stored submits, oldest first, as a widget lists them. */
export function queuedFeedbackOf(entries: Iterable<Entry>, state: OutboxState): QueuedFeedback[] {
  return [...entries]
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
    .map((e) => ({ idempotencyKey: e.key, input: e.input, state: deliveryStateOf(e, state), attempts: e.attempts, ...(e.failed ? { error: e.failed } : {}) }));
}

/** The counts of the stored submits, with what the outbox is doing. */
export function statusOf(entries: Iterable<Entry>, state: OutboxState, nextAttemptAt: number | undefined, lastError: OutboxStatus['lastError']): OutboxStatus {
  let pending = 0;
  let failed = 0;
  for (const e of entries) e.failed ? failed++ : pending++;
  const status: OutboxStatus = { state, pending, failed };
  if (state === 'waiting' && nextAttemptAt !== undefined) status.nextAttemptAt = nextAttemptAt;
  if (lastError) status.lastError = lastError;
  return status;
}

type Waiter = { resolve: (feedback: Feedback) => void; reject: (error: unknown) => void };

/** The callers waiting for their submit's outcome, by idempotency key (one key may have several). */
export class Waiters {
  readonly #byKey = new Map<string, Waiter[]>();

  /** Resolves with the delivered feedback, or rejects with the refusal. */
  wait(key: string): Promise<Feedback> {
    return new Promise<Feedback>((resolve, reject) => {
      const list = this.#byKey.get(key) ?? [];
      list.push({ resolve, reject });
      this.#byKey.set(key, list);
    });
  }

  delivered(key: string, feedback: Feedback): void {
    for (const waiter of this.#take(key)) waiter.resolve(feedback);
  }

  refused(key: string, error: unknown): void {
    for (const waiter of this.#take(key)) waiter.reject(error);
  }

  /** Rejects every waiting caller (the outbox closed). */
  refuseAll(error: () => unknown): void {
    for (const key of [...this.#byKey.keys()]) for (const waiter of this.#take(key)) waiter.reject(error());
  }

  #take(key: string): Waiter[] {
    const list = this.#byKey.get(key) ?? [];
    this.#byKey.delete(key);
    return list;
  }
}
