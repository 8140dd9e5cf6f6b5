import type { SqlDatabase } from './database.js';

export interface Migration {
  version: number;
  name: string;
  /** Statements run in order inside one transaction. */
  statements: string[];
}

/**
 * The schema, as numbered steps. Never edit a released step: add the next one. The same steps run
 * on PGlite and PostgreSQL. Times are kept twice: the ISO text the client sent (round-trips
 * exactly) and epoch milliseconds computed by core (what the funnel queries compare).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'leads, feedback, checklists, definitions, idempotency keys, settings',
    statements: [
      `CREATE TABLE settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL
      )`,
      `CREATE TABLE leads (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        source text,
        campaign text,
        owner text,
        created_ms bigint NOT NULL,
        created_month text NOT NULL,
        stage text NOT NULL,
        exit_kind text,
        exit_reason text,
        handoff_ms bigint NOT NULL,
        first_touch_ms bigint
      )`,
      'CREATE INDEX leads_created_ms ON leads (created_ms)',
      'CREATE INDEX leads_source ON leads (source, created_ms)',
      'CREATE INDEX leads_campaign ON leads (campaign, created_ms)',
      'CREATE INDEX leads_owner ON leads (owner, created_ms)',
      `CREATE TABLE feedback (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        lead_id text NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
        outcome text NOT NULL,
        reason text,
        rating integer,
        note text,
        given_by text NOT NULL,
        given_at text NOT NULL,
        given_ms bigint NOT NULL
      )`,
      'CREATE INDEX feedback_lead ON feedback (lead_id, seq)',
      `CREATE TABLE idempotency_keys (
        user_id text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        feedback_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`,
      `CREATE TABLE checklists (
        lead_id text NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
        stage text NOT NULL,
        answers jsonb NOT NULL,
        given_by text NOT NULL,
        given_at text NOT NULL,
        definition_version integer NOT NULL,
        PRIMARY KEY (lead_id, stage)
      )`,
      `CREATE TABLE definitions (
        version integer PRIMARY KEY,
        doc jsonb NOT NULL
      )`,
    ],
  },
];

/** An arbitrary constant: the advisory lock that keeps two starting servers from migrating at once. */
const MIGRATION_LOCK = 7_315_001;

/** Applies the steps the database has not seen yet; returns the versions applied. Safe to run concurrently. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
