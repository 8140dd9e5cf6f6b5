import type { FeedbackInput, LeadLoopAdapter } from '@leadloop/core';

/** Where one queued write stands: in flight for the first time, waiting (offline, behind others, backing off), or refused. */
export type DeliveryState = 'sending' | 'queued' | 'failed';

/** A write a durable queue holds and has not delivered yet. */
export interface QueuedFeedback {
  idempotencyKey: string;
  input: FeedbackInput;
  state: DeliveryState;
}

/**
 * What an adapter that queues writes durably (the outbox of @leadloop/adapters) tells a widget,
 * so it can say "queued — will send" honestly. Elements never import the outbox itself: they
 * check for these methods.
 */
export interface DeliveryTracking {
  /** Where the write sent with this idempotency key stands; undefined once delivered, or never seen. */
  deliveryState(idempotencyKey: string): DeliveryState | undefined;
  /** Writes still held, oldest first (also those queued before a reload). */
  queuedFeedback(): QueuedFeedback[];
  /** Calls the listener whenever the queue changes; returns the function that stops listening. */
  subscribeQueue(listener: () => void): () => void;
}

export function tracksDelivery(adapter: LeadLoopAdapter | undefined): adapter is LeadLoopAdapter & DeliveryTracking {
  const candidate = adapter as Partial<DeliveryTracking> | undefined;
  return typeof candidate?.deliveryState === 'function' && typeof candidate.subscribeQueue === 'function' && typeof candidate.queuedFeedback === 'function';
}
