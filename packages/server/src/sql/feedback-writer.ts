import { applyFeedback, keyReusedError, LeadLoopError, timeMs, type Feedback, type Lead, type WaterfallIndex } from '@leadloop/core';
import type { SubmitFeedbackResult } from '../store.js';
import type { SqlDatabase } from './database.js';
import { leadNotFound, toFeedback, toLeadRow, type FeedbackRow } from './lead-rows.js';

/** Most feedback one write transaction carries. */
const WRITE_BATCH = 200;

/** Feedback validated and waiting for its batch. */
interface PendingWrite {
  feedback: Feedback;
  key: string;
  fingerprint: string;
  resolve: (result: SubmitFeedbackResult) => void;
  reject: (error: unknown) => void;
}

export interface FeedbackWriterOptions {
  /**
   * Most batches written at once, each in its own transaction on its own connection (never more
   * than the database's connections); default 1. One is best while the database answers fast: a
   * second batch in flight halves the batches, and each costs two round trips and a commit
   * whatever its size. More pays when round trips are slow (a database across a network).
   */
  concurrency?: number;
}

/** Code-unit order, the same on every database and locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Claims the idempotency keys of a batch, then locks and reads the leads of the feedback whose key
 * it claimed. Keys go in (user, key) order and leads in id order, so two writers never wait on
 * each other in a cycle. A key taken by a transaction still running makes this one wait for it,
 * then see it taken (ON CONFLICT DO NOTHING). Answers one row per claimed key (`claimed`) and one
 * per locked lead (`id`, `doc`).
 */
const CLAIM_AND_LOCK = `WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(user_id text, key text, fingerprint text, feedback_id text, lead_id text, n int)),
  claimed AS (
    INSERT INTO idempotency_keys (user_id, key, fingerprint, feedback_id)
    SELECT user_id, key, fingerprint, feedback_id FROM input ORDER BY n
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING feedback_id),
  locked AS (
    SELECT l.id, l.doc FROM leads AS l
    WHERE l.id IN (SELECT i.lead_id FROM input AS i JOIN claimed AS c ON c.feedback_id = i.feedback_id)
    ORDER BY l.id COLLATE "C"
    FOR UPDATE)
SELECT feedback_id AS claimed, NULL AS id, NULL::jsonb AS doc FROM claimed
UNION ALL
SELECT NULL, id, doc FROM locked`;

/**
 * Stores the feedback ($1, in arrival order), the leads it changed ($2), and lets go of the keys
 * of feedback that was not stored ($3: its lead does not exist, or the feedback could not be applied to it),
 * so they can be used again.
 */
const STORE = `WITH stored AS (
    INSERT INTO feedback (id, lead_id, outcome, reason, rating, note, given_by, given_at, given_ms)
    SELECT f.id, f.lead_id, f.outcome, f.reason, f.rating, f.note, f.given_by, f.given_at, f.given_ms
    FROM jsonb_to_recordset($1::jsonb) AS f(id text, lead_id text, outcome text, reason text, rating integer,
      note text, given_by text, given_at text, given_ms bigint, n int)
    ORDER BY n),
  released AS (
    DELETE FROM idempotency_keys AS k USING jsonb_to_recordset($3::jsonb) AS r(user_id text, key text)
    WHERE k.user_id = r.user_id AND k.key = r.key)
UPDATE leads AS l SET doc = r.doc, stage = r.stage, exit_kind = r.exit_kind, exit_reason = r.exit_reason, first_touch_ms = r.first_touch_ms
FROM jsonb_to_recordset($2::jsonb) AS r(id text, doc jsonb, stage text, exit_kind text, exit_reason text, first_touch_ms bigint)
WHERE l.id = r.id`;

/** What each used key of a batch stands for: its fingerprint and the feedback stored under it. */
const LOOK_UP_KEYS = `SELECT i.n, k.fingerprint, f.id, f.lead_id, f.outcome, f.reason, f.rating, f.note, f.given_by, f.given_at
FROM jsonb_to_recordset($1::jsonb) AS i(n int, user_id text, key text)
LEFT JOIN idempotency_keys AS k ON k.user_id = i.user_id AND k.key = i.key
LEFT JOIN feedback AS f ON f.id = k.feedback_id`;

/**
 * Stores validated feedback under its idempotency key, applying it to its lead, with group commit:
 * the feedback that arrives while a batch is being written goes into the next batch, one
 * transaction and one commit for all of it. On PostgreSQL a batch costs two round trips, BEGIN and
 * COMMIT included: claim the keys and lock the leads; store the feedback and the leads, and commit.
 * Each request still gets its own outcome — stored, replayed, conflict, not found — and a batch
 * that fails is written again one piece at a time, so one bad piece fails alone.
 */
export class FeedbackWriter {
  readonly #db: SqlDatabase;
  readonly #index: WaterfallIndex;
  readonly #concurrency: number;
  readonly #queue: PendingWrite[] = [];
  /** Leads of the batches in flight: their next feedback waits, so a lead takes feedback in arrival order. */
  readonly #busyLeads = new Set<string>();
  #running = 0;
  #scheduled = false;
  #closed = false;
  /** Callers of close() waiting for the last batch. */
  readonly #settled: (() => void)[] = [];

  constructor(db: SqlDatabase, index: WaterfallIndex, options: FeedbackWriterOptions = {}) {
    this.#db = db;
    this.#index = index;
    this.#concurrency = Math.max(1, Math.min(Math.floor(options.concurrency ?? 1), db.connections));
  }

  /** Stores `feedback` (already validated, with its id, by and at) unless `key` was used before: then a replay or a conflict. */
  write(feedback: Feedback, key: string, fingerprint: string): Promise<SubmitFeedbackResult> {
    if (this.#closed) return Promise.reject(new LeadLoopError('unavailable', 'The store is closing; send it again.', { retryable: true }));
    return new Promise<SubmitFeedbackResult>((resolve, reject) => {
      this.#queue.push({ feedback, key, fingerprint, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // Start at the end of this turn of the event loop: requests that arrived together go together.
      setImmediate(() => {
        this.#scheduled = false;
        this.#pump();
      });
    });
  }

  /** Takes no more feedback, and resolves once all it took is written or refused. */
  close(): Promise<void> {
    this.#closed = true;
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#settled.push(resolve));
  }

  #idle(): boolean {
    return this.#queue.length === 0 && this.#running === 0 && !this.#scheduled;
  }

  /** Starts batches while there is feedback waiting and a free slot. */
  #pump(): void {
    while (this.#running < this.#concurrency && this.#queue.length > 0) {
      const batch = this.#take();
      if (batch.length === 0) break;
      this.#running++;
      for (const w of batch) this.#busyLeads.add(w.feedback.leadId);
      void this.#run(batch).finally(() => {
        this.#running--;
        for (const w of batch) this.#busyLeads.delete(w.feedback.leadId);
        this.#pump();
      });
    }
    if (this.#idle()) for (const resolve of this.#settled.splice(0)) resolve();
  }

  /** Takes the next batch off the queue, leaving the feedback on leads in flight for later. */
  #take(): PendingWrite[] {
    const batch: PendingWrite[] = [];
    let kept = 0;
    for (const w of this.#queue) {
      if (batch.length < WRITE_BATCH && !this.#busyLeads.has(w.feedback.leadId)) batch.push(w);
      else this.#queue[kept++] = w;
    }
    this.#queue.length = kept;
    return batch;
  }

  /** Writes a batch; when it fails as a whole, writes its pieces one by one so only the bad one fails. */
  async #run(batch: PendingWrite[]): Promise<void> {
    try {
      await this.#writeBatch(batch);
    } catch (error) {
      // A database that is unavailable fails every piece alike: no point in trying each.
      const unavailable = error instanceof LeadLoopError && error.code === 'unavailable';
      if (batch.length > 1 && !unavailable) {
        for (const w of batch) await this.#run([w]);
        return;
      }
      for (const w of batch) w.reject(error);
    }
  }

  /** One transaction for the batch; settles every piece once it is committed. Throws when it is not. */
  async #writeBatch(batch: PendingWrite[]): Promise<void> {
    const done = new Map<PendingWrite, SubmitFeedbackResult | Error>();
    await this.#db.transaction(async (tx) => {
      const claims = [...batch].sort((a, b) => compare(a.feedback.by, b.feedback.by) || compare(a.key, b.key));
      const rows = await tx.query<{ claimed: string | null; id: string | null; doc: Lead | null }>(CLAIM_AND_LOCK, [
        JSON.stringify(claims.map((w, n) => ({ user_id: w.feedback.by, key: w.key, fingerprint: w.fingerprint, feedback_id: w.feedback.id, lead_id: w.feedback.leadId, n }))),
      ]);
      const claimed = new Set<string>();
      const leads = new Map<string, Lead>();
      for (const row of rows) {
        if (row.claimed !== null) claimed.add(row.claimed);
        else if (row.id !== null && row.doc !== null) leads.set(row.id, row.doc);
      }
      // Apply the feedback in arrival order. A lead that does not exist keeps nothing, not even the key.
      const stored: PendingWrite[] = [];
      const released: PendingWrite[] = [];
      for (const w of batch) {
        if (!claimed.has(w.feedback.id)) continue;
        const lead = leads.get(w.feedback.leadId);
        try {
          if (!lead) throw leadNotFound(w.feedback.leadId);
          leads.set(lead.id, applyFeedback(lead, w.feedback, this.#index.waterfall));
          stored.push(w);
        } catch (error) {
          released.push(w);
          done.set(w, error instanceof Error ? error : new Error(String(error)));
        }
      }
      if (stored.length === 0 && released.length === 0) return;
      const changed = [...new Set(stored.map((w) => w.feedback.leadId))].map((id) => toLeadRow(leads.get(id)!, this.#index));
      await tx.queryAndCommit(STORE, [
        JSON.stringify(stored.map(({ feedback: f }, n) => ({
          n, id: f.id, lead_id: f.leadId, outcome: f.outcome, reason: f.reason ?? null, rating: f.rating ?? null, note: f.note ?? null,
          given_by: f.by, given_at: f.at, given_ms: timeMs(f.at),
        }))),
        JSON.stringify(changed.map((r) => ({ id: r.id, doc: r.doc, stage: r.stage, exit_kind: r.exit_kind, exit_reason: r.exit_reason, first_touch_ms: r.first_touch_ms }))),
        JSON.stringify(released.map((w) => ({ user_id: w.feedback.by, key: w.key }))),
      ]);
      for (const w of stored) done.set(w, { feedback: { ...w.feedback }, replayed: false });
    });
    // Keys already taken — by an earlier request or by a twin in this batch — are replays or conflicts.
    const used = batch.filter((w) => !done.has(w));
    if (used.length > 0) {
      try {
        const replays = await this.#replays(used);
        used.forEach((w, i) => done.set(w, replays[i]!));
      } catch (error) {
        for (const w of used) done.set(w, error instanceof Error ? error : new Error(String(error)));
      }
    }
    for (const w of batch) {
      const outcome = done.get(w)!;
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    }
  }

  /** The feedback each used key stands for, when the input is the same; a conflict when not. */
  async #replays(used: readonly PendingWrite[]): Promise<(SubmitFeedbackResult | Error)[]> {
    const rows = await this.#db.query<FeedbackRow & { n: number; fingerprint: string | null; id: string | null }>(LOOK_UP_KEYS, [
      JSON.stringify(used.map((w, n) => ({ n, user_id: w.feedback.by, key: w.key }))),
    ]);
    const byN = new Map(rows.map((row) => [Number(row.n), row]));
    return used.map((w, n) => {
      const seen = byN.get(n);
      if (!seen || seen.fingerprint === null) return new LeadLoopError('unavailable', 'The idempotency key changed hands while saving; send it again.', { retryable: true });
      if (seen.fingerprint !== w.fingerprint) return keyReusedError();
      if (seen.id === null) return new LeadLoopError('internal', 'The feedback of this idempotency key is gone.');
      return { feedback: toFeedback(seen), replayed: true };
    });
  }
}
