import {
  APPROVAL_ROLES, DEFAULT_REASONS, DEFAULT_SLA, DEFAULT_WATERFALL, emptyDefinition, evaluateQualification,
  expectIdempotencyKey, expectValid, feedbackFingerprint, indexWaterfall, invalidInput, LeadLoopError, Listeners,
  parseChecklistAnswers, parseDefinition, parseFeedbackInput, parseFunnelQuery, parseLead, parseReasonCatalog, parseSla,
  parseWaterfall, timeMs,
  type AdapterChange, type ChecklistInput, type ChecklistRecord, type Feedback,
  type FeedbackSummary, type FunnelQuery, type FunnelReport, type Issue, type Lead, type LeadDetail,
  type LeadLoopConfig, type QualificationDefinition, type QualificationResult, type Reason, type SlaPolicy, type SummaryQuery,
  type Waterfall, type WaterfallIndex,
} from '@leadloop/core';
import { sqlState, type SqlDatabase, type SqlExecutor } from './sql/database.js';
import { FeedbackWriter } from './sql/feedback-writer.js';
import { FEEDBACK_COLUMNS, leadNotFound, toFeedback, toLeadRow, type FeedbackRow } from './sql/lead-rows.js';
import {
  approveCurrentDefinition, currentDefinition, definitionHistory, readReasons, readReasonsAndDefinition, replaceReasons,
  saveNextDefinition, saveReasonCatalog,
} from './sql/agreement-queries.js';
import { migrate } from './sql/migrations.js';
import { queryFunnel, querySummary } from './sql/report-queries.js';
import { ChangeNotices } from './sql/change-notices.js';
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
   * it off). Any write drops them at once: through this store, or through another server on the
   * same PostgreSQL (it sends a notice). The limit bounds how stale a report can be when a notice
   * is missed (the listening connection was down).
   */
  reportCacheMs?: number;
  /**
   * Most feedback batches written at once on PostgreSQL, each a transaction on its own connection;
   * default 1, best when PostgreSQL answers fast. Raise it when round trips are slow (PostgreSQL
   * across a network). PGlite writes one at a time whatever this says.
   */
  writeConcurrency?: number;
}

/** Rows written per statement: keeps each statement's JSON parameter well under a few MB. */
const CHUNK = 1000;

function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

/**
 * The store on SQL: embedded PGlite or PostgreSQL, the same migrations and queries on both.
 * Funnel and summary figures are aggregated by the database (GROUP BY, FILTER, percentiles), so a
 * report never pulls the leads into memory; they equal core's computeFunnel and summarizeFeedback.
 */
export class SqlStore implements Store {
  readonly kind: string;
  readonly #db: SqlDatabase;
  readonly #clock: () => Date;
  #listeners = new Listeners<AdapterChange>();
  #writer!: FeedbackWriter;
  readonly #reports = new Map<string, { expires: number; value: Promise<unknown> }>();
  readonly #reportCacheMs: number;
  #waterfall: Waterfall = DEFAULT_WATERFALL;
  #index: WaterfallIndex = indexWaterfall(DEFAULT_WATERFALL);
  #reasons: Reason[] = [...DEFAULT_REASONS];
  #sla: SlaPolicy = DEFAULT_SLA;
  #initialDefinition: QualificationDefinition;
  readonly #initialReasons: Reason[];
  readonly #writeConcurrency: number | undefined;
  #notices: ChangeNotices | undefined;
  #closing: Promise<void> | undefined;

  private constructor(db: SqlDatabase, options: SqlStoreOptions) {
    this.#db = db;
    this.kind = db.kind;
    this.#clock = options.clock ?? (() => new Date());
    this.#reportCacheMs = options.reportCacheMs ?? 1000;
    this.#initialDefinition = options.definition ?? emptyDefinition();
    this.#initialReasons = expectValid(parseReasonCatalog(options.reasons ?? DEFAULT_REASONS));
    this.#writeConcurrency = options.writeConcurrency;
  }

  /** Migrates the database, stores the configuration if it has none, and opens the store on it. */
  static async open(db: SqlDatabase, options: SqlStoreOptions = {}): Promise<SqlStore> {
    const store = new SqlStore(db, options);
    await migrate(db);
    const waterfall = expectValid(parseWaterfall(options.waterfall ?? DEFAULT_WATERFALL));
    const defaults: [string, unknown][] = [
      ['waterfall', waterfall],
      ['reasons', store.#initialReasons],
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
    store.#writer = new FeedbackWriter(db, store.#index, store.#writeConcurrency === undefined ? {} : { concurrency: store.#writeConcurrency });
    store.#reasons = await readReasons(db);
    store.#sla = expectValid(parseSla(settings.get('sla')));
    if (db.notices) store.#notices = await ChangeNotices.start(db.notices, (change) => void store.#heard(change));
    return store;
  }

  /**
   * Deletes every lead, feedback, checklist and idempotency key, and starts the definition and the
   * reason catalog over (tests, demos). With no feedback left, no reason id needs keeping.
   */
  async reset(options: { definition?: QualificationDefinition } = {}): Promise<void> {
    this.#reports.clear();
    const definition = expectValid(parseDefinition(options.definition ?? this.#initialDefinition, { waterfall: this.#waterfall }));
    await this.#db.transaction(async (tx) => {
      await tx.query('TRUNCATE checklists, feedback, idempotency_keys, leads, definitions');
      await tx.query('INSERT INTO definitions (version, doc) VALUES ($1, $2::jsonb)', [definition.version, JSON.stringify(definition)]);
      await replaceReasons(tx, this.#initialReasons);
    });
    this.#reasons = structuredClone(this.#initialReasons);
  }

  async getConfig(): Promise<LeadLoopConfig> {
    // The stored catalog, not the one kept here: another server may have changed it.
    const { reasons, definition } = await readReasonsAndDefinition(this.#db);
    this.#reasons = reasons;
    return { waterfall: structuredClone(this.#waterfall), reasons: structuredClone(reasons), sla: { ...this.#sla }, definition };
  }

  async countLeads(): Promise<number> {
    const [row] = await this.#db.query<{ n: number }>('SELECT count(*)::float8 AS n FROM leads');
    return Number(row?.n ?? 0);
  }

  async getLead(id: string): Promise<LeadDetail> {
    if (typeof id !== 'string') throw leadNotFound(id);
    const [lead] = await this.#db.query<{ doc: Lead }>('SELECT doc FROM leads WHERE id = $1', [id]);
    if (!lead) throw leadNotFound(id);
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
    if (typeof leadId !== 'string') throw leadNotFound(leadId);
    const [lead] = await this.#db.query('SELECT 1 FROM leads WHERE id = $1', [leadId]);
    if (!lead) throw leadNotFound(leadId);
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
    // Rows are locked in id order (ids are ASCII, so code-unit order is the "C" collation), as the
    // feedback writer locks them: two writers never wait on each other in a cycle.
    const unique = [...new Map(leads.map((lead) => [lead.id, lead])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = unique.slice(i, i + CHUNK).map((lead) => toLeadRow(lead, this.#index));
      await tx.query(
        `INSERT INTO leads (id, doc, source, campaign, owner, created_ms, created_month, stage, exit_kind, exit_reason, handoff_ms, first_touch_ms)
         SELECT r.id, r.doc, r.source, r.campaign, r.owner, r.created_ms, r.created_month, r.stage, r.exit_kind, r.exit_reason, r.handoff_ms, r.first_touch_ms
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, doc jsonb, source text, campaign text, owner text, created_ms bigint,
           created_month text, stage text, exit_kind text, exit_reason text, handoff_ms bigint, first_touch_ms bigint)
         ORDER BY r.id COLLATE "C"
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
    const reasons = await this.#reasonsFor(records);
    const rows = records.map((record, i) => {
      const parsed = parseFeedbackInput(record, { reasons });
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
    const key = expectIdempotencyKey(options?.idempotencyKey);
    const by = options.by;
    if (typeof by !== 'string' || by.length === 0) throw invalidInput([{ path: 'by', message: 'is required' }], 'feedback');
    const valid = { ...expectValid(parseFeedbackInput(input, { reasons: await this.#reasonsFor([input]) })), by };
    const unstorable = unstorableText(valid);
    if (unstorable.length > 0) throw invalidInput(unstorable, 'feedback');
    const fingerprint = feedbackFingerprint(valid);
    const feedback: Feedback = { id: newId('fb'), ...valid, at: valid.at ?? this.#clock().toISOString() };
    const result = await this.#writer.write(feedback, key, fingerprint);
    if (!result.replayed) this.#emit({ type: 'feedback', leadId: result.feedback.leadId, feedback: { ...result.feedback } });
    return result;
  }

  async saveChecklist(leadId: string, input: ChecklistInput, by: string): Promise<QualificationResult> {
    const result = await this.#db.transaction(async (tx) => {
      const [lead] = typeof leadId === 'string' ? await tx.query('SELECT 1 FROM leads WHERE id = $1 FOR SHARE', [leadId]) : [];
      if (!lead) throw leadNotFound(leadId);
      const definition = await currentDefinition(tx);
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
    return this.#shared(`funnel ${JSON.stringify([valid.from, valid.to, valid.source, valid.campaign, valid.owner])}`, () => queryFunnel(this.#db, this.#index, this.#sla, this.#clock().getTime(), valid));
  }

  async getFeedbackSummary(query: SummaryQuery): Promise<FeedbackSummary> {
    const valid = expectValid(parseFunnelQuery(query ?? {}));
    if (!valid.groupBy) throw invalidInput([{ path: 'groupBy', message: 'is required: month, source, campaign or owner' }], 'query');
    const groupBy = valid.groupBy;
    return this.#shared(`summary ${JSON.stringify([groupBy, valid.from, valid.to])}`, () => querySummary(this.#db, this.#index, { ...valid, groupBy }));
  }

  async getDefinition(): Promise<QualificationDefinition> {
    return currentDefinition(this.#db);
  }

  async getDefinitionHistory(): Promise<QualificationDefinition[]> {
    return definitionHistory(this.#db);
  }

  async saveDefinition(definition: unknown): Promise<QualificationDefinition> {
    const valid = expectValid(parseDefinition(definition, { waterfall: this.#waterfall }));
    const next = await saveNextDefinition(this.#db, valid);
    this.#emit({ type: 'definition', version: next.version });
    return next;
  }

  async approveDefinition(input: StoreApprovalInput): Promise<QualificationDefinition> {
    if (!input || !APPROVAL_ROLES.includes(input.role)) throw invalidInput([{ path: 'role', message: 'must be sales or marketing' }], 'approval');
    if (!Number.isInteger(input.version)) throw invalidInput([{ path: 'version', message: 'expected the version being approved' }], 'approval');
    if (typeof input.by !== 'string' || input.by.length === 0) throw invalidInput([{ path: 'by', message: 'is required' }], 'approval');
    const next = await approveCurrentDefinition(this.#db, this.#waterfall, { role: input.role, version: input.version, by: input.by, at: this.#clock().toISOString() });
    this.#emit({ type: 'definition', version: next.version });
    return next;
  }

  async saveReasons(reasons: unknown): Promise<Reason[]> {
    const saved = await saveReasonCatalog(this.#db, reasons);
    this.#reasons = saved;
    this.#emit({ type: 'reasons' });
    return structuredClone(saved);
  }

  /**
   * The reason catalog to check feedback against. The one kept here can only lag behind the stored
   * one (ids are never removed; another server may have added some): when `inputs` cite a reason it
   * does not have, read the stored catalog again before calling the reason unknown.
   */
  async #reasonsFor(inputs: readonly unknown[]): Promise<Reason[]> {
    const known = new Set(this.#reasons.map((r) => r.id));
    const cites = (input: unknown) => {
      const reason = (input as { reason?: unknown } | null)?.reason;
      return typeof reason === 'string' && !known.has(reason);
    };
    if (inputs.some(cites)) this.#reasons = await readReasons(this.#db);
    return this.#reasons;
  }

  subscribe(listener: (change: AdapterChange) => void): () => void {
    const remove = this.#listeners.add(listener);
    return () => void remove();
  }

  /** Writes the feedback already taken, then closes the database; feedback sent after this is refused. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#listeners = new Listeners(); // the old subscribers hear nothing more
      await this.#writer?.close();
      await this.#notices?.close();
      await this.#db.close();
    })();
    return this.#closing;
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
    this.#listeners.notify(change);
    this.#notices?.send(change);
  }

  /** A change another server process made to the same PostgreSQL database. */
  async #heard(change: AdapterChange): Promise<void> {
    this.#reports.clear();
    if (change.type === 'reasons') this.#reasons = await readReasons(this.#db).catch(() => this.#reasons);
    this.#listeners.notify(change);
  }
}
