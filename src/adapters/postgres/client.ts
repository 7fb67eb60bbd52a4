/**
 * The rows a query returns. Both `pg` (`QueryResult`) and PGlite (`Results`) have this shape.
 *
 * @example
 * ```ts
 * const result: SqlResult = { rows: [{ key: 'connection:cn-1', version: 2 }] };
 * ```
 * @since 0.1.0
 */
export interface SqlResult {
  /** The rows returned, one object per row keyed by column name. */
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * Anything that runs one parameterised SQL statement (`$1`, `$2`, ...): a `pg` `Pool`, `Client` or
 * `PoolClient`, a PGlite instance or one of its transactions.
 *
 * @example
 * ```ts
 * const db: SqlQueryable = { query: (text, params) => pool.query(text, params) };
 * ```
 * @since 0.1.0
 */
export interface SqlQueryable {
  /** Runs one SQL statement with its `$n` parameters and resolves with the rows. */
  query(text: string, params?: unknown[]): Promise<SqlResult>;
}

/**
 * A client that runs a callback inside one transaction on one connection, committing when it resolves
 * and rolling back when it rejects: PGlite (`db.transaction(fn)`), or your own wrapper.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db: SqlTransactionalClient = await PGlite.create();
 * ```
 * @since 0.1.0
 */
export interface SqlTransactionalClient extends SqlQueryable {
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it rejects. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/**
 * One connection checked out of a pool (`pg`'s `PoolClient`): queries, then `release()`; a truthy
 * argument tells the pool to discard a broken connection.
 *
 * @example
 * ```ts
 * const connection: SqlPoolConnection = await pool.connect();
 * connection.release();
 * ```
 * @since 0.1.0
 */
export interface SqlPoolConnection extends SqlQueryable {
  /** Returns the connection to the pool; a truthy argument discards a broken one. */
  release(error?: Error | boolean): void;
}

/**
 * A connection pool (`pg`'s `Pool`): the adapter checks a connection out for each transaction and
 * issues `BEGIN` / `COMMIT` / `ROLLBACK` on it.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool: SqlPool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 * @since 0.1.0
 */
export interface SqlPool extends SqlQueryable {
  /** Checks a connection out of the pool. */
  connect(): Promise<SqlPoolConnection>;
}

/**
 * The minimal query client the PostgreSQL adapter needs: a `pg` `Pool` or a PGlite instance, as they
 * are. (A single `pg.Client` is not enough: concurrent commits would interleave on its one connection.)
 *
 * @example
 * ```ts
 * const client: PostgresClient = new pg.Pool({ connectionString });   // or: await PGlite.create()
 * ```
 * @since 0.1.0
 */
export type PostgresClient = SqlTransactionalClient | SqlPool;

/**
 * Internal: whether `value` has the shape of a {@link PostgresClient}.
 * @internal
 */
export function isPostgresClient(value: unknown): value is PostgresClient {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    const candidate = value as Record<string, unknown>;
    return typeof candidate['query'] === 'function' && (typeof candidate['transaction'] === 'function' || typeof candidate['connect'] === 'function');
  } catch {
    return false;
  }
}

/**
 * Internal: whether `value` is one `pg` connection — a `Client`, or a client checked out of a pool —
 * rather than a pool: it has `pg`'s per-connection `escapeLiteral` and no `transaction` (PGlite's).
 * @internal
 */
export function isSingleConnection(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    const candidate = value as Record<string, unknown>;
    return typeof candidate['escapeLiteral'] === 'function' && typeof candidate['query'] === 'function' && typeof candidate['transaction'] !== 'function';
  } catch {
    return false;
  }
}

/**
 * Internal: the SQLSTATE of a driver error (`pg` and PGlite both set `code`), if any.
 * @internal
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Internal: whether a failed statement surely did not commit: the server answered it with an error (a
 * SQLSTATE, so the statement's transaction rolled back), or the connection could not be opened. Not
 * for connection exceptions (class 08), shutdowns (57P) and internal errors (XX), nor for an error
 * without a SQLSTATE (a connection lost mid-statement): those may come after the commit.
 * @internal
 */
export function surelyNotCommitted(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = sqlState(error);
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) return !code.startsWith('08') && !code.startsWith('57P') && !code.startsWith('XX');
  const syscall = (error as { syscall?: unknown }).syscall;
  return syscall === 'connect' || syscall === 'getaddrinfo';
}

/** SQLSTATEs of a statement naming a function, a table or a schema that does not exist (run `migrate()`). */
export const MISSING_OBJECT: ReadonlySet<string> = new Set(['42883', '42P01', '3F000']);

/**
 * SQLSTATEs a retry cannot fix: a table, function or schema that is not there (`MISSING_OBJECT`), a
 * missing grant (42501), an unknown database (3D000), a failed login (28000, 28P01). Not 25006 (a
 * read-only transaction): a failover in progress ends it.
 */
const PERMANENT: ReadonlySet<string> = new Set([...MISSING_OBJECT, '42501', '3D000', '28000', '28P01']);

/**
 * Internal: whether a driver error is one a retry cannot fix (see `PERMANENT`).
 * @internal
 */
export function isPermanent(error: unknown): boolean {
  return PERMANENT.has(sqlState(error) ?? '');
}

/** An adapter error that keeps a failure's message and cause, and the SQLSTATE of the driver's error. */
abstract class AdapterFailure extends Error {
  /** The SQLSTATE the server answered, if any. */
  readonly code: string | undefined;

  /** `failure`: what to report (its message); `original`: the driver's error, for its SQLSTATE (default: `failure`). */
  constructor(name: string, failure: unknown, original: unknown) {
    super(failure instanceof Error ? failure.message : String(failure), { cause: failure });
    this.name = name;
    this.code = sqlState(original);
  }
}

/**
 * Internal: a commit failure the storage port reports as surely not applied (`committed: false`, see
 * `RecordStorePort.commit`), with the original message, SQLSTATE and cause.
 * @internal
 */
export class CommitNotApplied extends AdapterFailure {
  /** Always false: the commit did not apply. */
  readonly committed = false as const;
  /** False for a failure a retry cannot fix (see `isPermanent`). */
  readonly retryable: boolean;

  constructor(failure: unknown, original: unknown = failure) {
    super('CommitNotApplied', failure, original);
    this.retryable = !isPermanent(original);
  }
}

/**
 * Internal: a failure the storage port reports as permanent (`retryable: false`, see
 * `RecordStorePort`): the service tries once only. Keeps the message, the SQLSTATE and the cause.
 * @internal
 */
export class PermanentFailure extends AdapterFailure {
  /** Always false: retrying cannot help until the database is set up. */
  readonly retryable = false as const;

  constructor(failure: unknown, original: unknown = failure) {
    super('PermanentFailure', failure, original);
  }
}

/** Serialization failure and deadlock: the transaction did nothing and may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Internal: whether a failed transaction may be retried as is.
 * @internal
 */
export function isRetryable(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * Internal: runs `fn` in one READ COMMITTED transaction on one connection of `client`. Everything
 * `fn` did is committed when it resolves and rolled back when it rejects (the rejection is rethrown).
 *
 * @remarks
 * READ COMMITTED is forced (whatever `default_transaction_isolation` says) because the adapter
 * serialises conflicting commits with advisory locks and must then read the latest committed rows.
 * @internal
 */
export async function inTransaction<T>(client: PostgresClient, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  if ('transaction' in client && typeof client.transaction === 'function') {
    return client.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      return fn(tx);
    });
  }
  const connection = await (client as SqlPool).connect();
  let broken: Error | undefined;
  // A checked-out pg connection whose socket breaks (a terminated backend, a server restart) emits
  // 'error', and the pool listens only to idle ones: unheard, it would crash the process. The query in
  // flight rejects on its own; the connection is discarded on release.
  const onError = (error: unknown) => {
    broken = error instanceof Error ? error : new Error(String(error));
  };
  const events = connection as { on?: (event: 'error', listener: (error: unknown) => void) => unknown; removeListener?: (event: 'error', listener: (error: unknown) => void) => unknown };
  if (typeof events.on === 'function') events.on('error', onError);
  try {
    await connection.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    try {
      const value = await fn(connection);
      await connection.query('COMMIT');
      return value;
    } catch (error) {
      try {
        await connection.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
      }
      throw error;
    }
  } finally {
    if (typeof events.removeListener === 'function') events.removeListener('error', onError);
    connection.release(broken ?? false);
  }
}

/**
 * Internal: {@link inTransaction}, run again (at most `retries` more times) when PostgreSQL reports a
 * serialization failure or a deadlock. Resolves `{ retried: true }` when every attempt failed so.
 * @internal
 */
export async function inRetriedTransaction<T>(
  client: PostgresClient,
  retries: number,
  fn: (tx: SqlQueryable) => Promise<T>,
): Promise<{ readonly done: true; readonly value: T } | { readonly done: false }> {
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    try {
      return { done: true, value: await inTransaction(client, fn) };
    } catch (error) {
      if (!isRetryable(error)) throw error;
    }
  }
  return { done: false };
}
