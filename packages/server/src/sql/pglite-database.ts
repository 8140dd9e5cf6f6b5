import { PGlite } from '@electric-sql/pglite';
import { translateDataError, type SqlDatabase, type SqlExecutor } from './database.js';

type Queryable = Pick<PGlite, 'query'>;

function executor(db: Queryable): SqlExecutor {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      try {
        const result = await db.query<T>(sql, params as unknown[]);
        return result.rows;
      } catch (error) {
        throw translateDataError(error);
      }
    },
  };
}

/**
 * PostgreSQL compiled to WebAssembly, running inside this process: the zero-setup default.
 * `dataDir` keeps the data on disk; without it the database lives in memory (tests, demos).
 */
export async function openPglite(dataDir?: string): Promise<SqlDatabase> {
  const db = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  const base = executor(db);
  return {
    kind: 'pglite',
    query: base.query,
    // PGlite runs one transaction at a time and queues the other callers.
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
}
