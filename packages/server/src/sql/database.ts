/** The little a SQL store needs from a database: parameterised queries and transactions. */
export interface SqlExecutor {
  /** Runs one statement with `$1…$n` parameters; never interpolate values into `sql`. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlDatabase extends SqlExecutor {
  /** `pglite` (embedded, in this process) or `postgres` (a server reached by URL). */
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SQLSTATE of a database error, when there is one (unique violation is 23505). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
