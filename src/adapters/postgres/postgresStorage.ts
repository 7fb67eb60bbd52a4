import type { DomainError } from '../../core/errors.js';
import { deepFreeze } from '../../core/freeze.js';
import { ok, type Result } from '../../core/result.js';
import type { IndexPage, IndexQuery, OutboxClaim, OutboxItem, StoragePort, VersionedRecord } from '../../ports/storage.js';
import { inTransaction, isRetryable, type PostgresClient } from './client.js';
import { commitRequest } from './commit.js';
import { readAdapterInputs, type ResolvedOptions } from './options.js';
import { explainedFailure } from './schemaCheck.js';
import { claimSql, indexQuerySql, loadSql } from './sql.js';
import { runStatement } from './statements.js';

const toRecord = (row: Record<string, unknown>): VersionedRecord =>
  deepFreeze({ key: String(row['key']), version: Number(row['version']), data: row['data'] ?? null });

const MAX_QUERY_LIMIT = 10_000;

/** A key PostgreSQL text can hold: no NUL, no lone surrogate (anything else could never have been written). */
function storable(key: string): boolean {
  return !key.includes('\u0000') && (key as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A bound as PostgreSQL reads a `double precision` parameter (NaN and infinities as text). */
const float = (n: number) => String(n);

/**
 * A {@link StoragePort} on PostgreSQL (a `pg` `Pool`) or PGlite: the same behaviour as
 * `createInMemoryStorage`, proved by the same contract suite, safe with many concurrent clients.
 *
 * @remarks
 * Run {@link migrate} once first (same `options.schema`). Every method is one round trip, a named
 * statement (parsed and planned once per connection) on a `pg` `Pool` (see `namedStatements`):
 * - `load`: one `SELECT … WHERE key = ANY(…)`;
 * - `commit`: one call of the adapter's commit function, a single READ COMMITTED transaction that takes
 *   advisory locks on every key it reads or writes (in a fixed order, so no deadlock), checks the
 *   expected versions and writes records, index entries, events, outbox items and the receipt, or
 *   nothing on a conflict; on a server whose sessions default to a stricter isolation level the call
 *   runs in an explicit READ COMMITTED transaction (three round trips there); serialization failures
 *   and deadlocks are retried `options.retries` times, then answered as a conflict;
 * - `query`: one index range scan (`pc_index_lookup`) joined with the records;
 * - `claimOutbox`: one call of the claim function, an `UPDATE … FROM` under a transaction-scoped
 *   advisory lock, so concurrent dispatchers take turns and lease disjoint items.
 * A `pg` `Pool` emits `'error'` for an idle connection the server closed: attach a listener
 * (`pool.on('error', …)`), or Node exits on it.
 * Record data, events, outcomes and payloads are stored as `json`: give it JSON-serialisable values.
 * Database failures reject with the driver's error (nothing half-written: the transaction rolls back).
 *
 * Returns `INVALID_INPUT` when `client` is neither a `pg` `Pool` nor a PGlite instance, or when the
 * options are malformed.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresStorage, migrate } from 'project-connections/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', (error) => console.error(error)); // an idle connection closed by the server
 * await migrate(pool);
 * const storage = createPostgresStorage(pool);
 * if (!storage.ok) throw new Error(storage.error.message);
 * await storage.value.load(['connection:cn-1']); // [{ key: 'connection:cn-1', version: 0, data: null }]
 * ```
 * @since 0.1.0
 */
export function createPostgresStorage(client: unknown, options?: unknown): Result<StoragePort, DomainError<'INVALID_INPUT'>> {
  const inputs = readAdapterInputs(client, options);
  if (!inputs.ok) return inputs;
  return ok(Object.freeze(postgresStorage(inputs.value.client, inputs.value.options)));
}

function postgresStorage(db: PostgresClient, o: ResolvedOptions): StoragePort {
  const t = o.tables;
  /** A read's statement; on a missing or old schema its error says so (see `explainedFailure`). */
  const read = async (sql: string, params: unknown[]) => {
    try {
      return await runStatement(db, o, sql, params);
    } catch (error) {
      throw await explainedFailure(db, o, error);
    }
  };
  return {
    async load(keys) {
      if (!Array.isArray(keys) || keys.length === 0) return [];
      const asked = keys.map((k) => String(k));
      const rows = await read(loadSql(o), [[...new Set(asked.filter(storable))]]);
      const found = new Map(rows.rows.map((row) => [String(row['key']), toRecord(row)]));
      return asked.map((key) => found.get(key) ?? { key, version: 0, data: null });
    },
    async commit(request) {
      return commitRequest(db, o, request);
    },
    async query(query: IndexQuery): Promise<IndexPage> {
      if (typeof query !== 'object' || query === null || typeof query.index !== 'string' || typeof query.term !== 'string') {
        throw new TypeError('invalid index query: { index, term, limit } expected');
      }
      const limit = Math.min(MAX_QUERY_LIMIT, Math.max(0, Math.floor(Number(query.limit) || 0)));
      if (limit === 0 || !storable(query.index) || !storable(query.term)) return { records: [], next: null };
      const from = typeof query.from === 'number' && !Number.isNaN(query.from) ? query.from : Number.NEGATIVE_INFINITY;
      const to = typeof query.to === 'number' && !Number.isNaN(query.to) ? query.to : Number.POSITIVE_INFINITY;
      const after = query.after !== undefined && typeof query.after.key === 'string' && typeof query.after.order === 'number' && storable(query.after.key) ? query.after : undefined;
      const params: unknown[] = [query.index, query.term, float(from), float(to), limit + 1];
      if (after !== undefined) params.push(float(after.order), after.key);
      const rows = await read(indexQuerySql(o, after !== undefined), params);
      const page = rows.rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        records: page.map(toRecord),
        next: rows.rows.length > limit && last !== undefined ? { order: Number(last['ord']), key: String(last['key']) } : null,
      };
    },
    async history(stream) {
      const name = String(stream);
      if (!storable(name)) return []; // a stream no commit could have written (as in memory: no events)
      const rows = await read(`SELECT data FROM ${t.events} WHERE stream = $1 ORDER BY seq`, [name]);
      return rows.rows.map((row) => deepFreeze(row['data'] ?? null));
    },
    async receipt(key) {
      const k = String(key);
      if (!storable(k)) return undefined;
      const rows = await read(`SELECT data FROM ${t.receipts} WHERE key = $1`, [k]);
      const data = rows.rows[0]?.['data'] as { fingerprint: string; outcome: unknown; at: number } | undefined;
      return data === undefined ? undefined : deepFreeze(data);
    },
    async claimOutbox(claim: OutboxClaim) {
      const now = Number(claim?.now);
      const limit = Math.max(0, Math.floor(Number(claim?.limit) || 0));
      const owner = String(claim?.owner);
      const leaseMs = Math.max(0, Number(claim?.leaseMs) || 0);
      if (Number.isNaN(now) || limit === 0 || !storable(owner)) return [];
      const params = [float(now), limit, owner, float(leaseMs)];
      let rows;
      try {
        rows = await runStatement(db, o, claimSql(o), params);
      } catch (error) {
        // Under REPEATABLE READ or SERIALIZABLE (a non-default `default_transaction_isolation`) a claim
        // racing another fails to serialize: claimed again in an explicit READ COMMITTED transaction.
        if (!isRetryable(error)) throw await explainedFailure(db, o, error);
        rows = await inTransaction(db, (tx) => tx.query(claimSql(o), params));
      }
      return [...rows.rows]
        .sort((a, b) => Number(a['seq']) - Number(b['seq']))
        .map((row): OutboxItem => {
          const item = row['item'] as OutboxItem;
          const group = row['group_key'];
          return deepFreeze({
            id: item.id,
            kind: item.kind,
            payload: item.payload,
            ...(typeof group === 'string' ? { group } : {}),
            availableAt: Number(row['available_at']),
            attempts: Number(row['attempts']),
            lastError: row['last_error'] === null || row['last_error'] === undefined ? null : String(row['last_error']),
            enqueuedAt: row['enqueued_at'] === null || row['enqueued_at'] === undefined ? Number(row['available_at']) : Number(row['enqueued_at']),
          });
        });
    },
    async markDelivered(ids) {
      // Distinct (one statement may not update a row twice) and sorted (two runs marking overlapping
      // ids lock their rows in one order, so they cannot deadlock).
      const keep = Array.isArray(ids) ? [...new Set(ids.map(String).filter(storable))].sort() : [];
      if (keep.length === 0) return;
      // Also for an id never queued: it is remembered as delivered and never queued later.
      await runStatement(
        db,
        o,
        `INSERT INTO ${t.outbox} (id, delivered) SELECT id, true FROM unnest($1::text[]) AS ids(id) ON CONFLICT (id) DO UPDATE SET delivered = true, lease_owner = NULL`,
        [keep],
      );
    },
    async releaseOutbox(ids, owner) {
      const keep = Array.isArray(ids) ? [...new Set(ids.map(String).filter(storable))] : [];
      if (keep.length === 0) return;
      await runStatement(db, o, `UPDATE ${t.outbox} SET lease_owner = NULL, lease_until = '-Infinity' WHERE id = ANY($1::text[]) AND NOT delivered AND lease_owner = $2`, [keep, String(owner)]);
    },
    async markFailed(id, error, retryAt, owner) {
      const k = String(id);
      if (!storable(k)) return;
      await runStatement(
        db,
        o,
        `UPDATE ${t.outbox} SET attempts = attempts + 1, available_at = $3::double precision, last_error = $2, lease_owner = NULL, lease_until = '-Infinity'
         WHERE id = $1 AND NOT delivered AND (lease_owner IS NULL OR lease_owner = $4)`,
        [k, (String(error).replace(/\u0000/g, '\uFFFD').slice(0, 10_000) as string & { toWellFormed(): string }).toWellFormed(), float(Number(retryAt)), String(owner)],
      );
    },
  };
}
