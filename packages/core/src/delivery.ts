import type { LeadLoopAdapter } from './adapter.js';
import type { FeedbackInput } from './feedback.js';

/** Where one queued write stands: in flight for the first time, waiting (offline, behind others, backing off), or refused. */
export type DeliveryState = 'sending' | 'queued' | 'failed';

/** A write a durable queue holds and has not delivered yet. */
export interface QueuedFeedback {
  idempotencyKey: string;
  input: FeedbackInput;
  state: DeliveryState;
  /** Failed attempts so far. */
  attempts?: number;
  /** For a refused write: why. */
  error?: { code: string; message: string };
}

/**
 * What an adapter that queues writes durably (the outbox of @leadloop/adapters) tells a widget,
 * so it can say "queued — will send" honestly. Widgets never import the outbox: they check for
 * these methods with `tracksDelivery`.
 */
export interface DeliveryTracking {
  /** Where the write sent with this idempotency key stands; undefined once delivered, or never seen. */
  deliveryState(idempotencyKey: string): DeliveryState | undefined;
  /** Writes still held, oldest first (also those queued before a reload). */
  queuedFeedback(): QueuedFeedback[];
  /** Calls the listener whenever the queue changes; returns the function that stops listening. */
  subscribeQueue(listener: () => void): () => void;
}

/** True when the adapter queues writes durably and can say where each stands. */
export function tracksDelivery(adapter: LeadLoopAdapter | undefined): adapter is LeadLoopAdapter & DeliveryTracking {
  const candidate = adapter as Partial<DeliveryTracking> | undefined;
  return typeof candidate?.deliveryState === 'function' && typeof candidate.subscribeQueue === 'function' && typeof candidate.queuedFeedback === 'function';
}
