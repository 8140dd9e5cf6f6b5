import {
  feedbackFingerprint, invalidInput, LeadLoopError,
  type AdapterChange, type ApprovalInput, type ChecklistInput, type Feedback, type FeedbackInput, type FeedbackSummary,
  type FunnelQuery, type FunnelReport, type LeadDetail, type LeadLoopAdapter, type LeadLoopConfig,
  type QualificationDefinition, type QualificationResult, type SubmitOptions, type SummaryQuery,
  type DeliveryState, type DeliveryTracking, type QueuedFeedback,
} from '@leadloop/core';

export type { DeliveryState, QueuedFeedback };

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

interface Entry {
  seq?: number;
  key: string;
  input: FeedbackInput;
  fingerprint: string;
  createdAt: number;
  attempts: number;
  /** Epoch ms before which no attempt is made (backoff, Retry-After); survives a reload. */
  notBefore: number;
  failed?: { code: string; message: string };
}

type Waiter = { resolve: (feedback: Feedback) => void; reject: (error: unknown) => void };
type Message = { type: 'changed' } | { type: 'delivered'; key: string; feedback: Feedback } | { type: 'refused'; key: string; error: { code: string; message: string } };

const STORE = 'feedback';
const HOUR = 3_600_000;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function defaultWait(ms: number, signal: AbortSignal): Promise<void> {
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

function describe(error: unknown): { code: string; message: string } {
  return error instanceof LeadLoopError ? { code: error.code, message: error.message } : { code: 'unavailable', message: String((error as Error)?.message ?? error) };
}

/** Network failures (a TypeError from fetch) and retryable LeadLoopErrors are worth another try; the rest is refused for good. */
function retryable(error: unknown): boolean {
  return error instanceof LeadLoopError ? error.retryable : true;
}

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
  readonly #baseDelay: number;
  readonly #maxDelay: number;
  readonly #isOnline: () => boolean;
  readonly #wait: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  #db: IDBDatabase | undefined;
  /** What is in the store, by key: the synchronous view `status` and `deliveryState` answer from. */
  readonly #entries = new Map<string, Entry>();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #statusListeners = new Set<(status: OutboxStatus) => void>();
  readonly #changeListeners = new Set<(change: AdapterChange) => void>();
  readonly #channel: BroadcastChannel | undefined;
  #state: OutboxState = 'idle';
  #sendingKey: string | undefined;
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
    this.#baseDelay = options.baseDelayMs ?? 1000;
    this.#maxDelay = options.maxDelayMs ?? 5 * 60_000;
    this.#isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine ?? true);
    this.#wait = options.wait ?? defaultWait;
    this.#random = options.random ?? Math.random;
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
    return new Promise<Feedback>((resolve, reject) => {
      if (this.#closing.signal.aborted) return reject(closedError());
      const list = this.#waiters.get(key) ?? [];
      list.push({ resolve, reject });
      this.#waiters.set(key, list);
    });
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
    await this.ready;
    this.#assertOpen();
    // A plain copy: what is stored is data, never a live object of the page.
    const data = JSON.parse(JSON.stringify(input)) as FeedbackInput;
    const fingerprint = feedbackFingerprint(data);
    const tx = this.#db!.transaction(STORE, 'readwrite', { durability: 'strict' });
    const store = tx.objectStore(STORE);
    const existing = await request<Entry | undefined>(store.index('key').get(key));
    let entry: Entry;
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        tx.abort();
        throw new LeadLoopError('conflict', 'This idempotency key is already queued with different feedback.');
      }
      entry = existing.failed ? { ...existing, failed: undefined, attempts: 0, notBefore: 0 } : existing;
      if (entry !== existing) store.put(entry);
    } else {
      entry = { key, input: data, fingerprint, createdAt: Date.now(), attempts: 0, notBefore: 0 };
      entry.seq = await request(store.add(entry)) as number;
    }
    await committed(tx);
    this.#entries.set(key, entry);
    this.#changed(true);
    void this.#pump();
    return key;
  }

  /** Where the submit with this key stands; undefined once delivered (or never queued here). */
  deliveryState(idempotencyKey: string): DeliveryState | undefined {
    const entry = this.#entries.get(idempotencyKey);
    if (!entry) return undefined;
    if (entry.failed) return 'failed';
    // A first attempt going out normally is "sending"; anything held back (offline, backoff, a
    // failed attempt) is "queued", which a widget tells the rep.
    return entry.attempts === 0 && (this.#state === 'sending' || this.#state === 'idle') ? 'sending' : 'queued';
  }

  /** Everything held, oldest first, including refused submits and those queued before a reload. */
  queuedFeedback(): QueuedFeedback[] {
    return [...this.#entries.values()]
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))
      .map((e) => ({ idempotencyKey: e.key, input: e.input, state: this.deliveryState(e.key)!, attempts: e.attempts, ...(e.failed ? { error: e.failed } : {}) }));
  }

  /** The pending count and what the outbox is doing. */
  get status(): OutboxStatus {
    let pending = 0;
    let failed = 0;
    for (const e of this.#entries.values()) e.failed ? failed++ : pending++;
    const status: OutboxStatus = { state: this.#state, pending, failed };
    if (this.#state === 'waiting' && this.#nextAttemptAt !== undefined) status.nextAttemptAt = this.#nextAttemptAt;
    if (this.#lastError) status.lastError = this.#lastError;
    return status;
  }

  /** Calls the listener with the status whenever the queue or its state changes; returns the function that stops. */
  subscribeQueue(listener: (status: OutboxStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
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
    await this.ready;
    this.#assertOpen();
    const entry = this.#entries.get(idempotencyKey);
    if (!entry?.failed) return;
    const tx = this.#db!.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(entry.seq!);
    await committed(tx);
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
    for (const [, list] of this.#waiters) for (const w of list) w.reject(closedError());
    this.#waiters.clear();
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
    const stopInner = this.#inner.subscribe?.(listener);
    if (stopInner) return stopInner;
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  // ─── inside ──────────────────────────────────────────────────────────────────────────────

  async #open(factory: IDBFactory): Promise<void> {
    if (!factory) throw new LeadLoopError('unavailable', 'IndexedDB is not available: the outbox cannot keep feedback.');
    const open = factory.open(this.#name, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      store.createIndex('key', 'key', { unique: true });
    };
    const db = await request(open);
    // Another tab upgrading or deleting the database: step aside rather than block it.
    db.onversionchange = () => this.close();
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
    const all = await request<Entry[]>(this.#db.transaction(STORE).objectStore(STORE).getAll());
    this.#entries.clear();
    for (const e of all) this.#entries.set(e.key, e);
    this.#notify();
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted || !this.#db) throw closedError();
  }

  /** The oldest submit still to send, read from the store itself so other tabs' submits count too. */
  async #head(): Promise<Entry | undefined> {
    const cursorRequest = this.#db!.transaction(STORE).objectStore(STORE).openCursor();
    return new Promise((resolve, reject) => {
      cursorRequest.onerror = () => reject(cursorRequest.error);
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (!cursor) return resolve(undefined);
        if ((cursor.value as Entry).failed) return cursor.continue();
        resolve(cursor.value as Entry);
      };
    });
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
          this.#lastError = describe(error);
          await this.#pause('waiting', this.#maxDelay);
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
    const closing = this.#closing.signal;
    /** The backoff last waited out, as key#attempts. */
    let waited = '';
    while (!closing.aborted) {
      const entry = await this.#head();
      if (!entry || closing.aborted) return;
      if (!this.#isOnline()) {
        await this.#pause('offline', this.#maxDelay);
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
      this.#sendingKey = entry.key;
      this.#setState('sending');
      let feedback: Feedback;
      try {
        feedback = await this.#untilClosed(this.#inner.submitFeedback(entry.input, { idempotencyKey: entry.key }));
      } catch (error) {
        if (closing.aborted) return;
        await this.#failed(entry, error);
        continue;
      } finally {
        this.#sendingKey = undefined;
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
    this.#lastError = describe(error);
    const next: Entry = { ...entry, attempts: entry.attempts + 1 };
    if (retryable(error)) {
      const backoff = Math.min(this.#maxDelay, this.#baseDelay * 2 ** (next.attempts - 1));
      const jittered = backoff / 2 + this.#random() * (backoff / 2);
      const asked = error instanceof LeadLoopError && error.retryAfterMs ? Math.min(error.retryAfterMs, HOUR) : 0;
      next.notBefore = Date.now() + Math.max(jittered, asked);
    } else {
      next.failed = describe(error);
    }
    await this.#write((store) => store.put(next));
    if (this.#closing.signal.aborted) return;
    this.#entries.set(entry.key, next);
    if (next.failed) {
      this.#settle(entry.key, (w) => w.reject(error));
      this.#post({ type: 'refused', key: entry.key, error: next.failed });
    }
    this.#changed(true);
  }

  async #delivered(entry: Entry, feedback: Feedback): Promise<void> {
    await this.#write((store) => store.delete(entry.seq!));
    if (this.#closing.signal.aborted) return;
    this.#entries.delete(entry.key);
    this.#lastError = undefined;
    this.#settle(entry.key, (w) => w.resolve(feedback));
    this.#post({ type: 'delivered', key: entry.key, feedback });
    if (!this.#inner.subscribe) for (const listener of this.#changeListeners) listener({ type: 'feedback', leadId: feedback.leadId, feedback });
    this.#changed(true);
  }

  async #write(change: (store: IDBObjectStore) => void): Promise<void> {
    if (this.#closing.signal.aborted) return;
    const tx = this.#db!.transaction(STORE, 'readwrite', { durability: 'strict' });
    change(tx.objectStore(STORE));
    await committed(tx);
  }

  #settle(key: string, fn: (waiter: Waiter) => void): void {
    const list = this.#waiters.get(key);
    this.#waiters.delete(key);
    for (const waiter of list ?? []) fn(waiter);
  }

  async #onMessage(message: Message): Promise<void> {
    if (message.type === 'delivered') this.#settle(message.key, (w) => w.resolve(message.feedback));
    if (message.type === 'refused') {
      this.#settle(message.key, (w) => w.reject(new LeadLoopError(message.error.code as LeadLoopError['code'], message.error.message)));
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
    const status = this.status;
    for (const listener of this.#statusListeners) {
      try {
        listener(status);
      } catch {
        // One failing listener must not stop the queue or the others.
      }
    }
  }
}
