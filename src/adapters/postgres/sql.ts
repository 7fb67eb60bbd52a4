import type { ResolvedOptions } from './options.js';

/*
 * Internal: the adapter's read statements, one place for the adapter and for the tests that EXPLAIN
 * them (test/postgres/explain.test.ts shows each one uses its index).
 */

/** `load`: the records of some keys (`pc_records_key`). Parameter: `$1` the keys, `text[]`. */
export function loadSql(o: ResolvedOptions): string {
  return `SELECT key, version, data FROM ${o.tables.records} WHERE key = ANY($1::text[])`;
}

/**
 * `query`: one (name, term) range of the index in (ord, key) order, joined with the records
 * (`pc_index_lookup`, then `pc_records_key`). Parameters: `$1` name, `$2` term, `$3` from, `$4` to,
 * `$5` limit + 1, and with a cursor `$6` its order and `$7` its key.
 */
export function indexQuerySql(o: ResolvedOptions, withCursor: boolean): string {
  const cursor = withCursor ? ' AND (i.ord, i.key) > ($6::double precision, $7::text)' : '';
  return `SELECT i.ord, r.key, r.version, r.data FROM ${o.tables.index} AS i JOIN ${o.tables.records} AS r ON r.key = i.key
         WHERE i.name = $1 AND i.term = $2 AND i.ord >= $3::double precision AND i.ord <= $4::double precision${cursor}
         ORDER BY i.ord, i.key LIMIT $5`;
}

/**
 * `claimOutbox`: leases the oldest due items nobody holds (`pc_outbox_pending`), skipping rows another
 * dispatcher is claiming at the same moment. Parameters: `$1` now, `$2` limit, `$3` owner, `$4` lease.
 */
export function claimSql(o: ResolvedOptions): string {
  const t = o.tables;
  return `UPDATE ${t.outbox} AS o SET lease_owner = $3, lease_until = $1::double precision + $4::double precision
         FROM (SELECT id FROM ${t.outbox} WHERE NOT delivered AND available_at <= $1::double precision AND lease_until <= $1::double precision
               ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED) AS due
         WHERE o.id = due.id
         RETURNING o.seq, o.item, o.attempts, o.available_at, o.last_error, o.enqueued_at`;
}
