import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SqlStore, type SqlStoreOptions } from './sql-store.js';
import { openPglite } from './sql/pglite-database.js';
import { openPostgres } from './sql/postgres-database.js';

/** Where `leadloop` keeps its data when no `--store` is given. */
export const DEFAULT_STORE = 'pglite:.leadloop/data';

export interface OpenStoreOptions extends SqlStoreOptions {
  /** PostgreSQL schema for the tables (tests use a throwaway one). */
  schema?: string;
}

/** Redacts the password of a database URL, for messages. */
export function describeStore(spec: string): string {
  return spec.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/**
 * Opens a store from a spec: `memory` (PGlite in memory, gone on exit), `pglite:DIR` (PGlite
 * keeping its files in DIR), or a `postgres://…` / `postgresql://…` URL.
 */
export async function openStore(spec: string = DEFAULT_STORE, options: OpenStoreOptions = {}): Promise<SqlStore> {
  if (spec === 'memory') return SqlStore.open(await openPglite(), options);
  if (spec.startsWith('pglite:')) {
    const dir = resolve(spec.slice('pglite:'.length) || '.leadloop/data');
    await mkdir(dir, { recursive: true });
    return SqlStore.open(await openPglite(dir), options);
  }
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const db = await openPostgres({ connectionString: spec, ...(options.schema ? { schema: options.schema } : {}) });
    try {
      return await SqlStore.open(db, options);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  throw new Error(`Unknown store "${describeStore(spec)}": use memory, pglite:DIR or postgres://user:password@host/db`);
}
