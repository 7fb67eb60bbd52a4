import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/adapters/postgres/options.js';
import { claimPlanSql, indexQuerySql, loadSql } from '../../src/adapters/postgres/sql.js';
import { onRealServer, realServer, serverStorages } from './realServer.js';

/*
 * Every read the adapter sends uses an index (issue 12): the plans below are what docs/adapters.md
 * shows. The store holds 20,000 records with index entries, and 20,000 outbox items, so the planner
 * chooses by cost, not because the tables are tiny.
 */
const server = realServer();

onRealServer(server, '§8: a real PostgreSQL server is available for the EXPLAIN tests', (url) => {
  const storages = serverStorages(url);
  afterAll(() => storages.close());

  describe('PostgreSQL adapter: the queries read indexes, not tables (EXPLAIN)', () => {
    it('§8: load, index queries (a project’s connections, the deadline sweep) and outbox claims use their indexes', async () => {
      const schema = await storages.schema();
      const storage = storages.storage(storages.admin, schema);
      for (let batch = 0; batch < 20; batch += 1) {
        const writes = Array.from({ length: 1_000 }, (_, j) => {
          const i = batch * 1_000 + j;
          return {
            key: `connection:cn-${i}`,
            data: { i },
            index: [
              { index: 'connection_by_project', term: `p-${i % 500}`, order: i },
              { index: 'connection_deadline', term: '', order: 1_000_000 + i },
            ],
            partition: `p-${i % 500}`,
          };
        });
        const outbox = writes.map((w) => ({ id: `n:${w.key}`, kind: 'notification' as const, payload: {}, availableAt: 0 }));
        expect(await storage.commit({ expected: [], writes, events: [], outbox })).toEqual({ ok: true });
      }
      await storages.admin.query(`ANALYZE "${schema}".pc_records, "${schema}".pc_index, "${schema}".pc_outbox`);
      const o = resolveOptions({ schema });
      if (!o.ok) throw new Error(o.error.message);
      const plan = async (sql: string, params: unknown[]) => {
        const rows = await storages.admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      };
      const load = await plan(loadSql(o.value), [['connection:cn-7', 'connection:cn-9']]);
      const project = await plan(indexQuerySql(o.value, false), ['connection_by_project', 'p-7', '-Infinity', 'Infinity', 101]);
      const next = await plan(indexQuerySql(o.value, true), ['connection_by_project', 'p-7', '-Infinity', 'Infinity', 101, '5007', 'connection:cn-5007']);
      const sweep = await plan(indexQuerySql(o.value, false), ['connection_deadline', '', '-Infinity', '1000100', 101]);
      const claim = await plan(claimPlanSql(o.value), ['0', 100, 'owner', '60000']);
      console.info(['load:', load, 'a project’s connections:', project, 'next page:', next, 'deadline sweep:', sweep, 'outbox claim:', claim].join('\n'));
      expect(load).toMatch(/Index Scan using pc_records_key|Bitmap Index Scan on pc_records_key/);
      for (const query of [project, next, sweep]) {
        expect(query).toMatch(/Index (Only )?Scan using pc_index_lookup|Bitmap Index Scan on pc_index_lookup/);
        expect(query).not.toMatch(/Seq Scan on pc_index/);
      }
      expect(claim).toMatch(/pc_outbox_pending/);
      expect(claim).not.toMatch(/Seq Scan on pc_outbox/);
      // Schema version 5: no subquery run per candidate (version 2's correlated NOT EXISTS was a bitmap
      // scan of a group's earlier items for every undelivered item: 42 s per claim behind a held group of 30,000).
      expect(claim).not.toMatch(/SubPlan/);
      // … and no join of the candidates with the blocked groups row by row (a nested loop over them was
      // quadratic in the number of held groups: 6.5 s per claim behind 10,000): one lookup per candidate.
      expect(claim).not.toMatch(/h\.group_key = c\.group_key/);
    });

    it('§8: a commit planned while the tables were empty still reads them by index once they are large (schema version 4)', async () => {
      const schema = await storages.schema();
      // One connection: the commit function's statements are planned on its first commit, on empty tables.
      const pool = storages.pool(1);
      const storage = storages.storage(pool, schema);
      const commit = (i: number, cancel: boolean) =>
        storage.commit({
          expected: [{ key: `connection:cn-${i}`, version: 0 }],
          writes: [{ key: `connection:cn-${i}`, data: { i }, index: [{ index: 'connection_by_project', term: `p-${i}`, order: i }], partition: `p-${i}` }],
          events: [{ stream: `connection:cn-${i}`, events: [{ type: 'x' }] }],
          outbox: [{ id: `sync:${i}`, kind: 'sync', payload: {}, availableAt: 0, group: `sync:cn-${i}` }],
          ...(cancel ? { cancel: { groups: [`sync:cn-${i - 1}`], now: 0 } } : {}),
        });
      expect(await commit(0, true)).toEqual({ ok: true });
      const t = `"${schema}"`;
      await storages.admin.query(`INSERT INTO ${t}.pc_records (shard, key, version, data) SELECT 'p-' || g, 'bulk:' || g, 1, '{}' FROM generate_series(1, 20000) g`);
      await storages.admin.query(`INSERT INTO ${t}.pc_index (shard, name, term, ord, key) SELECT 'p-' || g, 'connection_by_project', 'p-' || g, g, 'bulk:' || g FROM generate_series(1, 20000) g`);
      await storages.admin.query(`INSERT INTO ${t}.pc_outbox (id, kind, item, available_at, enqueued_at, group_key) SELECT 'bulk:' || g, 'sync', '{}', 0, 0, 'bulk:' || g FROM generate_series(1, 20000) g`);
      await storages.admin.query(`ANALYZE ${t}.pc_records, ${t}.pc_index, ${t}.pc_outbox`);
      const seqScans = async () => {
        const c = await pool.connect();
        try {
          // This backend's own counters, flushed now (PostgreSQL 15), read after a fresh snapshot.
          await c.query('SELECT pg_stat_force_next_flush()');
        } finally {
          c.release();
        }
        await storages.admin.query('SELECT pg_stat_clear_snapshot()');
        const rows = await storages.admin.query<{ relname: string; seq_scan: string }>(
          `SELECT relname, seq_scan FROM pg_stat_user_tables WHERE schemaname = $1 AND relname IN ('pc_records', 'pc_index', 'pc_outbox') ORDER BY relname`,
          [schema],
        );
        return Object.fromEntries(rows.rows.map((r) => [r.relname, Number(r.seq_scan)]));
      };
      const before = await seqScans();
      for (let i = 1; i <= 20; i += 1) expect(await commit(i, true)).toEqual({ ok: true });
      const after = await seqScans();
      expect(after).toEqual(before);
    });
  });
});
