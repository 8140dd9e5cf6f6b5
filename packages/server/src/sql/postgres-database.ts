import pg from 'pg';
import { translateDataError, type SqlDatabase, type SqlExecutor, type SqlNotices, type SqlTransaction } from './database.js';

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

/**
 * LISTEN/NOTIFY on one channel per schema (a schema is one LeadLoop database; NOTIFY reaches the
 * whole PostgreSQL database). Listening takes a connection of its own, outside the pool.
 */
function notices(base: SqlExecutor, connectionString: string, schema: string): SqlNotices {
  const channel = `leadloop_${schema}`.slice(0, 63); // a plain identifier: the schema passed SCHEMA_RE
  return {
    async send(payloads) {
      // Every payload in one statement: one round trip however many there are.
      if (payloads.length) await base.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, i) ORDER BY i', [channel, payloads]);
    },
    async listen(onPayload) {
      let current: pg.Client | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      const connect = async () => {
        const client = new pg.Client({ connectionString });
        current = client;
        const lost = () => {
          if (client !== current || stopped) return;
          current = undefined;
          client.end().catch(() => {});
          retry = setTimeout(() => void connect(), 1000);
          retry.unref();
        };
        client.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined && !stopped) onPayload(n.payload);
        });
        client.on('error', lost);
        client.on('end', lost);
        try {
          await client.connect();
          await client.query(`LISTEN ${channel}`);
        } catch {
          lost();
        }
      };
      await connect();
      return async () => {
        stopped = true;
        clearTimeout(retry);
        await current?.end().catch(() => {});
      };
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
  // Pipeline mode lets a statement go out before the previous one is answered: a transaction sends
  // its BEGIN with its first statement and its COMMIT with its last, saving two round trips.
  const max = options.max ?? 10;
  const pool = new pg.Pool({ connectionString: options.connectionString, max, options: `-c search_path=${schema}`, pipeline: true });
  // An idle client that errors (the server restarted) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const base = executor(pool);
  return {
    kind: 'postgres',
    connections: max,
    query: base.query,
    notices: notices(base, options.connectionString, schema),
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch((error: unknown) => Promise.reject(translateDataError(error)));
      const run = executor(client);
      let begun: Promise<unknown> | undefined;
      let ended = false;
      let broken = false;
      // BEGIN is not awaited by itself: it leaves with the first statement, and both are awaited
      // together. On a healthy idle connection BEGIN cannot fail; on a broken one the statement fails too.
      const begin = () => {
        if (ended) throw new Error('The transaction is over: queryAndCommit was its last statement.');
        return (begun ??= run.query('BEGIN'));
      };
      const commit = async () => {
        const result = await client.query('COMMIT').catch((error: unknown) => Promise.reject(translateDataError(error)));
        // PostgreSQL answers COMMIT with ROLLBACK when the transaction had already failed.
        if (result.command !== 'COMMIT') throw new Error(`The transaction was not committed (${result.command}).`);
      };
      // Messages sent together go out in one write: one system call, one wake-up of the server.
      const stream = client.connection.stream;
      const together = <R>(send: () => R): R => {
        stream.cork();
        try {
          return send();
        } finally {
          stream.uncork();
        }
      };
      const tx: SqlTransaction = {
        async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
          const [, rows] = await together(() => Promise.all([begin(), run.query<R>(sql, params)]));
          return rows;
        },
        async queryAndCommit<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
          const [, rows] = await together(() => {
            const started = begin();
            ended = true;
            return Promise.all([started, run.query<R>(sql, params), commit()]);
          });
          return rows;
        },
      };
      try {
        const result = await fn(tx);
        if (begun && !ended) {
          ended = true;
          await commit();
        }
        return result;
      } catch (error) {
        // A connection that failed goes away instead of back into the pool.
        broken = (error as { code?: unknown })?.code === 'unavailable';
        if (begun) await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
