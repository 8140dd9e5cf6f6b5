import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, SqlStore, type SqlDatabase, type SqlStoreOptions } from '@leadloop/server';

/** A database the store suite runs against: opened, reopened (to test persistence), dropped. */
export interface StoreTarget {
  name: string;
  open(options?: SqlStoreOptions): Promise<SqlStore>;
  /** The database itself, for tests that look under the store (close it, or the store opened on it). */
  openDatabase(): Promise<SqlDatabase>;
  /** Deletes everything the target created. */
  dispose(): Promise<void>;
}

/** PGlite keeping its files in a temporary directory (so a reopen finds them). */
export async function pgliteTarget(): Promise<StoreTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'leadloop-pglite-'));
  return {
    name: 'PGlite',
    open: async (options) => SqlStore.open(await openPglite(dir), options),
    openDatabase: () => openPglite(dir),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** PostgreSQL from DATABASE_URL, in a schema of its own that is dropped at the end. */
export function postgresTarget(url: string): StoreTarget & { schema: string } {
  const schema = `ll_test_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  return {
    name: 'PostgreSQL',
    schema,
    open: async (options) => SqlStore.open(await openPostgres({ connectionString: url, schema, max: 4 }), options),
    openDatabase: () => openPostgres({ connectionString: url, schema, max: 4 }),
    async dispose() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set (`.ci/run` sets it). */
export function storeTargets(): { name: string; make: () => Promise<StoreTarget> | StoreTarget }[] {
  const targets: { name: string; make: () => Promise<StoreTarget> | StoreTarget }[] = [{ name: 'PGlite', make: pgliteTarget }];
  const url = process.env.DATABASE_URL;
  if (url) targets.push({ name: 'PostgreSQL', make: () => postgresTarget(url) });
  return targets;
}
