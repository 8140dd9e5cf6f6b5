import { applyFeedback, LeadLoopError, timeMs, type Feedback, type Lead, type WaterfallIndex } from '@leadloop/core';
import type { SubmitFeedbackResult } from '../store.js';
import type { SqlDatabase } from './database.js';
import { FEEDBACK_COLUMNS, leadNotFound, toFeedback, toLeadRow, type FeedbackRow } from './lead-rows.js';

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

/** Code-unit order, the same on every database and locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Stores validated feedback under its idempotency key, applying it to its lead, with group commit:
 * see #drain.
 */
export class FeedbackWriter {
  readonly #db: SqlDatabase;
  readonly #index: WaterfallIndex;
  readonly #queue: PendingWrite[] = [];
  #writing = false;

  constructor(db: SqlDatabase, index: WaterfallIndex) {
    this.#db = db;
    this.#index = index;
  }

  /** Stores `feedback` (already validated, with its id, by and at) unless `key` was used before: then a replay or a conflict. */
  write(feedback: Feedback, key: string, fingerprint: string): Promise<SubmitFeedbackResult> {
    return new Promise<SubmitFeedbackResult>((resolve, reject) => {
      this.#queue.push({ feedback, key, fingerprint, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  /**
   * Writes queued feedback in batches, one batch at a time: what arrives while a batch is being
   * written goes into the next one. Under load, one transaction (and one commit) then carries many
   * pieces of feedback instead of one each — group commit — at no cost when requests come one by one.
   */
  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, WRITE_BATCH);
        try {
          await this.#writeBatch(batch);
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  async #writeBatch(batch: PendingWrite[]): Promise<void> {
    const done = new Map<PendingWrite, SubmitFeedbackResult | LeadLoopError>();
    await this.#db.transaction(async (tx) => {
      // Claim the keys, in key order so two writers never wait on each other in a cycle. A key
      // taken by a transaction still running makes this one wait for it, then see it taken.
      const claims = [...batch].sort((a, b) => compare(a.feedback.by, b.feedback.by) || compare(a.key, b.key));
      const claimed = await tx.query<{ feedback_id: string }>(
        `INSERT INTO idempotency_keys (user_id, key, fingerprint, feedback_id)
         SELECT r.user_id, r.key, r.fingerprint, r.feedback_id
         FROM jsonb_to_recordset($1::jsonb) AS r(user_id text, key text, fingerprint text, feedback_id text, n int)
         ORDER BY n
         ON CONFLICT (user_id, key) DO NOTHING RETURNING feedback_id`,
        [JSON.stringify(claims.map((w, n) => ({ user_id: w.feedback.by, key: w.key, fingerprint: w.fingerprint, feedback_id: w.feedback.id, n })))],
      );
      const claimedIds = new Set(claimed.map((r) => r.feedback_id));
      const mine = batch.filter((w) => claimedIds.has(w.feedback.id));
      if (mine.length === 0) return;
      // Lock the leads, in id order (no deadlock between writers), and apply the feedback in arrival order.
      const leadIds = [...new Set(mine.map((w) => w.feedback.leadId))].sort(compare);
      const locked = await tx.query<{ id: string; doc: Lead }>('SELECT id, doc FROM leads WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [leadIds]);
      const leads = new Map(locked.map((r) => [r.id, r.doc]));
      const stored: PendingWrite[] = [];
      const missing: PendingWrite[] = [];
      for (const w of mine) {
        const lead = leads.get(w.feedback.leadId);
        if (!lead) {
          missing.push(w);
          continue;
        }
        leads.set(lead.id, applyFeedback(lead, w.feedback, this.#index.waterfall));
        stored.push(w);
      }
      // A lead that does not exist keeps nothing, not even the key: the same key may be used again.
      if (missing.length > 0) {
        await tx.query('DELETE FROM idempotency_keys WHERE feedback_id = ANY($1::text[])', [missing.map((w) => w.feedback.id)]);
        for (const w of missing) done.set(w, leadNotFound(w.feedback.leadId));
      }
      if (stored.length === 0) return;
      const changed = [...new Set(stored.map((w) => w.feedback.leadId))].map((id) => toLeadRow(leads.get(id)!, this.#index));
      await tx.query(
        `WITH stored AS (
           INSERT INTO feedback (id, lead_id, outcome, reason, rating, note, given_by, given_at, given_ms)
           SELECT f.id, f.lead_id, f.outcome, f.reason, f.rating, f.note, f.given_by, f.given_at, f.given_ms
           FROM jsonb_to_recordset($1::jsonb) AS f(id text, lead_id text, outcome text, reason text, rating integer,
             note text, given_by text, given_at text, given_ms bigint, n int)
           ORDER BY n)
         UPDATE leads AS l SET doc = r.doc, stage = r.stage, exit_kind = r.exit_kind, exit_reason = r.exit_reason, first_touch_ms = r.first_touch_ms
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, doc jsonb, stage text, exit_kind text, exit_reason text, first_touch_ms bigint)
         WHERE l.id = r.id`,
        [
          JSON.stringify(stored.map(({ feedback: f }, n) => ({
            n, id: f.id, lead_id: f.leadId, outcome: f.outcome, reason: f.reason ?? null, rating: f.rating ?? null, note: f.note ?? null,
            given_by: f.by, given_at: f.at, given_ms: timeMs(f.at),
          }))),
          JSON.stringify(changed.map((r) => ({ id: r.id, doc: r.doc, stage: r.stage, exit_kind: r.exit_kind, exit_reason: r.exit_reason, first_touch_ms: r.first_touch_ms }))),
        ],
      );
      for (const w of stored) done.set(w, { feedback: { ...w.feedback }, replayed: false });
    });
    // Keys already taken — by an earlier request or by a twin in this batch — are replays or conflicts.
    for (const w of batch) {
      let outcome = done.get(w);
      if (!outcome) {
        try {
          outcome = await this.#replay(w);
        } catch (error) {
          w.reject(error);
          continue;
        }
      }
      if (outcome instanceof LeadLoopError) w.reject(outcome);
      else w.resolve(outcome);
    }
  }

  /** The feedback a used key stands for, if the input is the same; a conflict if not. */
  async #replay(w: PendingWrite): Promise<SubmitFeedbackResult> {
    const [seen] = await this.#db.query<{ fingerprint: string; feedback_id: string }>(
      'SELECT fingerprint, feedback_id FROM idempotency_keys WHERE user_id = $1 AND key = $2', [w.feedback.by, w.key]);
    if (!seen) throw new LeadLoopError('unavailable', 'The idempotency key changed hands while saving; send it again.', { retryable: true });
    if (seen.fingerprint !== w.fingerprint) throw new LeadLoopError('conflict', 'This idempotency key was already used for different feedback.');
    const [row] = await this.#db.query<FeedbackRow>(`SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE id = $1`, [seen.feedback_id]);
    if (!row) throw new LeadLoopError('internal', 'The feedback of this idempotency key is gone.');
    return { feedback: toFeedback(row), replayed: true };
  }
}
