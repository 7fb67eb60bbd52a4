import type { DomainError } from '../../core/errors.js';
import { deepFreeze } from '../../core/freeze.js';
import { ok, type Result } from '../../core/result.js';
import type { CommitResult, OutboxItem, StoragePort, VersionedRecord } from '../../ports/storage.js';
import { inRetriedTransaction, type PostgresClient } from './client.js';
import { checkCommitRequest, commitIn } from './commit.js';
import { readAdapterInputs, type ResolvedOptions } from './options.js';

const byKey = (a: VersionedRecord, b: VersionedRecord) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const toRecord = (row: Record<string, unknown>): VersionedRecord =>
  deepFreeze({ key: String(row['key']), version: Number(row['version']), data: row['data'] ?? null });

/** The largest LIMIT we pass: `pendingOutbox(now, Infinity)` (or NaN, as the in-memory adapter) means "all". */
function outboxLimit(limit: unknown): number | null {
  const n = Number(limit);
  if (Number.isNaN(n) || n === Number.POSITIVE_INFINITY) return null;
  return Math.max(0, Math.ceil(n));
}

/**
 * A {@link StoragePort} on PostgreSQL (a `pg` `Pool`) or PGlite: the same behaviour as
 * `createInMemoryStorage`, proved by the same contract suite, safe with many concurrent clients.
 *
 * @remarks
 * Run {@link migrate} once first (same `options.schema`). A commit is one READ COMMITTED transaction
 * that takes advisory locks on every key it reads or writes (in a fixed order, so no deadlock), checks
 * the expected versions, and writes records, events, outbox items and the receipt, or nothing on a
 * conflict. Serialization failures and deadlocks (if your server forces another isolation level) are
 * retried `options.retries` times, then answered as a conflict. Record data, events, outcomes and
 * payloads are stored as `json`: give it JSON-serialisable values. Database failures reject with the
 * driver's error (nothing half-written: the transaction rolls back).
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
 * await migrate(pool);
 * const storage = createPostgresStorage(pool);
 * if (!storage.ok) throw new Error(storage.error.message);
 * await storage.value.load(['connection:cn-1']); // [{ key: 'connection:cn-1', version: 0, data: null }]
 * ```
 */
export function createPostgresStorage(client: unknown, options?: unknown): Result<StoragePort, DomainError<'INVALID_INPUT'>> {
  const inputs = readAdapterInputs(client, options);
  if (!inputs.ok) return inputs;
  return ok(Object.freeze(postgresStorage(inputs.value.client, inputs.value.options)));
}

function postgresStorage(db: PostgresClient, o: ResolvedOptions): StoragePort {
  const t = o.tables;
  return {
    async load(keys) {
      if (!Array.isArray(keys) || keys.length === 0) return [];
      const asked = keys.map((k) => String(k));
      const rows = await db.query(`SELECT key, version, data FROM ${t.records} WHERE key IN (SELECT json_array_elements_text($1::json))`, [
        JSON.stringify([...new Set(asked)]),
      ]);
      const found = new Map(rows.rows.map((row) => [String(row['key']), toRecord(row)]));
      return asked.map((key) => found.get(key) ?? { key, version: 0, data: null });
    },
    async list(prefix) {
      const rows = await db.query(`SELECT key, version, data FROM ${t.records} WHERE starts_with(key, $1) ORDER BY key`, [String(prefix)]);
      // Re-sorted in JavaScript: byte order and UTF-16 order differ for characters beyond U+FFFF.
      return rows.rows.map(toRecord).sort(byKey);
    },
    async commit(request): Promise<CommitResult> {
      const checked = checkCommitRequest(request);
      if (!checked.ok) throw new TypeError(checked.message);
      const outcome = await inRetriedTransaction(db, o.retries, (tx) => commitIn(tx, o, checked.value));
      if (outcome.done) return outcome.value;
      // Still failing to serialize after the retries: answered as a conflict on what it touched.
      const touched = [...new Set([...checked.value.expected.map((e) => e.key), ...checked.value.writes.map((w) => w.key)])];
      return { ok: false, conflicts: touched.length > 0 ? touched : ['commit'] };
    },
    async history(stream) {
      const rows = await db.query(`SELECT data FROM ${t.events} WHERE stream = $1 ORDER BY seq`, [String(stream)]);
      return rows.rows.map((row) => deepFreeze(row['data'] ?? null));
    },
    async receipt(key) {
      const rows = await db.query(`SELECT data FROM ${t.receipts} WHERE key = $1`, [String(key)]);
      const data = rows.rows[0]?.['data'] as { fingerprint: string; outcome: unknown; at: number } | undefined;
      return data === undefined ? undefined : deepFreeze(data);
    },
    async pendingOutbox(now, limit) {
      const at = Number(now);
      const n = outboxLimit(limit);
      if (Number.isNaN(at) || n === 0) return [];
      const rows = await db.query(
        `SELECT item, attempts, available_at, last_error FROM ${t.outbox} WHERE NOT delivered AND available_at <= $1::float8 ORDER BY seq${n === null ? '' : ' LIMIT $2'}`,
        n === null ? [String(at)] : [String(at), n],
      );
      return rows.rows.map(
        (row): OutboxItem =>
          deepFreeze({
            ...(row['item'] as OutboxItem),
            attempts: Number(row['attempts']),
            availableAt: Number(row['available_at']),
            lastError: row['last_error'] === null || row['last_error'] === undefined ? null : String(row['last_error']),
          }),
      );
    },
    async markDelivered(id) {
      // Also for an id never queued: it is remembered as delivered and never queued later.
      await db.query(`INSERT INTO ${t.outbox} (id, delivered) VALUES ($1, true) ON CONFLICT (id) DO UPDATE SET delivered = true`, [String(id)]);
    },
    async markFailed(id, error, retryAt) {
      await db.query(
        `UPDATE ${t.outbox} SET attempts = attempts + 1, available_at = $3::float8, last_error = $2 WHERE id = $1 AND NOT delivered`,
        [String(id), String(error), String(Number(retryAt))],
      );
    },
  };
}
