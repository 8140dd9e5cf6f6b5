import pg from 'pg';
import { translateDataError, type SqlDatabase, type SqlExecutor } from './database.js';

export interface PostgresOptions {
  connectionString: string;
  /** Schema for LeadLoop's tables (created when missing); default `public`. Tests use a throwaway one. */
  schema?: string;
  /** Connections in the pool; default 10. */
  max?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Statement names by SQL text: a named statement is parsed and planned once per connection, not
 * on every request. The store's statements are a small fixed set (filters vary in a few ways only).
 */
const names = new Map<string, string>();
function nameOf(sql: string): string | undefined {
  if (!/^\s*(SELECT|INSERT|UPDATE|WITH)\b/i.test(sql)) return undefined;
  let name = names.get(sql);
  if (!name && names.size < 500) names.set(sql, (name = `ll_${names.size}`));
  return name;
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const name = nameOf(sql);
      try {
        const result = await client.query(name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] });
        return result.rows as T[];
      } catch (error) {
        throw translateDataError(error);
      }
    },
  };
}

/** A PostgreSQL server reached through a `pg` pool. */
export async function openPostgres(options: PostgresOptions): Promise<SqlDatabase> {
  const schema = options.schema ?? 'public';
  // The schema name is the one value that cannot be a parameter: allow only plain identifiers.
  if (!SCHEMA_RE.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}: use lowercase letters, digits and _`);
  if (schema !== 'public') {
    const setup = new pg.Client({ connectionString: options.connectionString });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  // Every pooled connection starts with the schema on its search path (a startup parameter, no race).
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, options: `-c search_path=${schema}` });
  // An idle client that errors (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const base = executor(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch((error: unknown) => Promise.reject(translateDataError(error)));
      let broken = false;
      try {
        const tx = executor(client);
        await tx.query('BEGIN');
        const result = await fn(tx);
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that failed goes away instead of back into the pool.
        broken = (error as { code?: unknown })?.code === 'unavailable';
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
