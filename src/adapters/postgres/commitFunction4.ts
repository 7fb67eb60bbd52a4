import { LOCK_SEED } from './lockSeed.js';
import type { ResolvedOptions } from './options.js';

/**
 * Internal: the commit function of schema version 4, `pc_commit(req jsonb)` replaced in place (same
 * signature, same steps, same guarantees as version 3, see `commitFunction3.ts`), with statements whose
 * plans stay on the indexes whatever the tables' size when they were planned.
 *
 * Version 3 plans each statement once per connection (`force_generic_plan`), usually on small tables,
 * and PostgreSQL counts 100 rows for every set-returning function: its joins of the request's lists
 * with `pc_records`, `pc_index` and `pc_outbox` became hash joins over sequential scans of those
 * tables, kept for the connection's life, so each commit read every record, index entry and outbox
 * item (measured: 2.9 ms per commit at 4,000 records, growing with the tables). Here:
 * - the expected versions are read by a correlated subquery per key (`pc_records_key`);
 * - the upsert reads the current shard and version in a `LATERAL … OFFSET 0` subquery (not pulled up
 *   into a join, so one index probe per written key);
 * - index entries are deleted by `key = ANY(array)` (`pc_index_key`);
 * - cancelled groups are matched by `group_key = ANY(array)` with `group_key IS NOT NULL`, which the
 *   partial index `pc_outbox_group` needs;
 * - the index entries go in without `DISTINCT` (`ON CONFLICT DO NOTHING` already skips a repeated entry).
 * @internal
 */
export function commitFunction4Sql(o: ResolvedOptions): string {
  const t = o.tables;
  return `CREATE OR REPLACE FUNCTION ${o.commitFunction}(req jsonb) RETURNS json LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $pc$
DECLARE
  conflicts text[];
  receipt_key text := req->'receipt'->>'key';
BEGIN
  PERFORM pg_advisory_xact_lock(l.h)
    FROM (SELECT DISTINCT hashtextextended(n, ${LOCK_SEED}) AS h FROM jsonb_array_elements_text(req->'locks') AS n) AS l
    ORDER BY l.h;

  IF req ? 'expected' THEN
    SELECT array_agg(x.key ORDER BY x.n) INTO conflicts
      FROM ROWS FROM (jsonb_to_recordset(req->'expected') AS (key text, version double precision)) WITH ORDINALITY AS x(key, version, n)
      WHERE coalesce((SELECT r.version FROM ${t.records} AS r WHERE r.key = x.key), 0)::double precision IS DISTINCT FROM x.version;
    IF conflicts IS NOT NULL THEN
      RETURN json_build_object('ok', false, 'conflicts', to_json(conflicts));
    END IF;
  END IF;
  IF receipt_key IS NOT NULL AND EXISTS (SELECT 1 FROM ${t.receipts} WHERE key = receipt_key) THEN
    RETURN json_build_object('ok', false, 'conflicts', json_build_array('receipt:' || receipt_key));
  END IF;

  IF req ? 'writes' THEN
    -- Index entries of the writes that replace them (or delete the record) go first.
    IF req ? 'reindex' THEN
      DELETE FROM ${t.index} AS i
        WHERE i.key = ANY (ARRAY(SELECT jsonb_array_elements_text(req->'reindex')));
    END IF;
    WITH w AS (
      SELECT * FROM jsonb_to_recordset(req->'writes') AS w(key text, data text, base integer, bumps integer, shard text, index jsonb)
    ), up AS (
      INSERT INTO ${t.records} AS r (shard, key, version, data)
        SELECT coalesce(cur.shard, w.shard, w.key), w.key, coalesce(w.base, cur.version, 0) + w.bumps, w.data::json
        FROM w LEFT JOIN LATERAL (SELECT c.shard, c.version FROM ${t.records} AS c WHERE c.key = w.key OFFSET 0) AS cur ON true
        ON CONFLICT (shard, key) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data
        RETURNING r.shard, r.key
    )
    INSERT INTO ${t.index} (shard, name, term, ord, key)
      SELECT up.shard, e->>0, e->>1, (e->>2)::double precision, up.key
      FROM w JOIN up ON up.key = w.key
      CROSS JOIN LATERAL jsonb_array_elements(w.index) AS e
      WHERE w.index IS NOT NULL AND w.data IS DISTINCT FROM 'null'
      ON CONFLICT DO NOTHING;
  END IF;

  IF req ? 'events' THEN
    INSERT INTO ${t.events} (shard, stream, seq, data)
      SELECT coalesce(a.shard, a.stream), a.stream, coalesce(m.seq, 0) + e.n, e.ev::json
      FROM jsonb_to_recordset(req->'events') AS a(stream text, shard text, events jsonb)
      CROSS JOIN LATERAL jsonb_array_elements_text(a.events) WITH ORDINALITY AS e(ev, n)
      LEFT JOIN LATERAL (SELECT max(s.seq) AS seq FROM ${t.events} AS s WHERE s.stream = a.stream) AS m ON true;
  END IF;

  -- Acknowledged deliveries, then cancelled groups (what a dispatcher holds leased finishes), then the new items.
  IF req ? 'delivered' THEN
    INSERT INTO ${t.outbox} (id, delivered) SELECT DISTINCT d, true FROM jsonb_array_elements_text(req->'delivered') AS d
      ON CONFLICT (id) DO UPDATE SET delivered = true, lease_owner = NULL;
  END IF;
  IF req ? 'cancel' THEN
    UPDATE ${t.outbox} SET delivered = true, lease_owner = NULL
      WHERE NOT delivered AND group_key IS NOT NULL AND group_key = ANY (ARRAY(SELECT jsonb_array_elements_text(req->'cancel'->'groups')))
        AND NOT (lease_until > (req->'cancel'->>'now')::double precision);
  END IF;
  IF req ? 'outbox' THEN
    INSERT INTO ${t.outbox} (id, kind, item, available_at, enqueued_at, group_key)
      SELECT x.id, x.kind, x.item::json, x.at, x.at, x."group"
      FROM ROWS FROM (jsonb_to_recordset(req->'outbox') AS (id text, kind text, item text, at double precision, "group" text)) WITH ORDINALITY AS x(id, kind, item, at, "group", n)
      ORDER BY x.n
      ON CONFLICT (id) DO NOTHING;
  END IF;

  IF receipt_key IS NOT NULL THEN
    INSERT INTO ${t.receipts} (key, data) VALUES (receipt_key, (req->'receipt'->>'data')::json);
  END IF;
  RETURN json_build_object('ok', true);
END
$pc$`;
}
