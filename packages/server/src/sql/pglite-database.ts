import { PGlite } from '@electric-sql/pglite';
import { translateDataError, type SqlDatabase, type SqlExecutor, type SqlTransaction } from './database.js';
import { lockDataDir } from './pglite-lock.js';

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
 * `dataDir` keeps the data on disk, for this process alone (a second one is refused: see
 * pglite-lock.ts); without it the database lives in memory (tests, demos).
 */
export async function openPglite(dataDir?: string): Promise<SqlDatabase> {
  const unlock = dataDir ? await lockDataDir(dataDir) : async () => {};
  const db = await (dataDir ? PGlite.create({ dataDir }) : PGlite.create()).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const base = executor(db);
  return {
    kind: 'pglite',
    connections: 1,
    query: base.query,
    // PGlite runs one transaction at a time and queues the other callers. It commits when `fn`
    // resolves, which is right after the last statement: no round trip to save.
    transaction: (fn) => db.transaction((tx) => {
      const run = executor(tx);
      let ended = false;
      const inTransaction: SqlTransaction = {
        async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
          if (ended) throw new Error('The transaction is over: queryAndCommit was its last statement.');
          return run.query<R>(sql, params);
        },
        async queryAndCommit<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
          const rows = inTransaction.query<R>(sql, params);
          ended = true;
          return rows;
        },
      };
      return fn(inTransaction);
    }),
    async close() {
      await db.close();
      await unlock();
    },
  };
}
