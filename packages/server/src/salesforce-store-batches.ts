import {
  applyFeedback, isLeadLoopError, keyReusedError, LeadLoopError, type AdapterChange, type Feedback, type FeedbackInput,
  type Lead,
} from '@leadloop/core';
import type { SalesforceAdapter } from '@leadloop/adapters/salesforce-adapter';
import { subrequestBody, type ApiUsage, type CompositeResult, type CompositeSubrequest, type SaveResult } from '@leadloop/adapters/salesforce-adapter-client';
import { errorFromSalesforce } from '@leadloop/adapters/salesforce-adapter-errors';
import {
  FEEDBACK_OBJECT, FEEDBACK_SELECT, feedbackToRecord, leadFinder, leadLoopFields, leadNotFound, leadsQuery,
  recordToFeedback, soqlString, storedFeedback,
} from '@leadloop/adapters/salesforce-adapter-mapping';
import { chunk, collectionWrites, COLLECTION, failedOnItsOwn, IDS_PER_QUERY, queryAll } from './salesforce-store-composite.js';
import { retryDelayMs, writeDelayMs } from './salesforce-store-limits.js';
import type { SubmitFeedbackResult } from './store.js';

export interface FeedbackBatchOptions {
  /** How long submitFeedback gathers others into one batch; default 25 ms. */
  batchWindowMs?: number;
  /** Feedback records written per flush; default 1000. */
  maxBatch?: number;
  /** How long submitFeedback waits for its batch to reach the org before answering unavailable (it stays queued); default 15 s. */
  acceptTimeoutMs?: number;
  /** First wait before retrying a batch Salesforce refused for now (503, REQUEST_LIMIT_EXCEEDED), doubled to 5 min; default 1 s. */
  retryDelayMs?: number;
  /** Share of the daily API limit after which writes slow down (bigger, rarer batches); default 0.9. */
  slowDownAt?: number;
  /** Share of the daily limit kept for people working in Salesforce: writes wait past it; default 0.98. */
  reserveAt?: number;
}

/** A checked submit, ready to queue. */
export interface FeedbackSubmit {
  /** The idempotency key as stored: scoped to the user and hashed. */
  storeKey: string;
  fingerprint: string;
  input: FeedbackInput;
  by: string;
  at: string;
}

interface Pending extends FeedbackSubmit {
  promise: Promise<Feedback>;
  resolve: (feedback: Feedback) => void;
  reject: (error: unknown) => void;
  replayed?: boolean;
  /** Sent to Salesforce at least once (a key found later is then our own write, not a replay). */
  attempted?: boolean;
}

const KEYS_PER_QUERY = 400;

/**
 * Feedback accepted into a queue and written to the org in batches: one read call for the keys
 * and the leads, then Composite calls of sObject Collections (≤ 400 feedback and their leads
 * each, feedback upserted by its idempotency key, all or nothing) — 1,000 feedback in 4 calls. A
 * batch Salesforce refuses for now stays queued and is retried with backoff; the key as external
 * id makes a retried write land once. Near the daily API limit, batches slow down.
 */
export class FeedbackBatches {
  readonly #adapter: SalesforceAdapter;
  readonly #options: FeedbackBatchOptions;
  readonly #usage: () => ApiUsage | undefined;
  readonly #emit: (change: AdapterChange) => void;
  readonly #pending = new Map<string, Pending>();
  #queue: Pending[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> | undefined;
  #firstQueuedAt: number | undefined;
  #failures = 0;
  #closed = false;

  constructor(adapter: SalesforceAdapter, options: FeedbackBatchOptions, usage: () => ApiUsage | undefined, emit: (change: AdapterChange) => void) {
    this.#adapter = adapter;
    this.#options = options;
    this.#usage = usage;
    this.#emit = emit;
  }

  /** Queues a submit, or joins the one queued under its key, and waits for its batch. */
  async submit(submit: FeedbackSubmit): Promise<SubmitFeedbackResult> {
    const queued = this.#pending.get(submit.storeKey);
    if (queued) {
      if (queued.fingerprint !== submit.fingerprint) throw keyReusedError();
      return { feedback: await this.#await(queued), replayed: true };
    }
    let resolve!: (f: Feedback) => void, reject!: (e: unknown) => void;
    const promise = new Promise<Feedback>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => {});
    const item: Pending = { ...submit, promise, resolve, reject };
    this.#pending.set(submit.storeKey, item);
    this.#queue.push(item);
    this.#gather();
    const feedback = await this.#await(item);
    return { feedback, replayed: item.replayed === true };
  }

  /** Writes whatever is queued now. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#flushing) await this.#flushing;
    if (this.#queue.length === 0) return;
    this.#firstQueuedAt = undefined;
    this.#flushing = this.#flushOnce().finally(() => (this.#flushing = undefined));
    await this.#flushing;
  }

  /** Writes what is queued (one try), then stops; feedback Salesforce still refuses is reported unavailable. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    try {
      await this.flush();
    } catch {
      // Reported to each waiting caller below.
    }
    for (const item of this.#queue) this.#settle(item, new LeadLoopError('unavailable', 'The server stopped before Salesforce took this feedback; send it again with the same Idempotency-Key.', { retryable: true }));
    this.#queue = [];
  }

  /** Waits for the item's batch; past acceptTimeoutMs answers unavailable while the item stays queued. */
  async #await(item: Pending): Promise<Feedback> {
    const timeoutMs = this.#options.acceptTimeoutMs ?? 15_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LeadLoopError('unavailable', 'Salesforce has not taken the feedback yet; it is queued and will be stored once. Retry with the same Idempotency-Key to get it.', { retryable: true })), timeoutMs);
    });
    try {
      return await Promise.race([item.promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Batches what arrives together: the flush waits until no feedback came for batchWindowMs (at
   * most ten windows after the first), or runs at once when a full batch is queued.
   */
  #gather(): void {
    if (this.#closed || this.#flushing) return; // the running flush schedules the next one
    const window = this.#options.batchWindowMs ?? 25;
    const now = Date.now();
    this.#firstQueuedAt ??= now;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const full = this.#queue.length >= (this.#options.maxBatch ?? 1000);
    const waited = now - this.#firstQueuedAt;
    this.#schedule(full ? 0 : Math.max(0, Math.min(window, 10 * window - waited)));
  }

  #schedule(ms: number): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush().catch(() => {});
    }, ms);
  }

  async #flushOnce(): Promise<void> {
    const batch = this.#queue.slice(0, this.#options.maxBatch ?? 1000);
    const usageDelay = () => writeDelayMs(this.#usage(), this.#options.slowDownAt, this.#options.reserveAt);
    try {
      await this.#writeBatch(batch);
      this.#failures = 0;
      this.#queue = this.#queue.filter((item) => !batch.includes(item));
      if (this.#queue.length > 0) this.#schedule(usageDelay());
    } catch (error) {
      if (isLeadLoopError(error) && error.retryable) {
        // Not stored, or stored with the answer lost: both are safe to retry (upsert by key, re-read first).
        this.#failures++;
        if (!this.#closed) this.#schedule(Math.max(retryDelayMs(this.#failures, this.#options.retryDelayMs ?? 1000), usageDelay()));
        return;
      }
      for (const item of batch) this.#settle(item, error);
      this.#queue = this.#queue.filter((item) => !batch.includes(item));
    }
  }

  #settle(item: Pending, outcome: Feedback | unknown): void {
    this.#pending.delete(item.storeKey);
    if (outcome && typeof outcome === 'object' && 'outcome' in outcome && 'leadId' in outcome) item.resolve(outcome as Feedback);
    else item.reject(outcome);
  }

  /** One batch: a read (keys seen before, the leads), then atomic Composite writes of ≤ 400 feedback with their leads. */
  async #writeBatch(batch: Pending[]): Promise<void> {
    const { client, mapping } = this.#adapter;
    const keyQueries = chunk(batch.map((item) => item.storeKey), KEYS_PER_QUERY)
      .map((keys) => `SELECT ${FEEDBACK_SELECT.join(', ')} FROM ${FEEDBACK_OBJECT} WHERE Idempotency_Key__c IN (${keys.map(soqlString).join(', ')})`);
    const leadQueries = chunk([...new Set(batch.map((item) => item.input.leadId))], IDS_PER_QUERY).map((ids) => leadsQuery(ids, mapping));
    const results = await queryAll(client, [...keyQueries, ...leadQueries]);
    const existing = new Map(results.slice(0, keyQueries.length).flat().map((row) => [String(row.Idempotency_Key__c), row]));
    const findLead = leadFinder(results.slice(keyQueries.length).flat(), mapping);

    // Decide each item: replay, conflict, unknown lead, or write.
    const toWrite: { item: Pending; feedback: Feedback; recordId: string; after: Lead }[] = [];
    for (const item of batch) {
      const seen = existing.get(item.storeKey);
      if (seen) {
        if (seen.Fingerprint__c === item.fingerprint) {
          item.replayed = item.attempted !== true;
          this.#settle(item, recordToFeedback(seen));
        } else this.#settle(item, keyReusedError());
        continue;
      }
      const loaded = findLead(item.input.leadId);
      if (!loaded) {
        this.#settle(item, leadNotFound(item.input.leadId));
        continue;
      }
      const feedback: Feedback = { id: '', ...item.input, by: item.by, at: item.at };
      loaded.lead = applyFeedback(loaded.lead, feedback, mapping.waterfall);
      toWrite.push({ item, feedback, recordId: loaded.recordId, after: loaded.lead });
    }

    // ≤ 400 feedback and the final state of their leads per Composite: 2 + 2 collections of 200, all or nothing.
    for (const group of chunk(toWrite, 2 * COLLECTION)) {
      // Each lead as it stands after the group's last feedback on it (and every earlier group's).
      const states = new Map<string, { recordId: string; lead: Lead }>();
      for (const entry of group) states.set(entry.recordId, { recordId: entry.recordId, lead: entry.after });
      for (const entry of group) entry.item.attempted = true;
      const feedbackRecords = group.map((w) => ({ attributes: { type: FEEDBACK_OBJECT }, ...feedbackToRecord(w.feedback, w.recordId, w.item.storeKey, w.item.fingerprint) }));
      const leadRecords = [...states.values()].map((s) => ({ attributes: { type: 'Lead' }, id: s.recordId, ...leadLoopFields(s.lead, mapping) }));
      const subrequests: CompositeSubrequest[] = [
        ...collectionWrites(`/composite/sobjects/${FEEDBACK_OBJECT}/Idempotency_Key__c`, feedbackRecords, 'feedback'),
        ...collectionWrites('/composite/sobjects', leadRecords, 'leads'),
      ];
      const results = await client.composite(subrequests, true);
      const rejected = this.#recordFailures(results, group, leadRecords.map((r) => r.id));
      if (rejected.size > 0) {
        // One bad record rolled the group back: answer it, and write the others again (next flush, no delay).
        for (const [index, error] of rejected) this.#settle(group[index]!.item, error);
        this.#queue = this.#queue.filter((item) => ![...rejected.keys()].some((i) => group[i]!.item === item));
        throw new LeadLoopError('unavailable', 'A record in the batch was refused; the rest is written again.', { retryable: true });
      }
      const feedbackResults = results.filter((r) => r.referenceId.startsWith('feedback')).flatMap((r) => subrequestBody<SaveResult[]>(r));
      group.forEach((entry, i) => {
        const saved = { ...entry.feedback, id: String(feedbackResults[i]?.id) };
        this.#settle(entry.item, storedFeedback(saved, entry.recordId, entry.item.storeKey, entry.item.fingerprint));
        this.#emit({ type: 'feedback', leadId: entry.feedback.leadId, feedback: saved });
      });
      // Written: the next group must not write these again if a later group fails.
      this.#queue = this.#queue.filter((item) => !group.some((g) => g.item === item));
    }
  }

  /**
   * Per-record errors that are the cause (not the rolled-back others), by index in the group. A
   * lead the org refused fails each feedback of the group on that lead, with the lead's error.
   */
  #recordFailures(results: CompositeResult[], group: readonly { recordId: string }[], leadRecordIds: readonly string[]): Map<number, LeadLoopError> {
    const failures = new Map<number, LeadLoopError>();
    for (const result of results) {
      const feedback = result.referenceId.startsWith('feedback');
      const offset = Number(result.referenceId.slice(feedback ? 'feedback'.length : 'leads'.length)) * COLLECTION;
      if (result.httpStatusCode >= 400) {
        const body = result.body as { errorCode?: string }[] | undefined;
        if (body?.[0]?.errorCode === 'PROCESSING_HALTED') continue;
        throw errorFromSalesforce(result.httpStatusCode, (body ?? []) as never);
      }
      (result.body as SaveResult[]).forEach((r, i) => {
        if (!failedOnItsOwn(r)) return;
        const error = errorFromSalesforce(400, r.errors);
        if (feedback) {
          if (offset + i < group.length) failures.set(offset + i, error);
        } else {
          group.forEach((entry, g) => entry.recordId === leadRecordIds[offset + i] && failures.set(g, error));
        }
      });
    }
    return failures;
  }
}
