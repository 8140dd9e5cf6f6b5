import { LeadLoopError } from '@leadloop/core';

/** The little a SQL store needs from a database: parameterised queries and transactions. */
export interface SqlExecutor {
  /** Runs one statement with `$1…$n` parameters; never interpolate values into `sql`. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** The executor a transaction's callback gets. */
export interface SqlTransaction extends SqlExecutor {
  /**
   * Runs the transaction's last statement and commits: on PostgreSQL the COMMIT travels with the
   * statement, so the pair costs one round trip instead of two. It resolves once the commit is
   * done; the transaction takes no statement after it.
   */
  queryAndCommit<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface SqlDatabase extends SqlExecutor {
  /** `pglite` (embedded, in this process) or `postgres` (a server reached by URL). */
  readonly kind: 'pglite' | 'postgres';
  /**
   * How many transactions can make progress at once: the pool size on PostgreSQL, 1 on PGlite
   * (it runs one transaction at a time and queues the others).
   */
  readonly connections: number;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * Notices between the processes that share this database (PostgreSQL LISTEN/NOTIFY, one channel
   * per schema). Absent on PGlite: its files belong to one process.
   */
  readonly notices?: SqlNotices;
  close(): Promise<void>;
}

export interface SqlNotices {
  /** Sends each payload (under NOTICE_LIMIT bytes of UTF-8) to every listener, this process's too. */
  send(payloads: readonly string[]): Promise<void>;
  /**
   * Calls `onPayload` with each notice sent from now on, on a connection of its own that comes
   * back after a failure (notices sent while it was down are missed). Resolves once listening (or
   * once the first try failed, retrying every second after), with a function that stops.
   */
  listen(onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

/** PostgreSQL refuses a notice payload of 8000 bytes or more. */
export const NOTICE_LIMIT = 7999;

/** The SQLSTATE of a database error, when there is one (unique violation is 23505). */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Text the database refuses — a NUL character (22021), a broken surrogate in JSON (22P05, 22P02) —
 * is bad input, not a server fault: say so, without quoting the SQL. Other data exceptions stay
 * internal errors, so a bug in a query is not passed off as the client's mistake.
 */
const TEXT_STATES: ReadonlySet<string> = new Set(['22021', '22P05', '22P02']);

/** The database is down, restarting, out of connections, or chose this transaction to break a deadlock: try again. */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300|40001|40P01)$/;
const NETWORK_ERRORS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function translateDataError(error: unknown): unknown {
  const state = sqlState(error);
  if (state && TEXT_STATES.has(state)) {
    return new LeadLoopError('invalid_input', 'The input contains text the database cannot store, such as a NUL character or half of a surrogate pair.', { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if ((state && UNAVAILABLE_STATES.test(state)) || (typeof code === 'string' && NETWORK_ERRORS.has(code)) || /Connection terminated/i.test((error as Error)?.message ?? '')) {
    return new LeadLoopError('unavailable', 'The database is not available right now; try again shortly.', { cause: error, retryable: true, retryAfterMs: 1000 });
  }
  return error;
}
