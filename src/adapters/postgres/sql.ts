import { claimStatement5Sql } from './claimFunction5.js';
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
 * `claimOutbox`: a call of the claim function (see `commitFunction.ts`), which leases the oldest due
 * items (`pc_outbox_pending`, each group's first blocking item found once on `pc_outbox_group`). Parameters: `$1` now, `$2` limit,
 * `$3` owner, `$4` lease.
 */
export function claimSql(o: ResolvedOptions): string {
  return `SELECT seq, item, attempts, available_at, last_error, enqueued_at, group_key FROM ${o.claimFunction}($1::double precision, $2::integer, $3::text, $4::double precision)`;
}

/** The statement the claim function runs, for EXPLAIN (same parameters as {@link claimSql}). */
export function claimPlanSql(o: ResolvedOptions): string {
  return claimStatement5Sql(o, { now: '$1::double precision', limit: '$2', owner: '$3', lease: '$4::double precision' });
}
