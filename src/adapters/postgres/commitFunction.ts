import { LOCK_SEED } from './lockSeed.js';
import type { ResolvedOptions } from './options.js';

/**
 * Internal: the SQL of the adapter's commit function, one round trip per commit. It runs as one
 * statement (so one transaction, READ COMMITTED):
 *
 * 1. takes a transaction-scoped advisory lock for every name in `locks` (record keys, streams, outbox
 *    ids, the receipt key), in ascending lock-id order, so conflicting commits run one after the other
 *    and never deadlock — keys that do not exist yet are locked too, which row locks cannot do;
 * 2. compares the expected versions with the stored ones (each later statement sees every commit that
 *    released its locks before) and checks the receipt key: any difference answers the conflicts and
 *    writes nothing;
 * 3. upserts the written records (a record keeps the shard it was first written with), replaces the
 *    index entries of the writes that carry them, appends the events after each stream's last sequence
 *    number, queues the new outbox ids (a known id — queued or delivered — is skipped), stores the
 *    receipt.
 *
 * Version 2's function, kept for rolling upgrades (the adapter calls migration 3's `pc_commit(jsonb)`);
 * its request was JSON in which numbers that JSON cannot hold (NaN, ±Infinity) travel
 * as strings and are cast to `double precision`.
 * @internal
 */
export function commitFunctionSql(o: ResolvedOptions): string {
  const t = o.tables;
  return `CREATE OR REPLACE FUNCTION ${o.commitFunction}(req json) RETURNS json LANGUAGE plpgsql AS $pc$
DECLARE
  conflicts text[];
BEGIN
  PERFORM pg_advisory_xact_lock(l.h)
    FROM (SELECT DISTINCT hashtextextended(n, ${LOCK_SEED}) AS h FROM json_array_elements_text(req->'locks') AS n) AS l
    ORDER BY l.h;

  SELECT array_agg(x.v->>'key' ORDER BY x.n) INTO conflicts
    FROM json_array_elements(req->'expected') WITH ORDINALITY AS x(v, n)
    LEFT JOIN ${t.records} AS r ON r.key = x.v->>'key'
    WHERE coalesce(r.version, 0)::double precision IS DISTINCT FROM (x.v->>'version')::double precision;
  IF conflicts IS NOT NULL THEN
    RETURN json_build_object('ok', false, 'conflicts', to_json(conflicts));
  END IF;
  IF req->'receipt' IS NOT NULL AND EXISTS (SELECT 1 FROM ${t.receipts} WHERE key = req->'receipt'->>'key') THEN
    RETURN json_build_object('ok', false, 'conflicts', json_build_array('receipt:' || (req->'receipt'->>'key')));
  END IF;

  INSERT INTO ${t.records} AS r (shard, key, version, data)
    SELECT coalesce(cur.shard, w.v->>'shard', w.v->>'key'), w.v->>'key',
           coalesce((w.v->>'base')::integer, cur.version, 0) + (w.v->>'bumps')::integer, w.v->'data'
    FROM json_array_elements(req->'writes') AS w(v)
    LEFT JOIN ${t.records} AS cur ON cur.key = w.v->>'key'
    ON CONFLICT (shard, key) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data;

  DELETE FROM ${t.index} AS i
    USING json_array_elements(req->'writes') AS w(v)
    WHERE i.key = w.v->>'key' AND (w.v->'index' IS NOT NULL OR json_typeof(w.v->'data') = 'null');
  INSERT INTO ${t.index} (shard, name, term, ord, key)
    SELECT DISTINCT coalesce(cur.shard, w.v->>'key'), e->>0, e->>1, (e->>2)::double precision, w.v->>'key'
    FROM json_array_elements(req->'writes') AS w(v)
    JOIN ${t.records} AS cur ON cur.key = w.v->>'key'
    CROSS JOIN LATERAL json_array_elements(w.v->'index') AS e
    WHERE json_typeof(w.v->'data') IS DISTINCT FROM 'null'
    ON CONFLICT DO NOTHING;

  INSERT INTO ${t.events} (shard, stream, seq, data)
    SELECT coalesce(a.v->>'shard', a.v->>'stream'), a.v->>'stream', coalesce(m.seq, 0) + e.n, e.ev
    FROM json_array_elements(req->'events') AS a(v)
    CROSS JOIN LATERAL json_array_elements(a.v->'events') WITH ORDINALITY AS e(ev, n)
    LEFT JOIN LATERAL (SELECT max(s.seq) AS seq FROM ${t.events} AS s WHERE s.stream = a.v->>'stream') AS m ON true;

  -- Acknowledged deliveries, then cancelled groups (what a dispatcher holds leased finishes), then the new items.
  INSERT INTO ${t.outbox} (id, delivered) SELECT DISTINCT d, true FROM json_array_elements_text(req->'delivered') AS d
    ON CONFLICT (id) DO UPDATE SET delivered = true, lease_owner = NULL;
  UPDATE ${t.outbox} SET delivered = true, lease_owner = NULL
    WHERE NOT delivered AND group_key IN (SELECT json_array_elements_text(req->'cancel'->'groups'))
      AND NOT (lease_until > (req->'cancel'->>'now')::double precision);
  INSERT INTO ${t.outbox} (id, kind, item, available_at, enqueued_at, group_key)
    SELECT x->>'id', x->>'kind', x->'item', (x->>'at')::double precision, (x->>'at')::double precision, x->>'group'
    FROM json_array_elements(req->'outbox') WITH ORDINALITY AS i(x, n)
    ORDER BY n
    ON CONFLICT (id) DO NOTHING;

  IF req->'receipt' IS NOT NULL THEN
    INSERT INTO ${t.receipts} (key, data) VALUES (req->'receipt'->>'key', req->'receipt'->'data');
  END IF;
  RETURN json_build_object('ok', true);
END
$pc$`;
}

/**
 * Internal: the statement that leases due outbox items: the oldest due items nobody holds, and of a
 * group only those before its first item that cannot be claimed (not due, leased, or failed and
 * waiting). `p` names the four values: now, limit, owner, lease (SQL parameters or function arguments).
 * @internal
 */
export function claimStatementSql(o: ResolvedOptions, p: { readonly now: string; readonly limit: string; readonly owner: string; readonly lease: string }): string {
  const t = o.tables;
  return `UPDATE ${t.outbox} AS o SET lease_owner = ${p.owner}, lease_until = ${p.now} + ${p.lease}
    FROM (
      SELECT c.id FROM ${t.outbox} AS c
      WHERE NOT c.delivered AND c.available_at <= ${p.now} AND c.lease_until <= ${p.now}
        AND (c.group_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM ${t.outbox} AS h
          WHERE h.group_key = c.group_key AND NOT h.delivered AND h.seq < c.seq AND (h.available_at > ${p.now} OR h.lease_until > ${p.now})))
      ORDER BY c.seq LIMIT ${p.limit}
    ) AS due
    WHERE o.id = due.id
    RETURNING o.*`;
}

/**
 * Internal: the SQL of the adapter's claim function: {@link claimStatementSql} after a
 * transaction-scoped advisory lock, so claims run one at a time and two dispatchers never split one
 * group between them (each statement after the lock sees every lease committed before). `statement`:
 * the claim statement (version 2's by default; version 5 passes its own).
 * @internal
 */
export function claimFunctionSql(o: ResolvedOptions, statement: typeof claimStatementSql = claimStatementSql): string {
  return `CREATE OR REPLACE FUNCTION ${o.claimFunction}(p_now double precision, p_limit integer, p_owner text, p_lease double precision) RETURNS SETOF ${o.tables.outbox} LANGUAGE plpgsql AS $pc$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('${o.schema}|claim', ${LOCK_SEED}));
  RETURN QUERY ${statement(o, { now: 'p_now', limit: 'p_limit', owner: 'p_owner', lease: 'p_lease' })};
END
$pc$`;
}
