import {
  APPROVAL_ROLES, applyFeedback, DEFAULT_REASONS, DEFAULT_SLA, DEFAULT_WATERFALL, emptyDefinition, evaluateQualification,
  expectValid, feedbackFingerprint, groupOf, handoffTime, indexWaterfall, invalidInput, isoToMs, LeadLoopError,
  parseChecklistAnswers, parseDefinition, parseFeedbackInput, parseFunnelQuery, parseLead, parseReasonCatalog, parseSla,
  parseWaterfall, timeMs,
  type AdapterChange, type ChecklistInput, type ChecklistRecord, type Feedback, type FeedbackCounts, type FeedbackGroup,
  type FeedbackSummary, type FunnelQuery, type FunnelReport, type GroupKey, type Issue, type Lead, type LeadDetail,
  type LeadLoopConfig, type QualificationDefinition, type QualificationResult, type Reason, type SlaPolicy, type SummaryQuery,
  type Waterfall, type WaterfallIndex,
} from '@leadloop/core';
import { sqlState, type SqlDatabase, type SqlExecutor } from './sql/database.js';
import { migrate } from './sql/migrations.js';
import { unstorableText } from './sql/storable-text.js';
import type { Store, StoreApprovalInput, SubmitFeedbackOptions, SubmitFeedbackResult } from './store.js';

export interface SqlStoreOptions {
  /** Used when the database has no configuration yet; a configured database keeps its own. */
  waterfall?: Waterfall;
  reasons?: Reason[];
  sla?: SlaPolicy;
  /** The first definition of a new database; default an empty one. */
  definition?: QualificationDefinition;
  /** The clock (feedback times, SLA "now"); default the current time. */
  clock?: () => Date;
  /**
   * How long a funnel or summary may be shared by identical requests, in ms (default 1000; 0 turns
   * it off). Any write through this store drops them at once; the limit bounds how stale a report
   * can be when another server writes to the same PostgreSQL.
   */
  reportCacheMs?: number;
}

/** Rows written per statement: keeps each statement's JSON parameter well under a few MB. */
const CHUNK = 1000;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;
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
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Columns a summary may group by: a fixed map, never a name taken from a request. */
const GROUP_COLUMNS: Record<GroupKey, string> = { month: 'created_month', source: 'source', campaign: 'campaign', owner: 'owner' };

interface LeadRow {
  id: string;
  doc: Lead;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  created_ms: number;
  created_month: string;
  stage: string;
  exit_kind: string | null;
  exit_reason: string | null;
  handoff_ms: number;
  first_touch_ms: number | null;
}

interface FeedbackRow {
  id: string;
  lead_id: string;
  outcome: Feedback['outcome'];
  reason: string | null;
  rating: number | null;
  note: string | null;
  given_by: string;
  given_at: string;
}

const FEEDBACK_COLUMNS = 'id, lead_id, outcome, reason, rating, note, given_by, given_at';

/** The same bound as core's query matcher: a date-only `to` runs through the end of that day (UTC). */
function boundMs(value: string, end: boolean): number {
  if (DATE_ONLY.test(value)) {
    const start = isoToMs(`${value}T00:00:00Z`);
    return end ? start + DAY_MS : start;
  }
  return isoToMs(value);
}

/** The WHERE clause of a funnel query on `leads` (aliased `alias`), with its parameters appended to `params`. */
function leadFilter(query: FunnelQuery, params: unknown[], alias = ''): string {
  const col = (name: string) => `${alias}${name}`;
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (query.from !== undefined) add(`${col('created_ms')} >= ?`, boundMs(query.from, false));
  if (query.to !== undefined) add(`${col('created_ms')} < ?`, boundMs(query.to, true));
  if (query.source !== undefined) add(`${col('source')} = ?`, query.source);
  if (query.campaign !== undefined) add(`${col('campaign')} = ?`, query.campaign);
  if (query.owner !== undefined) add(`${col('owner')} = ?`, query.owner);
  return clauses.length > 0 ? clauses.join(' AND ') : 'TRUE';
}

function toLeadRow(lead: Lead, index: WaterfallIndex): LeadRow {
  return {
    id: lead.id,
    doc: lead,
    source: lead.source ?? null,
    campaign: lead.campaign ?? null,
    owner: lead.owner ?? null,
    created_ms: timeMs(lead.createdAt),
    created_month: groupOf(lead, 'month') ?? 'unknown',
    stage: lead.stage,
    exit_kind: lead.exit ? lead.exit.kind : null,
    exit_reason: lead.exit?.reason ? lead.exit.reason : null,
    handoff_ms: handoffTime(lead, index),
    first_touch_ms: lead.firstTouchAt ? timeMs(lead.firstTouchAt) : null,
  };
}

function toFeedback(row: FeedbackRow): Feedback {
  const feedback: Feedback = { id: row.id, leadId: row.lead_id, outcome: row.outcome, by: row.given_by, at: row.given_at };
  if (row.reason !== null) feedback.reason = row.reason;
  if (row.rating !== null) feedback.rating = Number(row.rating);
  if (row.note !== null) feedback.note = row.note;
  return feedback;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const byCountThenReason = (a: { reason: string; count: number }, b: { reason: string; count: number }) =>
  b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);
const byKey = (a: { key: string | null }, b: { key: string | null }) =>
  a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1;

function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

const notFound = (id: unknown) => new LeadLoopError('not_found', `No lead with id ${JSON.stringify(String(id)).slice(0, 120)}.`);

/**
 * The store on SQL: embedded PGlite or PostgreSQL, the same migrations and queries on both.
 * Funnel and summary figures are aggregated by the database (GROUP BY, FILTER, percentiles), so a
 * report never pulls the leads into memory; they equal core's computeFunnel and summarizeFeedback.
 */
export class SqlStore implements Store {
  readonly kind: string;
  readonly #db: SqlDatabase;
  readonly #clock: () => Date;
  readonly #listeners = new Set<(change: AdapterChange) => void>();
  readonly #writes: PendingWrite[] = [];
  #writing = false;
  readonly #reports = new Map<string, { expires: number; value: Promise<unknown> }>();
  readonly #reportCacheMs: number;
  #waterfall: Waterfall = DEFAULT_WATERFALL;
  #index: WaterfallIndex = indexWaterfall(DEFAULT_WATERFALL);
  #reasons: Reason[] = [...DEFAULT_REASONS];
  #sla: SlaPolicy = DEFAULT_SLA;
  #initialDefinition: QualificationDefinition;

  private constructor(db: SqlDatabase, options: SqlStoreOptions) {
    this.#db = db;
    this.kind = db.kind;
    this.#clock = options.clock ?? (() => new Date());
    this.#reportCacheMs = options.reportCacheMs ?? 1000;
    this.#initialDefinition = options.definition ?? emptyDefinition();
  }

  /** Migrates the database, stores the configuration if it has none, and opens the store on it. */
  static async open(db: SqlDatabase, options: SqlStoreOptions = {}): Promise<SqlStore> {
    const store = new SqlStore(db, options);
    await migrate(db);
    const waterfall = expectValid(parseWaterfall(options.waterfall ?? DEFAULT_WATERFALL));
    const defaults: [string, unknown][] = [
      ['waterfall', waterfall],
      ['reasons', expectValid(parseReasonCatalog(options.reasons ?? DEFAULT_REASONS))],
      ['sla', expectValid(parseSla(options.sla ?? DEFAULT_SLA))],
    ];
    const definition = expectValid(parseDefinition(store.#initialDefinition, { waterfall }));
    await db.transaction(async (tx) => {
      for (const [key, value] of defaults) {
        await tx.query('INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING', [key, JSON.stringify(value)]);
      }
      await tx.query('INSERT INTO definitions (version, doc) SELECT $1, $2::jsonb WHERE NOT EXISTS (SELECT 1 FROM definitions)', [
        definition.version, JSON.stringify(definition),
      ]);
    });
    const rows = await db.query<{ key: string; value: unknown }>('SELECT key, value FROM settings');
    const settings = new Map(rows.map((r) => [r.key, typeof r.value === 'string' ? JSON.parse(r.value) : r.value]));
    store.#waterfall = expectValid(parseWaterfall(settings.get('waterfall')));
    store.#index = indexWaterfall(store.#waterfall);
    store.#reasons = expectValid(parseReasonCatalog(settings.get('reasons')));
    store.#sla = expectValid(parseSla(settings.get('sla')));
    return store;
  }

  /** Deletes every lead, feedback, checklist and idempotency key and starts the definition over (tests, demos). */
  async reset(options: { definition?: QualificationDefinition } = {}): Promise<void> {
    this.#reports.clear();
    const definition = expectValid(parseDefinition(options.definition ?? this.#initialDefinition, { waterfall: this.#waterfall }));
    await this.#db.transaction(async (tx) => {
      await tx.query('TRUNCATE checklists, feedback, idempotency_keys, leads, definitions');
      await tx.query('INSERT INTO definitions (version, doc) VALUES ($1, $2::jsonb)', [definition.version, JSON.stringify(definition)]);
    });
  }

  async getConfig(): Promise<LeadLoopConfig> {
    return {
      waterfall: structuredClone(this.#waterfall),
      reasons: structuredClone(this.#reasons),
      sla: { ...this.#sla },
      definition: await this.getDefinition(),
    };
  }

  async countLeads(): Promise<number> {
    const [row] = await this.#db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM leads');
    return Number(row?.n ?? 0);
  }

  async getLead(id: string): Promise<LeadDetail> {
    if (typeof id !== 'string') throw notFound(id);
    const [lead] = await this.#db.query<{ doc: Lead }>('SELECT doc FROM leads WHERE id = $1', [id]);
    if (!lead) throw notFound(id);
    const feedback = await this.#db.query<FeedbackRow>(`SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE lead_id = $1 ORDER BY seq`, [id]);
    const checklists = await this.#db.query<{ stage: string; answers: Record<string, boolean>; given_by: string; given_at: string; definition_version: number }>(
      'SELECT stage, answers, given_by, given_at, definition_version FROM checklists WHERE lead_id = $1 ORDER BY stage', [id]);
    const checklist: Record<string, ChecklistRecord> = {};
    for (const c of checklists) {
      checklist[c.stage] = { answers: c.answers, by: c.given_by, at: c.given_at, definitionVersion: Number(c.definition_version) };
    }
    return { ...lead.doc, feedback: feedback.map(toFeedback), checklist };
  }

  async listFeedback(leadId: string): Promise<Feedback[]> {
    if (typeof leadId !== 'string') throw notFound(leadId);
    const [lead] = await this.#db.query('SELECT 1 FROM leads WHERE id = $1', [leadId]);
    if (!lead) throw notFound(leadId);
    const rows = await this.#db.query<FeedbackRow>(`SELECT ${FEEDBACK_COLUMNS} FROM feedback WHERE lead_id = $1 ORDER BY seq`, [leadId]);
    return rows.map(toFeedback);
  }

  #parseLeads(leads: readonly unknown[], offset = 0): Lead[] {
    if (!Array.isArray(leads)) throw invalidInput([{ path: 'leads', message: 'expected an array' }], 'leads');
    const issues: Issue[] = [];
    const parsed: Lead[] = [];
    leads.forEach((input, i) => {
      const result = parseLead(input, { waterfall: this.#waterfall });
      const unstorable = result.ok ? unstorableText(result.value) : [];
      if (result.ok && unstorable.length === 0) parsed.push(result.value);
      else for (const issue of result.ok ? unstorable : result.error.issues) issues.push({ path: `leads.${offset + i}${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
    });
    if (issues.length > 0) throw invalidInput(issues.slice(0, 100), 'leads');
    return parsed;
  }

  async #upsertLeads(tx: SqlExecutor, leads: readonly Lead[]): Promise<void> {
    // ON CONFLICT cannot touch one row twice in a statement: the last copy of an id wins, as in a Map.
    const unique = [...new Map(leads.map((lead) => [lead.id, lead])).values()];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = unique.slice(i, i + CHUNK).map((lead) => toLeadRow(lead, this.#index));
      await tx.query(
        `INSERT INTO leads (id, doc, source, campaign, owner, created_ms, created_month, stage, exit_kind, exit_reason, handoff_ms, first_touch_ms)
         SELECT r.id, r.doc, r.source, r.campaign, r.owner, r.created_ms, r.created_month, r.stage, r.exit_kind, r.exit_reason, r.handoff_ms, r.first_touch_ms
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, doc jsonb, source text, campaign text, owner text, created_ms bigint,
           created_month text, stage text, exit_kind text, exit_reason text, handoff_ms bigint, first_touch_ms bigint)
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, source = EXCLUDED.source, campaign = EXCLUDED.campaign,
           owner = EXCLUDED.owner, created_ms = EXCLUDED.created_ms, created_month = EXCLUDED.created_month, stage = EXCLUDED.stage,
           exit_kind = EXCLUDED.exit_kind, exit_reason = EXCLUDED.exit_reason, handoff_ms = EXCLUDED.handoff_ms,
           first_touch_ms = EXCLUDED.first_touch_ms`,
        [JSON.stringify(rows)],
      );
    }
  }

  async putLeads(leads: readonly unknown[]): Promise<number> {
    const parsed = this.#parseLeads(leads);
    await this.#db.transaction((tx) => this.#upsertLeads(tx, parsed));
    for (const lead of parsed) this.#emit({ type: 'lead', leadId: lead.id });
    return parsed.length;
  }

  async putLeadBatches(batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<number> {
    this.#reports.clear();
    let count = 0;
    await this.#db.transaction(async (tx) => {
      for await (const batch of batches) {
        const parsed = this.#parseLeads(batch, count);
        await this.#upsertLeads(tx, parsed);
        count += parsed.length;
      }
    });
    return count;
  }

  async appendFeedback(records: readonly Feedback[]): Promise<number> {
    if (!Array.isArray(records)) throw invalidInput([{ path: 'feedback', message: 'expected an array' }], 'feedback');
    const issues: Issue[] = [];
    const rows = records.map((record, i) => {
      const parsed = parseFeedbackInput(record, { reasons: this.#reasons });
      if (!parsed.ok) issues.push(...parsed.error.issues.map((issue) => ({ path: `feedback.${i}.${issue.path}`, message: issue.message })));
      if (typeof record?.id !== 'string' || record.id.length === 0) issues.push({ path: `feedback.${i}.id`, message: 'is required' });
      if (typeof record?.by !== 'string' || typeof record?.at !== 'string') issues.push({ path: `feedback.${i}`, message: 'by and at are required' });
      const value = parsed.ok ? parsed.value : record;
      return {
        id: record?.id, lead_id: value?.leadId, outcome: value?.outcome, reason: value?.reason ?? null, rating: value?.rating ?? null,
        note: value?.note ?? null, given_by: record?.by, given_at: record?.at, given_ms: typeof record?.at === 'string' ? timeMs(record.at) : null,
      };
    });
    if (issues.length > 0) throw invalidInput(issues.slice(0, 100), 'feedback');
    this.#reports.clear();
    await this.#db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx.query(
          `INSERT INTO feedback (id, lead_id, outcome, reason, rating, note, given_by, given_at, given_ms)
           SELECT r.id, r.lead_id, r.outcome, r.reason, r.rating, r.note, r.given_by, r.given_at, r.given_ms
           FROM jsonb_to_recordset($1::jsonb) AS r(id text, lead_id text, outcome text, reason text, rating integer, note text,
             given_by text, given_at text, given_ms bigint)`,
          [JSON.stringify(rows.slice(i, i + CHUNK))],
        );
      }
    }).catch((error: unknown) => {
      if (sqlState(error) === '23503') throw invalidInput([{ path: 'feedback', message: 'refers to a lead that does not exist' }], 'feedback');
      if (sqlState(error) === '23505') throw new LeadLoopError('conflict', 'A feedback id is already stored.');
      throw error;
    });
    return rows.length;
  }

  async submitFeedback(input: unknown, options: SubmitFeedbackOptions): Promise<SubmitFeedbackResult> {
    const key = options?.idempotencyKey;
    if (typeof key !== 'string' || !KEY_RE.test(key)) {
      throw invalidInput([{ path: 'idempotencyKey', message: 'is required: 1–255 visible ASCII characters' }], 'feedback');
    }
    const by = options.by;
    if (typeof by !== 'string' || by.length === 0) throw invalidInput([{ path: 'by', message: 'is required' }], 'feedback');
    const valid = { ...expectValid(parseFeedbackInput(input, { reasons: this.#reasons })), by };
    const unstorable = unstorableText(valid);
    if (unstorable.length > 0) throw invalidInput(unstorable, 'feedback');
    const fingerprint = feedbackFingerprint(valid);
    const feedback: Feedback = { id: newId('fb'), ...valid, at: valid.at ?? this.#clock().toISOString() };
    const result = await new Promise<SubmitFeedbackResult>((resolve, reject) => {
      this.#writes.push({ feedback, key, fingerprint, resolve, reject });
      if (!this.#writing) void this.#drainWrites();
    });
    if (!result.replayed) this.#emit({ type: 'feedback', leadId: result.feedback.leadId, feedback: { ...result.feedback } });
    return result;
  }

  /**
   * Writes queued feedback in batches, one batch at a time: what arrives while a batch is being
   * written goes into the next one. Under load, one transaction (and one commit) then carries many
   * pieces of feedback instead of one each — group commit — at no cost when requests come one by one.
   */
  async #drainWrites(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#writes.length > 0) {
        const batch = this.#writes.splice(0, WRITE_BATCH);
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
        leads.set(lead.id, applyFeedback(lead, w.feedback, this.#waterfall));
        stored.push(w);
      }
      // A lead that does not exist keeps nothing, not even the key: the same key may be used again.
      if (missing.length > 0) {
        await tx.query('DELETE FROM idempotency_keys WHERE feedback_id = ANY($1::text[])', [missing.map((w) => w.feedback.id)]);
        for (const w of missing) done.set(w, notFound(w.feedback.leadId));
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

  async saveChecklist(leadId: string, input: ChecklistInput, by: string): Promise<QualificationResult> {
    const result = await this.#db.transaction(async (tx) => {
      const [lead] = typeof leadId === 'string' ? await tx.query('SELECT 1 FROM leads WHERE id = $1 FOR SHARE', [leadId]) : [];
      if (!lead) throw notFound(leadId);
      const definition = await this.#currentDefinition(tx);
      const stage = input?.stage;
      if (typeof stage !== 'string') throw invalidInput([{ path: 'stage', message: 'is required: a stage id of the definition' }], 'checklist');
      const answers = expectValid(parseChecklistAnswers(definition, stage, input?.answers));
      const evaluation = evaluateQualification(definition, stage, answers);
      await tx.query(
        `INSERT INTO checklists (lead_id, stage, answers, given_by, given_at, definition_version) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
         ON CONFLICT (lead_id, stage) DO UPDATE SET answers = EXCLUDED.answers, given_by = EXCLUDED.given_by,
           given_at = EXCLUDED.given_at, definition_version = EXCLUDED.definition_version`,
        [leadId, stage, JSON.stringify(answers), by, this.#clock().toISOString(), definition.version],
      );
      return evaluation;
    });
    this.#emit({ type: 'checklist', leadId, stage: result.stage });
    return result;
  }

  async getFunnel(query: FunnelQuery = {}): Promise<FunnelReport> {
    const valid = expectValid(parseFunnelQuery(query ?? {}));
    return this.#shared(`funnel ${JSON.stringify([valid.from, valid.to, valid.source, valid.campaign, valid.owner])}`, () => this.#funnel(valid));
  }

  async #funnel(valid: FunnelQuery): Promise<FunnelReport> {
    const { waterfall, stageIndex, exitIndex, handoffIndex } = this.#index;
    const params: unknown[] = [];
    const where = leadFilter(valid, params);
    const p = params.length;
    params.push(waterfall.stages.slice(handoffIndex).map((s) => s.id), this.#sla.firstTouchWithinMs, this.#clock().getTime());
    const [handed, limit, now] = [`$${p + 1}::text[]`, `$${p + 2}::bigint`, `$${p + 3}::bigint`];
    // One statement, so one snapshot: the counts and the percentiles agree under concurrent writes.
    // Nearest rank in integers: the value at position k = ceil(0.9·n) = (9n + 9) / 10. Asking
    // percentile_disc for the middle of that position, (k − ½)/n, keeps floating point from
    // pushing it to the next row.
    const rows = await this.#db.query<{
      part: 'g' | 'p'; stage: string | null; exit_kind: string | null; exit_reason: string | null; n: number | null;
      handed_off: number | null; touched: number | null; within: number | null; breached: number | null; median: number | null; p90: number | null;
    }>(
      `WITH base AS (
         SELECT stage, exit_kind, exit_reason, handoff_ms, first_touch_ms, stage = ANY(${handed}) AS handed FROM leads WHERE ${where}),
       touch AS (SELECT first_touch_ms - handoff_ms AS d FROM base WHERE handed AND first_touch_ms IS NOT NULL),
       touches AS (SELECT count(*) AS n FROM touch)
       SELECT 'g' AS part, stage, exit_kind, exit_reason, count(*)::float8 AS n,
         count(*) FILTER (WHERE handed)::float8 AS handed_off,
         count(*) FILTER (WHERE handed AND first_touch_ms IS NOT NULL)::float8 AS touched,
         count(*) FILTER (WHERE handed AND first_touch_ms IS NOT NULL AND first_touch_ms - handoff_ms <= ${limit})::float8 AS within,
         count(*) FILTER (WHERE handed AND ((first_touch_ms IS NOT NULL AND first_touch_ms - handoff_ms > ${limit})
           OR (first_touch_ms IS NULL AND ${now} - handoff_ms > ${limit})))::float8 AS breached,
         NULL::float8 AS median, NULL::float8 AS p90
       FROM base GROUP BY stage, exit_kind, exit_reason
       UNION ALL
       SELECT 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM touch)::float8,
         (SELECT percentile_disc((SELECT CASE WHEN n = 0 THEN NULL ELSE ((9 * n + 9) / 10 - 0.5) / n END FROM touches)::float8)
            WITHIN GROUP (ORDER BY d) FROM touch)::float8`,
      params,
    );

    const atStage = new Array<number>(waterfall.stages.length).fill(0);
    const currentAt = new Array<number>(waterfall.stages.length).fill(0);
    const exitCounts = new Array<number>(waterfall.exits.length).fill(0);
    const exitReasons = waterfall.exits.map(() => new Map<string, number>());
    let total = 0, handedOff = 0, touched = 0, within = 0, breached = 0;
    let medianMs: number | null = null, p90Ms: number | null = null;
    for (const g of rows) {
      if (g.part === 'p') {
        medianMs = g.median === null ? null : Number(g.median);
        p90Ms = g.p90 === null ? null : Number(g.p90);
        continue;
      }
      const n = Number(g.n);
      total += n;
      handedOff += Number(g.handed_off);
      touched += Number(g.touched);
      within += Number(g.within);
      breached += Number(g.breached);
      const s = stageIndex.get(g.stage!);
      if (s === undefined) continue; // written under another waterfall; validated leads never get here
      atStage[s]! += n;
      if (g.exit_kind === null) currentAt[s]! += n;
      else {
        const e = exitIndex.get(g.exit_kind);
        if (e === undefined) continue;
        exitCounts[e]! += n;
        if (g.exit_reason) exitReasons[e]!.set(g.exit_reason, (exitReasons[e]!.get(g.exit_reason) ?? 0) + n);
      }
    }
    const reachedAt = new Array<number>(waterfall.stages.length);
    for (let s = waterfall.stages.length - 1, reached = 0; s >= 0; s--) reachedAt[s] = reached += atStage[s]!;
    return {
      total,
      stages: waterfall.stages.map((stage, s) => ({
        id: stage.id,
        label: stage.label,
        reached: reachedAt[s]!,
        current: currentAt[s]!,
        fromPrevious: s === 0 ? null : ratio(reachedAt[s]!, reachedAt[s - 1]!),
        fromFirst: ratio(reachedAt[s]!, reachedAt[0]!),
      })),
      exits: waterfall.exits.map((exit, e) => ({
        kind: exit.kind,
        count: exitCounts[e]!,
        reasons: [...exitReasons[e]!].map(([reason, count]) => ({ reason, count })).sort(byCountThenReason),
      })),
      followUp: { handedOff, touched, rate: ratio(touched, handedOff) },
      timeToFirstTouch: { medianMs: touched === 0 ? null : medianMs, p90Ms: touched === 0 ? null : p90Ms },
      sla: { withinSla: within, breached, pending: handedOff - within - breached, compliance: ratio(within, within + breached) },
    };
  }

  async getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    const valid = expectValid(parseFunnelQuery(query ?? {}));
    if (!valid.groupBy) throw invalidInput([{ path: 'groupBy', message: 'is required: month, source, campaign or owner' }], 'query');
    const groupBy = valid.groupBy;
    return this.#shared(`summary ${JSON.stringify([groupBy, valid.from, valid.to])}`, () => this.#summary({ ...valid, groupBy }));
  }

  async #summary(valid: SummaryQuery): Promise<FeedbackSummary> {
    const column = GROUP_COLUMNS[valid.groupBy];
    const filter: FunnelQuery = {};
    if (valid.from !== undefined) filter.from = valid.from;
    if (valid.to !== undefined) filter.to = valid.to;
    const handedOffStages = this.#waterfall.stages.slice(this.#index.handoffIndex).map((s) => s.id);
    const params: unknown[] = [];
    const where = leadFilter(filter, params, 'l.');
    params.push(handedOffStages);
    const h = `$${params.length}::text[]`;
    // Lead counts and feedback counts in one statement, so both come from the same snapshot.
    const rows = await this.#db.query<{
      part: 'l' | 'f'; key: string | null; month: string; outcome: string | null; reason: string | null;
      n: number; handed_off: number; touched: number; rating_sum: number; ratings: number;
    }>(
      `SELECT 'l' AS part, l.${column} AS key, l.created_month AS month, NULL::text AS outcome, NULL::text AS reason, count(*)::float8 AS n,
         count(*) FILTER (WHERE l.stage = ANY(${h}))::float8 AS handed_off,
         count(*) FILTER (WHERE l.stage = ANY(${h}) AND l.first_touch_ms IS NOT NULL)::float8 AS touched,
         0::float8 AS rating_sum, 0::float8 AS ratings
       FROM leads l WHERE ${where} GROUP BY 2, 3
       UNION ALL
       SELECT 'f', l.${column}, l.created_month, f.outcome, f.reason, count(*)::float8, 0, 0,
         coalesce(sum(f.rating), 0)::float8, count(f.rating)::float8
       FROM feedback f JOIN leads l ON l.id = f.lead_id WHERE ${where} GROUP BY 2, 3, 4, 5`,
      params,
    );
    interface Acc { total: FeedbackCounts; months: Map<string, FeedbackCounts>; reasons: Map<string, number>; handedOff: number; touched: number; ratingSum: number; ratings: number }
    const empty = (): FeedbackCounts => ({ leads: 0, feedback: 0, accepted: 0, rejected: 0, recycled: 0 });
    const groups = new Map<string | null, Acc>();
    for (const r of rows) {
      let acc = groups.get(r.key);
      if (!acc) groups.set(r.key, (acc = { total: empty(), months: new Map(), reasons: new Map(), handedOff: 0, touched: 0, ratingSum: 0, ratings: 0 }));
      let perMonth = acc.months.get(r.month);
      if (!perMonth) acc.months.set(r.month, (perMonth = empty()));
      const n = Number(r.n);
      if (r.part === 'l') {
        acc.total.leads += n;
        perMonth.leads += n;
        acc.handedOff += Number(r.handed_off);
        acc.touched += Number(r.touched);
        continue;
      }
      for (const counts of [acc.total, perMonth]) {
        counts.feedback += n;
        if (r.outcome === 'accepted' || r.outcome === 'rejected' || r.outcome === 'recycled') counts[r.outcome] += n;
      }
      if (r.reason) acc.reasons.set(r.reason, (acc.reasons.get(r.reason) ?? 0) + n);
      acc.ratingSum += Number(r.rating_sum);
      acc.ratings += Number(r.ratings);
    }
    const result: FeedbackGroup[] = [...groups].map(([key, acc]) => ({
      key,
      ...acc.total,
      handedOff: acc.handedOff,
      touched: acc.touched,
      followUpRate: ratio(acc.touched, acc.handedOff),
      reasons: [...acc.reasons].map(([reason, count]) => ({ reason, count })).sort(byCountThenReason),
      meanRating: acc.ratings === 0 ? null : acc.ratingSum / acc.ratings,
      trend: [...acc.months].map(([m, counts]) => ({ month: m, ...counts })).sort((a, b) => (a.month < b.month ? -1 : 1)),
    }));
    return { groups: result.sort(byKey) };
  }

  async #currentDefinition(tx: SqlExecutor, lock = false): Promise<QualificationDefinition> {
    const [row] = await tx.query<{ doc: QualificationDefinition }>(
      `SELECT doc FROM definitions ORDER BY version DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`);
    if (!row) throw new LeadLoopError('internal', 'The store has no definition.');
    return row.doc;
  }

  async getDefinition(): Promise<QualificationDefinition> {
    return this.#currentDefinition(this.#db);
  }

  async getDefinitionHistory(): Promise<QualificationDefinition[]> {
    const rows = await this.#db.query<{ doc: QualificationDefinition }>('SELECT doc FROM definitions ORDER BY version');
    return rows.map((r) => r.doc);
  }

  async saveDefinition(definition: unknown): Promise<QualificationDefinition> {
    const valid = expectValid(parseDefinition(definition, { waterfall: this.#waterfall }));
    const next = await this.#db.transaction(async (tx) => {
      const current = await this.#currentDefinition(tx, true);
      if (valid.version !== current.version) {
        throw new LeadLoopError('conflict', `The definition changed since you opened it: you edited version ${valid.version}, the current one is ${current.version}.`);
      }
      // Approvals sign a version: the new version starts unapproved; the history keeps the old ones.
      const saved: QualificationDefinition = { ...valid, id: current.id, version: current.version + 1, approvals: current.approvals };
      await tx.query('INSERT INTO definitions (version, doc) VALUES ($1, $2::jsonb)', [saved.version, JSON.stringify(saved)]);
      return saved;
    }).catch((error: unknown) => {
      // Two editors saving the same version at once: the primary key lets one win.
      if (sqlState(error) === '23505') throw new LeadLoopError('conflict', 'The definition was saved by someone else at the same time.');
      throw error;
    });
    this.#emit({ type: 'definition', version: next.version });
    return next;
  }

  async approveDefinition(input: StoreApprovalInput): Promise<QualificationDefinition> {
    if (!input || !APPROVAL_ROLES.includes(input.role)) throw invalidInput([{ path: 'role', message: 'must be sales or marketing' }], 'approval');
    if (!Number.isInteger(input.version)) throw invalidInput([{ path: 'version', message: 'expected the version being approved' }], 'approval');
    if (typeof input.by !== 'string' || input.by.length === 0) throw invalidInput([{ path: 'by', message: 'is required' }], 'approval');
    const next = await this.#db.transaction(async (tx) => {
      const current = await this.#currentDefinition(tx, true);
      if (input.version !== current.version) {
        throw new LeadLoopError('conflict', `Version ${input.version} is not the current definition (version ${current.version}).`);
      }
      const approvals = current.approvals.filter((a) => !(a.role === input.role && a.version === current.version));
      approvals.push({ role: input.role, by: input.by, at: this.#clock().toISOString(), version: current.version });
      const updated = expectValid(parseDefinition({ ...current, approvals }, { waterfall: this.#waterfall }));
      await tx.query('UPDATE definitions SET doc = $2::jsonb WHERE version = $1', [current.version, JSON.stringify(updated)]);
      return updated;
    });
    this.#emit({ type: 'definition', version: next.version });
    return next;
  }

  subscribe(listener: (change: AdapterChange) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await this.#db.close();
  }

  /**
   * Identical report requests share one query for up to reportCacheMs: a dashboard open in many
   * tabs, each refreshing on the same change, costs the database one aggregate, not one each.
   * Every caller gets its own copy.
   */
  async #shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.#reportCacheMs <= 0) return load();
    const now = Date.now();
    let entry = this.#reports.get(key);
    if (!entry || entry.expires <= now) {
      entry = { expires: now + this.#reportCacheMs, value: load() };
      const stored = entry;
      this.#reports.set(key, stored);
      stored.value.catch(() => {
        if (this.#reports.get(key) === stored) this.#reports.delete(key);
      });
      if (this.#reports.size > 200) this.#reports.delete(this.#reports.keys().next().value!);
    }
    return structuredClone(await (entry.value as Promise<T>));
  }

  #emit(change: AdapterChange): void {
    // Whatever changed, the reports computed before it are stale.
    this.#reports.clear();
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // One failing listener must not stop the others or the write that caused the change.
      }
    }
  }
}
