import {
  feedbackFingerprint, invalidInput, LeadLoopError, Listeners, type AdapterChange, type ApprovalInput, type ChecklistInput,
  type DeliveryState, type DeliveryTracking, type Feedback, type FeedbackInput, type FeedbackSummary, type FunnelQuery,
  type FunnelReport, type LeadDetail, type LeadLoopAdapter, type LeadLoopConfig, type QualificationDefinition,
  type QualificationResult, type QueuedFeedback, type SubmitOptions, type SummaryQuery,
} from '@leadloop/core';
import { deliveryStateOf, queuedFeedbackOf, statusOf, Waiters, type OutboxState, type OutboxStatus } from './outbox-delivery.js';
import { describeError, isRetryable, nextAttemptAt, waitOrAbort, type RetryPolicy } from './outbox-retry.js';
import { addEntry, openQueue, readEntries, readHead, writeEntries, type Entry } from './outbox-storage.js';

export type { DeliveryState, OutboxState, OutboxStatus, QueuedFeedback };

export interface OutboxOptions {
  /** The IndexedDB database; one per user and org, so queues never mix. Default `leadloop-outbox`. */
  name?: string;
  /** Wait before the first retry, in ms (default 1 000); doubled per failed attempt up to `maxDelayMs`, with jitter. */
  baseDelayMs?: number;
  /** Longest wait between attempts, in ms (default 5 minutes); a server's Retry-After may ask for longer, up to an hour. */
  maxDelayMs?: number;
  /** Whether the browser thinks it is online; default `navigator.onLine`. While offline the outbox does not try. */
  isOnline?: () => boolean;
  /** Waits `ms` or until `signal` aborts (close, `retryNow`, coming online). Tests replace it. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Jitter source, 0 ≤ x < 1; default Math.random. */
  random?: () => number;
  /** The IndexedDB factory; default the global one. */
  indexedDB?: IDBFactory;
}

/** What one tab tells the others about the queue they share. */
type Message = { type: 'changed' } | { type: 'delivered'; key: string; feedback: Feedback } | { type: 'refused'; key: string; error: { code: string; message: string } };

const closedError = () => new LeadLoopError('unavailable', 'The outbox closed before this feedback was sent; it stays queued and is sent when an outbox opens again.', { retryable: true });

/**
 * A durable queue in front of any adapter's feedback writes. `submitFeedback` stores the submit
 * with its idempotency key in IndexedDB first, then sends the queue in order, one at a time;
 * failures that a retry can fix are retried with exponential backoff and jitter, never sooner
 * than the server's Retry-After; refusals (invalid input, conflict…) are reported and set aside.
 * The queue survives reloads and going offline. A submit may reach the server and lose its
 * answer (a reload mid-request, a dropped connection): it is sent again with the same key, which
 * the store recognises, so nothing is saved twice. Tabs share one queue: one sends at a time
 * (Web Locks) and the others hear the outcome (BroadcastChannel). Every other method goes
 * straight to the wrapped adapter.
 *
 * Order holds among the submits of one queue: the next is sent only once the previous one was
 * delivered or refused.
 */
export class Outbox implements LeadLoopAdapter, DeliveryTracking {
  /** Resolves once the stored queue is loaded (rejects when IndexedDB cannot be opened). */
  readonly ready: Promise<void>;
  readonly #inner: LeadLoopAdapter;
  readonly #name: string;
  readonly #retry: RetryPolicy;
  readonly #isOnline: () => boolean;
  readonly #wait: (ms: number, signal: AbortSignal) => Promise<void>;
  #db: IDBDatabase | undefined;
  /** What is in the store, by key: the synchronous view `status` and `deliveryState` answer from. */
  readonly #entries = new Map<string, Entry>();
  readonly #waiters = new Waiters();
  readonly #statusListeners = new Listeners<OutboxStatus>();
  readonly #changeListeners = new Listeners<AdapterChange>();
  readonly #channel: BroadcastChannel | undefined;
  #state: OutboxState = 'idle';
  #nextAttemptAt: number | undefined;
  #lastError: { code: string; message: string } | undefined;
  /** IndexedDB could not be opened: submits go straight through. */
  #unavailable = false;
  #pumping = false;
  #again = false;
  #wake = new AbortController();
  readonly #closing = new AbortController();
  readonly #onOnline = () => this.retryNow();

  constructor(inner: LeadLoopAdapter, options: OutboxOptions = {}) {
    this.#inner = inner;
    this.#name = options.name ?? 'leadloop-outbox';
    this.#retry = { baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 5 * 60_000, random: options.random ?? Math.random };
    this.#isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine ?? true);
    this.#wait = options.wait ?? waitOrAbort;
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(`leadloop-outbox:${this.#name}`) : undefined;
    if (this.#channel) this.#channel.onmessage = (event: MessageEvent<Message>) => void this.#onMessage(event.data);
    globalThis.addEventListener?.('online', this.#onOnline);
    this.ready = this.#open(options.indexedDB ?? globalThis.indexedDB);
    this.ready.then(() => this.#pump(), () => (this.#unavailable = true));
  }

  // ─── the queue ───────────────────────────────────────────────────────────────────────────

  /**
   * Queues feedback and resolves with the stored feedback once it is delivered. Rejects when the
   * server refuses it for good, or with `conflict` when the key was queued with other input.
   * Submitting a refused key again queues it again (the rep's retry). Without IndexedDB it sends
   * straight through the wrapped adapter.
   */
  async submitFeedback(input: FeedbackInput, options: SubmitOptions): Promise<Feedback> {
    let key: string;
    try {
      key = await this.enqueue(input, options);
    } catch (error) {
      // No IndexedDB (a locked-down browser, some private modes): send directly rather than not at all.
      if (this.#unavailable) return this.#inner.submitFeedback(input, options);
      throw error;
    }
    if (this.#closing.signal.aborted) throw closedError();
    return this.#waiters.wait(key);
  }

  /** Stores the submit durably and starts sending; resolves with its key once it is on disk (not once delivered). */
  async enqueue(input: FeedbackInput, options: SubmitOptions): Promise<string> {
    const key = options?.idempotencyKey;
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      throw invalidInput([{ path: 'idempotencyKey', message: 'is required: 1–255 characters' }], 'feedback');
    }
    if (typeof input !== 'object' || input === null || typeof input.leadId !== 'string' || typeof input.outcome !== 'string') {
      throw invalidInput([{ path: '', message: 'expected feedback with a leadId and an outcome' }], 'feedback');
    }
    const db = await this.#openDb();
    // A plain copy: what is stored is data, never a live object of the page.
    const data = JSON.parse(JSON.stringify(input)) as FeedbackInput;
    const entry = await addEntry(db, key, data, feedbackFingerprint(data));
    this.#entries.set(key, entry);
    this.#changed(true);
    void this.#pump();
    return key;
  }

  /** Where the submit with this key stands; undefined once delivered (or never queued here). */
  deliveryState(idempotencyKey: string): DeliveryState | undefined {
    const entry = this.#entries.get(idempotencyKey);
    return entry && deliveryStateOf(entry, this.#state);
  }

  /** Everything held, oldest first, including refused submits and those queued before a reload. */
  queuedFeedback(): QueuedFeedback[] {
    return queuedFeedbackOf(this.#entries.values(), this.#state);
  }

  /** The pending count and what the outbox is doing. */
  get status(): OutboxStatus {
    return statusOf(this.#entries.values(), this.#state, this.#nextAttemptAt, this.#lastError);
  }

  /** Calls the listener with the status whenever the queue or its state changes; returns the function that stops. */
  subscribeQueue(listener: (status: OutboxStatus) => void): () => void {
    return this.#statusListeners.add(listener);
  }

  /** Stops waiting (a backoff, being offline) and tries now: a "retry now" button, or a test. */
  retryNow(): void {
    this.#wake.abort();
    void this.#pump();
  }

  /** Resolves when nothing is pending any more (refused submits do not count). */
  whenDrained(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.status.pending === 0 || this.#closing.signal.aborted) {
          stop();
          resolve();
        }
      };
      const stop = this.subscribeQueue(check);
      check();
    });
  }

  /** Drops a refused submit for good (the rep gave up on it). */
  async discard(idempotencyKey: string): Promise<void> {
    const db = await this.#openDb();
    const entry = this.#entries.get(idempotencyKey);
    if (!entry?.failed) return;
    await writeEntries(db, (store) => store.delete(entry.seq!));
    this.#entries.delete(idempotencyKey);
    this.#changed(true);
  }

  /**
   * Stops sending and lets go of the database; what is queued stays queued for the next outbox on
   * the same name (the next page load). Waiting submitters are rejected (retryable `unavailable`).
   */
  close(): void {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    this.#wake.abort();
    globalThis.removeEventListener?.('online', this.#onOnline);
    this.#channel?.close();
    this.#db?.close();
    this.#state = 'closed';
    this.#waiters.refuseAll(closedError);
    this.#notify();
  }

  // ─── straight through ────────────────────────────────────────────────────────────────────

  getConfig(): Promise<LeadLoopConfig> {
    return this.#inner.getConfig();
  }
  getLead(id: string): Promise<LeadDetail> {
    return this.#inner.getLead(id);
  }
  listFeedback(leadId: string): Promise<Feedback[]> {
    return this.#inner.listFeedback(leadId);
  }
  saveChecklist(leadId: string, input: ChecklistInput): Promise<QualificationResult> {
    return this.#inner.saveChecklist(leadId, input);
  }
  getFunnel(query?: FunnelQuery): Promise<FunnelReport> {
    return this.#inner.getFunnel(query);
  }
  getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    return this.#inner.getFeedbackSummary(query);
  }
  getDefinition(): Promise<QualificationDefinition> {
    return this.#inner.getDefinition();
  }
  saveDefinition(definition: QualificationDefinition): Promise<QualificationDefinition> {
    return this.#inner.saveDefinition(definition);
  }
  approveDefinition(input: ApprovalInput): Promise<QualificationDefinition> {
    return this.#inner.approveDefinition(input);
  }

  /** The wrapped adapter's changes; when it has none to tell, the outbox tells of the feedback it delivered. */
  subscribe(listener: (change: AdapterChange) => void): () => void {
    return this.#inner.subscribe?.(listener) ?? this.#changeListeners.add(listener);
  }

  // ─── inside ──────────────────────────────────────────────────────────────────────────────

  async #open(factory: IDBFactory | undefined): Promise<void> {
    // Another tab upgrading or deleting the database: step aside rather than block it.
    const db = await openQueue(factory, this.#name, () => this.close());
    if (this.#closing.signal.aborted) {
      db.close();
      return;
    }
    this.#db = db;
    await this.#reload();
  }

  /** Reads the whole queue into memory (at start, and when another tab changed it). */
  async #reload(): Promise<void> {
    if (!this.#db || this.#closing.signal.aborted) return;
    const all = await readEntries(this.#db);
    this.#entries.clear();
    for (const e of all) this.#entries.set(e.key, e);
    this.#notify();
  }

  /** The database once the queue is loaded; rejects when the outbox closed or IndexedDB could not be opened. */
  async #openDb(): Promise<IDBDatabase> {
    await this.ready;
    if (this.#closing.signal.aborted || !this.#db) throw closedError();
    return this.#db;
  }

  /** Runs the send loop unless it runs already (here, or in another tab holding the lock). */
  async #pump(): Promise<void> {
    if (this.#closing.signal.aborted || !this.#db) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        const locks = globalThis.navigator?.locks;
        try {
          if (locks) await locks.request(`leadloop-outbox:${this.#name}`, { signal: this.#closing.signal }, () => this.#drain());
          else await this.#drain();
        } catch (error) {
          // The database went away (closed, deleted by another tab) or the lock request was
          // aborted by close(): nothing to send from here. Anything else: try again later.
          if (this.#closing.signal.aborted) return;
          this.#lastError = describeError(error);
          await this.#pause('waiting', this.#retry.maxDelayMs);
          this.#again = true;
        }
      } while (this.#again && !this.#closing.signal.aborted);
    } finally {
      this.#pumping = false;
      if (!this.#closing.signal.aborted) this.#setState('idle');
    }
  }

  async #drain(): Promise<void> {
    // Another tab may have sent while this one waited for the lock.
    await this.#reload();
    const db = this.#db!;
    const closing = this.#closing.signal;
    /** The backoff last waited out, as key#attempts. */
    let waited = '';
    while (!closing.aborted) {
      const entry = await readHead(db);
      if (!entry || closing.aborted) return;
      if (!this.#isOnline()) {
        await this.#pause('offline', this.#retry.maxDelayMs);
        continue;
      }
      // Wait out the backoff once, then try: a wait that ends early (retryNow, back online) means "try now".
      const delay = entry.notBefore - Date.now();
      const mark = `${entry.key}#${entry.attempts}`;
      if (delay > 0 && waited !== mark) {
        this.#nextAttemptAt = entry.notBefore;
        await this.#pause('waiting', delay);
        waited = mark;
        continue;
      }
      this.#setState('sending');
      let feedback: Feedback;
      try {
        feedback = await this.#untilClosed(this.#inner.submitFeedback(entry.input, { idempotencyKey: entry.key }));
      } catch (error) {
        if (closing.aborted) return;
        await this.#failed(entry, error);
        continue;
      }
      // Closed while the answer came back: leave the entry; the next outbox sends it again under
      // the same key and the store answers with this same feedback.
      if (closing.aborted) return;
      await this.#delivered(entry, feedback);
    }
  }

  #untilClosed<T>(promise: Promise<T>): Promise<T> {
    const closing = this.#closing.signal;
    return new Promise<T>((resolve, reject) => {
      const onClose = () => reject(closedError());
      closing.addEventListener('abort', onClose, { once: true });
      promise.then(resolve, reject).finally(() => closing.removeEventListener('abort', onClose));
    });
  }

  async #pause(state: OutboxState, ms: number): Promise<void> {
    this.#setState(state);
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
    await this.#wait(Math.max(0, ms), this.#wake.signal);
    if (this.#wake.signal.aborted) this.#wake = new AbortController();
  }

  async #failed(entry: Entry, error: unknown): Promise<void> {
    this.#lastError = describeError(error);
    const next: Entry = { ...entry, attempts: entry.attempts + 1 };
    if (isRetryable(error)) next.notBefore = nextAttemptAt(next.attempts, error, this.#retry);
    else next.failed = describeError(error);
    await this.#write((store) => store.put(next));
    if (this.#closing.signal.aborted) return;
    this.#entries.set(entry.key, next);
    if (next.failed) {
      this.#waiters.refused(entry.key, error);
      this.#post({ type: 'refused', key: entry.key, error: next.failed });
    }
    this.#changed(true);
  }

  async #delivered(entry: Entry, feedback: Feedback): Promise<void> {
    await this.#write((store) => store.delete(entry.seq!));
    if (this.#closing.signal.aborted) return;
    this.#entries.delete(entry.key);
    this.#lastError = undefined;
    this.#waiters.delivered(entry.key, feedback);
    this.#post({ type: 'delivered', key: entry.key, feedback });
    if (!this.#inner.subscribe) this.#changeListeners.notify({ type: 'feedback', leadId: feedback.leadId, feedback });
    this.#changed(true);
  }

  async #write(change: (store: IDBObjectStore) => void): Promise<void> {
    if (!this.#closing.signal.aborted) await writeEntries(this.#db!, change);
  }

  async #onMessage(message: Message): Promise<void> {
    if (message.type === 'delivered') this.#waiters.delivered(message.key, message.feedback);
    if (message.type === 'refused') {
      this.#waiters.refused(message.key, new LeadLoopError(message.error.code as LeadLoopError['code'], message.error.message));
    }
    await this.#reload();
    void this.#pump();
  }

  #post(message: Message): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel (the page is going away): the other tabs reload on their next change.
    }
  }

  #changed(tellOthers: boolean): void {
    if (tellOthers) this.#post({ type: 'changed' });
    this.#notify();
  }

  #setState(state: OutboxState): void {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    this.#notify();
  }

  #notify(): void {
    this.#statusListeners.notify(this.status);
  }
}
