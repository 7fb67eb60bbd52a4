import { isPermanent, MISSING_OBJECT, PermanentFailure, sqlState, type SqlQueryable } from './client.js';
import { POSTGRES_SCHEMA_VERSION } from './migrations.js';
import type { ResolvedOptions } from './options.js';

/**
 * Internal: the error a statement failed with, explained when the schema is missing or older than this
 * adapter (an undefined function or table): which version the schema is at, and that `migrate()` must
 * run. Costs a query only then. Such an error, and any other a retry cannot fix (a missing grant, a failed
 * login), is a `PermanentFailure` (`retryable: false`); any other error is answered as it is.
 * @internal
 */
export async function explainedFailure(db: SqlQueryable, o: ResolvedOptions, error: unknown): Promise<unknown> {
  if (!MISSING_OBJECT.has(sqlState(error) ?? '')) return isPermanent(error) ? new PermanentFailure(error) : error;
  let version: number | null;
  try {
    const r = await db.query(`SELECT max(version) AS v FROM ${o.tables.migrations}`, []);
    const v = r.rows[0]?.['v'];
    version = v === null || v === undefined ? 0 : Number(v);
  } catch {
    version = null;
  }
  const reason = error instanceof Error ? error.message : String(error);
  const message =
    version !== null && version >= POSTGRES_SCHEMA_VERSION
      ? // migrate() trusts pc_migrations: it would apply nothing.
        `schema "${o.schema}" is recorded at version ${version} but lacks what this adapter needs (${reason}): it was changed outside migrate(); restore the missing objects from postgresMigrations()`
      : `schema "${o.schema}" is ${version === null ? 'not migrated (it has no pc_migrations table)' : `at version ${version}`}; this adapter needs version ${POSTGRES_SCHEMA_VERSION}: run migrate() (${reason})`;
  return new PermanentFailure(new Error(message, { cause: error }), error);
}
